"""Request ids, /metrics by GraphQL operation name, JSON logs without personal data."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from api.logs import configure_logging
from tests.conftest import COACH, Api, settings_for

LOGIN = """
mutation SignIn($email: String!, $password: String!) {
  login(email: $email, password: $password) { token errors { code } }
}
"""


async def scrape() -> str:
    """/metrics of an app whose METRICS_TOKEN is set (the registry is the process's)."""
    import httpx

    from api.app import create_app
    from models.config import get_settings

    token = "metrics-token-" + "x" * 32
    app = create_app(get_settings().model_copy(update={"metrics_token": token}), init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    return response.text


async def test_every_response_carries_a_request_id_and_a_given_one_is_kept(api: Api) -> None:
    response = await api.client.get("/healthz")
    assert len(response.headers["x-request-id"]) == 32
    response = await api.client.get("/healthz", headers={"X-Request-ID": "abcd-1234-efgh"})
    assert response.headers["x-request-id"] == "abcd-1234-efgh"
    response = await api.client.get("/healthz", headers={"X-Request-ID": "bad id <script>"})
    assert response.headers["x-request-id"] != "bad id <script>"


async def test_metrics_count_requests_and_graphql_operations_by_name(api: Api) -> None:
    await api.post(LOGIN, {"email": COACH, "password": "wrong-password"})
    await api.post("query { me { id } }")
    await api.post("query Bad-Name { me { id } }")
    text = await scrape()
    assert 'rent_assist_graphql_operations_total{operation="SignIn",result="ok"}' in text
    assert 'rent_assist_graphql_operations_total{operation="_me"' in text
    assert 'rent_assist_graphql_operation_duration_seconds_count{operation="SignIn"}' in text
    assert 'rent_assist_http_requests_total{method="POST",route="/graphql",status="200"}' in text
    assert "Bad-Name" not in text


@pytest.fixture
def json_logs() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


async def test_json_log_line_has_request_id_and_operation_and_no_variables(
    api: Api, json_logs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(settings_for("prod", secret_key="s" * 40))
    await api.post(LOGIN, {"email": COACH, "password": "wrong-password"})
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    request_lines = [line for line in lines if line.get("event") == "http.request"]
    assert request_lines, err
    line = request_lines[-1]
    assert line["graphql_operation"] == "SignIn"
    assert len(line["request_id"]) == 32
    assert (line["route"], line["status"], line["level"]) == ("/graphql", 200, "info")
    assert COACH not in err
    assert "wrong-password" not in err


async def test_graphql_errors_are_logged_without_their_message_or_the_variables(
    api: Api, json_logs: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(settings_for("prod", secret_key="s" * 40))
    body = await api.post(LOGIN, {"email": ["jane.doe@example.org"], "password": 1})
    assert body["errors"]
    await api.post("query Me { me { id } }")  # UNAUTHENTICATED: expected, no traceback
    err = capsys.readouterr().err
    for line in err.splitlines():
        assert "jane.doe" not in line, line[:400]
    assert "Traceback" not in err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    events = [line["event"] for line in lines]
    assert "graphql.error type=Unauthenticated code=UNAUTHENTICATED" in events, events
