"""Load benchmark of the server (not a test): concurrent POST /api/v1/check for a fixed time.

    python bench/load.py                              # SQLite
    python bench/load.py --postgres postgresql://postgres@127.0.0.1:5432/postgres
    .ci/with-postgres .venv/bin/python bench/load.py  # both, with a throwaway PostgreSQL

For each store it starts `python -m newsvet.serve` on a free loopback port, sends one check to
warm the workers, then runs CONCURRENCY clients in a second process for DURATION seconds (the
clients stop by themselves), and prints throughput, p50/p95 latency and the error count. Every
answered check must be stored: the stored report count is compared with the 201 answers.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsvet.store import open_store  # noqa: E402

ARTICLE = ROOT / "examples" / "let-headquarters-wrong.txt"


@dataclass
class LoadResult:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    elapsed: float = 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


async def _client(url: str, token: str, body: bytes, stop_at: float, result: LoadResult) -> None:
    headers = {"Content-Type": "text/plain", "Authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(timeout=120) as client:
        while time.monotonic() < stop_at:
            start = time.monotonic()
            try:
                answer = await client.post(f"{url}/api/v1/check", content=body, headers=headers)
            except httpx.HTTPError as err:
                result.failures.append(f"{type(err).__name__}: {err}")
                continue
            result.statuses[answer.status_code] = result.statuses.get(answer.status_code, 0) + 1
            if answer.status_code == 201:
                result.latencies.append(time.monotonic() - start)
            else:
                result.failures.append(f"{answer.status_code}: {answer.text[:200]}")


def run_load(url: str, token: str, body: bytes, duration: float, concurrency: int) -> LoadResult:
    """In the load process: ``concurrency`` clients until ``duration`` has passed."""
    result = LoadResult()
    start = time.monotonic()

    async def main() -> None:
        stop_at = time.monotonic() + duration
        await asyncio.gather(*(_client(url, token, body, stop_at, result) for _ in range(concurrency)))

    asyncio.run(main())
    result.elapsed = time.monotonic() - start
    return result


def fresh_postgres(server: str) -> tuple[str, str]:
    import psycopg

    name = f"newsvet_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}")), name


def drop_postgres(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def bench(label: str, database: str, args: argparse.Namespace) -> bool:
    with open_store(database) as store:
        token = store.create_token("bench")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = tempfile.NamedTemporaryFile(prefix="newsvet-serve-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "newsvet.serve", "--port", str(port), "--workers", str(args.workers),
         "--database", database],
        cwd=ROOT,
        # The bench measures checking, not the rate limiter.
        env={**os.environ, "NEWSVET_RATE_LIMIT": "0"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(url, server)
        body = args.article.read_bytes()
        warm = httpx.post(
            f"{url}/api/v1/check", content=body, timeout=300,
            headers={"Content-Type": "text/plain", "Authorization": f"Bearer {token}"},
        )
        warm.raise_for_status()
        with multiprocessing.get_context("spawn").Pool(1) as pool:
            result = pool.apply(run_load, (url, token, body, args.duration, args.concurrency))
    finally:
        server.terminate()
        server.wait(60)
    with open_store(database) as store:
        stored = store.count() - 1  # less the warm-up
    return report(label, args, result, stored, log.name)


def _wait(url: str, server: subprocess.Popen[bytes], timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"the server exited with {server.returncode}")
        try:
            if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the server at {url} did not start in {timeout} s")


def report(label: str, args: argparse.Namespace, result: LoadResult, stored: int, log: str) -> bool:
    ok = len(result.latencies)
    errors = len(result.failures)
    lat = sorted(result.latencies)
    p50 = statistics.median(lat) if lat else float("nan")
    p95 = lat[min(len(lat) - 1, int(0.95 * len(lat)))] if lat else float("nan")
    print(
        f"{label:<11} {args.concurrency} clients, {args.workers} workers, {result.elapsed:.0f} s: "
        f"{ok} checks, {ok / result.elapsed:.2f}/s, p50 {p50 * 1000:.0f} ms, "
        f"p95 {p95 * 1000:.0f} ms, errors {errors}, stored {stored}"
    )
    for failure in result.failures[:5]:
        print(f"  error: {failure}")
    if stored != ok:
        print(f"  LOST: {ok} checks answered 201 but {stored} reports stored (server log: {log})")
    return errors == 0 and stored == ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per store")
    parser.add_argument("--concurrency", type=int, default=8, help="clients sending at once")
    parser.add_argument("--workers", type=int, default=2, help="checking processes in the server")
    parser.add_argument("--article", type=Path, default=ARTICLE)
    parser.add_argument(
        "--postgres",
        default=os.environ.get("NEWSVET_TEST_DATABASE_URL"),
        help="a PostgreSQL server URL; a fresh database is made on it and dropped after",
    )
    args = parser.parse_args()
    good = True
    with tempfile.TemporaryDirectory() as folder:
        good &= bench("sqlite", str(Path(folder) / "bench.sqlite"), args)
    if args.postgres:
        url, name = fresh_postgres(args.postgres)
        try:
            good &= bench("postgresql", url, args)
        finally:
            drop_postgres(args.postgres, name)
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
