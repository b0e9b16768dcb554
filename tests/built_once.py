"""Site fixtures: test data built once per module where every test of the module uses it.

Building pages takes time (a page row per language column, search documents, listing rows,
translation states). A fixture declared with ``@site_fixture`` builds part of the site from
other site fixtures, named by its parameters. In a module where every test uses the same site
fixtures, they are built once, at the module's first test, in a transaction rolled back after
its last; each test runs in a savepoint inside it (pytest-django's ``db``), so nothing a test
writes reaches the next, and gets its own copies of the objects (``copy.deepcopy``), so
nothing it changes in memory does either. In any other module they are built for each test
that uses them, as plain fixtures are: no test ever sees rows a fixture it did not ask for
would add.
"""

import copy
import inspect
import sys
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.base import ModelState
from django.utils import translation
from wagtail.blocks import StreamValue

# (module name, fixture name) -> (build function, names of the site fixtures it needs)
BUILDERS = {}
CONFTEST = "tests.conftest"


def site_fixture(build):
    """Declare ``build`` as a site fixture (see the module docstring)."""
    needs = tuple(inspect.signature(build).parameters)
    BUILDERS[(build.__module__, build.__name__)] = (build, needs)

    @pytest.fixture(name=build.__name__)
    def fixture(request, small_site):
        if build.__name__ not in small_site:
            kwargs = {name: request.getfixturevalue(name) for name in needs}
            small_site[build.__name__] = build(**kwargs)
        return small_site[build.__name__]

    fixture.__doc__ = build.__doc__
    return fixture


def _builder(module_name, name):
    return BUILDERS.get((module_name, name)) or BUILDERS.get((CONFTEST, name))


def site_fixtures_used(module_name, fixturenames):
    """The site fixtures a test uses, with those they need."""
    used = set()
    pending = [name for name in fixturenames if _builder(module_name, name)]
    while pending:
        name = pending.pop()
        if name not in used:
            used.add(name)
            pending.extend(_builder(module_name, name)[1])
    return frozenset(used)


def uses_database(item):
    """Whether a test can see rows at all: one that cannot is no reason to build per test."""
    names = set(item.fixturenames)
    return bool(names & {"db", "transactional_db"}) or item.get_closest_marker("django_db")


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    uses = {}
    for item in session.items:
        module = getattr(item, "module", None)
        if module is not None and uses_database(item):
            used = site_fixtures_used(module.__name__, item.fixturenames)
            uses.setdefault(module, set()).add(used)
    for module, used in uses.items():
        module.site_fixtures_built_once = used.pop() if len(used) == 1 else frozenset()


def _build(module_name, names):
    built = {}

    def build(name):
        if name not in built:
            function, needs = _builder(module_name, name)
            built[name] = function(**{need: build(need) for need in needs})
        return built[name]

    for name in sorted(names):
        build(name)
    return built


@pytest.fixture(scope="module", autouse=True)
def shared_site(request):
    """The site fixtures of a module whose tests all use the same ones, built once."""
    names = getattr(request.module, "site_fixtures_built_once", frozenset())
    if not names:
        yield None
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    atomic = transaction.atomic()
    # The database is open only while the site is built and rolled back: between them each
    # test gets it through ``db``, as any test does.
    with blocker.unblock():
        atomic.__enter__()
        try:
            with translation.override("en"):
                site = _build(request.module.__name__, names)
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield site
    finally:
        with blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        cache.clear()


@pytest.fixture
def small_site(shared_site, db):
    """This test's copies of the module's site fixtures, or an empty dict to build into.

    ``db`` (a savepoint per test) is set up after the module-scoped ``shared_site``.
    """
    return copy_site(shared_site) if shared_site is not None else {}


def copy_site(site):
    """A deep copy of ``site``. A StreamValue read outside its field's descriptor cannot be
    deep-copied (Wagtail pickles it through its field): those are rebuilt from their data."""
    memo = {}
    seen = set()
    pending = [site]
    while pending:
        value = pending.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, StreamValue):
            memo[id(value)] = StreamValue(value.stream_block, value.get_prep_value(), is_lazy=True)
        elif isinstance(value, dict):
            pending.extend(value.values())
        elif isinstance(value, list | tuple | set):
            pending.extend(value)
        elif isinstance(value, models.Model | ModelState | SimpleNamespace):
            pending.extend(vars(value).values())
    return copy.deepcopy(site, memo)
