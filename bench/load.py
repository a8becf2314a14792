"""Load and fault run: signed-in people logging sessions under load, then a slow database.

    .venv/bin/python bench/load.py                          # SQLite and PostgreSQL, 60 s each
    .venv/bin/python bench/load.py --database sqlite --duration 5   # a short smoke run
    .venv/bin/python bench/load.py --faults-only

Load: gunicorn with production settings (2 workers) against a throwaway database; N people
(16), each signed in with a session of their own, loop for the duration: post a session on
the log form (a fresh idempotency key; every tenth post is sent twice, as a retrying
browser would), read /today/, read /history/. Reported: requests, status codes, p50/p99
per kind, and the rows written against the successful posts: each distinct successful key
must have exactly one session and one exercise row (nothing lost, nothing doubled).

Faults, each timed from the request to its answer (/healthz, a signed-in page, a post): each
must answer within about 3 s (/healthz within 1 s), with 503 and Retry-After when it can't
do its work:
  * SQLite write-locked: another process holds the write lock while the workers are warm
    (reads go on in WAL mode; the post waits the 2 s busy timeout, then 503);
  * SQLite locked exclusively: another process holds the file in exclusive locking mode
    from before the workers connect (everything waits, then 503);
  * PostgreSQL that never answers: a socket that accepts connections and says nothing, as
    DATABASE_URL (the 2 s connect timeout, then 503).
PostgreSQL runs need a server: --postgres (default postgres://postgres@127.0.0.1:5432/postgres);
a database named limber_load_<pid> is created there and dropped at the end.
Only ever talks to 127.0.0.1 and that server; gunicorn is always stopped.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import socket
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run  # bench/run.py: gunicorn, the environment and helpers

HOST = run.HOST
SEED = r"""
import json
from accounts.models import User

people = []
for n in range({people}):
    user = User.objects.create_user(f"load{{n}}@example.com", "load-Passphrase-42")
    people.append([user.pk, session_key(user)])
print(json.dumps(people))
"""
COUNT = r"""
import json
from progress.models import ExerciseLog, SessionLog
keys = [str(k) for k in SessionLog.objects.values_list("idempotency_key", flat=True)]
print(json.dumps({"keys": keys, "exercise_rows": ExerciseLog.objects.count()}))
"""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    saved_keys: set[str] = field(default_factory=set)
    posts_ok: int = 0
    repeats_ok: int = 0
    errors: list[str] = field(default_factory=list)

    def add(self, kind: str, status: int, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds * 1000)
            self.statuses[f"{kind} {status}"] += 1


class Browser:
    """One person's keep-alive connection with their cookies."""

    def __init__(self, port: int, session_key: str):
        self.port = port
        self.cookies = {"sessionid": session_key}
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
        for attempt in range(2):
            try:
                self.conn.request(method, path, data, headers)
                response = self.conn.getresponse()
                text = response.read().decode(errors="replace")
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
                if attempt:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, text


def log_form(key: str, token: str, day: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "enrolment": "",
        "date": day,
        "time": "00:00",
        "pain_before": "3",
        "pain_after": "2",
        "notes": "",
        "idempotency_key": key,
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "40",
        "rows-0-exercise": "roll-calves",
        "rows-0-status": "done",
        "rows-0-seconds": "60",
        "rows-0-side": "none",
    }


def person(port: int, session_key: str, deadline: float, tally: Tally) -> None:
    browser = Browser(port, session_key)
    try:
        status, page = browser.request("GET", "/sessions/new/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        day = re.search(r'name="date" value="([0-9-]+)"', page).group(1)
        posts = 0
        while time.monotonic() < deadline:
            key = str(uuid.uuid4())
            for repeat in range(2 if posts % 10 == 9 else 1):
                started = time.perf_counter()
                status, _ = browser.request("POST", "/sessions/new/", log_form(key, token, day))
                tally.add("post", status, time.perf_counter() - started)
                if status == 302:
                    with tally.lock:
                        tally.saved_keys.add(key)
                        tally.posts_ok += 1
                        tally.repeats_ok += repeat
            posts += 1
            for path, kind in (("/today/", "today"), ("/history/", "history")):
                started = time.perf_counter()
                status, _ = browser.request("GET", path)
                tally.add(kind, status, time.perf_counter() - started)
    except Exception as error:  # reported, never hidden
        with tally.lock:
            tally.errors.append(repr(error))


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def load(bench: run.Bench, people: int, duration: int) -> dict:
    run.prepare(bench)
    accounts = json.loads(bench.shell(SEED.format(people=people)).strip().splitlines()[-1])
    server = run.start_gunicorn(bench)
    tally = Tally()
    try:
        run.wait_for_health(bench, server)
        deadline = time.monotonic() + duration
        threads = [
            threading.Thread(target=person, args=(bench.port, key, deadline, tally))
            for _, key in accounts
        ]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        run.stop(server)
    written = json.loads(bench.shell(COUNT).strip().splitlines()[-1])
    keys = Counter(written["keys"])
    return {
        "seconds": round(elapsed, 1),
        "requests": sum(tally.statuses.values()),
        "requests_per_second": round(sum(tally.statuses.values()) / elapsed, 1),
        "statuses": dict(sorted(tally.statuses.items())),
        "latency_ms": {
            kind: {"p50": round(percentile(v, 0.5), 1), "p99": round(percentile(v, 0.99), 1)}
            for kind, v in sorted(tally.latencies.items())
        },
        "successful_posts": tally.posts_ok,
        "of_which_repeats": tally.repeats_ok,
        "distinct_saved_keys": len(tally.saved_keys),
        "sessions_written": sum(keys.values()),
        "exercise_rows_written": written["exercise_rows"],
        "lost": len(tally.saved_keys - set(keys)),
        "doubled": sum(n - 1 for n in keys.values() if n > 1),
        "unexpected": len(set(keys) - tally.saved_keys),
        "errors": tally.errors[:5],
    }


def timed(port: int, method: str, path: str, cookie: str = "", body: str = "") -> dict:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    headers = {"Cookie": cookie} if cookie else {}
    if body:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    started = time.perf_counter()
    conn.request(method, path, body or None, headers)
    response = conn.getresponse()
    response.read()
    conn.close()
    return {
        "request": f"{method} {path}",
        "status": response.status,
        "retry_after": response.headers.get("Retry-After"),
        "seconds": round(time.perf_counter() - started, 2),
    }


CSRF = "b" * 32  # a CSRF secret of our own, sent as cookie and field: no page needed first


def wait_for_workers(port: int, server, timeout: float = 60) -> None:
    """Until the workers answer at all (the home page needs no database), so no timing
    below includes a worker's start-up."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{server.stderr.read()}")
        try:
            if all(timed(port, "GET", "/")["status"] == 200 for _ in range(4)):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def fault_requests(port: int, cookie: str) -> list[dict]:
    """/healthz, a signed-in page and a valid post of the log form (the seeded person's days
    are UTC's)."""
    cookie = f"{cookie}; csrftoken={CSRF}"
    today = time.strftime("%Y-%m-%d", time.gmtime())
    post = urlencode(log_form(str(uuid.uuid4()), CSRF, today))
    return [
        timed(port, "GET", "/healthz"),
        timed(port, "GET", "/today/", cookie),
        timed(port, "POST", "/sessions/new/", cookie, post),
    ]


def _hold_sqlite(path: str, exclusive: bool) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None, timeout=10)
    if exclusive:
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE accounts_session SET expire_date = expire_date")
    return holder


def sqlite_locked(bench: run.Bench, exclusive: bool) -> list[dict]:
    """Another process holds the file's write lock while the workers are warm, or (exclusive)
    holds it in exclusive locking mode, which shuts out readers too, before they connect."""
    run.prepare(bench)
    [[_, key]] = json.loads(bench.shell(SEED.format(people=1)).strip().splitlines()[-1])
    path = urlsplit(bench.env["DATABASE_URL"]).path
    holder = _hold_sqlite(path, exclusive) if exclusive else None
    server = run.start_gunicorn(bench)
    try:
        if exclusive:
            wait_for_workers(bench.port, server)  # /healthz answers 503 by design
        else:
            run.wait_for_health(bench, server)
            for _ in range(4):  # every worker has its connection open, as in production
                timed(bench.port, "GET", "/today/", f"sessionid={key}")
            holder = _hold_sqlite(path, exclusive)
        return fault_requests(bench.port, f"sessionid={key}")
    finally:
        if holder is not None:
            holder.execute("ROLLBACK")
            holder.close()
        run.stop(server)


def silent_server() -> tuple[socket.socket, list[socket.socket]]:
    """A 'database' that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind((HOST, 0))
    listener.listen(64)
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()
    return listener, held


def postgres_silent(bench: run.Bench) -> list[dict]:
    listener, held = silent_server()
    port = listener.getsockname()[1]
    bench.manage("collectstatic", "--noinput", "-v0")
    bench.env["DATABASE_URL"] = f"postgres://limber@{HOST}:{port}/limber"
    server = run.start_gunicorn(bench)
    try:
        wait_for_workers(bench.port, server)
        return fault_requests(bench.port, "sessionid=" + "x" * 32)
    finally:
        run.stop(server)
        listener.close()
        for conn in held:
            conn.close()


class Postgres:
    """A throwaway database on the given server."""

    def __init__(self, server_url: str):
        self.server_url = server_url
        self.name = f"limber_load_{os.getpid()}"

    def __enter__(self) -> str:
        return run.fresh_database(self.server_url, self.name)

    def __exit__(self, *exc) -> None:
        run.drop_database(self.server_url, self.name)


def fresh_bench(workers: int, database_url: str | None = None) -> tuple[run.Bench, Path]:
    port = run.free_port()
    workdir = Path(tempfile.mkdtemp(prefix="limber-load-"))
    env = run.bench_env(port, workers, workdir, database_url)
    return run.Bench(port=port, env=env), workdir


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60, help="seconds of load per database")
    parser.add_argument("--people", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("LOAD_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        help="a PostgreSQL server URL (its maintenance database)",
    )
    parser.add_argument("--faults-only", action="store_true")
    parser.add_argument("--no-faults", action="store_true")
    args = parser.parse_args()
    report: dict = {"load": {}, "faults": {}}
    engines = ["sqlite", "postgres"] if args.database == "both" else [args.database]

    for engine in engines if not args.faults_only else []:
        print(f"load on {engine}: {args.people} people for {args.duration} s …", file=sys.stderr)
        if engine == "sqlite":
            bench, workdir = fresh_bench(args.workers)
            try:
                report["load"][engine] = load(bench, args.people, args.duration)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)
        else:
            with Postgres(args.postgres) as url:
                bench, workdir = fresh_bench(args.workers, url)
                try:
                    report["load"][engine] = load(bench, args.people, args.duration)
                finally:
                    shutil.rmtree(workdir, ignore_errors=True)

    if not args.no_faults:
        faults = [
            ("sqlite write-locked", lambda bench: sqlite_locked(bench, exclusive=False)),
            ("sqlite locked exclusively", lambda bench: sqlite_locked(bench, exclusive=True)),
            ("postgres never answers", postgres_silent),
        ]
        for label, fault in faults:
            print(f"fault: {label} …", file=sys.stderr)
            bench, workdir = fresh_bench(args.workers)
            try:
                report["faults"][label] = fault(bench)
            finally:
                shutil.rmtree(workdir, ignore_errors=True)

    print(json.dumps(report, indent=2))
    run.RESULTS.mkdir(exist_ok=True)
    (run.RESULTS / f"load-{time.strftime('%Y%m%dT%H%M%S')}.json").write_text(
        json.dumps(report, indent=2)
    )
    failed = [
        f"{engine}: lost {r['lost']}, doubled {r['doubled']}, errors {r['errors']}"
        for engine, r in report["load"].items()
        if r["lost"] or r["doubled"] or r["unexpected"] or r["errors"]
    ]
    failed += [
        f"{label}: {r['request']} answered {r['status']} in {r['seconds']} s"
        for label, rows in report["faults"].items()
        for r in rows
        if r["status"] not in (200, 503)
        or (r["status"] == 503 and not r["retry_after"])
        or r["seconds"] > (1 if "healthz" in r["request"] else 3.5)
    ]
    if failed:
        print("\nFailed:\n  " + "\n  ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
