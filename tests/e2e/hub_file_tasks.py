"""Work on the end-to-end test's own database file, in a process of its own (the test
process keeps its ORM on the test database): `python -m tests.e2e.hub_file_tasks setup`
writes a sent referral with the factories and prints its ids as JSON; `deliver`
delivers the outbox with workers.mailer.deliver_pending(). DATABASE_URL, SMTP_HOST and
SMTP_PORT come from the environment."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import timedelta


async def _setup() -> dict[str, object]:
    from models import clock
    from models.enrollments import Enrollment
    from tests import factories as f

    coach = await f.staff("coach.eop-portland-irco@example.org")
    today = clock.today()
    ra = await f.sent_referral(coach, application_date=today - timedelta(days=5))
    program = await Enrollment.get(customer_id=ra.customer_id, is_ra=False)  # type: ignore[attr-defined]
    original = await f.coaching(program, coach, today)
    customer = await ra.customer
    return {
        "ra": ra.id,
        "program": program.id,
        "original": original.id,
        "hub": ra.provider_id,  # type: ignore[attr-defined]
        "customer_id": customer.customer_id,
        "personal": [customer.legal_first_name, customer.legal_last_name, customer.email],
        "today": today.isoformat(),
    }


async def _deliver() -> dict[str, object]:
    from workers.mailer import deliver_pending

    return {"delivered": await deliver_pending()}


async def _main(task: str) -> None:
    from models import clock
    from models.config import get_settings
    from models.db import close_orm, init_orm

    settings = get_settings()
    clock.configure_from(settings)
    await init_orm(settings.database_url)
    try:
        result = await {"setup": _setup, "deliver": _deliver}[task]()
    finally:
        await close_orm()
    print(json.dumps(result))


if __name__ == "__main__":
    asyncio.run(_main(sys.argv[1]))
