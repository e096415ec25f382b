"""Dramatiq middleware of our own: the ORM on the worker's event-loop thread.

Async actors run on the one event loop the `AsyncIO` middleware starts. Database
connections belong to a loop, so the worker opens its own Tortoise context on that
loop at boot (never the API's, even when both live in one `rent-assist dev` process)
and makes it the current context of every message it processes.
"""

from __future__ import annotations

from typing import Any

from dramatiq import Broker, Middleware
from dramatiq.asyncio import get_event_loop_thread
from tortoise.context import TortoiseContext, _current_context

from models.db import tortoise_config


class TortoiseOrm(Middleware):
    """Open the ORM on the worker's loop after boot, close it at shutdown.

    Place it after `AsyncIO` in the middleware list: `before_*` hooks run in list order
    (the loop exists when we open) and `after_*` hooks in reverse (we close before the
    loop stops).
    """

    def __init__(self, db_url: str | None = None) -> None:
        self.db_url = db_url
        self.context: TortoiseContext | None = None

    def before_worker_boot(self, broker: Broker, worker: Any) -> None:
        loop_thread = get_event_loop_thread()
        if loop_thread is None:
            raise RuntimeError("TortoiseOrm needs the AsyncIO middleware before it")
        context = TortoiseContext()
        config = tortoise_config(self.db_url)

        async def open_() -> None:
            # current during init, or Tortoise would touch the caller's (the API's) context
            _current_context.set(context)
            await context.init(config=config)

        loop_thread.run_coroutine(open_())
        self.context = context

    def before_process_message(self, broker: Broker, message: Any) -> None:
        # The actor's coroutine is scheduled from this worker thread and inherits its
        # context variables: make our Tortoise context the current one here.
        if self.context is not None:
            _current_context.set(self.context)

    def after_worker_shutdown(self, broker: Broker, worker: Any) -> None:
        loop_thread = get_event_loop_thread()
        context, self.context = self.context, None
        if context is not None and loop_thread is not None and loop_thread.loop.is_running():

            async def close() -> None:
                _current_context.set(context)
                await context.close_connections()

            loop_thread.run_coroutine(close())
