"""HTTP-level guards (issue 10 §4, §5, §6): the CSRF header rule for POSTs that are not
JSON (uploads included), the body cap and JSON nesting, no HTTP 500 for odd requests,
security headers on every response, and /metrics only with its token."""

from __future__ import annotations

import json

import httpx
import pytest

from models.config import get_settings
from models.customers import Document
from models.system import AuditEntry
from tests import factories as f
from tests import samples
from tests.conftest import COACH, Api
from tests.ids import gid_of
from tests.schema.documents.util import DOCUMENT_UPLOAD

ME = "query Me { me { email } }"


def _upload(customer_id: int) -> tuple[dict, dict]:
    return samples.multipart_upload(
        DOCUMENT_UPLOAD,
        {"customerId": gid_of("Customer", customer_id), "type": "OTHER"},
        "plan.pdf",
        samples.pdf(),
        "application/pdf",
    )


@pytest.mark.parametrize(
    "headers",
    [{}, {"Apollo-Require-Preflight": ""}, {"X-Apollo-Operation-Name": "  "}],
)
async def test_an_upload_without_a_preflight_header_is_refused_and_stores_nothing(
    api: Api, headers: dict
) -> None:
    cust = await f.customer(await f.staff(COACH))
    token = await api.token(COACH)
    form, files = _upload(cust.id)
    response = await api.client.post(
        "/graphql", data=form, files=files, headers={"Authorization": f"Bearer {token}", **headers}
    )
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert "Apollo-Require-Preflight" in message and "X-Apollo-Operation-Name" in message
    assert await Document.all().count() == 0
    assert await AuditEntry.all().count() == 0


@pytest.mark.parametrize(
    "headers", [{"Apollo-Require-Preflight": "true"}, {"X-Apollo-Operation-Name": "Upload"}]
)
async def test_an_upload_with_either_header_is_served(api: Api, headers: dict) -> None:
    cust = await f.customer(await f.staff(COACH))
    token = await api.token(COACH)
    form, files = _upload(cust.id)
    response = await api.client.post(
        "/graphql", data=form, files=files, headers={"Authorization": f"Bearer {token}", **headers}
    )
    assert response.status_code == 200, response.text
    assert response.json()["data"]["documentUpload"]["errors"] == []


@pytest.mark.parametrize(
    "content_type",
    ["text/plain", "application/x-www-form-urlencoded", "", "application/graphql"],
)
async def test_a_simple_cross_site_post_of_login_is_refused(api: Api, content_type: str) -> None:
    body = json.dumps(
        {"query": 'mutation { login(email: "a@example.org", password: "x") { token } }'}
    )
    headers = {"Content-Type": content_type} if content_type else {}
    response = await api.client.post("/graphql", content=body, headers=headers)
    assert response.status_code == 400
    assert "Apollo-Require-Preflight" in response.text


async def test_json_with_a_charset_is_json(api: Api) -> None:
    token = await api.token(COACH)
    response = await api.client.post(
        "/graphql",
        content=json.dumps({"query": ME}),
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {token}",
        },
    )
    assert response.json()["data"]["me"]["email"] == COACH


async def test_a_json_body_over_the_cap_is_413(api: Api) -> None:
    cap = get_settings().max_request_bytes
    big = json.dumps({"query": ME, "variables": {"pad": "x" * cap}})
    response = await api.client.post(
        "/graphql", content=big, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


@pytest.mark.parametrize(
    "body",
    [
        b"[" * 100_000 + b"]" * 100_000,
        b'{"query": "query { me { email } }", "variables": ' + b'{"a":' * 5000 + b"1" + b"}" * 5001,
        b"{not json",
        b'"just a string"',
        b"12",
        b"[]",
        b'{"query": 12}',
        b'{"query": "{ me { email } }", "variables": [1]}',
        b"\xff\xfe\x00",
    ],
)
async def test_malformed_or_deeply_nested_json_is_400_not_500(api: Api, body: bytes) -> None:
    response = await api.client.post(
        "/graphql", content=body, headers={"Content-Type": "application/json"}
    )
    assert 400 <= response.status_code < 500 or (
        response.status_code == 200 and "Unexpected error" not in response.text
    ), (response.status_code, response.text[:200])


async def test_variables_nested_within_the_json_limit_are_bad_user_input(api: Api) -> None:
    token = await api.token(COACH)
    nested: object = "x"
    for _ in range(900):
        nested = [nested]
    body = json.dumps(
        {
            "query": "query($s: String!) { customers(search: $s) { edges { cursor } } }",
            "variables": {"s": nested},
        }
    )
    response = await api.client.post(
        "/graphql",
        content=body,
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
    )
    assert response.status_code in (200, 400)
    assert "Unexpected error" not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/documents/99999999999",
        "/documents/-1",
        "/documents/%00",
        "/documents/" + "9" * 5000,
        "/enrollments/99999999999/application.pdf",
        "/enrollments/abc/application.pdf",
        "/p/sign/" + "x" * 3000,
        "/p/upload/%ff%fe",
        "/nowhere",
    ],
)
async def test_no_http_500_for_odd_paths(api: Api, path: str) -> None:
    token = await api.token(COACH)
    response = await api.client.get(path, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code < 500, (path, response.status_code)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/graphql"),
        ("GET", "/graphql"),
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/metrics"),
        ("GET", "/documents/1"),
        ("GET", "/p/sign/not-a-token"),
        ("GET", "/nowhere"),
    ],
)
async def test_every_response_carries_the_security_headers(
    api: Api, method: str, path: str
) -> None:
    kwargs = {"json": {"query": ME}} if method == "POST" else {}
    response = await api.client.request(method, path, **kwargs)
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["referrer-policy"] == "no-referrer"
    assert "no-store" in headers["cache-control"]


async def _client(**settings: object) -> httpx.AsyncClient:
    from api.app import create_app

    app = create_app(get_settings().model_copy(update=settings), init_db=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


async def test_metrics_need_their_token_on_the_public_port(api: Api) -> None:
    token = "m" * 40
    async with await _client(metrics_token=token) as client:
        assert (await client.get("/metrics")).status_code == 404
        wrong = await client.get("/metrics", headers={"Authorization": "Bearer " + "n" * 40})
        assert wrong.status_code == 404
        ok = await client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert ok.status_code == 200 and "rent_assist_http_requests_total" in ok.text
    async with await _client(metrics_token=None) as client:
        response = await client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 404


def test_metrics_listen_on_loopback_by_default() -> None:
    from api.cli import build_parser
    from models.config import Settings

    assert Settings().metrics_host == "127.0.0.1"
    assert build_parser().parse_args(["worker"]).metrics_host == "127.0.0.1"
