"""The API client of the demo caseload: each call as a demo account on a given day of the
program's clock, through the GraphQL API (in process)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

from api.demo import documents as doc
from models import clock
from models.rules.dates import month_key

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
            self.tokens[key] = issue_token(staff)
        if email not in self.agency:
            self.agency[email] = ""
            data = await self._post(email, json={"query": "query { me { provider { id } } }"})
            self.agency[email] = (data["me"]["provider"] or {}).get("id", "")
        return self.tokens[key]

    async def call(self, email: str, day: date, query: str, **variables: Any) -> Any:
        """One operation as `email` on `day`; a mutation's payload must have no errors."""
        clock.freeze(day)
        data = await self._post(email, json={"query": query, "variables": variables})
        (payload,) = data.values()
        if isinstance(payload, dict) and payload.get("errors"):
            raise DemoError(f"{query.split('(')[0].split()[-1]} on {day}: {payload['errors']}")
        return payload

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
            doc.CUSTOMER_CREATE,
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
            doc.ENROLLMENT_CREATE,
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
            doc.SERVICE_CREATE,
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
            doc.REFERRAL_CREATE,
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
        await self.call(r.coach, application, doc.REGISTRATION_UPDATE, id=r.ra, input=registration)
        if not complete:
            return
        await self.call(
            r.coach, application, doc.REGISTRATION_SIGN, id=r.ra, on=application.isoformat()
        )
        await self.upload(r.coach, application, r.customer, "INDIVIDUAL_PLAN")
        await self.upload(r.coach, application, r.customer, "RENT_ASSISTANCE_APPLICATION")
        await self.call(
            r.coach,
            application,
            doc.BUDGET_SAVE,
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
        await self.call(r.coach, day, doc.REFERRAL_SEND, id=r.ra)

    async def accept(self, r: Record, day: date) -> None:
        await self.call(r.hub_staff, day, doc.REFERRAL_ACCEPT, id=r.ra, on=day.isoformat())

    async def hub_service(self, r: Record, type_: str, day: date) -> None:
        await self.call(
            r.hub_staff,
            day,
            doc.SERVICE_CREATE,
            input={"enrollmentId": r.ra, "type": type_, "startDate": day.isoformat()},
        )

    async def coach_and_copy(self, r: Record, day: date) -> None:
        service = await self.coaching(r, day)
        await self.call(r.coach, day, doc.SERVICE_COPY, service=service, to=r.ra)

    async def plan(self, r: Record, start: date, target: date) -> str:
        payload = await self.call(
            r.hub_staff,
            start,
            doc.PLAN_CREATE,
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
            doc.PAYMENT_CREATE,
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
            doc.PLAN_UPDATE,
            input={
                "planId": plan,
                "endDate": final_rent.isoformat(),
                "housingStatusAtFundingEnd": "HOUSED",
            },
        )
        await self.call(r.hub_staff, day, doc.EXIT, id=r.ra)
        await self.outcome(r, "AT_EXIT", "HOUSED", day)

    async def outcome(self, r: Record, type_: str, status: str, day: date) -> None:
        await self.call(
            r.hub_staff, day, doc.OUTCOME, id=r.ra, type=type_, status=status, on=day.isoformat()
        )

    async def note(self, r: Record, email: str, day: date, text: str) -> None:
        await self.call(email, day, doc.CASE_NOTE, id=r.ra or r.program, text=text)
