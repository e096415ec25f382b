"""The demo caseload (`rent-assist seed-demo --caseload`, and `make dev`): a fictional
caseload at every stage of the program, dated relative to today, so that every list,
work list and report a client developer opens shows something.

It is built the way a real caseload grows: each participant's timeline is walked
through the GraphQL API itself (in process, as the demo coaches, hubs and the contract
manager), with the program's clock set to the day of each step. Every rule is
therefore checked as it would be for real staff, the audit trail and the emails are
the real ones, and the caseload follows the API as it changes. Participants are
obviously fictional (surname "Demo", customer emails at example.org) and known by
their job seeker ID `DEMO-…`: one already present is skipped, so the command is
idempotent. Refused in production.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import httpx

from models import clock
from models.rules.dates import add_months, month_key

HUB_LN = "hub.latino-network@example.org"
ADVOCATE_LN = "advocate.latino-network@example.org"
HUB_OJF = "hub.our-just-future@example.org"
COACH_IRCO = "coach.eop-portland-irco@example.org"  # refers to Latino Network
COACH_TFP = "coach.eop-portland-trash-for-peace@example.org"  # refers to Our Just Future
MANAGER = "manager@example.org"
FUND, RENT = "Worksystems Rent Assistance", "Rent"


class DemoError(RuntimeError):
    """A step of the caseload was refused: the demo no longer fits the rules."""


def _registration(application: date) -> dict[str, Any]:
    return {
        "residesInServiceArea": True,
        "otherFundingSources": [{"date": application.isoformat(), "fundingSource": "EOP Portland"}],
        "householdSize": 3,
        "householdIncome": "9000.00",
        "incomeDocumentation": "Pay Stubs",
        "adultsInHousehold": 1,
        "childrenInHousehold": 2,
        "totalAmountRequested": "4800.00",
        "monthsNeeded": 4,
        "housingType": "HOMELESS_PREVENTION",
        "planToPayRent": "Wages from the new job",
        "sourceOfIncome": "Work",
        "pastPropertyDebt": False,
        "creditDebt": False,
        "evictionHistory": False,
        "criminalHistory": False,
        "documentationOfNeed": "PROSPERITY_BUDGET",
        "employmentCharacteristics": ["HOUSING_INSECURE"],
        "address": {
            "street": "100 Example Way",
            "city": "Portland",
            "state": "OR",
            "zip": "97201",
        },
        "notes": "Rent $1,200 a month; demo data",
    }


def _pdf(title: str) -> bytes:
    from fpdf import FPDF

    doc = FPDF()
    doc.add_page()
    doc.set_font("helvetica", size=14)
    doc.cell(text=f"{title} (demo document)")
    return bytes(doc.output())


@dataclass
class Record:
    """What a timeline keeps of a participant: the ids the API returned."""

    customer: str
    program: str
    ra: str | None = None
    hub_staff: str = HUB_LN
    coach: str = COACH_IRCO


class Caseload:
    """The API client of the timelines: every call at a given day of the program."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.tokens: dict[str, str] = {}
        self.agency: dict[str, str] = {}

    async def _post(self, email: str | None, **kwargs: Any) -> dict[str, Any]:
        headers = {"Apollo-Require-Preflight": "true"}
        if email is not None:
            headers["Authorization"] = f"Bearer {await self.token(email)}"
        response = await self.http.post("/graphql", headers=headers, **kwargs)
        body: dict[str, Any] = response.json()
        if response.status_code != 200 or body.get("errors"):
            raise DemoError(f"{response.status_code}: {body.get('errors')}")
        return body["data"]

    async def token(self, email: str) -> str:
        """A sign-in token of a demo account for the day the clock is set to (minted as
        `login` does, so that walking the clock through months needs no password)."""
        from models.actions.tokens import issue_token
        from models.staff import Staff

        key = f"{email} {clock.today()}"
        if key not in self.tokens:
            staff = await Staff.get_or_none(email=email, is_active=True)
            if staff is None:
                raise DemoError(f"no active demo account {email}: run seed-demo first")
            self.tokens[key] = issue_token(staff.id)
        if email not in self.agency:
            self.agency[email] = ""
            data = await self._post(email, json={"query": "query { me { provider { id } } }"})
            self.agency[email] = (data["me"]["provider"] or {}).get("id", "")
        return self.tokens[key]

    async def call(self, email: str, day: date, query: str, **variables: Any) -> dict[str, Any]:
        """One operation as `email` on `day`; a mutation's payload must have no errors."""
        clock.freeze(day)
        data = await self._post(email, json={"query": query, "variables": variables})
        (payload,) = data.values()
        if isinstance(payload, dict) and payload.get("errors"):
            raise DemoError(f"{query.split('(')[0].split()[-1]} on {day}: {payload['errors']}")
        return payload  # type: ignore[no-any-return]

    async def upload(self, email: str, day: date, customer: str, type_: str) -> None:
        clock.freeze(day)
        query = (
            "mutation($c: ID!, $t: DocumentType!, $f: Upload!) { documentUpload("
            "customerId: $c, type: $t, file: $f) { document { id } errors { code } } }"
        )
        form = {
            "operations": json.dumps(
                {"query": query, "variables": {"c": customer, "t": type_, "f": None}}
            ),
            "map": json.dumps({"0": ["variables.f"]}),
        }
        files = {
            "0": (f"{type_.lower()}.pdf", _pdf(type_.replace("_", " ").title()), "application/pdf")
        }
        data = await self._post(email, data=form, files=files)
        if data["documentUpload"]["errors"]:
            raise DemoError(f"documentUpload on {day}: {data['documentUpload']['errors']}")

    # --- the steps of a timeline ------------------------------------------------------

    async def customer(self, n: int, first: str, day: date, coach: str = COACH_IRCO) -> Record:
        payload = await self.call(
            coach,
            day,
            CUSTOMER_CREATE,
            input={
                "legalFirstName": first,
                "legalLastName": "Demo",
                "dateOfBirth": "1988-07-14",
                "ssnLast4": f"{n:04d}"[-4:],
                "jobSeekerId": f"DEMO-{n:03d}",
                "email": f"{first.lower()}.demo@example.org",
                "phone": "503-555-0100",
                "pronouns": "they/them",
            },
        )
        customer = payload["customer"]["id"]
        await self.token(coach)
        record = await self.call(
            coach,
            day,
            ENROLLMENT_CREATE,
            input={
                "customerId": customer,
                "providerId": self.agency[coach],
                "applicationDate": day.isoformat(),
            },
        )
        hub = HUB_LN if coach == COACH_IRCO else HUB_OJF
        return Record(customer, record["enrollment"]["id"], hub_staff=hub, coach=coach)

    async def coaching(self, r: Record, day: date) -> str:
        payload = await self.call(
            r.coach,
            day,
            SERVICE_CREATE,
            input={
                "enrollmentId": r.program,
                "type": "CAREER_COACHING",
                "startDate": day.isoformat(),
            },
        )
        return str(payload["service"]["id"])

    async def referral(self, r: Record, application: date, *, complete: bool = True) -> None:
        hubs = await self.call(r.coach, application, "query { hubsForMe { id } }")
        payload = await self.call(
            r.coach,
            application,
            REFERRAL_CREATE,
            input={
                "customerId": r.customer,
                "hubId": hubs[0]["id"],
                "applicationDate": application.isoformat(),
            },
        )
        r.ra = payload["enrollment"]["id"]
        registration = _registration(application)
        if not complete:
            registration = {k: registration[k] for k in ("address", "householdSize", "notes")}
        await self.call(r.coach, application, REGISTRATION_UPDATE, id=r.ra, input=registration)
        if not complete:
            return
        await self.call(
            r.coach, application, REGISTRATION_SIGN, id=r.ra, on=application.isoformat()
        )
        await self.upload(r.coach, application, r.customer, "INDIVIDUAL_PLAN")
        await self.upload(r.coach, application, r.customer, "RENT_ASSISTANCE_APPLICATION")
        await self.call(
            r.coach,
            application,
            BUDGET_SAVE,
            input={
                "customerId": r.customer,
                "savedOn": application.isoformat(),
                "lines": [
                    {"label": "Wages", "amount": "2100.00", "isIncome": True},
                    {"label": "Rent", "amount": "1200.00", "isIncome": False},
                    {"label": "Food", "amount": "450.00", "isIncome": False},
                ],
            },
        )

    async def send(self, r: Record, day: date) -> None:
        await self.call(r.coach, day, REFERRAL_SEND, id=r.ra)

    async def accept(self, r: Record, day: date) -> None:
        await self.call(r.hub_staff, day, REFERRAL_ACCEPT, id=r.ra, on=day.isoformat())

    async def hub_service(self, r: Record, type_: str, day: date) -> None:
        await self.call(
            r.hub_staff,
            day,
            SERVICE_CREATE,
            input={"enrollmentId": r.ra, "type": type_, "startDate": day.isoformat()},
        )

    async def coach_and_copy(self, r: Record, day: date) -> None:
        service = await self.coaching(r, day)
        await self.call(r.coach, day, SERVICE_COPY, service=service, to=r.ra)

    async def plan(self, r: Record, start: date, target: date) -> str:
        payload = await self.call(
            r.hub_staff,
            start,
            PLAN_CREATE,
            input={
                "enrollmentId": r.ra,
                "fundingSource": FUND,
                "paymentTypes": [RENT],
                "startDate": start.isoformat(),
                "targetEndDate": target.isoformat(),
            },
        )
        return str(payload["paymentPlan"]["id"])

    async def pay(self, r: Record, day: date, for_month: date, amount: str = "1200.00") -> None:
        await self.call(
            r.hub_staff,
            day,
            PAYMENT_CREATE,
            input={
                "enrollmentId": r.ra,
                "paidOn": day.isoformat(),
                "amount": amount,
                "forMonth": month_key(for_month),
                "fundingSource": FUND,
                "paymentType": RENT,
            },
        )

    async def end_and_exit(self, r: Record, plan: str, final_rent: date, day: date) -> None:
        """Hub Final Rent Exit, the plan ended Housed, Exit, and At Exit Housed (R-OUT-3)."""
        await self.hub_service(r, "HUB_FINAL_RENT_EXIT", final_rent)
        await self.call(
            r.hub_staff,
            day,
            PLAN_UPDATE,
            input={
                "planId": plan,
                "endDate": final_rent.isoformat(),
                "housingStatusAtFundingEnd": "HOUSED",
            },
        )
        await self.call(r.hub_staff, day, EXIT, id=r.ra)
        await self.outcome(r, "AT_EXIT", "HOUSED", day)

    async def outcome(self, r: Record, type_: str, status: str, day: date) -> None:
        await self.call(
            r.hub_staff, day, OUTCOME, id=r.ra, type=type_, status=status, on=day.isoformat()
        )

    async def note(self, r: Record, email: str, day: date, text: str) -> None:
        await self.call(email, day, CASE_NOTE, id=r.ra or r.program, text=text)


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _month_end(d: date) -> date:
    return add_months(d.replace(day=1), 1) - timedelta(days=1)


async def enrolled(c: Caseload, r: Record, application: date, *, months: int, last: date) -> str:
    """Sent, accepted, Homeless Prevention started, a plan, and then each month a coaching
    session copied into the RA record and that month's rent paid, until `last` (R-REF-2,
    R-SVC-2, R-SVC-4, R-PAY-3: a month's payment needs the previous month's coaching;
    the participation month's, that month's own). Returns the plan's id."""
    await c.referral(r, application)
    await c.send(r, application + timedelta(days=1))
    accepted = application + timedelta(days=4)
    await c.accept(r, accepted)
    start = accepted + timedelta(days=2)
    await c.hub_service(r, "HOMELESS_PREVENTION", start)
    await c.coach_and_copy(r, start)  # fully enrolled (R-SVC-4)
    plan = await c.plan(r, start, add_months(start, months))
    await c.pay(r, start, start)
    month = add_months(_month_start(start), 1)
    while month + timedelta(days=2) <= last:
        await c.coach_and_copy(r, month + timedelta(days=2))
        if month + timedelta(days=7) <= last:
            await c.pay(r, month + timedelta(days=7), month)
        month = add_months(month, 1)
    return plan


# Each timeline: (number, first name, what it shows, the builder)
Timeline = Callable[[Caseload, date], Any]


async def _draft(c: Caseload, today: date) -> None:
    r = await c.customer(1, "Ada", today - timedelta(days=12))
    await c.coaching(r, today - timedelta(days=10))
    await c.referral(r, today - timedelta(days=5), complete=False)


async def _ready(c: Caseload, today: date) -> None:
    r = await c.customer(2, "Bao", today - timedelta(days=30))
    await c.coaching(r, today - timedelta(days=20))
    await c.referral(r, today - timedelta(days=3))


async def _sent_fresh(c: Caseload, today: date) -> None:
    r = await c.customer(3, "Cleo", today - timedelta(days=25), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=20))
    await c.referral(r, today - timedelta(days=6))
    await c.send(r, today - timedelta(days=5))


async def _sent_near_window(c: Caseload, today: date) -> None:
    r = await c.customer(4, "Dario", today - timedelta(days=60))
    await c.coaching(r, today - timedelta(days=50))
    await c.referral(r, today - timedelta(days=40))
    await c.send(r, today - timedelta(days=38))


async def _accepted_no_service(c: Caseload, today: date) -> None:
    r = await c.customer(5, "Esi", today - timedelta(days=40))
    await c.coaching(r, today - timedelta(days=30))
    await c.referral(r, today - timedelta(days=20))
    await c.send(r, today - timedelta(days=19))
    await c.accept(r, today - timedelta(days=15))


async def _enrolled_paying(c: Caseload, today: date) -> None:
    r = await c.customer(6, "Farid", today - timedelta(days=170))
    await c.coaching(r, today - timedelta(days=160))
    await enrolled(c, r, today - timedelta(days=150), months=6, last=today)
    await c.call(
        r.hub_staff,
        today - timedelta(days=100),
        CUSTOMER_OF,
        id=r.ra,
        staff=await _staff_id(c, r.hub_staff, ADVOCATE_LN),
    )


async def _approaching_auto_exit(c: Caseload, today: date) -> None:
    r = await c.customer(7, "Gia", today - timedelta(days=140))
    await c.coaching(r, today - timedelta(days=130))
    await enrolled(c, r, today - timedelta(days=120), months=3, last=today - timedelta(days=83))
    await c.coach_and_copy(r, today - timedelta(days=82))  # the last qualifying date


async def _engagement_missing(c: Caseload, today: date) -> None:
    r = await c.customer(8, "Hugo", today - timedelta(days=120))
    await c.coaching(r, today - timedelta(days=110))
    last = _month_start(add_months(today, -1)) - timedelta(days=1)  # coaching stopped
    await enrolled(c, r, today - timedelta(days=100), months=5, last=last)


async def _exited_retention_due(c: Caseload, today: date) -> None:
    r = await c.customer(9, "Iris", today - timedelta(days=330), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=320))
    application = today - timedelta(days=300)
    last = application + timedelta(days=80)
    plan = await enrolled(c, r, application, months=3, last=last)
    exit_day = _month_end(last)  # the last day of the last month paid (R-SVC-5)
    await c.end_and_exit(r, plan, exit_day, exit_day + timedelta(days=3))


async def _twelve_month_due(c: Caseload, today: date) -> None:
    r = await c.customer(10, "Jonah", today - timedelta(days=520))
    await c.coaching(r, today - timedelta(days=510))
    application = today - timedelta(days=500)
    last = application + timedelta(days=70)
    plan = await enrolled(c, r, application, months=3, last=last)
    exit_day = _month_end(last)
    await c.end_and_exit(r, plan, exit_day, exit_day + timedelta(days=2))
    six = add_months(exit_day, 6)
    await c.outcome(r, "SIX_MONTH_RETENTION", "HOUSED", six + timedelta(days=4))


async def _auto_exit(c: Caseload, today: date) -> None:
    r = await c.customer(11, "Kemal", today - timedelta(days=260))
    await c.coaching(r, today - timedelta(days=250))
    await enrolled(c, r, today - timedelta(days=240), months=3, last=today - timedelta(days=180))


async def _returning(c: Caseload, today: date) -> None:
    r = await c.customer(12, "Lena", today - timedelta(days=420))
    await c.coaching(r, today - timedelta(days=410))
    application = today - timedelta(days=400)
    last = application + timedelta(days=60)
    plan = await enrolled(c, r, application, months=2, last=last)
    exit_day = _month_end(last)
    await c.end_and_exit(r, plan, exit_day, exit_day + timedelta(days=1))
    # back more than 90 days after the exit: a new RA record; on acceptance the system
    # records Received RA Again on the first episode (R-ENR-6, R-OUT-8)
    back = today - timedelta(days=30)
    await c.coaching(r, back - timedelta(days=2))
    await c.referral(r, back)
    await c.send(r, back + timedelta(days=1))
    await c.accept(r, back + timedelta(days=3))


async def _refused(c: Caseload, today: date) -> None:
    r = await c.customer(13, "Mira", today - timedelta(days=50), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=45))
    await c.referral(r, today - timedelta(days=30))
    await c.send(r, today - timedelta(days=29))
    await c.call(
        r.hub_staff,
        today - timedelta(days=25),
        REFUSE,
        id=r.ra,
        note="Household moved out of the service area (demo).",
    )


async def _withdrawn(c: Caseload, today: date) -> None:
    r = await c.customer(14, "Nils", today - timedelta(days=40))
    await c.coaching(r, today - timedelta(days=35))
    await c.referral(r, today - timedelta(days=21), complete=False)
    await c.call(
        r.coach,
        today - timedelta(days=18),
        WITHDRAW,
        id=r.ra,
        reason="Wrong application date; entered again (demo).",
    )


async def _expired_draft(c: Caseload, today: date) -> None:
    r = await c.customer(15, "Oona", today - timedelta(days=70))
    await c.coaching(r, today - timedelta(days=60))
    await c.referral(r, today - timedelta(days=50), complete=False)


async def _program_only(c: Caseload, today: date) -> None:
    r = await c.customer(16, "Pita", today - timedelta(days=15), coach=COACH_TFP)
    await c.coaching(r, today - timedelta(days=9))


TIMELINES: tuple[tuple[int, str, Timeline], ...] = (
    (1, "a draft referral, registration half done", _draft),
    (2, "a referral ready to send", _ready),
    (3, "a referral sent five days ago (Our Just Future)", _sent_fresh),
    (4, "a referral sent, five days left of the 45-day window", _sent_near_window),
    (5, "accepted, no first hub service yet", _accepted_no_service),
    (6, "fully enrolled: five months of coaching copies and rent paid", _enrolled_paying),
    (7, "enrolled, no qualifying service for 82 days: auto exit in 8", _approaching_auto_exit),
    (
        8,
        "enrolled, last month's coaching not copied: this month's rent blocked",
        _engagement_missing,
    ),
    (9, "exited Housed ~9 months ago: 6-month retention due", _exited_retention_due),
    (10, "exited ~15 months ago, 6-month Housed: 12-month retention due", _twelve_month_due),
    (11, "auto exited by today's 90-day sweep", _auto_exit),
    (12, "a returning participant: Received RA Again on the first episode", _returning),
    (13, "a referral refused by the hub (Pre-Program Exit)", _refused),
    (14, "a referral withdrawn by the coach", _withdrawn),
    (15, "a draft past day 45: Pre-Program Exit by today's sweep", _expired_draft),
    (16, "a program record only, no referral", _program_only),
)


async def _staff_id(c: Caseload, hub_email: str, email: str) -> str:
    clock.freeze(None)
    data = await c._post(hub_email, json={"query": "query { me { provider { id } } }"})
    hub = data["me"]["provider"]["id"]
    staff = await c._post(
        hub_email,
        json={
            "query": "query($h: ID!) { hubStaff(hubId: $h) { id email } }",
            "variables": {"h": hub},
        },
    )
    return next(s["id"] for s in staff["hubStaff"] if s["email"] == email)


async def seed_caseload(today: date | None = None) -> list[str]:
    """Build the timelines not yet present, then run today's sweeps. Returns what was
    created, one line per participant (empty when everything was there already)."""
    from api.app import create_app
    from models.config import get_settings
    from models.customers import Customer

    settings = get_settings()
    if settings.environment == "prod":
        raise DemoError("the demo caseload is refused in production (ENVIRONMENT=prod)")
    app = create_app(settings, init_db=False)
    today = today or clock.today()
    present = set(
        await Customer.filter(job_seeker_id__startswith="DEMO-").values_list(
            "job_seeker_id", flat=True
        )
    )
    created: list[str] = []
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://demo") as http:
            c = Caseload(http)
            for n, what, build in TIMELINES:
                if f"DEMO-{n:03d}" in present:
                    continue
                await build(c, today)
                created.append(f"DEMO-{n:03d}: {what}")
            if created:
                for kind in ("REFERRAL_45_DAY", "INACTIVITY_90_DAY"):
                    await c.call(MANAGER, today, SWEEP, kind=kind, on=today.isoformat())
    finally:
        clock.freeze(settings.frozen_today)
    return created


CUSTOMER_CREATE = """mutation($input: CustomerCreateInput!) { customerCreate(input: $input)
  { customer { id } errors { code field message } } }"""
ENROLLMENT_CREATE = """mutation($input: EnrollmentCreateInput!) { enrollmentCreate(input: $input)
  { enrollment { id } errors { code field message } } }"""
REFERRAL_CREATE = """mutation($input: ReferralCreateInput!) { referralCreate(input: $input)
  { enrollment { id } errors { code field message } } }"""
REGISTRATION_UPDATE = """mutation($id: ID!, $input: RegistrationInput!) {
  registrationUpdate(enrollmentId: $id, input: $input) { enrollment { id }
  errors { code field message } } }"""
REGISTRATION_SIGN = """mutation($id: ID!, $on: Date!) { registrationSign(enrollmentId: $id,
  signedOn: $on) { enrollment { id } errors { code field message } } }"""
BUDGET_SAVE = """mutation($input: BudgetSaveInput!) { budgetSave(input: $input)
  { budget { id } errors { code field message } } }"""
REFERRAL_SEND = """mutation($id: ID!) { referralSend(enrollmentId: $id)
  { enrollment { id } errors { code field message } } }"""
REFERRAL_ACCEPT = """mutation($id: ID!, $on: Date!) { referralAccept(enrollmentId: $id,
  reviewDate: $on) { enrollment { id } errors { code field message } } }"""
REFUSE = """mutation($id: ID!, $note: String!) { referralRefuse(enrollmentId: $id,
  caseNote: $note) { enrollment { id } errors { code field message } } }"""
WITHDRAW = """mutation($id: ID!, $reason: String!) { referralWithdraw(enrollmentId: $id,
  reason: $reason) { enrollment { id } errors { code field message } } }"""
CUSTOMER_OF = """mutation($id: ID!, $staff: ID!) { customerOfAssign(enrollmentId: $id,
  staffId: $staff) { enrollment { id } errors { code field message } } }"""
SERVICE_CREATE = """mutation($input: ServiceCreateInput!) { serviceCreate(input: $input)
  { service { id } errors { code field message } } }"""
SERVICE_COPY = """mutation($service: ID!, $to: ID!) { serviceCopy(serviceId: $service,
  toEnrollmentId: $to) { service { id } errors { code field message } } }"""
PLAN_CREATE = """mutation($input: PaymentPlanCreateInput!) { paymentPlanCreate(input: $input)
  { paymentPlan { id } errors { code field message } } }"""
PLAN_UPDATE = """mutation($input: PaymentPlanUpdateInput!) { paymentPlanUpdate(input: $input)
  { paymentPlan { id } errors { code field message } } }"""
PAYMENT_CREATE = """mutation($input: PaymentCreateInput!) { paymentCreate(input: $input)
  { payment { id } errors { code field message } } }"""
EXIT = """mutation($id: ID!) { enrollmentExit(enrollmentId: $id)
  { enrollment { id } errors { code field message } } }"""
OUTCOME = """mutation($id: ID!, $type: OutcomeType!, $status: OutcomeHousingStatus!,
  $on: Date!) { outcomeRecord(enrollmentId: $id, type: $type, housingStatus: $status,
  recordedOn: $on) { outcome { id } errors { code field message } } }"""
CASE_NOTE = """mutation($id: ID!, $text: String!) { caseNoteCreate(enrollmentId: $id,
  text: $text) { caseNote { id } errors { code field message } } }"""
SWEEP = """mutation($kind: SweepKind!, $on: Date!) { sweepRun(kind: $kind, asOf: $on,
  dryRun: false) { result { changed { id } } errors { code field message } } }"""
