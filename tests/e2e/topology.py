"""The production topology as separate OS processes, for tests/e2e/test_topology.py.

A fresh PostgreSQL database, a private redis-server on a free port (never the shared
one: the tests stop and restart it), a real aiosmtpd sink in the test process, and
`rent-assist serve` x2, `worker` x2, `scheduler` x1 as subprocesses. Each child runs in
its own session, so a SIGTERM reaches that process only (Dramatiq hangs if its whole
process group gets it).
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workers.mailsink import MailSink, _Handler, free_port

BIN = Path(sys.executable).parent
METRICS_TOKEN = "e2e-metrics-token-0123456789abcdef0123"


class SlowHandler(_Handler):
    """Accepts each message after a short pause, so a batch takes a while to deliver."""

    delay = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        return await super().handle_DATA(server, session, envelope)


class Sink(MailSink):
    """The test's SMTP server; stop() and start() again on the same port."""

    def __init__(self) -> None:
        super().__init__()
        self.handler = SlowHandler(self)

    def start(self) -> Sink:
        from aiosmtpd.controller import Controller

        self._controller = Controller(self.handler, hostname=self.host, port=self.port)
        self._controller.start()
        return self

    def message_ids(self) -> list[str]:
        with self.lock:
            return [m.message_id for m in self.messages]


@dataclass
class Proc:
    name: str
    popen: subprocess.Popen[bytes]
    log: Path
    port: int | None = None

    def terminate(self) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(signal.SIGTERM)

    def wait(self, seconds: float) -> int | None:
        try:
            return self.popen.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            return None

    def tail(self, lines: int = 30) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return f"--- {self.name} ---\n" + "\n".join(text.splitlines()[-lines:])


@dataclass
class Topology:
    """Everything the end-to-end run started; stop() ends it all (by pid)."""

    tmp: Path
    admin_url: str
    db_url: str = ""
    redis_port: int = 0
    redis: Proc | None = None
    sink: Sink = field(default_factory=Sink)
    apis: list[Proc] = field(default_factory=list)
    workers: list[Proc] = field(default_factory=list)
    scheduler: Proc | None = None
    env: dict[str, str] = field(default_factory=dict)

    @property
    def redis_url(self) -> str:
        return f"redis://127.0.0.1:{self.redis_port}/0"

    # --- services ---------------------------------------------------------------------

    def create_database(self) -> None:
        name = f"rent_e2e_{uuid.uuid4().hex[:10]}"
        _sql(self.admin_url, f'CREATE DATABASE "{name}"')
        self.db_url = self.admin_url.rsplit("/", 1)[0] + "/" + name

    def drop_database(self) -> None:
        if self.db_url:
            name = self.db_url.rsplit("/", 1)[1]
            _sql(self.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def start_redis(self) -> None:
        self.redis_port = self.redis_port or free_port()
        log = self.tmp / "redis.log"
        popen = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
            ],
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.redis = Proc("redis", popen, log, self.redis_port)
        _wait(lambda: _redis_ping(self.redis_port), 10, "redis-server")

    def stop_redis(self) -> None:
        if self.redis is not None:
            self.redis.terminate()
            self.redis.wait(10)
            self.redis = None

    # --- our processes ----------------------------------------------------------------

    def base_env(self) -> dict[str, str]:
        # prod runs on the real clock: the suite's TEST_CLOCK_SHIFT_SECONDS is not passed on
        env = {k: v for k, v in os.environ.items() if not k.startswith(("TEST_", "PYTEST"))}
        env.update(
            ENVIRONMENT="prod",
            SECRET_KEY="e2e-secret-key-0123456789abcdef0123456789",
            DATABASE_URL=self.db_url,
            REDIS_URL=self.redis_url,
            SMTP_HOST="127.0.0.1",
            SMTP_PORT=str(self.sink.port),
            MAIL_FROM="rent-assist@example.org",
            PUBLIC_BASE_URL="http://127.0.0.1",
            UPLOAD_DIR=str(self.tmp / "uploads"),
            OUTBOX_RELAY_SECONDS="2",
            LOG_JSON="true",
            METRICS_PORT="0",  # several API processes on one machine: no fixed port
            METRICS_TOKEN=METRICS_TOKEN,
        )
        env.pop("FROZEN_TODAY", None)
        return env

    def run(self, *args: str, **env: str) -> None:
        subprocess.run(
            [str(BIN / "rent-assist"), *args],
            env={**self.base_env(), **env},
            check=True,
            capture_output=True,
            timeout=120,
        )

    def spawn(self, name: str, *args: str, port: int | None = None) -> Proc:
        log = self.tmp / f"{name}.log"
        popen = subprocess.Popen(
            [str(BIN / "rent-assist"), *args],
            env=self.base_env(),
            stdout=log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return Proc(name, popen, log, port)

    def start_api(self) -> Proc:
        port = free_port()
        proc = self.spawn(
            f"api-{len(self.apis) + 1}",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            port=port,
        )
        self.apis.append(proc)
        _wait(lambda: _http_ok(f"http://127.0.0.1:{port}/readyz"), 30, proc.name, proc)
        return proc

    def start_worker(self) -> Proc:
        port = free_port()
        proc = self.spawn(
            f"worker-{len(self.workers) + 1}",
            "worker",
            "--threads",
            "4",
            "--metrics-port",
            str(port),
            "--metrics-host",
            "127.0.0.1",
            "--drain-seconds",
            "20",
            port=port,
        )
        self.workers.append(proc)
        _wait(lambda: _http_ok(f"http://127.0.0.1:{port}/"), 30, proc.name, proc)
        return proc

    def start_scheduler(self) -> Proc:
        self.scheduler = self.spawn("scheduler", "scheduler")
        return self.scheduler

    def all_procs(self) -> list[Proc]:
        procs = [*self.apis, *self.workers]
        if self.scheduler is not None:
            procs.append(self.scheduler)
        return procs

    def logs(self) -> str:
        return "\n".join(p.tail() for p in self.all_procs())

    def stop(self) -> None:
        for proc in self.all_procs():
            proc.terminate()
        for proc in self.all_procs():
            if proc.wait(30) is None:
                proc.popen.kill()
        self.stop_redis()
        self.sink.stop()


def _sql(url: str, statement: str) -> None:
    code = (
        "import asyncio, asyncpg, sys\n"
        "async def main():\n"
        "    c = await asyncpg.connect(sys.argv[1])\n"
        "    try:\n"
        "        await c.execute(sys.argv[2])\n"
        "    finally:\n"
        "        await c.close()\n"
        "asyncio.run(main())\n"
    )
    url = url.replace("asyncpg://", "postgres://", 1)
    subprocess.run([sys.executable, "-c", code, url, statement], check=True, timeout=60)


def _redis_ping(port: int) -> bool:
    import redis

    try:
        return bool(redis.Redis(port=port, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def _http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 - loopback
            return bool(response.status == 200)
    except OSError:
        return False


def _wait(check: Any, seconds: float, what: str, proc: Proc | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        if proc is not None and proc.popen.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.popen.returncode}\n{proc.tail()}")
        time.sleep(0.2)
    raise TimeoutError(f"{what} not ready after {seconds}s\n{proc.tail() if proc else ''}")
