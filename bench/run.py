"""Load and latency benchmark: gunicorn with production settings, measured with wrk.

    .venv/bin/python bench/run.py [--duration 5] [--connections 16] [--only LABEL ...]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/limber .venv/bin/python bench/run.py

Steps: collectstatic and migrate into a throwaway database (a SQLite file in /tmp, or, when
DATABASE_URL names a PostgreSQL server, a database `<name>_bench` made afresh on it; with
CACHE_URL set, gunicorn uses that Redis too), run the setup hooks
(which may seed data and return more pages to measure, e.g. for a signed-in user), start
gunicorn on 127.0.0.1, wait for /healthz, run wrk against each target, then print
requests/s, p50 and p99, each page's throughput as a ratio of the /healthz baseline, the
resident memory of every gunicorn worker, and the gzip'd first-load weight of the pages in
FIRST_LOAD. Only ever talks to 127.0.0.1; gunicorn is always stopped at the end.

Adding pages: append a Target to TARGETS, or drop a module ``bench/hook_<name>.py`` that
defines ``setup(bench: Bench) -> list[Target]``. A hook runs after ``migrate`` and before
gunicorn starts; it can seed the database with ``bench.shell(code)`` (code run by
``manage.py shell``, whose printed output is returned) and return targets carrying a
session cookie ("sessionid=…") for pages that need a signed-in user, or a wrk Lua script
that drives a sequence of requests (bench/hook_loop.py: log a session, open Today, open
History, each connection one signed-in person).
"""

import argparse
import gzip
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
WRK = shutil.which("wrk") or "/usr/bin/wrk"
HOST = "127.0.0.1"
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class Target:
    label: str
    path: str
    cookie: str | None = None  # "name=value", sent as a Cookie header
    script: Path | None = None  # a wrk Lua script; run with one thread per connection
    check: Callable[["Bench", str], list[str]] | None = None
    """Called with wrk's output after the run; returns the aims it missed."""
    min_ratio: float | None = None  # the page's own aims, if not the defaults below
    max_p99_ms: float | None = None
    min_signed_in_ratio: float | None = None  # against SIGNED_IN_FLOOR, when it ran


BASELINE = Target("healthz (baseline)", "/healthz")
# A signed-in request that does nothing (a hook's "/healthz" with a session cookie): what
# every signed-in page pays for the session and the person before its own work.
SIGNED_IN_FLOOR = "healthz signed in"
TARGETS: list[Target] = [
    BASELINE,
    Target("library", "/exercises/"),
    Target("library filtered", "/exercises/?area=hamstrings&kind=roll"),
    Target("library search", "/exercises/?q=back+pain"),
    Target("library search typo", "/exercises/?q=hamstrng"),
    Target("exercise detail", "/exercises/roll-calves/"),
    Target("routines", "/routines/"),
    Target("routine page", "/routines/foam-roller-legs-hips/"),
]
# Pages whose first-load weight (HTML + every CSS/JS it references, gzip'd) is reported.
FIRST_LOAD: list[Target] = [Target("library", "/exercises/")]

# Aims the report is checked against.
MIN_RATIO = 0.25
MAX_P99_MS = 50.0
MAX_WORKER_MB = 100.0
MAX_FIRST_LOAD_KB = 40.0


@dataclass
class Bench:
    """What a setup hook gets: the environment gunicorn will run with, and helpers."""

    port: int
    env: dict[str, str]
    targets: list[Target] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [str(PYTHON), "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout

    def shell(self, code: str) -> str:
        """Run Python in ``manage.py shell`` against the bench database, with SIGN_IN's
        session_key(user) defined; return its output."""
        return self.manage("shell", "--no-imports", "-c", SIGN_IN + code)


# Shell code every seed can use: a signed-in session for a user, through the backend that
# signs people in (not axes' own), as the log-in form would make it.
SIGN_IN = r"""
def session_key(user):
    from django.conf import settings
    from django.test import Client

    backend = next(b for b in settings.AUTHENTICATION_BACKENDS if not b.startswith("axes."))
    client = Client()
    client.force_login(user, backend=backend)
    return client.cookies[settings.SESSION_COOKIE_NAME].value
"""

SetupHook = Callable[[Bench], list[Target]]
SETUP_HOOKS: list[SetupHook] = []


@dataclass
class Result:
    target: Target
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int
    missed: list[str] = field(default_factory=list)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def bench_env(
    port: int, workers: int, workdir: Path, database_url: str | None = None
) -> dict[str, str]:
    """Production settings, with a static folder of this run's own and `database_url`
    (by default a SQLite file in `workdir`; main() passes bench_database())."""
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="bench-" + "x" * 50,
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        WEB_CONCURRENCY=str(workers),
        GUNICORN_BIND=f"{HOST}:{port}",
        GUNICORN_ACCESSLOG="",
        AXES_ENABLED="false",
        DJANGO_LOG_LEVEL="WARNING",
    )
    return env


def bench_database(workdir: Path) -> str:
    """SQLite in the run's own folder, or a fresh `<name>_bench` database on the PostgreSQL
    server DATABASE_URL names (never the database itself)."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return f"sqlite:///{workdir / 'bench.sqlite3'}"
    name = url.rpartition("/")[2] or "limber"
    return fresh_database(url, f"{name}_bench")


def fresh_database(server_url: str, name: str) -> str:
    """An empty database `name` (dropped first if there) on the PostgreSQL server that
    `server_url` points at; its URL. The bench never touches the database it was given."""
    import psycopg

    base = server_url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{base}/{name}"


def drop_database(server_url: str, name: str) -> None:
    import psycopg

    base = server_url.rpartition("/")[0]
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def discover_hooks() -> list[SetupHook]:
    hooks = list(SETUP_HOOKS)
    for path in sorted((ROOT / "bench").glob("hook_*.py")):
        spec = importlib.util.spec_from_file_location(f"bench_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        hooks.append(module.setup)
    return hooks


def fetch(url: str, cookie: str | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_for_health(bench: Bench, server: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}:\n{server.stderr.read()}")
        try:
            if fetch(bench.base_url + "/healthz")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer /healthz in time")


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def parse_wrk(output: str) -> tuple[float, float, float, int]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p50 = to_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
    p99 = to_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(non_2xx.group(1)) if non_2xx else 0
    if socket_errors:
        errors += sum(int(n) for n in socket_errors.groups())
    return rps, p50, p99, errors


def wrk_command(target: Target, connections: int, duration: int) -> list[str]:
    # A script keeps per-person state per thread, so it gets one thread per connection.
    threads = connections if target.script else 2
    command = [WRK, f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if target.cookie:
        command += ["-H", f"Cookie: {target.cookie}"]
    if target.script:
        command += ["-s", str(target.script)]
    return command


def run_wrk(bench: Bench, target: Target, duration: int, connections: int) -> Result:
    url = bench.base_url + target.path
    if not target.script:
        # Warm every worker first (imports, template compilation, caches), unrecorded.
        warm = wrk_command(target, connections, 1)
        subprocess.run([*warm, url], check=True, capture_output=True)
    command = [*wrk_command(target, connections, duration), url]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    result = Result(target, *parse_wrk(output))
    if target.check:
        result.missed.extend(target.check(bench, output))
    return result


def worker_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children")
    if children.exists():
        return [int(pid) for pid in children.read_text().split()]
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return pids


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def first_load_bytes(bench: Bench, target: Target) -> list[tuple[str, int, int]]:
    """(url, raw bytes, gzip'd bytes) for the page and every stylesheet and script it loads."""
    status, html = fetch(bench.base_url + target.path, target.cookie)
    if status != 200:
        raise SystemExit(f"{target.path} answered {status}")
    text = html.decode()
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    rows = [(target.path, len(html), len(gzip.compress(html, 9)))]
    for url in dict.fromkeys(assets):
        if not url.startswith("/"):
            raise SystemExit(f"{target.path} references an asset off this host: {url}")
        status, body = fetch(bench.base_url + url)
        if status != 200:
            raise SystemExit(f"{url} answered {status}")
        rows.append((url, len(body), len(gzip.compress(body, 9))))
    return rows


def prepare(bench: Bench) -> None:
    bench.manage("collectstatic", "--noinput", "-v0")
    bench.manage("migrate", "--noinput", "-v0")


def start_gunicorn(bench: Bench) -> subprocess.Popen:
    # No worker recycling while measuring: a restart mid-run would bill one page for a cold
    # process, and the RSS read afterwards would be a fresh worker's, not a loaded one's.
    return subprocess.Popen(
        [str(GUNICORN), "-c", "gunicorn.conf.py", "--max-requests", "0"],
        cwd=ROOT,
        env=bench.env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def report(results: list[Result], rss: dict[int, float], weights: dict[str, list]) -> list[str]:
    """Print the tables; return the aims that were missed."""
    missed = []
    baseline = next(r for r in results if r.target == BASELINE).requests_per_second
    floor = next((r for r in results if r.target.label == SIGNED_IN_FLOOR), None)
    print(
        f"\n{'page':<28}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'ratio':>8}"
        f"{'÷signed-in':>11}{'errors':>8}"
    )
    for r in results:
        ratio = r.requests_per_second / baseline
        signed_in = r.requests_per_second / floor.requests_per_second if floor else None
        print(
            f"{r.target.label:<28}{r.requests_per_second:>10.0f}{r.p50_ms:>9.1f}"
            f"{r.p99_ms:>9.1f}{ratio:>8.2f}"
            f"{f'{signed_in:.2f}' if signed_in is not None else '-':>11}{r.errors:>8}"
        )
        if floor and r.target.min_signed_in_ratio and signed_in < r.target.min_signed_in_ratio:
            missed.append(
                f"{r.target.label}: {signed_in:.2f} of a signed-in /healthz"
                f" < {r.target.min_signed_in_ratio}"
            )
        missed.extend(r.missed)
        if r.errors:
            missed.append(f"{r.target.label}: {r.errors} errors")
        min_ratio = MIN_RATIO if r.target.min_ratio is None else r.target.min_ratio
        max_p99 = r.target.max_p99_ms or MAX_P99_MS
        if r.target != BASELINE and ratio < min_ratio:
            missed.append(f"{r.target.label}: ratio {ratio:.2f} < {min_ratio}")
        if r.p99_ms > max_p99:
            missed.append(f"{r.target.label}: p99 {r.p99_ms:.1f} ms > {max_p99} ms")
    print("\ngunicorn worker RSS after the run")
    for pid, mb in rss.items():
        print(f"  worker {pid}: {mb:.1f} MB")
        if mb > MAX_WORKER_MB:
            missed.append(f"worker {pid}: {mb:.1f} MB > {MAX_WORKER_MB} MB")
    for label, rows in weights.items():
        print(f"\nfirst load of {label} (gzip level 9)")
        for url, raw, packed in rows:
            print(f"  {packed / 1024:>6.1f} KB  ({raw / 1024:.1f} KB raw)  {url}")
        total = sum(packed for _, _, packed in rows) / 1024
        print(f"  {total:>6.1f} KB  total")
        if total > MAX_FIRST_LOAD_KB:
            missed.append(f"first load of {label}: {total:.1f} KB > {MAX_FIRST_LOAD_KB} KB")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=5, help="seconds of wrk per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="labels to measure (the baseline always runs)")
    args = parser.parse_args()

    port = free_port()
    workdir = Path(tempfile.mkdtemp(prefix="limber-bench-"))
    env = bench_env(port, args.workers, workdir, bench_database(workdir))
    bench = Bench(port=port, env=env, targets=list(TARGETS))
    try:
        return measure(bench, args)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def measure(bench: Bench, args: argparse.Namespace) -> int:
    prepare(bench)
    for hook in discover_hooks():
        bench.targets.extend(hook(bench))
    targets = [t for t in bench.targets if t == BASELINE or not args.only or t.label in args.only]

    server = start_gunicorn(bench)
    try:
        wait_for_health(bench, server)
        for target in targets:
            if target.script:
                continue
            status, _ = fetch(bench.base_url + target.path, target.cookie)
            if status != 200:
                raise SystemExit(f"{target.label} ({target.path}) answered {status}, not 200")
        weights = {t.label: first_load_bytes(bench, t) for t in FIRST_LOAD}
        results = []
        for target in targets:
            print(f"wrk {target.label} …", file=sys.stderr)
            results.append(run_wrk(bench, target, args.duration, args.connections))
        rss = {pid: rss_mb(pid) for pid in worker_pids(server.pid)}
    finally:
        stop(server)

    missed = report(results, rss, weights)
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(
        json.dumps(
            {
                "results": [
                    {
                        "label": r.target.label,
                        "path": r.target.path,
                        "rps": r.requests_per_second,
                        "p50_ms": r.p50_ms,
                        "p99_ms": r.p99_ms,
                        "errors": r.errors,
                    }
                    for r in results
                ],
                "worker_rss_mb": list(rss.values()),
                "first_load_kb": {
                    label: sum(p for _, _, p in rows) / 1024 for label, rows in weights.items()
                },
            },
            indent=2,
        )
    )
    if missed:
        print("\nMissed aims:\n  " + "\n  ".join(missed))
        return 1
    print("\nAll aims met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
