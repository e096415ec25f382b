"""A client's mistake is never "Unexpected error." (issue 10 §5): variables that do not
coerce answer BAD_USER_INPUT with the variable's path and what was expected; wrong
literals BAD_USER_INPUT; other invalid documents GRAPHQL_VALIDATION_FAILED; unparsable
ones GRAPHQL_PARSE_FAILED; and no "Did you mean" outside dev."""

from __future__ import annotations

import pytest

from models.config import Settings
from schema.root import build_schema
from tests.conftest import COACH, MANAGER, Api

QUEUE = """
query($stage: ReferralStage, $n: Int!) {
  referralQueue(stage: $stage, first: $n) { edges { cursor } }
}
"""
CREATE = """
mutation($input: CustomerCreateInput!) { customerCreate(input: $input) { errors { code } } }
"""


@pytest.mark.parametrize(
    ("query", "variables", "field", "expected"),
    [
        (QUEUE, {"stage": "NOPE", "n": 5}, "$stage", "ReferralStage"),
        (QUEUE, {"stage": 3, "n": 5}, "$stage", "ReferralStage"),
        (QUEUE, {"n": "five"}, "$n", "Int"),
        (QUEUE, {"n": 2**40}, "$n", "Int"),
        (QUEUE, {"n": 1.5}, "$n", "Int"),
        (QUEUE, {}, "$n", "Int!"),
        (CREATE, {"input": {"legalFirstName": "A"}}, "$input", "legalLastName"),
        (
            CREATE,
            {"input": {"legalFirstName": "A", "legalLastName": "B", "dateOfBirth": "1990-02-30"}},
            "$input.dateOfBirth",
            "YYYY-MM-DD",
        ),
        (
            CREATE,
            {"input": {"legalFirstName": 5, "legalLastName": "B", "dateOfBirth": "1990-02-03"}},
            "$input.legalFirstName",
            "String",
        ),
        (
            CREATE,
            {
                "input": {
                    "legalFirstName": "A",
                    "legalLastName": "B",
                    "dateOfBirth": "1990-02-03",
                    "x": 1,
                }
            },
            "$input",
            "x",
        ),
    ],
)
async def test_variables_that_do_not_coerce_are_bad_user_input_with_their_path(
    api: Api, query: str, variables: dict, field: str, expected: str
) -> None:
    body = await api.post(query, variables, as_=COACH)
    assert body["data"] is None
    error = body["errors"][0]
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": field}, error
    assert expected in error["message"]
    assert "Unexpected error" not in error["message"]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("query { referralQueue(stage: NOPE, first: 5) { edges { cursor } } }", "BAD_USER_INPUT"),
        ('query { mfiMaximum(householdSize: 4, asOf: "1990-02-30") }', "BAD_USER_INPUT"),
        ('query { mfiMaximum(householdSize: "4", asOf: "1990-02-03") }', "BAD_USER_INPUT"),
        ("query { nope }", "GRAPHQL_VALIDATION_FAILED"),
        ("query { me { id } ", "GRAPHQL_PARSE_FAILED"),
        ("query { " + "me { " * 2000 + "}" * 2001, "GRAPHQL_PARSE_FAILED"),
    ],
)
async def test_documents_with_mistakes_carry_a_code(api: Api, query: str, code: str) -> None:
    body = await api.post(query, as_=MANAGER)
    assert body["errors"], body
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}, body
    assert all(e["message"] != "Unexpected error." for e in body["errors"])


@pytest.mark.parametrize(
    "query",
    [
        "query { mee { id } }",
        'query { customers(serch: "a") { edges { cursor } } }',
        "query { referralQueue(stage: SENDT, first: 5) { edges { cursor } } }",
        'mutation { customerCreate(input: {legalFirstNam: "A"}) { errors { code } } }',
    ],
)
@pytest.mark.parametrize(("environment", "suggests"), [("dev", True), ("prod", False)])
async def test_no_suggestions_outside_dev(query: str, environment: str, suggests: bool) -> None:
    schema = build_schema(Settings(environment=environment, secret_key="k" * 40))
    result = await schema.execute(query)
    assert result.errors
    said = " ".join(e.message for e in result.errors)
    if not suggests:
        assert "Did you mean" not in said, said
    elif "mee" in query or "serch" in query:
        assert "Did you mean" in said, said


async def test_a_variable_coercion_error_is_bad_user_input_as_a_variable(api: Api) -> None:
    body = await api.post(
        "query($s: String!) { customers(search: $s) { edges { cursor } } }", {"s": ["a"]}, as_=COACH
    )
    assert body["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
