"""The exported SDL is checked in and matches the code; the client contract is covered."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLObjectType,
    build_schema,
    get_named_type,
)

from schema.root import export_sdl

ROOT = Path(__file__).resolve().parents[2]
CONTRACT = ROOT.parent / "shared" / "spec" / "contract.graphql"


def test_checked_in_schema_matches_the_code() -> None:
    checked_in = (ROOT / "schema" / "schema.graphql").read_text()
    assert checked_in == export_sdl(), (
        "schema/schema.graphql is stale: run `make schema` and commit it"
    )


@pytest.mark.skipif(not CONTRACT.exists(), reason="shared/spec/contract.graphql is absent")
def test_every_name_of_the_contract_exists_with_a_compatible_type() -> None:
    contract = build_schema(CONTRACT.read_text())
    ours = build_schema(export_sdl())
    missing: list[str] = []
    for name, ctype in contract.type_map.items():
        if name.startswith("__"):
            continue
        otype = ours.type_map.get(name)
        if otype is None:
            missing.append(f"type {name}")
            continue
        if type(otype) is not type(ctype):
            missing.append(f"type {name} is a {type(otype).__name__}, not {type(ctype).__name__}")
            continue
        if isinstance(ctype, GraphQLEnumType):
            missing += [f"{name}.{v}" for v in ctype.values if v not in otype.values]  # type: ignore[union-attr]
        if isinstance(ctype, GraphQLObjectType | GraphQLInterfaceType | GraphQLInputObjectType):
            for fname, cfield in ctype.fields.items():
                ofield = otype.fields.get(fname)  # type: ignore[union-attr]
                if ofield is None:
                    missing.append(f"{name}.{fname}")
                    continue
                if str(get_named_type(ofield.type)) != str(get_named_type(cfield.type)):
                    missing.append(f"{name}.{fname}: {ofield.type} is not {cfield.type}")
                for aname, carg in getattr(cfield, "args", {}).items():
                    oarg = ofield.args.get(aname)
                    if oarg is None:
                        missing.append(f"{name}.{fname}({aname})")
                    elif str(get_named_type(oarg.type)) != str(get_named_type(carg.type)):
                        missing.append(f"{name}.{fname}({aname}): {oarg.type} is not {carg.type}")
    assert missing == [], "names of contract.graphql missing or different:\n" + "\n".join(missing)
