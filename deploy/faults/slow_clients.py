"""Twenty slow clients cannot starve gunicorn behind nginx; without nginx they can.

gunicorn (2 sync workers, production settings, deploy/gunicorn.conf.py) and nginx from
deploy/nginx/iurc.conf.template, each on a free port. A slow client opens a connection and
sends its request headers one line every two seconds, as a slowloris attack does.

1. Straight to gunicorn (what the Docker image alone would do): 20 slow clients, then a
   normal request. Shown for comparison: it gets no answer while they last.
2. Through nginx: 20 slow clients, then normal requests for several seconds. Target: every
   one answers 200 in under 1 s; nginx cuts the slow clients off once their 10 s for the
   headers are up (client_header_timeout). Static files come from nginx itself, with their
   long cache lifetime.

Usage: DATABASE_URL=postgres://… python deploy/faults/slow_clients.py (a database with the
demo content, static files collected: `make faults` does both).
"""

import os
import re
import shutil
import socket
import subprocess
import threading
import time

from harness import (
    HOST,
    PAGES,
    ROOT,
    Servers,
    Targets,
    django_env,
    free_port,
    get,
    report,
    start_gunicorn,
    wait_for_port,
)

SLOW_CLIENTS = 20
LINE_EVERY = 2.0
WORKERS = 2
NORMAL_TIMEOUT = 5.0
# client_header_timeout in deploy/nginx/iurc.conf.template.
HEADER_TIMEOUT = 10
TEMPLATE = ROOT / "deploy" / "nginx" / "iurc.conf.template"


class SlowClients:
    """Connections that send a request's headers a line at a time, never finishing."""

    def __init__(self, port, count=SLOW_CLIENTS):
        self.port = port
        self.count = count
        self.sockets = []
        self.closed_by_server = 0
        self.running = False
        self.thread = threading.Thread(target=self.trickle, daemon=True)

    def __enter__(self):
        for number in range(self.count):
            sock = socket.create_connection((HOST, self.port), timeout=5)
            sock.sendall(f"GET /en/?slow={number} HTTP/1.1\r\nHost: localhost\r\n".encode())
            self.sockets.append(sock)
        self.running = True
        self.thread.start()
        return self

    def trickle(self):
        line = 0
        while self.running:
            time.sleep(LINE_EVERY)
            line += 1
            for sock in list(self.sockets):
                try:
                    sock.sendall(f"X-Slow-{line}: {'x' * 10}\r\n".encode())
                except OSError:
                    self.sockets.remove(sock)
                    self.closed_by_server += 1

    def cut_off(self):
        """How many of them the server has closed (a read gives end of file, or fails)."""
        closed = self.closed_by_server
        for sock in self.sockets:
            sock.settimeout(0.05)
            try:
                closed += sock.recv(1024) == b""
            except TimeoutError:
                pass
            except OSError:
                closed += 1
        return closed

    def __exit__(self, *exc):
        self.running = False
        self.thread.join()
        for sock in self.sockets:
            sock.close()


def nginx_config(servers, listen, app):
    """The deploy template with its ${IURC_…} names filled, inside a minimal nginx.conf."""
    folder = servers.tmp / "nginx"
    folder.mkdir()
    values = {
        "IURC_LISTEN": f"{HOST}:{listen}",
        "IURC_APP": f"{HOST}:{app}",
        "IURC_STATIC_ROOT": str(ROOT / "var" / "static"),
        "IURC_MEDIA_ROOT": str(servers.tmp / "media"),
    }
    (servers.tmp / "media").mkdir()
    site = re.sub(
        r"\$\{(IURC_[A-Z_]+)\}", lambda match: values[match.group(1)], TEMPLATE.read_text()
    )
    (folder / "iurc.conf").write_text(site)
    temp = "\n".join(
        f"    {kind}_temp_path {folder / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    # As root, nginx's workers run as Debian's www-data, as in production.
    user = "user www-data;" if os.geteuid() == 0 else ""
    (folder / "nginx.conf").write_text(
        f"""{user}
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
{temp}
    include {folder / "iurc.conf"};
}}
"""
    )
    if os.geteuid() == 0:
        shutil.chown(servers.tmp, "www-data")
        shutil.chown(folder, "www-data")
    return folder / "nginx.conf"


def normal_requests(port, seconds):
    answers = []
    deadline = time.monotonic() + seconds
    count = 0
    while time.monotonic() < deadline:
        page = PAGES[count % len(PAGES)]
        answers.append(get(port, f"{page}?normal={count}", timeout=NORMAL_TIMEOUT))
        count += 1
        time.sleep(0.2)
    return answers


def main():
    targets = Targets()
    nginx_binary = shutil.which("nginx") or "/usr/sbin/nginx"
    with Servers() as servers:
        app = start_gunicorn(servers, django_env(os.environ["DATABASE_URL"]), workers=WORKERS)
        listen = free_port()
        config = nginx_config(servers, listen, app)
        subprocess.run([nginx_binary, "-t", "-q", "-c", str(config)], check=True)  # noqa: S603
        nginx = servers.start("nginx", [nginx_binary, "-c", str(config)])
        wait_for_port(listen, process=nginx)
        print(f"gunicorn ({WORKERS} sync workers) on {app}, nginx on {listen}")

        unloaded = [get(listen, page) for page in PAGES]
        print("\nWhat a normal visitor got:")
        report("through nginx, no slow client", unloaded)

        with SlowClients(app):
            time.sleep(1)
            direct = [get(app, "/en/about/", timeout=NORMAL_TIMEOUT)]
        report(f"straight to gunicorn, {SLOW_CLIENTS} slow", direct)
        # gunicorn's workers are free again once the slow clients have gone.
        get(app, "/healthz/", timeout=30)

        with SlowClients(listen) as slow:
            opened = time.monotonic()
            time.sleep(1)
            through = normal_requests(listen, 6)
            static = get(listen, "/static/css/site.css")
            cut_early = slow.cut_off()
            # nginx's client_header_timeout is for the whole header, however it trickles.
            time.sleep(max(0.0, opened + HEADER_TIMEOUT + 2 - time.monotonic()))
            cut_late = slow.cut_off()
        report(f"through nginx, {SLOW_CLIENTS} slow", through)
        print(
            f"  slow clients cut off by nginx: {cut_early} of {SLOW_CLIENTS} after 7 s, "
            f"{cut_late} after {HEADER_TIMEOUT + 2} s"
        )

        print("\nTargets:")
        targets.check(
            all(a.status == 200 for a in unloaded), "through nginx: pages answer 200 at all"
        )
        print(
            f"  [shown] straight to gunicorn, {SLOW_CLIENTS} slow clients hold both workers: "
            f"{direct[0].status or 'no answer'} after {direct[0].seconds:.1f} s"
        )
        slowest = max((a.seconds for a in through), default=float("inf"))
        targets.check(
            through and all(a.status == 200 for a in through) and slowest < 1.0,
            f"through nginx with {SLOW_CLIENTS} slow clients: every normal request 200 in "
            f"under 1 s ({len(through)} requests, slowest {slowest * 1000:.0f} ms)",
        )
        targets.check(
            cut_late == SLOW_CLIENTS,
            f"nginx cuts off every slow client once its {HEADER_TIMEOUT} s for the headers are up",
        )
        targets.check(
            static.status == 200
            and "immutable" in static.headers.get("cache-control", "")
            and static.headers.get("server", "").startswith("nginx"),
            "static files come from nginx with a year's cache lifetime",
        )
        targets.exit(servers, logs=["gunicorn"])


if __name__ == "__main__":
    main()
