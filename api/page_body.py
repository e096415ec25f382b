"""The body cap of the participant pages (R-DOC-1, R-DOC-4), enforced while the body
streams in, like `Route(max_body_size=…)`, but raised inside the page's own code: the
page then answers 413 in the participant's language (issue 16) instead of Starlette's
English plain text, which its middleware sends in place of any response once a declared
Content-Length is over the cap."""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send


class BodyTooLarge(HTTPException):
    """More bytes than the page accepts (declared or sent)."""

    def __init__(self) -> None:
        super().__init__(status_code=413, detail="Content Too Large")


def _declared(scope: Scope) -> int | None:
    try:
        return int(Headers(scope=scope)["content-length"])
    except (KeyError, ValueError):
        return None


class PageBodyCap:
    """An ASGI wrapper: reading past `max_body_size` bytes (or a request that declares
    more) raises BodyTooLarge in the endpoint, which turns it into a page."""

    def __init__(self, app: ASGIApp, max_body_size: int) -> None:
        self.app = app
        self.max_body_size = max_body_size

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _declared(scope)
        total = 0

        async def limited() -> Message:
            nonlocal total
            if declared is not None and declared > self.max_body_size:
                raise BodyTooLarge()
            message = await receive()
            if message["type"] == "http.request":
                total += len(message.get("body", b""))
                if total > self.max_body_size:
                    raise BodyTooLarge()
            return message

        await self.app(scope, limited, send)
