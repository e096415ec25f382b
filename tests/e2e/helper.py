"""Rows for the browser tests, written into the live server's own SQLite file.

The test process keeps its ORM on the test database, so the rows of the live server's
database are made here, in a child process: `python -m tests.e2e.helper <command>
--today YYYY-MM-DD [...]` with DATABASE_URL (and SMTP_*) in the environment. It prints
one JSON object. Mail is delivered with workers.mailer.deliver_pending() to the test's
SMTP sink, so the test opens the link from the caught email as a participant would.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from datetime import date, timedelta
from typing import Any

COACH = "coach.eop-portland-irco@example.org"  # as tests.conftest (not imported: it sets env)


async def _sign_request(args: argparse.Namespace) -> dict[str, Any]:
    from models.actions.link_requests import send_signature_request
    from models.rules.enums import Language
    from tests import factories as f
    from workers.mailer import deliver_pending

    coach = await f.staff(COACH)
    cust = await f.customer(coach, preferred_language=Language(args.language))
    ra = await f.ra_record(cust, coach, application_date=args.today - timedelta(days=7))
    link, errors = await send_signature_request(actor=coach, enrollment=ra)
    assert link is not None, errors
    await deliver_pending()
    return {
        "enrollment_id": ra.id,
        "customer_id": cust.id,
        "email": cust.email,
        "customer_number": cust.customer_id,
        "coach": coach.name,
    }


async def _upload_request(args: argparse.Namespace) -> dict[str, Any]:
    from models.actions.link_requests import send_upload_request
    from models.rules.enums import DocumentType
    from tests import factories as f
    from workers.mailer import deliver_pending

    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    link, errors = await send_upload_request(
        actor=coach, customer=cust, document_type=DocumentType(args.type)
    )
    assert link is not None, errors
    await deliver_pending()
    return {"customer_id": cust.id, "email": cust.email, "coach": coach.name}


async def _state(args: argparse.Namespace) -> dict[str, Any]:
    from models.config import get_settings
    from models.customers import Document, ParticipantLink
    from models.rules.enums import DocumentType

    docs = await Document.filter(customer_id=args.customer).order_by("id")
    result: dict[str, Any] = {
        "documents": [
            {
                "type": d.type.value,
                "content_type": d.content_type,
                "enrollment_id": d.enrollment_id,
                "evidence": d.signature_evidence,
                "path": str(get_settings().upload_dir / d.storage_key),
            }
            for d in docs
        ],
        "links_used": await ParticipantLink.filter(
            customer_id=args.customer, used_at__isnull=False
        ).count(),
    }
    if args.enrollment:
        from models.actions.facts import load_referral_facts
        from models.enrollments import Enrollment
        from models.rules.referral import referral_checklist

        ra = await Enrollment.get(id=args.enrollment)
        checklist = referral_checklist(await load_referral_facts(ra), args.today)
        result["application_signed"] = checklist.application_signed
        result["signed_documents"] = sum(
            1 for d in docs if d.type is DocumentType.RENT_ASSISTANCE_APPLICATION
        )
    return result


COMMANDS = {"sign-request": _sign_request, "upload-request": _upload_request, "state": _state}


async def _main(args: argparse.Namespace) -> dict[str, Any]:
    from models import clock
    from models.config import get_settings
    from models.db import close_orm, init_orm

    clock.configure(
        frozen_today=args.today,
        timezone=get_settings().program_timezone,
        shift_seconds=get_settings().clock_shift,
    )
    await init_orm()
    try:
        return await COMMANDS[args.command](args)
    finally:
        await close_orm()


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="tests.e2e.helper")
    parser.add_argument("command", choices=sorted(COMMANDS))
    parser.add_argument("--today", type=date.fromisoformat, required=True)
    parser.add_argument("--type", default="INDIVIDUAL_PLAN")
    parser.add_argument("--customer", type=int, default=0)
    parser.add_argument("--enrollment", type=int, default=0)
    parser.add_argument("--language", default="en", help="the customer's preferred language")
    print(json.dumps(asyncio.run(_main(parser.parse_args(argv))), default=str))


if __name__ == "__main__":
    main(sys.argv[1:])
