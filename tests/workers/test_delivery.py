"""Outbox → queue → worker → SMTP, through a real Dramatiq worker and aiosmtpd sink."""

from __future__ import annotations

from datetime import timedelta

from models import clock
from models.actions import outbox
from models.actions.outbox import LEASE, notify, unit_of_work
from models.system import Notification, NotificationStatus
from tests.conftest import SINK
from tests.workers.conftest import RunningWorker
from workers import actors
from workers.mailer import deliver

TO = "hub.latino-network@example.org"


async def _notify(key: str, *, to: str = TO) -> Notification:
    async with unit_of_work():
        assert await notify(
            kind="TEST", dedupe_key=key, to=to, subject=f"Subject {key}", body="Customer ID 42"
        )
    return await Notification.get(dedupe_key=key)


async def test_committed_notification_is_delivered_once_by_the_worker(
    stub_worker: RunningWorker,
) -> None:
    row = await _notify("one")
    await stub_worker.drained()

    assert [m.subject for m in SINK.to(TO)] == ["Subject one"]
    assert SINK.to(TO)[0].message_id == row.message_id
    await row.refresh_from_db()
    assert row.status == NotificationStatus.SENT
    assert row.attempts == 1
    assert row.sent_at is not None


async def test_an_already_sent_notification_is_not_sent_again(stub_worker: RunningWorker) -> None:
    row = await _notify("twice")
    await stub_worker.drained()
    # a duplicate message and a relay pass find the row SENT: nothing happens
    actors.send_notifications.send([row.id])
    actors.relay_outbox.send()
    await stub_worker.drained()

    assert len(SINK.to(TO)) == 1
    await row.refresh_from_db()
    assert row.attempts == 1


async def test_relay_enqueues_a_notification_whose_hand_off_was_lost(
    stub_worker: RunningWorker,
) -> None:
    outbox.set_dispatcher(None)  # the hand-off is lost, as with Redis down at commit
    lost = await _notify("lost")
    fresh = await _notify("fresh")
    await Notification.filter(id=lost.id).update(created_at=clock.now() - timedelta(minutes=5))
    await stub_worker.drained()
    assert SINK.messages == []

    actors.relay_outbox.send()
    await stub_worker.drained()

    assert [m.subject for m in SINK.messages] == ["Subject lost"]
    await lost.refresh_from_db()
    await fresh.refresh_from_db()
    assert lost.status == NotificationStatus.SENT
    assert fresh.status == NotificationStatus.PENDING  # committed just now: not yet "lost"


async def test_a_failed_hand_off_still_commits_and_the_relay_delivers_it(
    stub_worker: RunningWorker,
) -> None:
    def broker_down(notification_ids: list[int]) -> None:
        raise ConnectionError("redis is down")

    outbox.set_dispatcher(broker_down)
    row = await _notify("redis-down")
    assert row.status == NotificationStatus.PENDING
    await Notification.filter(id=row.id).update(created_at=clock.now() - timedelta(minutes=1))

    actors.relay_outbox.send()
    await stub_worker.drained()
    assert len(SINK.messages) == 1


async def test_smtp_down_leaves_the_row_pending_and_unclaimed_for_the_retry(
    db: str, monkeypatch
) -> None:
    from models.config import get_settings, reset_settings
    from workers.mailsink import free_port

    outbox.set_dispatcher(None)
    row = await _notify("smtp-down")
    monkeypatch.setenv("SMTP_PORT", str(free_port()))  # nothing listens there
    reset_settings()
    try:
        try:
            await deliver([row.id])
        except OSError:
            pass
        else:  # pragma: no cover
            raise AssertionError("deliver should fail with the SMTP server down")
    finally:
        monkeypatch.undo()
        reset_settings()
    assert get_settings().smtp_port == SINK.port
    await row.refresh_from_db()
    assert (row.status, row.sent_at, row.attempts) == (NotificationStatus.PENDING, None, 0)
    assert await deliver([row.id]) == 1
    assert len(SINK.messages) == 1


async def test_a_row_claimed_by_another_worker_is_skipped_until_its_lease_expires(
    db: str,
) -> None:
    outbox.set_dispatcher(None)
    row = await _notify("claimed")
    await Notification.filter(id=row.id).update(sent_at=clock.now())  # another worker's claim
    assert await deliver([row.id]) == 0
    assert SINK.messages == []

    await Notification.filter(id=row.id).update(sent_at=clock.now() - LEASE - timedelta(seconds=1))
    assert await deliver([row.id]) == 1
    assert len(SINK.messages) == 1
    assert await deliver([row.id]) == 0
    assert len(SINK.messages) == 1


async def test_a_refused_recipient_is_failed_and_the_rest_of_the_batch_goes(db: str) -> None:
    outbox.set_dispatcher(None)
    rows = [await _notify(f"batch-{i}") for i in range(3)]
    assert await deliver([r.id for r in rows]) == 3
    assert len(SINK.messages) == 3
    statuses = await Notification.all().values_list("status", flat=True)
    assert set(statuses) == {NotificationStatus.SENT}


async def test_an_smtp_failure_raises_without_the_servers_text_and_keeps_the_row(
    db: str, monkeypatch
) -> None:
    from aiosmtpd.controller import Controller

    from models.config import reset_settings
    from workers.mailer import DeliveryError
    from workers.mailsink import free_port

    class Refusing:
        async def handle_DATA(self, server, session, envelope) -> str:
            return "554 rejected for someone@example.org"

    outbox.set_dispatcher(None)
    row = await _notify("rejected")
    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("SMTP_PORT", str(port))
    reset_settings()
    try:
        try:
            await deliver([row.id])
        except DeliveryError as exc:
            assert "someone" not in str(exc)
            assert "554" in str(exc)
        else:  # pragma: no cover
            raise AssertionError("deliver should raise")
    finally:
        controller.stop()
        monkeypatch.undo()
        reset_settings()
    await row.refresh_from_db()
    assert (row.status, row.sent_at) == (NotificationStatus.PENDING, None)
