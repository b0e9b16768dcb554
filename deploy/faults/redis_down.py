"""Redis stops under load, comes back, then hangs: pages are served throughout.

A private redis-server and gunicorn (2 sync workers, production settings, REDIS_URL set);
four visitors request demo pages, each with a query string of its own half of the time (a
page the cache has not seen: rendered, so it reads Wagtail's site-root paths and the menus
from the cache). Under that load Redis is shut down, started again on the same port, then
frozen (SIGSTOP: the kernel still accepts connections, nothing answers) and resumed.

Targets: no answer but 200 in any phase; while Redis is down or frozen, p95 under 1 s; Redis
holds keys again after its restart (used without restarting gunicorn); the ignored cache
errors are logged at most once per worker and outage.

Usage: DATABASE_URL=postgres://… python deploy/faults/redis_down.py (a database with the demo
content: `make faults` loads it).
"""

import os
import signal
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

PHASE_SECONDS = 5
WORKERS = 2


def paths(visitor, count):
    page = PAGES[(visitor + count) % len(PAGES)]
    return f"{page}?visitor={visitor}&n={count}" if count % 2 else page


PHASES = {
    "before": "Redis up",
    "stopped": "Redis shut down",
    "restarted": "Redis started again",
    "hung": "Redis frozen by SIGSTOP",
    "resumed": "Redis resumed by SIGCONT",
}


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
            load.phase = "stopped"
            time.sleep(PHASE_SECONDS)
            redis_port, redis = start_redis(servers, redis_port)
            load.phase = "restarted"
            time.sleep(PHASE_SECONDS)
            keys_restarted = redis_keys(redis_port)
            # A Redis that hangs: connections are accepted by the kernel, nothing answers.
            redis.send_signal(signal.SIGSTOP)
            load.phase = "hung"
            time.sleep(PHASE_SECONDS)
            redis.send_signal(signal.SIGCONT)
            load.phase = "resumed"
            time.sleep(PHASE_SECONDS)
        stop(redis)
        logged = servers.log("gunicorn").count("Exception ignored")

        print("\nWhat visitors got:")
        for phase, label in PHASES.items():
            report(f"{phase}: {label}", load.of(phase))
        print(
            f"  keys in Redis: {keys_before} before it stopped, {keys_restarted} "
            f"{PHASE_SECONDS} s after its restart"
        )
        print(f"  cache errors logged: {logged} (workers: {WORKERS}, outages: 2)")

        print("\nTargets:")
        for phase in PHASES:
            answers = load.of(phase)
            targets.check(
                answers and all(answer.status == 200 for answer in answers),
                f"{phase}: every request answered 200 ({len(answers)} requests)",
            )
        for phase in ("stopped", "hung"):
            seconds = sorted(answer.seconds for answer in load.of(phase))
            p95 = seconds[int(len(seconds) * 0.95)] if seconds else float("inf")
            targets.check(p95 < 1.0, f"{phase}: p95 under 1 s ({p95 * 1000:.0f} ms)")
        targets.check(keys_before > 0, "before: the site writes to Redis")
        targets.check(keys_restarted > 0, "restarted: Redis is used again without a restart")
        targets.check(
            1 <= logged <= 2 * WORKERS,
            "each outage is logged at most once per worker, not once per call",
        )
        targets.exit(servers, logs=["gunicorn"])


if __name__ == "__main__":
    main()
