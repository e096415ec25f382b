"""The worker and scheduler processes, and the in-process runtime of `rent-assist dev`.

With REDIS_URL set, `serve`, `worker` and `scheduler` are separate processes sharing
Redis. In dev without it, the API process runs a Dramatiq worker (StubBroker + worker
threads) and the scheduler itself, so `make dev` needs no Redis.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import threading
from dataclasses import dataclass
from typing import Any

import structlog

from models.config import Settings

log = structlog.get_logger(__name__)


@dataclass
class Runtime:
    """What the API process started besides itself; stop() is blocking."""

    worker: Any = None
    scheduler: Any = None

    def stop(self, timeout_ms: int = 10_000) -> None:
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        if self.worker is not None:
            self.worker.stop(timeout=timeout_ms)
            self.worker = None


def start_for_api(settings: Settings, *, with_scheduler: bool = False) -> Runtime:
    """Connect the API to the broker (REDIS_URL); in dev without it, run a worker in this
    process, and the scheduler too only when `with_scheduler` (`rent-assist dev`; never
    `serve`, whose start-up must not sweep the records of whoever runs it). Otherwise
    (tests, a misconfigured prod) there is no broker: notifications wait in the outbox
    for whatever delivers them."""
    from workers.broker import setup_broker

    if settings.redis_url:
        setup_broker(settings.redis_url, db_url=settings.database_url)
        return Runtime()
    if not settings.is_dev:
        log.warning("runtime.no_broker", detail="REDIS_URL unset: mail waits in the outbox")
        return Runtime()
    from apscheduler.schedulers.background import BackgroundScheduler
    from dramatiq import Worker

    from workers import scheduler as schedules

    broker = setup_broker(None, db_url=settings.database_url)
    worker = Worker(broker, worker_threads=2, worker_timeout=200)
    worker.start()
    sched = None
    if with_scheduler:
        sched = BackgroundScheduler()
        schedules.start(sched, settings)
    log.info("runtime.in_process", worker_threads=2, scheduler=with_scheduler)
    return Runtime(worker=worker, scheduler=sched)


def _serve_worker_metrics(host: str, port: int, path: str) -> None:
    from prometheus_client import CollectorRegistry, start_http_server
    from prometheus_client.multiprocess import MultiProcessCollector

    registry = CollectorRegistry()
    MultiProcessCollector(registry, path=path)
    start_http_server(port, addr=host, registry=registry)
    log.info("worker.metrics", port=port)


def run_worker(
    settings: Settings, *, threads: int, metrics_port: int, metrics_host: str, drain_seconds: int
) -> int:
    """Consume messages until SIGTERM/SIGINT, then drain: in-flight messages finish,
    prefetched ones go back to the queue. Meant to be exec'ed (PID 1 in a container)."""
    if metrics_port:
        # dramatiq's Prometheus middleware reads these at import: one directory per process
        os.environ["dramatiq_prom_db"] = tempfile.mkdtemp(prefix="ra-worker-prom-")  # noqa: SIM112
    from dramatiq import Worker

    from workers.broker import setup_broker

    broker = setup_broker(
        settings.redis_url, db_url=settings.database_url, prometheus=bool(metrics_port)
    )
    broker.emit_after("process_boot")
    if metrics_port:
        path = os.environ["dramatiq_prom_db"]  # noqa: SIM112
        _serve_worker_metrics(metrics_host, metrics_port, path)
    stop = threading.Event()

    def _on_signal(signum: int, frame: Any) -> None:
        log.info("worker.signal", signal=signal.Signals(signum).name)
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    worker = Worker(broker, worker_threads=threads, worker_timeout=1000)
    worker.start()
    log.info("worker.started", threads=threads, broker=type(broker).__name__, pid=os.getpid())
    stop.wait()
    log.info("worker.draining", timeout_s=drain_seconds)
    worker.stop(timeout=drain_seconds * 1000)
    broker.close()
    if metrics_port:
        shutil.rmtree(os.environ["dramatiq_prom_db"], ignore_errors=True)  # noqa: SIM112
    log.info("worker.stopped")
    return 0


def run_scheduler(settings: Settings) -> int:
    """The one scheduler process: enqueue on schedule until SIGTERM/SIGINT."""
    from apscheduler.schedulers.blocking import BlockingScheduler

    from workers import scheduler as schedules
    from workers.broker import setup_broker

    setup_broker(settings.redis_url, db_url=settings.database_url)
    sched = BlockingScheduler()

    def _on_signal(signum: int, frame: Any) -> None:
        log.info("scheduler.signal", signal=signal.Signals(signum).name)
        sched.shutdown(wait=False)

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    schedules.start(sched, settings)
    log.info("scheduler.stopped")
    return 0
