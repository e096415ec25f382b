"""Link tokens never reach the access log (R-DOC-4: the link is the participant's key)."""

from __future__ import annotations

import logging

import pytest

from api.pages import RedactLinkTokens


def _access_record(path: str) -> logging.LogRecord:
    # the shape of uvicorn's access log record: client, method, path, version, status
    return logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", path, "1.1", 200),
        None,
    )


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        ("/p/sign/eyJuIjoiYWJj.Zx1.sig-_", "/p/sign/[redacted]"),
        ("/p/upload/eyJuIjoiYWJj.Zx1.sig", "/p/upload/[redacted]"),
        ("/graphql", "/graphql"),
        ("/documents/12", "/documents/12"),
    ],
)
def test_access_log_redacts_link_tokens(path: str, logged: str) -> None:
    record = _access_record(path)
    assert RedactLinkTokens().filter(record) is True
    message = record.getMessage()
    assert logged in message
    assert "eyJ" not in message


def test_filter_is_installed_on_uvicorns_access_logger() -> None:
    assert any(isinstance(f, RedactLinkTokens) for f in logging.getLogger("uvicorn.access").filters)
