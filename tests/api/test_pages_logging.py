"""Link tokens never reach the logs (R-DOC-4: the link is the participant's key): the
request log names the route template, and uvicorn's raw access log is off."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
import structlog

from api.logs import configure_logging
from tests.conftest import Api, settings_for

TOKEN = "eyJuIjoiYWJjZGVmIn0.Zx1abc.c2lnbmF0dXJl"


@pytest.fixture
def json_logs() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    structlog.reset_defaults()


@pytest.mark.parametrize("page", ["sign", "upload"])
async def test_the_request_log_names_the_page_not_the_token(
    api: Api, json_logs: None, capsys: pytest.CaptureFixture[str], page: str
) -> None:
    configure_logging(settings_for("prod", secret_key="s" * 40))
    response = await api.client.get(f"/p/{page}/{TOKEN}")
    assert response.status_code in (400, 404, 410)
    err = capsys.readouterr().err
    lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    server = [line for line in lines if line.get("logger") != "httpx"]  # the test's own client
    assert any(line.get("route") == f"/p/{page}/{{token}}" for line in server), err
    assert all(TOKEN not in json.dumps(line) for line in server)


def test_uvicorns_raw_access_log_is_off() -> None:
    configure_logging(settings_for("prod", secret_key="s" * 40))
    try:
        assert logging.getLogger("uvicorn.access").disabled
    finally:
        structlog.reset_defaults()
