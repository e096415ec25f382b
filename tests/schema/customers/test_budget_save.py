"""budgetSave (R-DOC-5): lines, currency by the latest budget's date, refusals."""

from __future__ import annotations

from datetime import date

from models import clock
from models.customers import BudgetLine, ProsperityBudget
from models.system import AuditEntry
from tests import factories
from tests.conftest import COACH, COACH_OJF, HUB, Api
from tests.ids import gid, ref
from tests.schema.coach_helpers import codes, snapshot

BUDGET_SAVE = """
mutation($input: BudgetSaveInput!) {
  budgetSave(input: $input) {
    budget { id savedOn monthlyIncome monthlyExpenses lines { label amount isIncome } }
    errors { field code message }
  }
}
"""
CHECKLIST = "query($id: ID!) { enrollment(id: $id) { referralChecklist { budgetCurrent } } }"
TODAY = date(2025, 6, 10)
LINES = [
    {"label": "Wages", "amount": "1500.00", "isIncome": True},
    {"label": "Rent", "amount": "1100.50", "isIncome": False},
    {"label": "Food", "amount": "300", "isIncome": False},
]


async def test_save_stores_lines_and_totals_and_audits(api: Api) -> None:
    clock.freeze(TODAY)
    cust = await factories.customer(await factories.staff(COACH))
    variables = {"input": {"customerId": gid(cust), "savedOn": "2025-06-09", "lines": LINES}}
    payload = (await api.ok(BUDGET_SAVE, variables, as_=COACH))["budgetSave"]
    assert payload["errors"] == []
    budget = payload["budget"]
    assert budget["savedOn"] == "2025-06-09"
    assert budget["monthlyIncome"] == "1500.00"
    assert budget["monthlyExpenses"] == "1400.50"
    assert [line["label"] for line in budget["lines"]] == ["Wages", "Rent", "Food"]
    assert await BudgetLine.all().count() == 3
    assert await AuditEntry.filter(entity="ProsperityBudget", action="budget.save").count() == 1


async def test_the_latest_budget_decides_currency_3_months_back_inclusive(api: Api) -> None:
    coach = await factories.staff(COACH)
    clock.freeze(date(2025, 6, 10))
    ra = await factories.ready_referral(coach, application_date=date(2025, 3, 1))
    await ProsperityBudget.filter(customer_id=ra.customer_id).delete()  # type: ignore[attr-defined]
    variables = {
        "input": {
            "customerId": ref("Customer", ra.customer_id),
            "savedOn": "2025-03-10",  # type: ignore[attr-defined]
            "lines": LINES,
        }
    }
    await api.ok(BUDGET_SAVE, variables, as_=COACH)
    data = await api.ok(CHECKLIST, {"id": gid(ra)}, as_=COACH)
    assert data["enrollment"]["referralChecklist"]["budgetCurrent"] is True  # same day 3 months
    clock.freeze(date(2025, 6, 11))
    api.tokens.clear()  # tokens expire by the same (moved) clock
    data = await api.ok(CHECKLIST, {"id": gid(ra)}, as_=COACH)
    assert data["enrollment"]["referralChecklist"]["budgetCurrent"] is False


async def test_refusals_name_each_field_and_write_nothing(api: Api) -> None:
    clock.freeze(TODAY)
    cust = await factories.customer(await factories.staff(COACH))
    before = await snapshot()
    bad_lines = [{"label": "", "amount": "-1", "isIncome": True}]
    for variables, expected in (
        ({"savedOn": "2025-06-11", "lines": LINES}, [("DATE_IN_FUTURE", "input.savedOn")]),
        ({"savedOn": "2025-06-10", "lines": []}, [("REQUIRED", "input.lines")]),
        (
            {"savedOn": "2025-06-10", "lines": bad_lines},
            [("REQUIRED", "input.lines.0.label"), ("INVALID", "input.lines.0.amount")],
        ),
    ):
        payload = (
            await api.ok(BUDGET_SAVE, {"input": {"customerId": gid(cust), **variables}}, as_=COACH)
        )["budgetSave"]
        assert payload["budget"] is None
        assert codes(payload) == expected
    assert await snapshot() == before


async def test_other_agencies_and_hub_staff_are_forbidden(api: Api) -> None:
    clock.freeze(TODAY)
    cust = await factories.customer(await factories.staff(COACH_OJF))
    before = await snapshot()
    variables = {"input": {"customerId": gid(cust), "savedOn": "2025-06-10", "lines": LINES}}
    for who in (COACH, HUB):
        body = await api.post(BUDGET_SAVE, variables, as_=who)
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await snapshot() == before
