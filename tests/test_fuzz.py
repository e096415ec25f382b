"""Property-based fuzzing of the whole API (issue 10 §5): for every root field of
schema/schema.graphql and every role (and no sign-in), a bounded number of generated
requests, derandomized so that CI is stable: documents with literal arguments from
hypothesis-graphql, valid and one-violation ones, and documents whose variables are
arbitrary JSON (ids among those of a real enrolled record). No answer may be an HTTP
5xx, a masked internal error ("Unexpected error.") or an error without a code."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import graphql
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, from_schema, nodes

from models import clock
from models.actions.tokens import issue_token
from models.staff import Staff
from tests import factories as f
from tests.conftest import COACH, HUB, MANAGER, Api

SDL = (Path(__file__).resolve().parents[1] / "schema" / "schema.graphql").read_text()
SCHEMA = graphql.build_schema(SDL)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))  # per operation, role and kind
ROLES = (COACH, HUB, MANAGER, None)
LAST = ("logout", "passwordChange")  # they end the role's tokens: fuzzed last
SKIP_LITERALS = ("documentUpload",)  # an Upload is never a literal: fuzzed by variables

NASTY_STRINGS = [
    "",
    " ",
    "\x00",
    "\u200b\u202e",
    "NaN",
    "Infinity",
    "-1",
    "99999999999",
    "1e400",
    "10.005",
    "1990-02-30",
    "0001-01-01",
    "9999-12-31",
    "sel.forged",
    "' OR 1=1 --",
    "%s%n",
    "x" * 600,
    "é" * 300,
]
DATES = st.one_of(
    st.dates().map(lambda d: d.isoformat()), st.sampled_from(NASTY_STRINGS), st.text(max_size=12)
)
DECIMALS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers(-(2**70), 2**70).map(str),
    st.sampled_from(NASTY_STRINGS),
)
CUSTOM = {
    "Date": DATES.map(nodes.String),
    "DateTime": st.one_of(st.datetimes().map(lambda d: d.isoformat()), DATES).map(nodes.String),
    "Decimal": DECIMALS.map(nodes.String),
}
JSON = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**64), 2**64),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(max_size=40),
        st.sampled_from(NASTY_STRINGS),
    ),
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=12,
)


def _root_fields() -> list[tuple[str, str]]:
    fields = []
    for kind, root in (("query", SCHEMA.query_type), ("mutation", SCHEMA.mutation_type)):
        assert root is not None
        fields += [(kind, name) for name in root.fields]
    return sorted(fields, key=lambda f: (f[1] in LAST, f[0], f[1]))


def draw(strategy: st.SearchStrategy[Any], count: int) -> list[Any]:
    """`count` examples of a strategy, the same ones on every run."""
    drawn: list[Any] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example: Any) -> None:
        drawn.append(example)

    collect()
    return drawn[:count]


def _typed_value(type_: Any) -> st.SearchStrategy[Any]:
    """JSON for a variable of `type_`: often of roughly the right shape, often not."""
    named = graphql.get_named_type(type_)
    if isinstance(named, graphql.GraphQLInputObjectType):
        right: st.SearchStrategy[Any] = st.fixed_dictionaries(
            {name: _typed_value(f.type) for name, f in named.fields.items()}
        )
    elif isinstance(named, graphql.GraphQLEnumType):
        right = st.sampled_from([*named.values, "NOPE"])
    elif named.name in ("Int",):
        right = st.integers(-(2**40), 2**40)
    elif named.name == "Date":
        right = DATES
    elif named.name == "Decimal":
        right = DECIMALS
    elif named.name == "Boolean":
        right = st.booleans()
    elif named.name == "ID":  # the ids of the record the test made, and junk
        right = st.one_of(st.sampled_from([str(i) for i in range(1, 8)]), st.text(max_size=20))
    else:
        right = st.one_of(st.text(max_size=60), st.sampled_from(NASTY_STRINGS))
    if isinstance(graphql.get_nullable_type(type_), graphql.GraphQLList):
        right = st.lists(right, max_size=4)
    return st.one_of(right, right, JSON)


def _variables_document(kind: str, name: str) -> tuple[str, st.SearchStrategy[dict]]:
    root = SCHEMA.query_type if kind == "query" else SCHEMA.mutation_type
    assert root is not None
    field = root.fields[name]
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    passed = ", ".join(f"{a}: ${a}" for a in field.args)
    selection = "" if graphql.is_leaf_type(graphql.get_named_type(field.type)) else "{ __typename }"
    head = f"{kind}({declared})" if declared else kind
    call = f"{name}({passed})" if passed else name
    document = f"{head} {{ {call} {selection} }}"
    values = st.fixed_dictionaries({a: _typed_value(arg.type) for a, arg in field.args.items()})
    return document, values


def _requests(kind: str, name: str) -> list[tuple[str, dict]]:
    requests: list[tuple[str, dict]] = []
    root = SCHEMA.query_type if kind == "query" else SCHEMA.mutation_type
    assert root is not None
    if name not in SKIP_LITERALS:
        modes = (Mode.POSITIVE, Mode.NEGATIVE) if root.fields[name].args else (Mode.POSITIVE,)
        for mode in modes:
            strategy = from_schema(SCHEMA, fields=[name], custom_scalars=CUSTOM, mode=mode)
            requests += [(str(q), {}) for q in draw(strategy, EXAMPLES)]
    document, values = _variables_document(kind, name)
    requests += [(document, v) for v in draw(values, EXAMPLES)]
    return requests


def check(response: Any, what: Callable[[], str]) -> None:
    assert response.status_code < 500, what()
    if response.status_code != 200:
        return
    body = response.json()
    for error in body.get("errors") or []:
        assert error.get("message") != "Unexpected error.", what()
        assert (error.get("extensions") or {}).get("code"), what()


@pytest.mark.timeout(900)
@pytest.mark.parametrize(("kind", "name"), _root_fields(), ids=lambda v: str(v))
async def test_no_input_gets_a_5xx_or_a_masked_error(api: Api, kind: str, name: str) -> None:
    coach, hub = await Staff.get(email=COACH), await Staff.get(email=HUB)
    await f.enrolled_record(coach, hub, application_date=clock.today() - timedelta(days=40))
    requests = _requests(kind, name)
    for role in ROLES:
        for query, variables in requests:
            headers = {"Apollo-Require-Preflight": "fuzz"}
            if role is not None:  # a fresh token: logout and passwordChange end the last one
                headers["Authorization"] = f"Bearer {issue_token(await Staff.get(email=role))}"
            response = await api.client.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            )
            said = f"{role} {query!r} {variables!r}: {response.text[:500]}"
            check(response, lambda said=said: said)  # type: ignore[misc]
