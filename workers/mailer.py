"""Delivery of outbox notifications over SMTP with aiosmtplib.

Idempotent: a notification already SENT is skipped, and each message carries the
stable Message-ID written with the row, so a duplicate can happen only for a crash
between the SMTP server's reply and our commit. One connection serves a whole batch.
"""

from __future__ import annotations

from collections.abc import Sequence
from email.message import EmailMessage

import aiosmtplib
import structlog

from api.settings import get_settings
from models import clock
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


async def deliver(ids: Sequence[int]) -> int:
    """Send the pending notifications among `ids` over one connection; returns how many."""
    rows = await Notification.filter(id__in=list(ids), status=NotificationStatus.PENDING).order_by(
        "id"
    )
    if not rows:
        return 0
    mail_from = get_settings().mail_from
    sent = 0
    async with _smtp_client() as smtp:
        for row in rows:
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
            await Notification.filter(id=row.id, status=NotificationStatus.PENDING).update(
                status=NotificationStatus.SENT, sent_at=clock.now(), attempts=row.attempts + 1
            )
            sent += 1
            log.info("mail.sent", notification_id=row.id, kind=row.kind)
    return sent


async def deliver_pending(limit: int = 1000) -> int:
    """Send every pending notification, oldest first, in batches (relay and tests)."""
    total = 0
    while True:
        ids = await Notification.filter(status=NotificationStatus.PENDING).order_by("id").limit(
            min(BATCH, limit - total)
        ).values_list("id", flat=True)
        if not ids:
            return total
        total += await deliver([int(i) for i in ids])  # type: ignore[call-overload]
        if total >= limit:
            return total
