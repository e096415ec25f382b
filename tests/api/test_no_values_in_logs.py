"""Logs carry field names and codes, never values (issue 10 §6): a marker is sent in every
text input of every root field of the schema, by each role, as a plausible value, as an
over-long one, as a value of the wrong type, and through an unexpected exception that
quotes it; no log line of the production configuration may contain it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import graphql
import pytest
import structlog

from api.logs import configure_logging
from models import clock
from models.config import Settings
from tests import factories as f
from tests.conftest import COACH, HUB, MANAGER, Api
from tests.ids import gid, gid_of
from tests.test_fuzz import SCHEMA, _root_fields

MARKER = "Zq9Marker"


@pytest.fixture
def prod_logs() -> Iterator[None]:
    """Restores the test logging after a test that configured production logging."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


def _value(type_: Any, text: Any, ids: list[str], depth: int = 0) -> Any:
    nullable = graphql.get_nullable_type(type_)
    if isinstance(nullable, graphql.GraphQLList):
        return [_value(nullable.of_type, text, ids, depth)]
    if isinstance(nullable, graphql.GraphQLInputObjectType):
        return {n: _value(fl.type, text, ids, depth + 1) for n, fl in nullable.fields.items()}
    if isinstance(nullable, graphql.GraphQLEnumType):
        return next(iter(nullable.values))
    name = nullable.name
    if name == "ID":
        return ids[depth % len(ids)]
    if name == "Date":
        return (clock.today() - timedelta(days=5)).isoformat()
    if name == "Decimal":
        return "12.50"
    if name == "Int":
        return 2
    if name == "Boolean":
        return True
    if name == "Upload":
        return None
    return text


def _document(kind: str, name: str) -> tuple[str, Any]:
    root = SCHEMA.query_type if kind == "query" else SCHEMA.mutation_type
    assert root is not None
    field = root.fields[name]
    declared = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    passed = ", ".join(f"{a}: ${a}" for a in field.args)
    leaf = graphql.is_leaf_type(graphql.get_named_type(field.type))
    head = f"{kind} M({declared})" if declared else f"{kind} M"
    call = f"{name}({passed})" if passed else name
    document = f"{head} {{ {call} {'' if leaf else '{ __typename }'} }}"
    return document, field.args


async def test_no_input_value_reaches_a_log_line(
    api: Api, prod_logs: None, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    configure_logging(Settings(environment="prod", secret_key="s" * 40))  # to capsys
    coach, hub = await f.staff(COACH), await f.staff(HUB)
    applied = clock.today() - timedelta(days=40)
    record = await f.enrolled_record(coach, hub, application_date=applied)
    customer = await record.customer
    ids = [gid(record), gid(customer), gid_of("Service", 1), MARKER]
    variants = (
        MARKER,  # plausible
        MARKER + "x" * 6000,  # over every bound
        {"marker": MARKER},  # of the wrong type
        f"{MARKER}@example.org",
    )
    sent = 0
    for kind, name in _root_fields():
        document, args = _document(kind, name)
        if not args:
            continue
        for role in (COACH, HUB, MANAGER):
            for text in variants:
                variables = {a: _value(arg.type, text, ids) for a, arg in args.items()}
                await api.post(document, variables, as_=role)
                sent += 1
    assert sent > 400
    # an unexpected exception that quotes a value: logged as its type and frames only
    from schema.customers import lists

    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError(f"cannot store {MARKER}")

    monkeypatch.setattr(lists, "search_filter", boom)
    body = await api.post('query { customers(search: "a") { edges { cursor } } }', as_=COACH)
    assert body["errors"][0]["message"] == "Unexpected error."
    logs = capsys.readouterr()
    lines = (logs.err + logs.out).splitlines()
    assert any("graphql.error" in line for line in lines)  # errors were logged
    assert any("ValueError (message withheld)" in line for line in lines)
    leaked = [line for line in lines if MARKER in line]
    assert leaked == [], leaked[:3]
