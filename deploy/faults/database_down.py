"""PostgreSQL stops under load, then comes back: 503 in the visitor's language, then recovery.

A private PostgreSQL cluster (a copy of DATABASE_URL's demo database, on a free port in a
temporary folder), a private redis-server for the page cache, and gunicorn (2 sync workers,
production settings). Four visitors request demo pages in several languages: half the time a
page already served (the page cache holds it), half the time with a query string of its own
(a page to render, which needs the database). The cluster is stopped under that load (fast
shutdown), then started again.

Targets: before, every answer 200. During: pages to render answer 503 with Retry-After and
the page in the URL's language, none slower than 3 s; pages served before the outage keep
answering 200 from the page cache. After: 200 again within 10 s, without restarting gunicorn.

Usage: DATABASE_URL=postgres://… python deploy/faults/database_down.py (the demo database to
copy: `make faults` loads it; the shared server it lives on is never stopped).
"""

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from harness import (
    HOST,
    PAGES,
    Load,
    Servers,
    Targets,
    django_env,
    free_port,
    get,
    report,
    start_gunicorn,
    start_redis,
)

POSTGRES_BIN = Path(os.environ.get("POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
PHASE_SECONDS = 6
RECOVERY_SECONDS = 10
WORKERS = 2


def as_postgres(args):
    """PostgreSQL refuses to run as root: run its commands as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


class Cluster:
    def __init__(self):
        self.folder = Path(tempfile.mkdtemp(prefix="iurc-faults-pg-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@{HOST}:{self.port}/iurc"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")

    def run(self, *args):
        subprocess.run(as_postgres([str(POSTGRES_BIN / args[0]), *args[1:]]), check=True)  # noqa: S603

    def create(self):
        self.run(
            "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8",
            "--locale=C.UTF-8", "--no-sync", "--no-instructions",
        )  # fmt: skip

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        self.run(
            "pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"),
            "-w", "-s", "start",
        )  # fmt: skip

    def stop(self, mode="fast"):
        self.run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-s", "stop")

    def remove(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def copy_of(self, source_url):
        address = ["-h", HOST, "-p", str(self.port), "-U", "postgres"]
        self.run("createdb", *address, "iurc")
        dump = subprocess.Popen(  # noqa: S603
            [str(POSTGRES_BIN / "pg_dump"), "-Fc", "--no-owner", "--no-privileges", source_url],
            stdout=subprocess.PIPE,
        )
        subprocess.run(  # noqa: S603
            [str(POSTGRES_BIN / "pg_restore"), *address, "-d", "iurc", "--no-owner"],
            stdin=dump.stdout,
            check=True,
        )
        dump.stdout.close()
        if dump.wait():
            raise RuntimeError(f"pg_dump of {source_url} failed")


def paths(visitor, count):
    page = PAGES[(visitor + count) % len(PAGES)]
    return f"{page}?visitor={visitor}&n={count}" if count % 2 else page


def cached(answer):
    return "?" not in answer.path


def in_its_language(answer):
    language = answer.path.split("/")[1]
    return f'<html lang="{language}">' in answer.body.decode(errors="replace")


def main():
    targets = Targets()
    cluster = Cluster()
    with Servers() as servers:
        servers.callback(cluster.remove)
        started = time.monotonic()
        cluster.create()
        cluster.start()
        cluster.copy_of(os.environ["DATABASE_URL"])
        redis_port, _ = start_redis(servers)
        env = django_env(cluster.url, f"redis://{HOST}:{redis_port}/0")
        port = start_gunicorn(servers, env, workers=WORKERS)
        print(
            f"PostgreSQL on {cluster.port} (a copy of the demo database), redis-server on "
            f"{redis_port}, gunicorn ({WORKERS} workers) on {port}: "
            f"{time.monotonic() - started:.1f} s"
        )
        for page in PAGES:
            get(port, page)

        with Load(port, paths) as load:
            time.sleep(PHASE_SECONDS)
            load.phase = "stopping"
            cluster.stop()
            load.phase = "during"
            time.sleep(PHASE_SECONDS)
            load.phase = "starting"
            cluster.start()
            restarted = time.monotonic()
            load.phase = "after"
            time.sleep(RECOVERY_SECONDS + 2)

        after = load.of("after")
        # Recovered: from the last failed answer on, every answer is 200.
        failed = [answer.done for answer in after if answer.status != 200]
        recovered_at = max(failed, default=restarted)
        recovery = recovered_at - restarted
        settled = [answer for answer in after if answer.done > recovered_at]

        print("\nWhat visitors got:")
        main_phases = ("before", "during", "after")
        transitions = [a for a in load.answers if a.phase not in main_phases]
        for phase, answers in (
            ("before", load.of("before")),
            ("while it stopped or started", transitions),
            ("during", load.of("during")),
            ("after", load.of("after")),
        ):
            report(f"{phase}, pages in the cache", [a for a in answers if cached(a)])
            report(f"{phase}, pages to render", [a for a in answers if not cached(a)])
        print(f"  every answer 200 again {recovery:.1f} s after the restart")
        pool_lines = servers.log("gunicorn").count("error connecting in")
        print(f"  the pool's failed connection attempts logged: {pool_lines} lines")

        print("\nTargets:")
        before = load.of("before")
        targets.check(
            before and all(a.status == 200 for a in before),
            f"before: every request answered 200 ({len(before)} requests)",
        )
        during = load.of("during")
        rendered = [a for a in during if not cached(a)]
        targets.check(
            rendered and all(a.status == 503 for a in rendered),
            f"during: pages to render answer 503 ({len(rendered)} requests)",
        )
        targets.check(
            all(a.headers.get("retry-after", "").isdigit() for a in rendered),
            "during: every 503 carries Retry-After",
        )
        targets.check(
            all(in_its_language(a) for a in rendered if a.status == 503),
            "during: the 503 page is in the URL's language",
        )
        outage = [a for a in load.answers if a.phase != "before"]
        slowest = max((a.seconds for a in outage), default=float("inf"))
        targets.check(
            slowest < 3,
            f"from the stop on: every answer within 3 s (slowest {slowest:.2f} s)",
        )
        from_cache = [a for a in during if cached(a)]
        targets.check(
            from_cache and all(a.status == 200 for a in from_cache),
            f"during: pages served before the outage still answer 200 from the page cache "
            f"({len(from_cache)} requests)",
        )
        targets.check(
            recovery < RECOVERY_SECONDS and len(settled) > 0,
            f"after: every answer 200 again within {RECOVERY_SECONDS} s of the restart, gunicorn "
            f"not restarted ({recovery:.1f} s, then {len(settled)} requests)",
        )
        logged = servers.log("gunicorn").count("Service Unavailable")
        targets.check(
            1 <= logged <= WORKERS,
            f"the 503s are logged once per worker, not once per request ({logged} lines)",
        )
        targets.exit(servers, logs=["gunicorn"])


if __name__ == "__main__":
    main()
