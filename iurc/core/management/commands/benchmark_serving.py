"""Serve the site as production does and measure it against issue 14's targets.

    python manage.py benchmark_serving [--duration 12] [--rounds 3] [--connections 8]
                                       [--workers 2] [--runs 60]

Starts gunicorn (deploy/gunicorn.conf.py: sync workers) with production settings: DEBUG off,
throwaway secrets that never leave this process and its children, static files collected and
served by WhiteNoise, the database of DATABASE_URL (else the SQLite quick-start file) and, as
the cache, REDIS_URL if it is set, else a private redis-server started on a free port. Then
wrk sends --connections concurrent clients at each of these rows in turn, --rounds times
over, each row --duration seconds in all, so that a change in the machine's load (other
processes) falls on every row alike rather than on the one measured at that moment:

- a static file (the stylesheet, through WhiteNoise and gunicorn), the yardstick;
- the About page (/vi/gioi-thieu/, /en/about/) and the home page (/vi/, /en/) as anonymous
  visitors get them, from the page cache when there is one;
- the home page and About from a second gunicorn, the same but with the page cache switched
  off (``IURC_PAGE_CACHE=false``): every request renders the page, as a miss does.

Before the server starts, the uncached home page is rendered in a child process with the same
settings, without the page cache middleware: its median server time and its queries, as a page
cache miss costs (the site, menu and home page's sections remembered by the process, as they
are with Redis: ``iurc/core/memo.py``), and as the first render after an editor's change
costs (nothing remembered), printed beside it.

Prints requests per second, latency p50/p95, each row's share of the static file's rate, the
machine's cores and load, and the targets as PASS/FAIL; exits 1 when one fails. Every server
it starts is stopped when it ends, whatever happens. Needs ``wrk`` (``make benchmark``
installs Debian's when it is missing) and the demo content (``make demo``).
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

HOST = "localhost"
# What every request carries: the host the settings allow, the scheme the TLS proxy passes on
# (production redirects plain HTTP to HTTPS), and the encodings a browser accepts.
COMMON_HEADERS = {
    "Host": HOST,
    "X-Forwarded-Proto": "https",
    "Accept-Encoding": "gzip, deflate, br",
}
PAGE_CACHE_MIDDLEWARE = "iurc.core.page_cache"

HOME_PATH = "/vi/"
ABOUT_PATH = "/vi/gioi-thieu/"

# Issue 14: "The figures to reach".
CACHED_SHARE = 0.50
UNCACHED_ABOUT_SHARE = 0.03
UNCACHED_HOME_MEDIAN_MS = 20.0
UNCACHED_HOME_QUERIES = 10

# wrk calls done() once at the end of a run; latencies are in microseconds.
WRK_SCRIPT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f %.0f\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect, e.read, e.write, e.status, e.timeout))
end
"""


@dataclass
class Row:
    name: str
    path: str
    headers: dict
    # The server that answers it: "cached" (the page cache on) or "uncached" (off).
    server: str = "cached"
    requests: int = 0
    seconds: float = 0.0
    errors: int = 0
    # Each round's latency percentiles; the report gives their medians.
    p50s: list = field(default_factory=list)
    p95s: list = field(default_factory=list)

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def p50_ms(self):
        return statistics.median(self.p50s) if self.p50s else 0.0

    @property
    def p95_ms(self):
        return statistics.median(self.p95s) if self.p95s else 0.0


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise CommandError(f"{what} did not start within {seconds} s.")


def stop(process):
    """Stop a server this command started (its whole process group), politely first."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


# A fixed piece of pure Python, timed between renders: its figure says how fast the CPU was.
REFERENCE_STEPS = 100_000


def reference_loop_ms():
    started = time.process_time()
    total = 0
    for number in range(REFERENCE_STEPS):
        total += number * number
    return (time.process_time() - started) * 1000


def describe_database(url):
    """The engine and name of the database, never its credentials."""
    parts = urlsplit(url)
    name = parts.path.rsplit("/", 1)[-1] or parts.path
    return f"{parts.scheme} ({name})"


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--duration", type=int, default=12, help="seconds per row in all")
        # wrk takes whole seconds: each round runs duration // rounds of them.
        parser.add_argument("--rounds", type=int, default=3, help="rounds over all the rows")
        parser.add_argument("--connections", type=int, default=8, help="concurrent clients")
        parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
        parser.add_argument("--runs", type=int, default=60, help="in-process renders timed")
        # Internal: the child process that renders the home page with the server's settings.
        parser.add_argument("--render-only", action="store_true", help="(internal)")

    def handle(self, *args, **options):
        if options["render_only"]:
            runs = options["runs"]
            renders = {
                "remembered": self.measure_render(HOME_PATH, runs),
                "nothing_remembered": self.measure_render(HOME_PATH, runs, remember=False),
            }
            self.stdout.write(json.dumps(renders))
            return
        wrk = shutil.which("wrk")
        if wrk is None:
            raise CommandError("wrk is not installed: `make benchmark` installs it (Debian: wrk).")
        if options["connections"] < 2:
            raise CommandError("--connections must be at least 2 (wrk runs two threads).")
        if options["rounds"] < 1 or options["duration"] < options["rounds"]:
            raise CommandError("--rounds must be at least 1, and --duration at least --rounds.")
        with ExitStack() as cleanup:
            self.run(wrk, cleanup, **options)

    # --- The run -----------------------------------------------------------------------------

    def run(self, wrk, cleanup, *, duration, rounds, connections, workers, runs, **options):
        temp = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="iurc-bench-")))
        load_before = os.getloadavg()
        database_url = os.environ.get("DATABASE_URL") or (
            f"sqlite:///{settings.BASE_DIR / 'var' / 'db.sqlite3'}"
        )
        redis_url = os.environ.get("REDIS_URL", "")
        cache = "redis (REDIS_URL)"
        if not redis_url:
            redis_url = self.start_redis(temp, cleanup)
            cache = "redis (a private redis-server on this machine)"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "iurc.settings.production",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": HOST,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "DJANGO_LOG_LEVEL": "WARNING",
        }
        env.pop("DJANGO_DEBUG", None)
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]

        self.stdout.write("Collecting static files (production storage)…")
        self.check_call([*manage, "collectstatic", "--noinput", "-v", "0"], env)
        self.stdout.write("Rendering the uncached home page in process…")
        renders = self.render_in_child(manage, env, runs)

        bases = {}
        for server, extra in (("cached", {}), ("uncached", {"IURC_PAGE_CACHE": "false"})):
            port = free_port()
            self.start_gunicorn(temp / server, {**env, **extra}, port, workers, cleanup)
            bases[server] = f"http://127.0.0.1:{port}"
        static_path = self.stylesheet_path(bases["cached"])

        rows = [
            Row("static file (WhiteNoise)", static_path, {}),
            Row("About vi, cached", ABOUT_PATH, {}),
            Row("About en, cached", "/en/about/", {}),
            Row("home vi, cached", HOME_PATH, {}),
            Row("home en, cached", "/en/", {}),
            Row("home vi, uncached", HOME_PATH, {}, "uncached"),
            Row("About vi, uncached", ABOUT_PATH, {}, "uncached"),
        ]
        script = temp / "report.lua"
        script.write_text(WRK_SCRIPT)
        self.stdout.write(
            f"Measuring {len(rows)} rows, {duration} s each in {rounds} rounds, "
            f"{connections} concurrent clients…"
        )
        for row in rows:
            self.warm(bases[row.server], row)
        for _round in range(rounds):
            for row in rows:
                self.measure(wrk, script, bases[row.server], row, duration // rounds, connections)
        load_after = os.getloadavg()
        self.report(
            rows,
            renders,
            workers,
            connections,
            duration,
            rounds,
            database_url,
            cache,
            load_before,
            load_after,
        )

    def check_call(self, command, env):
        result = subprocess.run(  # noqa: S603 - our own interpreter and manage.py
            command, env=env, cwd=settings.BASE_DIR, capture_output=True, text=True, check=False
        )
        if result.returncode:
            raise CommandError(f"{' '.join(command[1:])} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def start_redis(self, temp, cleanup):
        server = shutil.which("redis-server")
        if server is None:
            raise CommandError(
                "Set REDIS_URL, or install redis-server (`make benchmark` installs it)."
            )
        port = free_port()
        process = subprocess.Popen(  # noqa: S603
            [
                server,
                "--bind",
                "127.0.0.1",
                "--port",
                str(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(temp),
                "--logfile",
                str(temp / "redis.log"),
            ],
            start_new_session=True,
        )
        cleanup.callback(stop, process)

        def answers():
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                    conn.sendall(b"PING\r\n")
                    return conn.recv(16).startswith(b"+PONG")
            except OSError:
                return False

        wait_until(answers, 15, "redis-server")
        return f"redis://127.0.0.1:{port}/0"

    def start_gunicorn(self, temp, env, port, workers, cleanup):
        temp.mkdir(exist_ok=True)
        log = temp / "gunicorn.log"
        process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                # Production's own configuration, with the bind, workers and logs of the run.
                "-c",
                str(settings.BASE_DIR / "deploy" / "gunicorn.conf.py"),
                "iurc.wsgi:application",
                "--error-logfile",
                str(log),
            ],
            env={
                **env,
                "GUNICORN_BIND": f"127.0.0.1:{port}",
                "GUNICORN_WORKERS": str(workers),
                "GUNICORN_ACCESS_LOG": "",
                # Hundreds of thousands of requests in a minute would replace each worker every
                # few seconds (max_requests): the steady state is measured, as workers live
                # for hours in production.
                "GUNICORN_MAX_REQUESTS": "0",
                "GUNICORN_LOG_LEVEL": "warning",
            },
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        cleanup.callback(stop, process)

        def answers():
            if process.poll() is not None:
                raise CommandError(f"gunicorn exited:\n{log.read_text()[-3000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return True
            except OSError:
                return False

        wait_until(answers, 60, "gunicorn")

    def fetch(self, base, path, headers=None):
        request = urllib.request.Request(  # noqa: S310 - our own server on 127.0.0.1
            base + path, headers={**COMMON_HEADERS, **(headers or {})}
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, b""

    def stylesheet_path(self, base):
        status, body = self.fetch(base, HOME_PATH, {"Accept-Encoding": "identity"})
        if status != 200:
            raise CommandError(f"{HOME_PATH} answered {status}: run `make demo` first.")
        found = re.search(rb'<link rel="stylesheet" href="(/static/[^"]+\.css)"', body)
        if not found:
            raise CommandError(f"No stylesheet link in {HOME_PATH}.")
        return found.group(1).decode()

    def warm(self, base, row):
        """Each worker compiles its templates and fills its caches before it is timed."""
        for _ in range(6):
            status, _body = self.fetch(base, row.path, row.headers)
            if status != 200:
                raise CommandError(f"{row.path} answered {status}: run `make demo` first.")

    def measure(self, wrk, script, base, row, duration, connections):
        headers = {**COMMON_HEADERS, **row.headers}
        command = [
            wrk,
            "-t",
            "2",
            "-c",
            str(connections),
            "-d",
            f"{duration}s",
            "-s",
            str(script),
            "--timeout",
            "10s",
        ]
        for name, value in headers.items():
            command += ["-H", f"{name}: {value}"]
        result = subprocess.run(  # noqa: S603
            [*command, base + row.path], capture_output=True, text=True, check=False
        )
        found = re.search(r"^WRK_RESULT (.*)$", result.stdout, re.MULTILINE)
        if result.returncode or not found:
            raise CommandError(f"wrk failed on {row.path}:\n{result.stdout}{result.stderr}")
        requests, micros, p50, p95, *errors = (int(float(v)) for v in found.group(1).split())
        row.requests += requests
        row.seconds += micros / 1e6
        row.p50s.append(p50 / 1000)
        row.p95s.append(p95 / 1000)
        row.errors += sum(errors)

    # --- In process ----------------------------------------------------------------------------

    def render_in_child(self, manage, env, runs):
        output = self.check_call(
            [*manage, "benchmark_serving", "--render-only", "--runs", str(runs)], env
        )
        return json.loads(output.strip().splitlines()[-1])

    def measure_render(self, path, runs, remember=None):
        """Median server time and queries of ``path`` for an anonymous visitor whom the page
        cache cannot answer: the whole middleware stack but the page cache. The site, menu and
        home page's sections are remembered as the settings say (``iurc/core/memo.py``), or
        not at all with ``remember=False``: the first render after an editor's change."""
        from django.test import Client
        from django.test.utils import override_settings

        from iurc.core.query_count import counting_queries

        middleware = [m for m in settings.MIDDLEWARE if not m.startswith(PAGE_CACHE_MIDDLEWARE)]
        page_cache = dict(settings.IURC_PAGE_CACHE)
        if remember is not None:
            page_cache["MEMO"] = remember
        with override_settings(MIDDLEWARE=middleware, IURC_PAGE_CACHE=page_cache):
            client = Client(HTTP_HOST=HOST)
            for _ in range(3):  # templates compiled, site root paths cached
                response = client.get(path, secure=True)
                if response.status_code != 200:
                    raise CommandError(f"{path} answered {response.status_code}: run `make demo`.")
            with counting_queries() as queries:
                client.get(path, secure=True)
            if not queries:
                raise CommandError(f"{path} made no query: it came from a cache.")
            timings, cpu, reference = [], [], []
            for _ in range(runs):
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(path, secure=True)
                timings.append((time.perf_counter() - started) * 1000)
                cpu.append((time.process_time() - started_cpu) * 1000)
                reference.append(reference_loop_ms())
        return {
            # How fast this machine's CPU was for this process meanwhile: the same code can
            # take half as long again from one minute to the next on a shared machine.
            "reference_ms": statistics.median(reference),
            # This process's own CPU time: the wall time less waiting for the database and
            # for the CPU, which others may be using.
            "cpu_median_ms": statistics.median(cpu),
            "path": path,
            "remembered": page_cache.get("MEMO", False),
            "queries": len(queries),
            "median_ms": statistics.median(timings),
            "p95_ms": statistics.quantiles(timings, n=20)[-1],
            "fastest_ms": min(timings),
            "runs": runs,
        }

    # --- The report ----------------------------------------------------------------------------

    def report(
        self,
        rows,
        renders,
        workers,
        connections,
        duration,
        rounds,
        database_url,
        cache,
        load_before,
        load_after,
    ):
        out = self.stdout.write
        static = rows[0]
        out("")
        out(
            f"gunicorn: {workers} sync workers, production settings (DEBUG off); "
            f"wrk: {connections} concurrent clients, {duration} s per row in {rounds} rounds "
            "(latencies: the median of the rounds')"
        )
        out(f"database: {describe_database(database_url)}; cache: {cache}")
        out(
            f"machine: {os.cpu_count()} cores; load average (1, 5, 15 min) "
            f"{' '.join(f'{v:.2f}' for v in load_before)} before, "
            f"{' '.join(f'{v:.2f}' for v in load_after)} after"
        )
        out("")
        out(f"  {'row':26} {'path':34} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'of static':>10}")
        for row in rows:
            share = row.rate / static.rate if static.rate else 0.0
            errors = f"  ({row.errors} errors)" if row.errors else ""
            out(
                f"  {row.name:26} {row.path:34} {row.rate:8.1f} {row.p50_ms:8.1f} "
                f"{row.p95_ms:8.1f} {share:9.1%}{errors}"
            )
        out("")
        render, cold = renders["remembered"], renders["nothing_remembered"]
        out(
            f"uncached home {render['path']} in process (page cache middleware off, site and "
            f"sections {'remembered' if render['remembered'] else 'not remembered: no Redis'}): "
            f"median {render['median_ms']:.1f} ms, p95 {render['p95_ms']:.1f} ms, fastest "
            f"{render['fastest_ms']:.1f} ms over {render['runs']} renders (CPU time of the "
            f"process: median {render['cpu_median_ms']:.1f} ms); {render['queries']} queries"
        )
        out(
            f"  the first render after a change (nothing remembered): median "
            f"{cold['median_ms']:.1f} ms, p95 {cold['p95_ms']:.1f} ms; {cold['queries']} queries"
        )
        out(
            f"CPU speed meanwhile: a {REFERENCE_STEPS:,}-step Python loop took "
            f"{render['reference_ms']:.1f} ms (median, between renders)"
        )
        out("")

        def share(row):
            return row.rate / static.rate if static.rate else 0.0

        targets = [
            (
                f"{row.name} >= {CACHED_SHARE:.0%} of static",
                f"{share(row):.1%}",
                share(row) >= CACHED_SHARE,
            )
            for row in rows[1:5]
        ]
        about = rows[6]
        targets += [
            (
                f"uncached home median server time <= {UNCACHED_HOME_MEDIAN_MS:.0f} ms",
                f"{render['median_ms']:.1f} ms",
                render["median_ms"] <= UNCACHED_HOME_MEDIAN_MS,
            ),
            (
                f"uncached home queries <= {UNCACHED_HOME_QUERIES}",
                str(render["queries"]),
                render["queries"] <= UNCACHED_HOME_QUERIES,
            ),
            (
                f"{about.name} >= {UNCACHED_ABOUT_SHARE:.0%} of static",
                f"{share(about):.1%}",
                share(about) >= UNCACHED_ABOUT_SHARE,
            ),
            (
                "no failed request",
                str(sum(row.errors for row in rows)),
                not any(row.errors for row in rows),
            ),
        ]
        out("targets:")
        for name, figure, ok in targets:
            out(f"  {'PASS' if ok else 'FAIL'}  {name}: {figure}")
        if not all(ok for *_, ok in targets):
            raise CommandError("A target is not met.")
