"""The per-request context: the signed-in staff member and the DataLoaders."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeAlias

import strawberry

from models.staff import Staff
from schema.loaders import Loaders


@dataclass
class Context:
    """What every resolver gets as info.context."""

    staff: Staff | None
    request: Any = None
    response: Any = None
    loaders: Loaders = field(default_factory=Loaders)

    def __post_init__(self) -> None:
        self.loaders.viewer = self.staff


Info: TypeAlias = strawberry.Info[Context, None]
