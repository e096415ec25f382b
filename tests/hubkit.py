"""Shared setup of the hub's tests (issue 5): the frozen calendar and the actors."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from models import clock
from models.staff import Staff
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER

TODAY = date(2025, 3, 10)
APPLIED = date(2025, 3, 1)


@dataclass
class People:
    coach: Staff
    coach_ojf: Staff
    hub: Staff
    advocate: Staff
    hub_ojf: Staff
    manager: Staff


async def people(today: date = TODAY) -> People:
    """The demo accounts, with the clock frozen on `today`."""
    clock.freeze(today)
    emails = (COACH, COACH_OJF, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER)
    return People(*[await f.staff(e) for e in emails])


def errors(payload: dict) -> list[tuple[str, str | None]]:
    """A payload's errors as (code, field), every message citing a rule."""
    assert all("(R-" in e["message"] for e in payload["errors"]), payload["errors"]
    return [(e["code"], e["field"]) for e in payload["errors"]]


def forbidden(body: dict) -> bool:
    """The call was refused with a top-level FORBIDDEN and no data."""
    codes = [e.get("extensions", {}).get("code") for e in body.get("errors", [])]
    return codes == ["FORBIDDEN"]
