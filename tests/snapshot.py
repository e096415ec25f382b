"""The whole state a refused call must leave alone: every row of the tables the
hub's mutations write, compared before and after (no row, no audit entry, no mail)."""

from __future__ import annotations

from typing import Any

from models.enrollments import Enrollment, Registration
from models.payments import Outcome
from models.services import CaseNote, HousingStatusEntry, Service
from models.system import AuditEntry, Notification

TABLES = (
    Enrollment,
    Registration,
    Service,
    HousingStatusEntry,
    CaseNote,
    Outcome,
    AuditEntry,
    Notification,
)


async def snapshot() -> dict[str, list[dict[str, Any]]]:
    """Every row of the written tables, ordered by id."""
    return {m.__name__: list(await m.all().order_by("id").values()) for m in TABLES}
