"""The upload cap (R-DOC-1) is enforced while the body streams in: an oversized
request gets 413 after at most the cap has been read, never the whole body."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import httpx
import pytest_asyncio

from models.config import get_settings
from tests import factories as f
from tests.conftest import COACH, Api
from tests.ids import ref
from tests.samples import PREFLIGHT
from tests.schema.documents.util import DOCUMENT_UPLOAD, counts

CAP = 20_000
CHUNK = 8_192
TOTAL_CHUNKS = 1_000  # an 8 MB body, 400 times the cap


class Body:
    """A streamed multipart body that counts how much of it the server pulled."""

    def __init__(self, boundary: str = "capboundary") -> None:
        self.boundary = boundary
        self.pulled = 0

    def head(self, customer_id: int) -> bytes:
        ops = json.dumps(
            {
                "query": DOCUMENT_UPLOAD,
                "variables": {
                    "customerId": ref("Customer", customer_id),
                    "type": "OTHER",
                    "file": None,
                },
            }
        )
        b = self.boundary
        return (
            f'--{b}\r\nContent-Disposition: form-data; name="operations"\r\n\r\n{ops}\r\n'
            f'--{b}\r\nContent-Disposition: form-data; name="map"\r\n\r\n'
            '{"0": ["variables.file"]}\r\n'
            f'--{b}\r\nContent-Disposition: form-data; name="0"; filename="big.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n%PDF-1.7\n"
        ).encode()

    async def stream(self, customer_id: int) -> AsyncIterator[bytes]:
        yield self.head(customer_id)
        for _ in range(TOTAL_CHUNKS):
            self.pulled += CHUNK
            yield b"0" * CHUNK
        yield f"\r\n--{self.boundary}--\r\n".encode()


@pytest_asyncio.fixture
async def small_cap_client(seeded: str) -> AsyncIterator[httpx.AsyncClient]:
    """The app built with a small configured cap (MAX_UPLOAD_BYTES)."""
    from api.app import create_app
    from api.pages import MULTIPART_OVERHEAD

    settings = get_settings().model_copy(update={"max_upload_bytes": CAP})
    app = create_app(settings, init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        client.route_cap = CAP + MULTIPART_OVERHEAD  # type: ignore[attr-defined]
        yield client


async def test_streamed_oversized_upload_gets_413_without_reading_it_whole(
    small_cap_client: httpx.AsyncClient, api: Api
) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    token = await api.token(COACH)
    before = await counts()
    body = Body()
    response = await small_cap_client.post(
        "/graphql",
        content=body.stream(cust.id),
        headers={
            "Authorization": f"Bearer {token}",
            **PREFLIGHT,
            "Content-Type": f"multipart/form-data; boundary={body.boundary}",
        },
    )
    assert response.status_code == 413
    cap = small_cap_client.route_cap  # type: ignore[attr-defined]
    assert body.pulled <= cap + 2 * CHUNK, body.pulled
    assert body.pulled < TOTAL_CHUNKS * CHUNK / 10
    assert await counts() == before


async def test_declared_oversized_upload_is_refused_before_reading(
    small_cap_client: httpx.AsyncClient, api: Api
) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    token = await api.token(COACH)
    body = Body()
    size = len(body.head(cust.id)) + TOTAL_CHUNKS * CHUNK + len(f"\r\n--{body.boundary}--\r\n")
    response = await small_cap_client.post(
        "/graphql",
        content=body.stream(cust.id),
        headers={
            "Authorization": f"Bearer {token}",
            **PREFLIGHT,
            "Content-Length": str(size),
            "Content-Type": f"multipart/form-data; boundary={body.boundary}",
        },
    )
    assert response.status_code == 413
    assert body.pulled == 0


async def test_participant_upload_page_has_the_same_cap(
    small_cap_client: httpx.AsyncClient,
) -> None:
    from models.actions.link_requests import send_upload_request
    from models.customers import ParticipantLink
    from models.rules.enums import DocumentType

    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    link, _ = await send_upload_request(
        actor=coach, customer=cust, document_type=DocumentType.INDIVIDUAL_PLAN
    )
    assert link is not None
    from models.actions.links import url_for

    path = url_for(link).removeprefix("http://testserver")
    before = await counts()
    body = Body()
    response = await small_cap_client.post(
        path,
        content=body.stream(cust.id),
        headers={"Content-Type": f"multipart/form-data; boundary={body.boundary}"},
    )
    assert response.status_code == 413
    assert body.pulled < TOTAL_CHUNKS * CHUNK / 10
    assert await counts() == before
    assert (await ParticipantLink.get(id=link.id)).used_at is None
