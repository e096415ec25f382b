"""Every id argument is parsed strictly by one function (schema/ids.py, issue 12 §2): a
malformed id, an id of another type, a padded or non-canonical spelling, a row number, a
selection token where an id belongs, an overlong or binary value all get exactly the
answer an unknown id gets (R-ACL-1: FORBIDDEN for what the access functions guard, the
rule's payload error for a reference such as a hub or a staff member), never
"Unexpected error." or an HTTP 500, and nothing changes."""

from __future__ import annotations

import base64
from datetime import date

import pytest

from models.services import HousingStatusEntry
from tests import factories as f
from tests.conftest import COACH, HUB, MANAGER, Api
from tests.hubkit import people
from tests.ids import gid, gid_of
from tests.schema import moneykit as k
from tests.schema.coach_helpers import snapshot


def _b64(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


def malformed(type_name: str) -> list[str]:
    """Ids that name nothing of `type_name`."""
    canonical = gid_of(type_name, 1)
    return [
        "",
        "1",
        "42",
        "abc",
        "not an id",
        canonical + "=",  # padded
        _b64(f"{type_name}:1"),  # padded spelling of the same
        _b64(f"{type_name}:01"),  # leading zero
        _b64(f"{type_name}:-1"),
        _b64(f"{type_name}:99999999999"),  # beyond the 32-bit id columns
        _b64(f"{type_name.lower()}:1"),
        _b64(f"{type_name}:1:2"),
        gid_of("Nonsense", 1),
        "sel.eyJhIjoxfQ.forged",
        "x" * 5000,
        "\u00e9\u00e8\U0001f4a5",
        "Q3VzdG9tZXI6MQ\n",
    ]


def _clean(body: dict) -> dict:
    for error in body.get("errors", []):
        error.pop("locations", None)
    return body


# operation name -> (document, variables with "{ID}" where the id goes, who, id's type)
OPS: dict[str, tuple[str, dict, str, str]] = {
    "customer": ("query($i: ID!) { customer(id: $i) { id } }", {"i": "{ID}"}, COACH, "Customer"),
    "node": ("query($i: ID!) { node(id: $i) { id } }", {"i": "{ID}"}, COACH, "Customer"),
    "enrollment": (
        "query($i: ID!) { enrollment(id: $i) { id } }",
        {"i": "{ID}"},
        COACH,
        "Enrollment",
    ),
    "customerUpdate": (
        'mutation($i: ID!) { customerUpdate(customerId: $i, input: {pronouns: "they"}) '
        "{ errors { code field } } }",
        {"i": "{ID}"},
        COACH,
        "Customer",
    ),
    "enrollmentCreate.customerId": (
        "mutation($c: ID!, $p: ID!) { enrollmentCreate(input: {customerId: $c, providerId: $p, "
        'applicationDate: "2025-03-01"}) { errors { code field } } }',
        {"c": "{ID}", "p": "{AGENCY}"},
        COACH,
        "Customer",
    ),
    "enrollmentCreate.providerId": (
        "mutation($c: ID!, $p: ID!) { enrollmentCreate(input: {customerId: $c, providerId: $p, "
        'applicationDate: "2025-03-01"}) { errors { code field } } }',
        {"c": "{CUSTOMER}", "p": "{ID}"},
        COACH,
        "Provider",
    ),
    "referralCreate.hubId": (
        "mutation($c: ID!, $h: ID!) { referralCreate(input: {customerId: $c, hubId: $h, "
        'applicationDate: "2025-03-01"}) { errors { code field } } }',
        {"c": "{CUSTOMER}", "h": "{ID}"},
        COACH,
        "Provider",
    ),
    "registrationUpdate": (
        'mutation($i: ID!) { registrationUpdate(enrollmentId: $i, input: {notes: "n"}) '
        "{ errors { code } } }",
        {"i": "{ID}"},
        COACH,
        "Enrollment",
    ),
    "referralSend": (
        "mutation($i: ID!) { referralSend(enrollmentId: $i) { errors { code } } }",
        {"i": "{ID}"},
        COACH,
        "Enrollment",
    ),
    "signatureRequestSend": (
        "mutation($i: ID!) { signatureRequestSend(enrollmentId: $i) { errors { code } } }",
        {"i": "{ID}"},
        COACH,
        "Enrollment",
    ),
    "uploadRequestSend": (
        "mutation($i: ID!) { uploadRequestSend(customerId: $i, type: OTHER) { errors { code } } }",
        {"i": "{ID}"},
        COACH,
        "Customer",
    ),
    "serviceCreate": (
        "mutation($i: ID!) { serviceCreate(input: {enrollmentId: $i, type: CAREER_COACHING, "
        'startDate: "2025-03-01"}) { errors { code } } }',
        {"i": "{ID}"},
        COACH,
        "Enrollment",
    ),
    "serviceCopy.serviceId": (
        "mutation($s: ID!, $e: ID!) { serviceCopy(serviceId: $s, toEnrollmentId: $e) "
        "{ errors { code } } }",
        {"s": "{ID}", "e": "{RA}"},
        COACH,
        "Service",
    ),
    "serviceUpdate": (
        'mutation($s: ID!) { serviceUpdate(serviceId: $s, startDate: "2025-03-01") '
        "{ errors { code } } }",
        {"s": "{ID}"},
        COACH,
        "Service",
    ),
    "serviceDelete": (
        "mutation($s: ID!) { serviceDelete(serviceId: $s) { errors { code } } }",
        {"s": "{ID}"},
        COACH,
        "Service",
    ),
    "housingStatusUpdate": (
        "mutation($e: ID!) { housingStatusUpdate(entryId: $e, status: HOUSED) "
        "{ errors { code } } }",
        {"e": "{ID}"},
        COACH,
        "HousingStatusEntry",
    ),
    "caseNoteCreate": (
        'mutation($e: ID!) { caseNoteCreate(enrollmentId: $e, text: "t") { errors { code } } }',
        {"e": "{ID}"},
        HUB,
        "Enrollment",
    ),
    "customerOfAssign.staffId": (
        "mutation($e: ID!, $s: ID!) { customerOfAssign(enrollmentId: $e, staffId: $s) "
        "{ errors { code field } } }",
        {"e": "{RA}", "s": "{ID}"},
        HUB,
        "Staff",
    ),
    "paymentPlanUpdate": (
        "mutation($p: ID!) { paymentPlanUpdate(input: {planId: $p, "
        'targetEndDate: "2025-12-31"}) { errors { code } } }',
        {"p": "{ID}"},
        HUB,
        "PaymentPlan",
    ),
    "paymentCreate": (
        'mutation($e: ID!) { paymentCreate(input: {enrollmentId: $e, paidOn: "2025-03-01", '
        'amount: "10", forMonth: "2025-04", fundingSource: "F", paymentType: "Rent"}) '
        "{ errors { code } } }",
        {"e": "{ID}"},
        HUB,
        "Enrollment",
    ),
    "outcomeRecord": (
        "mutation($e: ID!) { outcomeRecord(enrollmentId: $e, type: AT_EXIT, "
        'housingStatus: HOUSED, recordedOn: "2025-03-01") { errors { code } } }',
        {"e": "{ID}"},
        HUB,
        "Enrollment",
    ),
    "exitRemove": (
        'mutation($e: ID!) { exitRemove(enrollmentId: $e, reason: "r") { errors { code } } }',
        {"e": "{ID}"},
        MANAGER,
        "Enrollment",
    ),
    "hubStaff": (
        "query($h: ID!) { hubStaff(hubId: $h) { id } }",
        {"h": "{ID}"},
        MANAGER,
        "Provider",
    ),
    "performanceReport": (
        'query($h: ID!) { performanceReport(hubId: $h, periodStart: "2025-01-01", '
        'periodEnd: "2025-01-31") { housingSupports } }',
        {"h": "{ID}"},
        MANAGER,
        "Provider",
    ),
    "auditLog": (
        "query($e: ID) { auditLog(entityId: $e) { totalCount edges { cursor } } }",
        {"e": "{ID}"},
        MANAGER,
        "Enrollment",
    ),
}


@pytest.mark.parametrize("name", sorted(OPS))
async def test_a_malformed_id_answers_like_an_unknown_one(api: Api, name: str) -> None:
    p = await people(k.TODAY)
    ra = await k.enrolled()
    await k.plan(ra)
    program = await f.program_record(await f.customer(p.coach), p.coach, application_date=k.APPLIED)
    await f.coaching(program, p.coach, k.APPLIED)
    await HousingStatusEntry.create(
        enrollment=ra, start_date=k.APPLIED, status="HOUSED", entered_by=p.hub
    )
    document, template, who, type_name = OPS[name]
    fill = {
        "{AGENCY}": gid_of("Provider", p.coach.provider_id),  # type: ignore[attr-defined]
        "{CUSTOMER}": gid_of("Customer", program.customer_id),  # type: ignore[attr-defined]
        "{RA}": gid(ra),
    }

    async def call(value: str) -> dict:
        variables = {k_: fill.get(v, value if v == "{ID}" else v) for k_, v in template.items()}
        return _clean(await api.post(document, variables, as_=who))

    unknown = await call(gid_of(type_name, 999_999))
    assert "Unexpected error." not in str(unknown)
    before = await snapshot()
    for value in malformed(type_name):
        body = await call(value)
        assert body == unknown, (name, value, body, unknown)
    # an id of another type is refused like an unknown one too
    other = "Payment" if type_name != "Payment" else "Customer"
    assert await call(gid_of(other, 1)) == unknown
    assert await snapshot() == before


@pytest.mark.parametrize(
    ("raw", "types", "expected"),
    [
        (gid_of("Customer", 7), ("Customer",), 7),
        (gid_of("Customer", 2**31 - 1), ("Customer",), 2**31 - 1),
        (gid_of("Customer", 2**31), ("Customer",), None),
        (gid_of("Customer", 7), ("Enrollment",), None),
        (gid_of("Customer", 7), ("Enrollment", "Customer"), 7),
        (gid_of("Customer", 0), ("Customer",), None),
        (gid_of("Customer", 7) + "=", ("Customer",), None),
        ("7", ("Customer",), None),
        (None, ("Customer",), None),
        (7, ("Customer",), None),
    ],
)
def test_parse_ref_table(raw: object, types: tuple[str, ...], expected: int | None) -> None:
    from schema.ids import parse_ref

    assert parse_ref(raw, *types) == expected


def test_global_ids_are_stable_opaque_and_round_trip() -> None:
    from schema.ids import decode_id, global_id

    assert global_id("Customer", 12) == global_id("Customer", 12) == "Q3VzdG9tZXI6MTI"
    assert not global_id("Customer", 12).isdigit()
    assert decode_id(global_id("Enrollment", 5)) == ("Enrollment", "5")
    assert decode_id(global_id("IncomeLimit", "2025-04-01")) == ("IncomeLimit", "2025-04-01")
    assert global_id("Customer", 1) != global_id("Enrollment", 1)


async def test_ids_are_not_row_numbers_and_the_same_in_every_view(api: Api) -> None:
    p = await people(date(2025, 3, 10))
    ra = await f.sent_referral(p.coach, application_date=date(2025, 3, 1))
    query = """query($i: ID!) { enrollment(id: $i) { id customer { id customerId }
        provider { id } referredBy { id } } }"""
    seen = {}
    for who in (COACH, HUB, MANAGER):
        data = (await api.ok(query, {"i": gid(ra)}, as_=who))["enrollment"]
        seen[who] = data
        assert not data["id"].isdigit() and not data["customer"]["id"].isdigit()
    assert seen[COACH] == seen[HUB] == seen[MANAGER]
