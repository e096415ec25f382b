"""CORS and GraphiQL in a real browser (issue 12 §1): headless Chromium loads a page
served from another origin (another port) whose script calls the API with fetch — a
JSON POST with the bearer token, so the browser sends a preflight — and succeeds only
because that origin is in CORS_ORIGINS; the same page served from an origin not
configured fails. GraphiQL loads and runs with every request outside this machine
blocked (no CDN).

Needs Chromium at /usr/bin/chromium and playwright (the dev extra); skipped otherwise,
as tests/e2e/test_participant_pages_browser.py.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from tests.conftest import COACH
from tests.e2e.test_participant_pages_browser import CHROMIUM, LiveServer, browser  # noqa: F401
from workers.mailsink import MailSink, free_port

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests skipped: no Chromium at /usr/bin/chromium "
        "(install it with `apt-get install -y chromium`)",
    ),
    pytest.mark.timeout(300),
]

TODAY = date(2025, 3, 10)
PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>client</title></head>
<body><p id="result">pending</p>
<script>
(async function () {
  const api = new URLSearchParams(location.search).get("api") + "/graphql";
  const out = document.getElementById("result");
  try {
    const login = await fetch(api, {
      method: "POST",
      headers: {"Content-Type": "application/json"},
      body: JSON.stringify({query: "mutation($e: String!, $p: String!) { login(email: $e, " +
        "password: $p) { token } }", variables: {e: "%(email)s", p: "rent-assist-demo"}}),
    });
    const token = (await login.json()).data.login.token;
    const me = await fetch(api, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Authorization": "Bearer " + token,
                "X-Apollo-Operation-Name": "Me"},
      body: JSON.stringify({query: "query Me { me { email } }"}),
    });
    out.textContent = "ok:" + (await me.json()).data.me.email;
  } catch (error) {
    out.textContent = "failed:" + error.name;
  }
})();
</script></body></html>
"""


class StaticSite:
    """`python -m http.server` serving the client page on its own port (its own origin)."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "client.html").write_text(PAGE % {"email": COACH})
        self.port = free_port()
        self.origin = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1"],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{self.origin}/client.html", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        raise RuntimeError("the static site did not start")

    def stop(self) -> None:
        self.proc.terminate()  # only the process this fixture started, by its handle
        self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[StaticSite, StaticSite]]:
    allowed = StaticSite(tmp_path_factory.mktemp("allowed"))
    other = StaticSite(tmp_path_factory.mktemp("other"))
    try:
        yield allowed, other
    finally:
        allowed.stop()
        other.stop()


@pytest.fixture(scope="module")
def api_server(
    tmp_path_factory: pytest.TempPathFactory,
    mail_sink: MailSink,
    sites: tuple[StaticSite, StaticSite],
) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("cors"), mail_sink)
    server.env["CORS_ORIGINS"] = sites[0].origin  # only the first site's origin
    server.cli("migrate")
    server.cli("seed-demo")
    server.start(TODAY)
    try:
        yield server
    finally:
        server.stop()


async def _result(browser, url: str) -> str:  # type: ignore[no-untyped-def]  # noqa: F811
    page = await browser.new_page()
    try:
        await page.goto(url)
        await page.wait_for_function(
            "document.getElementById('result').textContent !== 'pending'", timeout=30_000
        )
        return await page.inner_text("#result")
    finally:
        await page.close()


async def test_a_page_on_a_configured_origin_calls_the_api(
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
    api_server: LiveServer,
    sites: tuple[StaticSite, StaticSite],
) -> None:
    allowed, _ = sites
    result = await _result(browser, f"{allowed.origin}/client.html?api={api_server.base}")
    assert result == f"ok:{COACH}"


async def test_a_page_on_another_origin_is_refused_by_the_browser(
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
    api_server: LiveServer,
    sites: tuple[StaticSite, StaticSite],
) -> None:
    _, other = sites
    result = await _result(browser, f"{other.origin}/client.html?api={api_server.base}")
    assert result == "failed:TypeError"  # fetch's network error: CORS refused


async def test_graphiql_runs_with_no_internet(
    browser,  # type: ignore[no-untyped-def]  # noqa: F811
    api_server: LiveServer,
) -> None:
    page = await browser.new_page()
    outside: list[str] = []

    async def only_this_machine(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith(("http://127.0.0.1", "data:", "blob:")):
            await route.continue_()
        else:
            outside.append(url)
            await route.abort()

    await page.route("**/*", only_this_machine)
    try:
        await page.goto(f"{api_server.base}/graphql")
        await page.wait_for_selector(".graphiql-container", timeout=30_000)
        assert "Loading" not in await page.inner_text("#graphiql")
        await page.click(".graphiql-execute-button")
        await page.wait_for_function(
            "document.querySelector('.graphiql-response')"
            " && document.querySelector('.graphiql-response').innerText.includes('token')",
            timeout=30_000,
        )
    finally:
        await page.close()
    assert outside == []
