"""A live `rent-assist serve` on a fresh migrated and seeded SQLite file, on a free port,
mailing the test's SMTP sink: for the end-to-end tests that need real OS processes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import httpx

from workers.mailsink import MailSink, free_port

BIN = Path(sys.executable).parent
ROOT = Path(__file__).resolve().parents[2]


def server_env(
    tmp_path: Path, sink: MailSink, *, environment: str = "test", today: date | None = None
) -> dict[str, str]:
    """The environment of a served process on its own database file and upload folder."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite://{tmp_path / 'live.sqlite3'}",
        "ENVIRONMENT": environment,
        "SECRET_KEY": "e2e-secret-key-0123456789abcdef0123456789",
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(sink.port),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
    }
    env.pop("REDIS_URL", None)
    env.pop("FROZEN_TODAY", None)
    if today is not None:
        env["FROZEN_TODAY"] = today.isoformat()
    return env


@contextmanager
def live_server(
    tmp_path: Path, sink: MailSink, *, environment: str = "test", today: date | None = None
) -> Iterator[str]:
    """Migrate, seed and serve; yields the base URL; the server log is in tmp_path."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = server_env(tmp_path, sink, environment=environment, today=today)
    env["PUBLIC_BASE_URL"] = base
    for command in ("migrate", "seed-demo"):
        subprocess.run(
            [BIN / "rent-assist", command], env=env, cwd=ROOT, check=True,
            capture_output=True, timeout=60,
        )  # fmt: skip
    log_path = tmp_path / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [BIN / "rent-assist", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None, log_path.read_text()
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.1)
            yield base
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
