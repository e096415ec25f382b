"""Delivery of outbox notifications over SMTP with aiosmtplib.

Idempotent: a notification already SENT is skipped, and each message carries the
stable Message-ID written with the row, so a duplicate can happen only for a crash
between the SMTP server's reply and our commit. One connection serves a whole batch.

Two workers may hold the same id (the relay re-enqueues a row whose first message is
still queued): each row is claimed with one conditional UPDATE before it is sent. A
claimed row stays PENDING with `sent_at` holding the claim time; the claim is a lease
that expires after LEASE, so a row whose worker died mid-send is picked up again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from email.message import EmailMessage
from typing import cast

import aiosmtplib
import structlog
from tortoise.expressions import Q

from api.settings import get_settings
from models import clock
from models.system import Notification, NotificationStatus

log = structlog.get_logger(__name__)

BATCH = 100
LEASE = timedelta(minutes=2)


def _unclaimed(now_: object) -> Q:
    return Q(sent_at__isnull=True) | Q(sent_at__lt=now_)


async def _claim(row_id: int) -> bool:
    """Take one pending row for sending; False when another worker holds or sent it."""
    now = clock.now()
    claimed = await Notification.filter(
        _unclaimed(now - LEASE), id=row_id, status=NotificationStatus.PENDING
    ).update(sent_at=now)
    return claimed == 1


async def relayable_ids(*, older_than: timedelta, limit: int = 10_000) -> list[int]:
    """Pending notifications committed more than `older_than` ago and not being sent."""
    now = clock.now()
    ids = (
        await Notification.filter(
            _unclaimed(now - LEASE),
            status=NotificationStatus.PENDING,
            created_at__lt=now - older_than,
        )
        .order_by("id")
        .limit(limit)
        .values_list("id", flat=True)
    )
    return cast(list[int], list(ids))


def _message(row: Notification, mail_from: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg["Message-ID"] = row.message_id
    msg.set_content(row.body)
    return msg


def _smtp_client() -> aiosmtplib.SMTP:
    s = get_settings()
    return aiosmtplib.SMTP(
        hostname=s.smtp_host or "127.0.0.1",
        port=s.smtp_port,
        username=s.smtp_username,
        password=s.smtp_password,
        start_tls=s.smtp_starttls,
        use_tls=False,
        timeout=15,
    )


class DeliveryError(Exception):
    """An SMTP failure, without the server's text (it can quote an address)."""


async def deliver(ids: Sequence[int]) -> int:
    """Send the pending notifications among `ids` over one connection; returns how many.

    Raises when the SMTP server is unreachable or fails: the rows stay PENDING for the
    actor's retry or the relay.
    """
    try:
        return await _deliver(ids)
    except aiosmtplib.SMTPResponseException as exc:
        raise DeliveryError(f"{type(exc).__name__} {exc.code}") from None


async def _deliver(ids: Sequence[int]) -> int:
    rows = await Notification.filter(id__in=list(ids), status=NotificationStatus.PENDING).order_by(
        "id"
    )
    if not rows:
        return 0
    mail_from = get_settings().mail_from
    sent = 0
    async with _smtp_client() as smtp:
        for row in rows:
            if not await _claim(row.id):
                continue
            try:
                await smtp.send_message(_message(row, mail_from))
            except aiosmtplib.SMTPRecipientsRefused as exc:
                await Notification.filter(id=row.id).update(
                    status=NotificationStatus.FAILED,
                    attempts=row.attempts + 1,
                    last_error=str(exc)[:500],
                )
                log.warning("mail.refused", notification_id=row.id, kind=row.kind)
                continue
            except BaseException:
                # not sent: release the claim so the retry or the relay takes it at once
                await Notification.filter(id=row.id, status=NotificationStatus.PENDING).update(
                    sent_at=None
                )
                raise
            await Notification.filter(id=row.id, status=NotificationStatus.PENDING).update(
                status=NotificationStatus.SENT, sent_at=clock.now(), attempts=row.attempts + 1
            )
            sent += 1
            log.info("mail.sent", notification_id=row.id, kind=row.kind)
    return sent


async def deliver_pending(limit: int = 1000) -> int:
    """Send every pending, unclaimed notification, oldest first, in batches (tests, CLI)."""
    total = 0
    previous: list[int] = []
    while total < limit:
        ids = (
            await Notification.filter(
                _unclaimed(clock.now() - LEASE), status=NotificationStatus.PENDING
            )
            .order_by("id")
            .limit(min(BATCH, limit - total))
            .values_list("id", flat=True)
        )
        if not ids or list(ids) == previous:  # nothing left, or all held by other workers
            break
        previous = cast(list[int], list(ids))
        total += await deliver(previous)
    return total
