"""50 simultaneous submissions of one signing link give exactly one signature
(R-DOC-4: works once). The link row is consumed with one conditional UPDATE, which
PostgreSQL serialises on the row; SQLite serialises whole transactions anyway, so the
test runs on PostgreSQL only."""

from __future__ import annotations

import asyncio
import re
from datetime import date

import pytest

from models import clock
from models.actions.link_requests import send_signature_request
from models.actions.links import url_for
from models.customers import Document
from models.system import AuditEntry, Notification
from tests import factories as f
from tests.conftest import COACH, TEST_DATABASE_URL, Api
from tests.schema.documents.util import checklist, stored_files

pytestmark = pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith(("postgres", "asyncpg")),
    reason="concurrency of the single-use link is tested on PostgreSQL (set TEST_DATABASE_URL)",
)
SUBMISSIONS = 50


async def test_fifty_concurrent_submissions_sign_once(api: Api) -> None:
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    link, _ = await send_signature_request(actor=coach, enrollment=ra)
    assert link is not None
    url = url_for(link).removeprefix("http://testserver")
    page = await api.client.get(url)
    shown = re.search(r'name="shown_sha256" value="([0-9a-f]{64})"', page.text).group(1)  # type: ignore[union-attr]
    files_before = stored_files()

    async def submit(i: int):  # type: ignore[no-untyped-def]
        return await api.client.post(
            url, data={"typed_name": f"Ana Pérez {i}", "consent": "yes", "shown_sha256": shown}
        )

    responses = await asyncio.gather(*(submit(i) for i in range(SUBMISSIONS)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200] + [410] * (SUBMISSIONS - 1), statuses
    assert all("already been used" in r.text for r in responses if r.status_code == 410)
    assert await Document.filter(customer_id=cust.id).count() == 1
    assert await AuditEntry.filter(action="link.use").count() == 1
    assert await AuditEntry.filter(action="application.sign").count() == 1
    assert await Notification.filter(kind="application.signed").count() == 1
    assert len(stored_files() - files_before) == 1  # the losers left no file behind
    assert (await checklist(ra.id)).application_signed is True
