"""node(id:) (issue 12 §2): every object by its global id through the same access
functions as every other way to it (R-ACL-1): the objects of a record for whoever sees the
record, a customer's for whoever sees the customer in full, colleagues and providers;
FORBIDDEN, exactly as for an unknown id, for anyone else."""

from __future__ import annotations

from models.customers import Customer, ParticipantLink
from models.payments import Outcome
from models.rules.enums import DocumentType, LinkPurpose, OutcomeHousingStatus, OutcomeType
from models.services import CaseNote, HousingStatusEntry, Service
from models.staff import Provider
from tests import factories as f
from tests.conftest import COACH, COACH_OJF, HUB, HUB_ADVOCATE, HUB_OJF, MANAGER, Api
from tests.hubkit import forbidden, people
from tests.ids import gid, gid_of
from tests.schema import moneykit as k

NODE = "query($id: ID!) { node(id: $id) { id __typename } }"


async def test_every_object_of_a_record_for_those_who_see_it(api: Api) -> None:
    p = await people(k.TODAY)
    ra = await k.enrolled()
    cust = await Customer.get(id=ra.customer_id)  # type: ignore[attr-defined]
    plan = await k.plan(ra)
    rows = [
        cust,
        ra,
        await Service.filter(enrollment_id=ra.id).first(),
        plan,
        await k.pay(ra, "100.00"),
        await Outcome.create(
            enrollment=ra,
            type=OutcomeType.AT_EXIT,
            housing_status=OutcomeHousingStatus.HOUSED,
            recorded_on=k.TODAY,
        ),
        await HousingStatusEntry.create(
            enrollment=ra, start_date=k.TODAY, status="HOUSED", entered_by=p.hub
        ),
        await CaseNote.create(enrollment=ra, text="t", author=p.hub, written_at=f._at(k.TODAY)),
        await f.document(cust, DocumentType.OTHER, k.TODAY, by=p.coach),
        await f.budget(cust, p.coach, k.TODAY),
        await ParticipantLink.create(
            customer=cust,
            purpose=LinkPurpose.UPLOAD_DOCUMENT,
            document_type=DocumentType.OTHER,
            nonce="n" * 32,
            expires_at=f._at(k.TODAY),
            created_by=p.coach,
        ),
    ]
    for row in rows:
        for who in (COACH, HUB, MANAGER):
            data = await api.ok(NODE, {"id": gid(row)}, as_=who)
            assert data["node"] == {"id": gid(row), "__typename": type(row).__name__}, (who, row)
        unknown = await api.post(NODE, {"id": gid_of(type(row).__name__, 999_999)}, as_=HUB_OJF)
        for who in (COACH_OJF, HUB_OJF):
            body = await api.post(NODE, {"id": gid(row)}, as_=who)
            assert forbidden(body), (who, row)
            assert body["errors"][0]["message"] == unknown["errors"][0]["message"]


async def test_staff_and_providers(api: Api) -> None:
    p = await people(k.TODAY)
    hub = await Provider.get(id=p.hub.provider_id)  # type: ignore[attr-defined]
    for who in (COACH, HUB, MANAGER):
        data = await api.ok(NODE, {"id": gid(hub)}, as_=who)
        assert data["node"]["__typename"] == "Provider"
    me = await api.ok(NODE, {"id": gid(p.hub)}, as_=HUB)
    assert me["node"] == {"id": gid(p.hub), "__typename": "Staff"}
    assert (await api.ok(NODE, {"id": gid(p.advocate)}, as_=HUB))["node"]["id"] == gid(p.advocate)
    assert (await api.ok(NODE, {"id": gid(p.coach)}, as_=MANAGER))["node"]["id"] == gid(p.coach)
    assert forbidden(await api.post(NODE, {"id": gid(p.hub)}, as_=COACH))
    assert forbidden(await api.post(NODE, {"id": gid(p.coach)}, as_=HUB_ADVOCATE))
    body = await api.post(NODE, {"id": gid(p.hub)})
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
