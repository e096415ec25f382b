"""Steps the end-to-end test of issue 6 takes straight in the running server's SQLite file,
for what other capabilities' mutations do (referral, hub and coach services): run as
`python -m tests.e2e.money_steps <step> [args]` with DATABASE_URL set; prints JSON."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import date
from typing import Any

from tests import factories as f

# the demo accounts of tests/conftest.py (not imported: it rewrites the environment)
COACH = "coach.eop-portland-irco@example.org"
HUB = "hub.latino-network@example.org"


async def enrolled(application_date: str) -> dict[str, Any]:
    row = await f.enrolled_record(
        await f.staff(COACH),
        await f.staff(HUB),
        application_date=date.fromisoformat(application_date),
    )
    return {"enrollment": row.id, "hub": row.provider_id}  # type: ignore[attr-defined]


async def sent(application_date: str) -> dict[str, Any]:
    row = await f.sent_referral(
        await f.staff(COACH), application_date=date.fromisoformat(application_date)
    )
    customer = await row.customer
    return {
        "enrollment": row.id,
        "customer": customer.customer_id,
        "names": [customer.legal_first_name, customer.legal_last_name],
    }


async def copy_coaching(enrollment_id: str, on: str) -> dict[str, Any]:
    from models.enrollments import Enrollment
    from models.services import Service

    ra = await Enrollment.get(id=int(enrollment_id))
    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    coach = await f.staff(COACH)
    original = await f.coaching(program, coach, date.fromisoformat(on))
    copy = await Service.create(
        enrollment=ra,
        type=original.type,
        start_date=original.start_date,
        end_date=original.end_date,
        copied_from=original,
        entered_by=coach,
    )
    ra.lq_fund_service_date = max(ra.lq_fund_service_date or original.end_date, original.end_date)
    await ra.save(update_fields=["lq_fund_service_date"])
    return {"service": copy.id}


async def final_rent_exit(enrollment_id: str, on: str) -> dict[str, Any]:
    from models.enrollments import Enrollment
    from models.rules.enums import ServiceType
    from models.services import Service

    ra = await Enrollment.get(id=int(enrollment_id))
    day = date.fromisoformat(on)
    service = await Service.create(
        enrollment=ra,
        type=ServiceType.HUB_FINAL_RENT_EXIT,
        start_date=day,
        end_date=day,
        entered_by=await f.staff(HUB),
    )
    ra.lq_fund_service_date = day
    await ra.save(update_fields=["lq_fund_service_date"])
    return {"service": service.id}


async def deliver() -> dict[str, Any]:
    from workers.mailer import deliver_pending

    return {"delivered": await deliver_pending()}


STEPS = {
    "enrolled": enrolled,
    "sent": sent,
    "copy-coaching": copy_coaching,
    "final-rent-exit": final_rent_exit,
    "deliver": deliver,
}


async def main(step: str, *args: str) -> None:
    from models.db import close_orm, init_orm

    await init_orm()
    try:
        print(json.dumps(await STEPS[step](*args)))
    finally:
        await close_orm()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], *sys.argv[2:]))
