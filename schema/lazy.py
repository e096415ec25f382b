"""Types of another domain, reached at run time through their `strawberry.lazy` alias.

Two type modules that refer to each other (a customer's records, a record's customer)
would import each other. Instead, the lower one names the other with an
`Annotated["Enrollment", strawberry.lazy("schema.enrollments.types")]` alias, as
Strawberry resolves annotations, and builds instances through `lazy_class(alias)`, so
the modules' imports stay one-way (tests/test_layering.py fails on a circle).
"""

from __future__ import annotations

import typing
from functools import cache
from typing import Any

from strawberry.types.lazy_type import StrawberryLazyReference


@cache
def lazy_class(alias: Any) -> Any:
    """The Strawberry type class a lazy alias names (imported on first use)."""
    ref, *meta = typing.get_args(alias)
    lazy = next(m for m in meta if isinstance(m, StrawberryLazyReference))
    name = ref.__forward_arg__ if isinstance(ref, typing.ForwardRef) else str(ref)
    return lazy.resolve_forward_ref(typing.ForwardRef(name)).resolve_type()
