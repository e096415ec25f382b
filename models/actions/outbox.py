"""The outbox: an email is a Notification row written in the same transaction as the
change that causes it; after the commit its id (never its content) is handed to the
queue. A worker delivers it and marks it sent; a relay re-enqueues rows left pending.
"""

from __future__ import annotations

import secrets
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from models import clock
from models.config import get_settings
from models.system import Notification, NotificationStatus

Dispatcher = Callable[[list[int]], None]

HAND_OFF_BATCH = 100  # ids per queue message: a worker sends them over one SMTP connection

_dispatcher: Dispatcher | None = None
_created: ContextVar[list[int] | None] = ContextVar("outbox_created", default=None)


def set_dispatcher(dispatcher: Dispatcher | None) -> None:
    """Register what hands a committed notification id to the queue (the workers do)."""
    global _dispatcher
    _dispatcher = dispatcher


def dispatch(notification_ids: Sequence[int]) -> None:
    """Hand committed notification ids to the queue, HAND_OFF_BATCH per message; a lost
    hand-off is caught by the relay."""
    if _dispatcher is None:
        return
    ids = list(notification_ids)
    for start in range(0, len(ids), HAND_OFF_BATCH):
        chunk = ids[start : start + HAND_OFF_BATCH]
        try:
            _dispatcher(chunk)
        except Exception:
            from structlog import get_logger

            get_logger(__name__).warning("outbox.dispatch_failed", count=len(chunk))


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
    dispatch(created)


def enqueue_after_commit(ids: list[int]) -> None:
    """Hand ids to the queue after the current unit of work commits (or now, outside one)."""
    created = _created.get()
    if created is not None:
        created.extend(ids)
    else:
        dispatch(ids)


def _message_id() -> str:
    domain = get_settings().mail_from.rsplit("@", 1)[-1]
    return f"<{secrets.token_hex(16)}@{domain}>"


async def notify(
    *, kind: str, dedupe_key: str, to: str, subject: str, body: str, language: str = "en"
) -> bool:
    """Write an email to the outbox; False when one with this dedupe key exists already.

    The body must not hold a participant's personal data: ids, staff names and links only.
    `language` (a BCP 47 tag) is what subject and body are written in; staff email is English.
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
                language=language,
                message_id=_message_id(),
                created_at=clock.now(),
            )
    except IntegrityError:
        return False
    enqueue_after_commit([row.id])
    return True


# --- delivery bookkeeping (the mailer sends, these record it) ------------------------
#
# Two workers may hold the same id (the relay re-enqueues a row whose first message is
# still queued): each row is claimed with one conditional UPDATE before it is sent. A
# claimed row stays PENDING with sent_at holding the claim time; the claim is a lease
# that expires after LEASE, so a row whose worker died mid-send is picked up again.

LEASE = timedelta(minutes=2)


def _unclaimed(now: datetime) -> Q:
    return Q(sent_at__isnull=True) | Q(sent_at__lt=now - LEASE)


async def claim(notification_id: int) -> bool:
    """Take one pending row for sending; False when another worker holds or sent it."""
    now = clock.now()
    claimed = await Notification.filter(
        _unclaimed(now), id=notification_id, status=NotificationStatus.PENDING
    ).update(sent_at=now)
    return claimed == 1


async def release(notification_id: int) -> None:
    """Give a claimed, unsent row back so a retry or the relay takes it at once."""
    await Notification.filter(id=notification_id, status=NotificationStatus.PENDING).update(
        sent_at=None
    )


async def mark_sent(row: Notification) -> None:
    """Record that the SMTP server accepted the message."""
    await Notification.filter(id=row.id, status=NotificationStatus.PENDING).update(
        status=NotificationStatus.SENT, sent_at=clock.now(), attempts=row.attempts + 1
    )


async def mark_failed(row: Notification, error: str) -> None:
    """Record a message the SMTP server refused for good (it is not retried)."""
    await Notification.filter(id=row.id).update(
        status=NotificationStatus.FAILED, attempts=row.attempts + 1, last_error=error[:500]
    )


async def pending_ids(*, older_than: timedelta = timedelta(0), limit: int = 10_000) -> list[int]:
    """Pending, unclaimed notifications committed more than `older_than` ago, oldest
    first (the relay, and tests that deliver by hand)."""
    now = clock.now()
    ids = (
        await Notification.filter(
            _unclaimed(now), status=NotificationStatus.PENDING, created_at__lte=now - older_than
        )
        .order_by("id")
        .limit(limit)
        .values_list("id", flat=True)
    )
    return [int(i) for i in ids]  # type: ignore[call-overload]
