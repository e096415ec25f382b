"""ORM steps of the end-to-end test, run in their own short-lived process against the
server's database: writing the documents another capability uploads, and delivering
the outbox to the test's SMTP sink with workers.mailer.deliver_pending().

A separate process, because initialising a second ORM context inside the test process
re-binds the models to that database's dialect for the rest of the session.

    python -m tests.e2e.orm_steps documents <customer pk> <ra pk> <YYYY-MM-DD>
    python -m tests.e2e.orm_steps deliver
(DATABASE_URL, SMTP_HOST and SMTP_PORT from the environment)
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date


async def documents(customer_pk: int, ra_pk: int, day: date) -> None:
    """The Career Plan and the signed application of the RA record (R-DOC-5)."""
    from models.customers import Customer
    from models.enrollments import Enrollment
    from models.rules.enums import DocumentType
    from tests import factories

    customer = await Customer.get(id=customer_pk)
    ra = await Enrollment.get(id=ra_pk)
    await factories.document(customer, DocumentType.INDIVIDUAL_PLAN, day)
    await factories.document(customer, DocumentType.RENT_ASSISTANCE_APPLICATION, day, enrollment=ra)


async def main(argv: list[str]) -> int:
    from models.db import close_orm, init_orm
    from workers.mailer import deliver_pending

    await init_orm()
    try:
        if argv[0] == "documents":
            await documents(int(argv[1]), int(argv[2]), date.fromisoformat(argv[3]))
        elif argv[0] == "deliver":
            print(await deliver_pending())
        else:
            raise SystemExit(f"unknown step {argv[0]!r}")
    finally:
        await close_orm()
    return 0


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main(sys.argv[1:])))
