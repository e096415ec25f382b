"""B5: 1,000 notifications delivered by the worker's code path (read the outbox rows,
send over one reused SMTP connection, mark each sent) against a raw aiosmtplib loop
sending the same 1,000 messages to the same aiosmtpd sink."""

from __future__ import annotations

import os
import time
from email.message import EmailMessage

import aiosmtplib

from bench.harness import Result, fresh_database
from workers.mailsink import MailSink

N = 1000


async def run(url: str) -> Result:
    sink = MailSink().start()
    os.environ.update({"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(sink.port)})
    from models.config import reset_settings

    reset_settings()
    try:
        async with fresh_database(url):
            from models import clock
            from models.system import Notification
            from workers.mailer import deliver

            rows = [
                Notification(
                    kind="bench",
                    dedupe_key=f"bench-{i}",
                    to_address="hub@example.org",
                    subject=f"Referral {i}",
                    body="Customer ID 2000001 was referred.",
                    message_id=f"<bench-{i}@example.org>",
                    created_at=clock.now(),
                )
                for i in range(N)
            ]
            await Notification.bulk_create(rows, batch_size=500)
            ids = list(await Notification.all().values_list("id", flat=True))
            start = time.perf_counter()
            for i in range(0, N, 100):
                await deliver([int(x) for x in ids[i : i + 100]])  # type: ignore[call-overload]
            ours = time.perf_counter() - start
            assert len(sink.messages) == N

            sink.clear()
            start = time.perf_counter()
            async with aiosmtplib.SMTP(hostname="127.0.0.1", port=sink.port) as smtp:
                for i in range(N):
                    msg = EmailMessage()
                    msg["From"] = "rent-assist@example.org"
                    msg["To"] = "hub@example.org"
                    msg["Subject"] = f"Referral {i}"
                    msg["Message-ID"] = f"<raw-{i}@example.org>"
                    msg.set_content("Customer ID 2000001 was referred.")
                    await smtp.send_message(msg)
            baseline = time.perf_counter() - start
            assert len(sink.messages) == N
    finally:
        sink.stop()
    return Result(
        "B5",
        f"mail delivery, {N} notifications through the worker",
        ours,
        baseline,
        notes=["baseline: a raw aiosmtplib loop on one connection, same sink"],
    )
