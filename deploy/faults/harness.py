"""What the fault scripts share: servers they start and stop, visitors, and their report.

Every server (gunicorn, nginx, redis-server, a PostgreSQL cluster) is started on a free port
of 127.0.0.1, in a temporary folder, and stopped when the script ends, however it ends.
gunicorn runs the production settings (deploy/gunicorn.conf.py, DEBUG off) with throwaway
secrets; static files must have been collected (`make faults` does it).
"""

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
HOST = "127.0.0.1"
# Pages of the demo content, in several languages.
PAGES = ["/en/", "/en/about/", "/vi/gioi-thieu/", "/en/agreements/", "/fr/", "/ja/"]


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_for_port(port, seconds=30.0, process=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=0.5):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {HOST}:{port} after {seconds} s")


class Servers(contextlib.ExitStack):
    """Processes started by the script, stopped (their whole group) on exit."""

    def __init__(self):
        super().__init__()
        self.tmp = Path(tempfile.mkdtemp(prefix="iurc-faults-"))
        self.callback(shutil.rmtree, self.tmp, ignore_errors=True)

    def start(self, name, args, env=None, **kwargs):
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 (closed by the exit stack)
        self.callback(log.close)
        process = subprocess.Popen(  # noqa: S603
            args,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            **kwargs,
        )
        self.callback(stop, process)
        return process

    def log(self, name):
        return (self.tmp / f"{name}.log").read_text(errors="replace")


def stop(process, timeout=10):
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def django_env(database_url, redis_url=""):
    """Production settings with secrets that never leave this run."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "iurc.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "localhost,127.0.0.1",
        # Plain HTTP on the loopback: no redirect to HTTPS.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "PYTHONUNBUFFERED": "1",
    }
    if not redis_url:
        env.pop("REDIS_URL")
    return env


def start_gunicorn(servers, env, workers=2, name="gunicorn"):
    port = free_port()
    env = {
        **env,
        "GUNICORN_BIND": f"{HOST}:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_ACCESS_LOG": "",
    }
    process = servers.start(
        name,
        [str(GUNICORN), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "iurc.wsgi:application"],
        env=env,
        cwd=ROOT,
    )
    try:
        wait_for_port(port, process=process)
    except RuntimeError:
        print(servers.log(name)[-3000:])
        raise
    # Every worker imports Django and Wagtail before its first answer.
    for _ in range(workers * 2):
        get(port, "/healthz/", timeout=30)
    return port


def start_redis(servers, port=None):
    port = port or free_port()
    folder = servers.tmp / "redis"
    folder.mkdir(exist_ok=True)
    process = servers.start(
        f"redis-{port}",
        [
            "redis-server",
            "--bind",
            HOST,
            "--port",
            str(port),
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(folder),
        ],
    )
    wait_for_port(port, process=process)
    return port, process


def redis_keys(port):
    out = subprocess.run(  # noqa: S603
        ["redis-cli", "-h", HOST, "-p", str(port), "dbsize"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.strip())


class Answer:
    def __init__(self, path, status, seconds, headers=None, body=b""):
        self.path = path
        self.status = status
        self.seconds = seconds
        self.headers = headers or {}
        self.body = body
        self.done = time.monotonic()


def get(port, path, timeout=10.0, headers=None):
    """One request; a refused or timed-out connection is status 0 (what the visitor got)."""
    started = time.monotonic()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Host": "localhost", **(headers or {})})
        response = connection.getresponse()
        body = response.read()
        return Answer(
            path,
            response.status,
            time.monotonic() - started,
            {k.lower(): v for k, v in response.getheaders()},
            body,
        )
    except OSError:
        return Answer(path, 0, time.monotonic() - started)
    finally:
        connection.close()


class Load:
    """``clients`` visitors, each requesting the next of ``paths()`` as soon as answered."""

    def __init__(self, port, paths, clients=4, timeout=10.0, headers=None):
        self.port = port
        self.paths = paths
        self.clients = clients
        self.timeout = timeout
        self.headers = headers
        self.answers = []
        self.phase = "before"
        self.running = False
        self.threads = []
        self.lock = threading.Lock()

    def visitor(self, number):
        count = 0
        while self.running:
            path = self.paths(number, count)
            count += 1
            phase = self.phase
            answer = get(self.port, path, timeout=self.timeout, headers=self.headers)
            # A request under way when the fault came or went belongs to neither phase.
            answer.phase = phase if phase == self.phase else f"{phase}, then {self.phase}"
            with self.lock:
                self.answers.append(answer)

    def __enter__(self):
        self.running = True
        self.threads = [
            threading.Thread(target=self.visitor, args=(n,), daemon=True)
            for n in range(self.clients)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(self.timeout + 5)

    def of(self, phase):
        with self.lock:
            return [answer for answer in self.answers if answer.phase == phase]


def report(label, answers):
    """Print what visitors got: counts by status, and latencies (nothing if none)."""
    if not answers:
        return
    counts = Counter(answer.status for answer in answers)
    seconds = sorted(answer.seconds for answer in answers)
    p95 = seconds[min(len(seconds) - 1, int(len(seconds) * 0.95))]
    statuses = ", ".join(
        f"{status or 'no answer'}: {count}" for status, count in sorted(counts.items())
    )
    print(
        f"  {label:<44} {len(answers):>5} requests  {statuses:<24}"
        f"  p50 {statistics.median(seconds) * 1000:6.0f} ms"
        f"  p95 {p95 * 1000:6.0f} ms  max {seconds[-1] * 1000:6.0f} ms"
    )


class Targets:
    """Each target printed as met or missed; the script exits 1 if one was missed."""

    def __init__(self):
        self.missed = []

    def check(self, met, description):
        print(f"  [{'ok' if met else 'MISSED'}] {description}")
        if not met:
            self.missed.append(description)

    def exit(self, servers=None, logs=()):
        if self.missed:
            if servers is not None:
                for name in logs:
                    with contextlib.suppress(OSError):
                        print(f"\n--- last lines of {name}.log")
                        print("\n".join(servers.log(name).splitlines()[-40:]))
            print(f"\n{len(self.missed)} target(s) missed.")
            sys.exit(1)
        print("\nEvery target met.")
