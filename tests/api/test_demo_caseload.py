"""The demo caseload (`seed-demo --caseload`, issue 17 §3): every stage of the program,
dated relative to today, built through the API; idempotent; refused in production."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from api.cli import main
from api.demo import TIMELINES, DemoError, seed_caseload
from models import clock
from models.customers import Customer
from models.enrollments import Enrollment
from models.system import AuditEntry, Notification
from tests.conftest import MANAGER, Api

TODAY = date(2026, 1, 5)  # the timelines reach back into 2024 and across a year's end

RECORDS = """query($after: String) { customers(search: "Demo", first: 50, after: $after) {
  edges { node { customerId enrollments { programStatus stage exitDate
    outcomes { type housingStatus } payments { id } } } }
  pageInfo { hasNextPage endCursor } } }"""


async def _stages(api: Api) -> Counter[str]:
    seen: Counter[str] = Counter()
    after = None
    while True:
        data = await api.ok(RECORDS, {"after": after}, as_=MANAGER)
        for edge in data["customers"]["edges"]:
            for record in edge["node"]["enrollments"]:
                if record["stage"] is not None:  # RA records
                    seen[record["stage"]] += 1
                    seen[record["programStatus"]] += 1
                for outcome in record["outcomes"]:
                    seen[f"{outcome['type']}:{outcome['housingStatus']}"] += 1
                seen["payments"] += len(record["payments"])
        if not data["customers"]["pageInfo"]["hasNextPage"]:
            return seen
        after = data["customers"]["pageInfo"]["endCursor"]


@pytest.mark.timeout(180)
async def test_every_stage_of_the_program_and_idempotent(api: Api) -> None:
    created = await seed_caseload(TODAY)
    assert len(created) == len(TIMELINES)
    clock.freeze(TODAY)
    seen = await _stages(api)
    for stage in ("DRAFT", "READY", "SENT", "ACCEPTED", "ENROLLED", "CLOSED"):
        assert seen[stage] >= 1, f"no {stage} record in {seen}"
    for status in ("OPEN", "PRE_PROGRAM_EXIT", "EXIT", "AUTO_EXIT"):
        assert seen[status] >= 1, f"no {status} record in {seen}"
    assert seen["AT_EXIT:HOUSED"] >= 2
    assert seen["SIX_MONTH_RETENTION:RECEIVED_RA_AGAIN"] == 1  # the returning participant
    assert seen["payments"] >= 10
    emails = await Customer.all().values_list("email", flat=True)
    assert emails and all(str(e).endswith("@example.org") for e in emails)

    rows = (await Enrollment.all().count(), await AuditEntry.all().count(),
            await Notification.all().count())  # fmt: skip
    assert await seed_caseload(TODAY) == []  # a second run adds nothing
    assert rows == (await Enrollment.all().count(), await AuditEntry.all().count(),
                    await Notification.all().count())  # fmt: skip


async def test_refused_in_production(
    seeded: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from models.config import reset_settings

    monkeypatch.setenv("ENVIRONMENT", "prod")
    monkeypatch.setattr("api.logs.configure_logging", lambda settings: None)
    reset_settings()
    try:
        with pytest.raises(DemoError):
            await seed_caseload(TODAY)
        with pytest.raises(SystemExit) as exit_:
            main(["seed-demo", "--caseload"])
        assert exit_.value.code == 2
        assert "refused in production" in capsys.readouterr().err
    finally:
        monkeypatch.undo()
        reset_settings()
    assert await Customer.all().count() == 0
