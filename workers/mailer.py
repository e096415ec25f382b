"""Delivery of outbox notifications over SMTP with aiosmtplib.

Idempotent: a notification already SENT is skipped, and each message carries the
stable Message-ID written with the row, so a duplicate can happen only for a crash
between the SMTP server's reply and our commit. One connection serves a whole batch.

Each row is claimed before it is sent and its outcome recorded by the outbox actions
(models/actions/outbox.py), the only code that writes notification rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage

import aiosmtplib
import structlog

from models.actions import outbox
from models.config import get_settings
from models.system import Notification, NotificationStatus

log = structlog.get_logger(__name__)

BATCH = 100


def _message(row: Notification, mail_from: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = mail_from
    msg["To"] = row.to_address
    msg["Subject"] = row.subject
    msg["Message-ID"] = row.message_id
    msg.set_content(row.body)
    msg["Content-Language"] = row.language  # after set_content, which clears Content-*
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
            if not await outbox.claim(row.id):
                continue
            try:
                await smtp.send_message(_message(row, mail_from))
            except aiosmtplib.SMTPRecipientsRefused as exc:
                await outbox.mark_failed(row, str(exc))
                log.warning("mail.refused", notification_id=row.id, kind=row.kind)
                continue
            except BaseException:
                await outbox.release(row.id)
                raise
            await outbox.mark_sent(row)
            sent += 1
            log.info("mail.sent", notification_id=row.id, kind=row.kind)
    return sent


async def deliver_pending(limit: int = 1000) -> int:
    """Send every pending, unclaimed notification, oldest first, in batches (tests, CLI)."""
    total = 0
    previous: list[int] = []
    while total < limit:
        ids = await outbox.pending_ids(limit=min(BATCH, limit - total))
        if not ids or ids == previous:  # nothing left, or all held by other workers
            break
        previous = ids
        total += await deliver(ids)
    return total
