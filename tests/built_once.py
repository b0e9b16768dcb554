"""Site fixtures: test data built once per module, or once per group of a module's tests.

Building pages takes time (a page row per language column, search documents, listing rows,
translation states). A fixture declared with ``@site_fixture`` builds part of the site from
other site fixtures, named by its parameters. In a module where every test uses the same site
fixtures, they are built once, at the module's first test, in a transaction rolled back after
its last; each test runs in a savepoint inside it (pytest-django's ``db``), so nothing a test
writes reaches the next, and gets its own copies of the objects (``copy.deepcopy``), so
nothing it changes in memory does either.

In a module whose tests use different site fixtures, the tests run grouped by the site
fixtures they use (groups in the order they first appear, tests in their order within each),
and each group's are built once in the same way: at the group's first test, in a transaction
rolled back after its last, before the next group's are built. No test ever sees rows a
fixture it did not ask for would add. Where a test of such a module could have its database
transaction opened before its group's site is built (a ``django_db`` mark, a transactional
database), the module's site fixtures are built for each test that uses them instead, as
plain fixtures are.
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
# The site fixtures a test uses, with those they need (set at collection).
SITE_FIXTURES = pytest.StashKey[frozenset]()


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


def _site_fixtures_by_module(items):
    """{module: {test: the site fixtures it uses}}, for the tests that use the database."""
    by_module = {}
    for item in items:
        module = getattr(item, "module", None)
        if module is not None and uses_database(item):
            used = site_fixtures_used(module.__name__, item.fixturenames)
            by_module.setdefault(module, {})[item] = used
    return by_module


def _groupable(items):
    """Whether each of these tests gets its database transaction from the ``db`` fixture, so
    after its group's site is built (autouse fixtures are set up before requested ones)."""
    return not any(
        item.get_closest_marker("django_db")
        or {"transactional_db", "live_server"} & set(item.fixturenames)
        for item in items
    )


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """Run the tests of a module that use different site fixtures grouped by those."""
    for module, used in _site_fixtures_by_module(items).items():
        if len(set(used.values())) < 2 or not _groupable(used):
            continue
        order = {}
        for site in used.values():
            order.setdefault(site, len(order))
        positions = [i for i, item in enumerate(items) if getattr(item, "module", None) is module]
        # Tests that cannot reach the database first: they need no group's site.
        tests = sorted(
            (items[i] for i in positions),
            key=lambda item: order[used[item]] if item in used else -1,
        )
        for position, item in zip(positions, tests, strict=True):
            items[position] = item


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session):
    for module, used in _site_fixtures_by_module(session.items).items():
        sites = set(used.values())
        module.site_fixtures_built_once = next(iter(sites)) if len(sites) == 1 else frozenset()
        module.site_fixtures_by_group = len(sites) > 1 and _groupable(used)
        for item, site in used.items():
            item.stash[SITE_FIXTURES] = site


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


class BuiltSite:
    """The site fixtures ``names`` built in a transaction that ``roll_back`` undoes. The
    database is open only while the site is built and rolled back: between them each test
    gets it through ``db``, as any test does."""

    def __init__(self, module_name, names, blocker):
        self.names = names
        self.blocker = blocker
        self.atomic = transaction.atomic()
        with blocker.unblock():
            self.atomic.__enter__()
            try:
                with translation.override("en"):
                    self.fixtures = _build(module_name, names)
            except BaseException:
                self.atomic.__exit__(*sys.exc_info())
                raise

    def roll_back(self):
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        cache.clear()


class SiteGroups:
    """The site of the group of the module's tests that runs now (see the module docstring)."""

    def __init__(self, module_name, blocker):
        self.module_name = module_name
        self.blocker = blocker
        self.current = None

    def switch_to(self, names):
        if self.current is not None and self.current.names == names:
            return
        self.close()
        if names:
            self.current = BuiltSite(self.module_name, names, self.blocker)

    def fixtures_for(self, names):
        if self.current is not None and self.current.names == names:
            return self.current.fixtures
        return None

    def close(self):
        current, self.current = self.current, None
        if current is not None:
            current.roll_back()


@pytest.fixture(scope="module", autouse=True)
def shared_site(request):
    """The site fixtures of a module whose tests all use the same ones, built once; or, for a
    module whose tests run grouped by their site fixtures, the current group's."""
    names = getattr(request.module, "site_fixtures_built_once", frozenset())
    by_group = getattr(request.module, "site_fixtures_by_group", False)
    if not names and not by_group:
        yield None
        return
    request.getfixturevalue("django_db_setup")
    blocker = request.getfixturevalue("django_db_blocker")
    if by_group:
        groups = SiteGroups(request.module.__name__, blocker)
        try:
            yield groups
        finally:
            groups.close()
        return
    site = BuiltSite(request.module.__name__, names, blocker)
    try:
        yield site
    finally:
        site.roll_back()


@pytest.fixture(autouse=True)
def site_group(request, shared_site):
    """In a module run grouped by site fixtures, this test's group's site, built before the
    test's own transaction (``db``) starts: autouse fixtures are set up first."""
    if isinstance(shared_site, SiteGroups) and uses_database(request.node):
        shared_site.switch_to(request.node.stash.get(SITE_FIXTURES, frozenset()))


@pytest.fixture
def small_site(shared_site, site_group, db, request):
    """This test's copies of the module's (or its group's) site fixtures, or an empty dict to
    build into.

    ``db`` (a savepoint per test) is set up after the module-scoped ``shared_site``.
    """
    if isinstance(shared_site, BuiltSite):
        return copy_site(shared_site.fixtures)
    if isinstance(shared_site, SiteGroups):
        fixtures = shared_site.fixtures_for(request.node.stash.get(SITE_FIXTURES, frozenset()))
        if fixtures is not None:
            return copy_site(fixtures)
    return {}


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
