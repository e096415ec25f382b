"""/dev/mail: the messages the dev SMTP sink caught (dev only, never in prod)."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from workers.mailsink import MailSink

_sink: MailSink | None = None


def use_sink(sink: MailSink | None) -> None:
    """The sink `rent-assist dev` started (None when SMTP_HOST points elsewhere)."""
    global _sink
    _sink = sink


async def mail_index(request: Request) -> Response:
    if _sink is None:
        return HTMLResponse("<p>No local SMTP sink: SMTP_HOST is set, mail goes there.</p>")
    with _sink.lock:
        messages = list(enumerate(_sink.messages))
    rows = "".join(
        f"<tr><td>{i}</td><td>{escape(', '.join(m.rcpt_tos))}</td>"
        f"<td><a href='/dev/mail/{i}'>{escape(m.subject)}</a></td></tr>"
        for i, m in reversed(messages)
    )
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8><title>Caught mail</title>"
        f"<h1>Caught mail ({len(messages)})</h1><table border=1 cellpadding=4>"
        f"<tr><th>#</th><th>To</th><th>Subject</th></tr>{rows}</table>"
    )


async def mail_show(request: Request) -> Response:
    index = int(request.path_params["index"])
    if _sink is None or not 0 <= index < len(_sink.messages):
        return HTMLResponse("<p>No such message.</p>", status_code=404)
    m = _sink.messages[index]
    return HTMLResponse(
        "<!doctype html><meta charset=utf-8><title>Mail</title><p><a href='/dev/mail'>back</a>"
        f"<h1>{escape(m.subject)}</h1><p>To: {escape(', '.join(m.rcpt_tos))}<br>"
        f"Message-ID: {escape(m.message_id)}</p><pre>{escape(m.body)}</pre>"
    )


def dev_mail_routes() -> list[Route]:
    """The /dev/mail routes."""
    return [Route("/dev/mail", mail_index), Route("/dev/mail/{index:int}", mail_show)]
