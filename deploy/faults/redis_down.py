"""Redis stops under load, then comes back: pages are served throughout.

A private redis-server and gunicorn (2 sync workers, production settings, REDIS_URL set);
four visitors request demo pages, each with a query string of its own half of the time (a
page the cache has not seen: rendered, so it reads Wagtail's site-root paths and the menus
from the cache). Redis is shut down under that load, then started again on the same port.

Targets: no answer but 200 before, during and after; during the outage p95 under 1 s; Redis
holds keys again after it is back (used without a restart); the ignored cache errors are
logged at most once per worker and outage.

Usage: DATABASE_URL=postgres://… python deploy/faults/redis_down.py (a database with the demo
content: `make faults` loads it).
"""

import os
import subprocess
import time

from harness import (
    HOST,
    PAGES,
    Load,
    Servers,
    Targets,
    django_env,
    redis_keys,
    report,
    start_gunicorn,
    start_redis,
    stop,
)

PHASE_SECONDS = 6
WORKERS = 2


def paths(visitor, count):
    page = PAGES[(visitor + count) % len(PAGES)]
    return f"{page}?visitor={visitor}&n={count}" if count % 2 else page


def main():
    targets = Targets()
    with Servers() as servers:
        redis_port, redis = start_redis(servers)
        env = django_env(os.environ["DATABASE_URL"], f"redis://{HOST}:{redis_port}/0")
        port = start_gunicorn(servers, env, workers=WORKERS)
        print(f"gunicorn ({WORKERS} workers) on {port}, redis-server on {redis_port}")

        with Load(port, paths) as load:
            time.sleep(PHASE_SECONDS)
            keys_before = redis_keys(redis_port)
            subprocess.run(  # noqa: S603
                ["redis-cli", "-h", HOST, "-p", str(redis_port), "shutdown", "nosave"],  # noqa: S607
                capture_output=True,
            )
            redis.wait(10)
            load.phase = "during"
            stopped_at = time.monotonic()
            time.sleep(PHASE_SECONDS)
            redis_port, redis = start_redis(servers, redis_port)
            load.phase = "after"
            outage = time.monotonic() - stopped_at
            time.sleep(PHASE_SECONDS)
        keys_after = redis_keys(redis_port)
        stop(redis)

        print(f"\nWhat visitors got (Redis stopped for {outage:.1f} s):")
        for phase in ("before", "during", "after"):
            report(f"{phase} (Redis {'down' if phase == 'during' else 'up'})", load.of(phase))
        print(f"  keys in Redis: {keys_before} before it stopped, {keys_after} after its restart")
        logged = servers.log("gunicorn").count("Exception ignored")
        print(f"  cache errors logged: {logged} (workers: {WORKERS})")

        print("\nTargets:")
        for phase in ("before", "during", "after"):
            answers = load.of(phase)
            targets.check(
                answers and all(answer.status == 200 for answer in answers),
                f"{phase}: every request answered 200 ({len(answers)} requests)",
            )
        during = sorted(answer.seconds for answer in load.of("during"))
        p95 = during[int(len(during) * 0.95)] if during else float("inf")
        targets.check(p95 < 1.0, f"during: p95 under 1 s ({p95 * 1000:.0f} ms)")
        targets.check(keys_before > 0, "before: the site writes to Redis")
        targets.check(keys_after > 0, "after: Redis is used again without a restart")
        targets.check(
            1 <= logged <= WORKERS, "the outage is logged, at most once per worker, not per call"
        )
        targets.exit(servers, logs=["gunicorn"])


if __name__ == "__main__":
    main()
