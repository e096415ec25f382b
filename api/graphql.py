"""The GraphQL endpoint: bearer authentication into the per-request context."""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from strawberry.asgi import GraphQL

from api.graphiql import PAGE
from api.observability import OperationName
from models.actions.tokens import bearer, staff_for_token
from models.config import Settings
from schema.context import Context
from schema.root import build_schema


class GraphQLApp(GraphQL[Context, None]):
    """Strawberry's ASGI app with our context and orjson encoding."""

    def __init__(self, settings: Settings) -> None:
        schema = build_schema(settings)
        schema.extensions = (*schema.extensions, OperationName)
        super().__init__(
            schema,
            graphql_ide="graphiql" if settings.is_dev else None,
            allow_queries_via_get=False,
            # documentUpload (GraphQL multipart request spec); bearer auth, no cookies,
            # so a cross-site form cannot post as a signed-in staff member
            multipart_uploads_enabled=True,
        )

    async def get_context(self, request: Request, response: Response) -> Context:  # type: ignore[override]
        staff = await staff_for_token(bearer(request.headers.get("authorization")))
        return Context(staff=staff, request=request, response=response)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:  # type: ignore[override]
        """GraphiQL from our own copy of its files (dev only), not from a CDN."""
        return HTMLResponse(PAGE)

    def encode_json(self, data: Any) -> bytes:  # type: ignore[override]
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        """orjson: a body nested deeper than 1024 levels is a JSONDecodeError (400), not
        a RecursionError (500); so is a body that is not an object (or a list, which
        Strawberry refuses as a batch)."""
        value = orjson.loads(data)
        if not isinstance(value, dict | list):
            raise json.JSONDecodeError("a GraphQL request is a JSON object", "", 0)
        return value
