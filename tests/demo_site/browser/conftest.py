"""Real Chromium (Debian's package, never a downloaded build) against the live demo site
(``demo_site``, tests/demo_site/conftest.py)."""

import mimetypes
import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connections

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("IURC_ARTIFACTS", Path(__file__).resolve().parents[2] / "var" / "test-artifacts")
)

# Playwright's sync API runs an event loop in this thread; the ORM calls made by fixtures and
# by the live server thread are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/demo_site/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # pytest-django creates the test database only for sessions with database tests;
            # without this mark, running these tests alone would use the real database.
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run `make test`, which installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-gpu",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """A page factory: new_page(locale="vi-VN", width=1280)."""
    contexts = []

    def make(locale="en-GB", width=1280, height=900):
        context = browser.new_context(
            locale=locale,
            viewport={"width": width, "height": height},
            extra_http_headers={"Accept-Language": locale},
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="package")
def site_url(demo_site, django_db_blocker):
    """A live server thread on the test database (Django's LiveServerThread).

    pytest-django's live_server would flush the database after each test; the demo site is
    built once per module instead.
    """
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler

    class OneRequestAtATime(LiveServerThread):
        # The in-memory SQLite test database is one connection shared with this thread:
        # requests must not use it concurrently, so the server is not threaded.
        def _create_server(self, connections_override=None):
            return WSGIServer(
                (self.host, self.port), QuietWSGIRequestHandler, allow_reuse_address=False
            )

    shared = {}
    for connection in connections.all():
        if connection.vendor == "sqlite" and connection.is_in_memory_db():
            connection.inc_thread_sharing()
            shared[connection.alias] = connection

    class StaticAndStoredMediaHandler(StaticFilesHandler):
        # Tests keep uploads and image renditions in memory (InMemoryStorage): serve them
        # from the storage, as nginx serves the media folder in production.
        def __call__(self, environ, start_response):
            path = environ.get("PATH_INFO", "")
            if not path.startswith(settings.MEDIA_URL):
                return super().__call__(environ, start_response)
            name = path.removeprefix(settings.MEDIA_URL)
            if not default_storage.exists(name):
                start_response("404 Not Found", [("Content-Type", "text/plain")])
                return [b"Not found"]
            with default_storage.open(name) as stored:
                body = stored.read()
            content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
            start_response(
                "200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))]
            )
            return [body]

    thread = OneRequestAtATime(
        "127.0.0.1", StaticAndStoredMediaHandler, connections_override=shared, port=0
    )
    thread.daemon = True
    # pytest-django blocks database access everywhere, the server thread included.
    with django_db_blocker.unblock():
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://127.0.0.1:{thread.port}"
        thread.terminate()
    for connection in shared.values():
        connection.dec_thread_sharing()


@pytest.fixture(scope="session")
def artifacts():
    folder = ARTIFACTS
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    print(f"\nBrowser test artifacts (screenshots): {folder}")
    return folder
