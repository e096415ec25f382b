"""The outbox: an email is a Notification row written in the same transaction as the
change that causes it; after the commit its id (never its content) is handed to the
queue. A worker delivers it and marks it sent; a relay re-enqueues rows left pending.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from api.settings import get_settings
from models import clock
from models.system import Notification

Dispatcher = Callable[[int], None]

_dispatcher: Dispatcher | None = None
_created: ContextVar[list[int] | None] = ContextVar("outbox_created", default=None)


def set_dispatcher(dispatcher: Dispatcher | None) -> None:
    """Register what hands a committed notification id to the queue (the workers do)."""
    global _dispatcher
    _dispatcher = dispatcher


def dispatch(notification_id: int) -> None:
    """Hand one notification id to the queue; a lost hand-off is caught by the relay."""
    if _dispatcher is not None:
        _dispatcher(notification_id)


@asynccontextmanager
async def unit_of_work() -> AsyncIterator[None]:
    """One transaction; the notifications it wrote are enqueued only after it commits.

    Nested use joins the outer unit of work.
    """
    if _created.get() is not None:
        yield
        return
    token = _created.set([])
    try:
        async with in_transaction():
            yield
        created = list(_created.get() or [])
    finally:
        _created.reset(token)
    for notification_id in created:
        try:
            dispatch(notification_id)
        except Exception:
            from structlog import get_logger

            get_logger(__name__).warning("outbox.dispatch_failed", notification_id=notification_id)


def _message_id() -> str:
    domain = get_settings().mail_from.rsplit("@", 1)[-1]
    return f"<{secrets.token_hex(16)}@{domain}>"


async def notify(*, kind: str, dedupe_key: str, to: str, subject: str, body: str) -> bool:
    """Write an email to the outbox; False when one with this dedupe key exists already.

    The body must not hold a participant's personal data: ids, staff names and links only.
    """
    if await Notification.filter(dedupe_key=dedupe_key).exists():
        return False
    try:
        async with in_transaction():
            row = await Notification.create(
                kind=kind,
                dedupe_key=dedupe_key,
                to_address=to,
                subject=subject,
                body=body,
                message_id=_message_id(),
                created_at=clock.now(),
            )
    except IntegrityError:
        return False
    created = _created.get()
    if created is not None:
        created.append(row.id)
    else:
        dispatch(row.id)
    return True


async def notify_many(*, kind: str, emails: Sequence[tuple[str, str, str, str]]) -> int:
    """Write many emails to the outbox with a constant number of statements (sweeps):
    emails are (dedupe_key, to, subject, body); the caller makes sure their dedupe keys
    are new. Their ids are handed to the queue after the unit of work commits.

    The bodies must not hold a participant's personal data: ids, staff names and links only.
    """
    if not emails:
        return 0
    domain = get_settings().mail_from.rsplit("@", 1)[-1]
    batch = secrets.token_hex(12)
    at = clock.now()
    rows = [
        Notification(
            kind=kind,
            dedupe_key=dedupe_key,
            to_address=to,
            subject=subject,
            body=body,
            message_id=f"<{batch}.{i}@{domain}>",
            created_at=at,
        )
        for i, (dedupe_key, to, subject, body) in enumerate(emails)
    ]
    await Notification.bulk_create(rows, batch_size=None)
    ids = await Notification.filter(message_id__startswith=f"<{batch}.").values_list(
        "id", flat=True
    )
    created = _created.get()
    for notification_id in ids:
        if created is not None:
            created.append(notification_id)  # type: ignore[arg-type]
        else:
            dispatch(notification_id)  # type: ignore[arg-type]
    return len(rows)
