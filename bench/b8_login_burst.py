"""B8: /healthz latency during a bounded burst of sign-ins (issue 10 §4).

A real `rent-assist serve` process (one uvicorn worker, SQLite) takes N logins with
right passwords, 50 at a time, so that every one is an argon2 check; meanwhile /healthz
is asked every 20 ms. Ours is the /healthz p95 during the burst, the baseline the p95 of
the same process at rest. Before the hashing moved off the event loop, /healthz took up
to 3.4 s at about 3 logins a second. The rate limits are raised for the burst (they
would otherwise refuse most of it: that is their job, measured by the tests).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

from bench.harness import Result

BIN = Path(sys.executable).parent
LOGIN = """
mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token errors { code } } }
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "PYTEST"))}
    env.update(
        ENVIRONMENT="test",
        DATABASE_URL=f"sqlite://{tmp / 'b8.sqlite3'}",
        SECRET_KEY="bench-secret-key-0123456789abcdef0123456789",
        LOGIN_RATE_PER_ADDRESS="1000000/minute",
        LOGIN_RATE_PER_ACCOUNT="1000000/minute",
        METRICS_PORT="0",
        LOG_JSON="true",
        UPLOAD_DIR=str(tmp / "uploads"),
    )
    env.pop("REDIS_URL", None)
    return env


async def _probe(client: httpx.AsyncClient, stop: asyncio.Event, out: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await client.get("/healthz")
        out.append(time.perf_counter() - started)
        await asyncio.sleep(0.02)


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


async def measure(n: int = 500, concurrency: int = 50) -> Result:
    from models.actions.seed import DEMO_PASSWORD, demo_accounts

    tmp = Path(tempfile.mkdtemp(prefix="rent-assist-b8-"))
    env, port = _env(tmp), _free_port()
    for command in ("migrate", "seed-demo"):
        subprocess.run(  # noqa: ASYNC221 - set-up before anything is measured
            [str(BIN / "rent-assist"), command], env=env, check=True, capture_output=True
        )
    server = subprocess.Popen(  # noqa: ASYNC220 - the server under test
        [str(BIN / "rent-assist"), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    emails = [a.email for a in demo_accounts()]
    try:
        base = f"http://127.0.0.1:{port}"
        async with httpx.AsyncClient(base_url=base, timeout=120) as client:
            for _ in range(200):
                try:
                    if (await client.get("/readyz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
            rest: list[float] = []
            stop = asyncio.Event()
            prober = asyncio.create_task(_probe(client, stop, rest))
            await asyncio.sleep(2)
            stop.set()
            await prober
            during: list[float] = []
            stop = asyncio.Event()
            prober = asyncio.create_task(_probe(client, stop, during))
            gate = asyncio.Semaphore(concurrency)
            answers: Counter[str] = Counter()

            async def login(i: int) -> None:
                async with gate:
                    body = (
                        await client.post(
                            "/graphql",
                            json={
                                "query": LOGIN,
                                "variables": {"e": emails[i % len(emails)], "p": DEMO_PASSWORD},
                            },
                        )
                    ).json()
                    payload = body["data"]["login"]
                    answers["signed in" if payload["token"] else payload["errors"][0]["code"]] += 1

            started = time.perf_counter()
            await asyncio.gather(*(login(i) for i in range(n)))
            elapsed = time.perf_counter() - started
            stop.set()
            await prober
    finally:
        server.terminate()
        server.wait(20)
        shutil.rmtree(tmp, ignore_errors=True)
    return Result(
        "B8",
        f"/healthz p95 during {n} logins ({concurrency} at a time) vs at rest",
        _p95(during),
        _p95(rest),
        notes=[
            f"burst: {elapsed:.1f} s, {n / elapsed:.1f} logins/s, answers {dict(answers)}",
            f"/healthz during: p50 {statistics.median(during) * 1000:.1f} ms, "
            f"p95 {_p95(during) * 1000:.1f} ms, max {max(during) * 1000:.1f} ms "
            f"({len(during)} probes); at rest p95 {_p95(rest) * 1000:.1f} ms",
            f"{os.cpu_count()} CPUs, PASSWORD_HASH_CONCURRENCY default",
        ],
    )


async def run(url: str) -> Result:
    return await measure()
