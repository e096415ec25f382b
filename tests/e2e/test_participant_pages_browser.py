"""The participant pages in a real browser (R-DOC-2, R-DOC-4): headless Chromium
(Debian's `chromium`, driven by Playwright with executable_path) against a live
`rent-assist serve` on a fresh migrated and seeded SQLite file. The participant opens
the link from the caught email, reads and signs; the record's checklist then shows the
application signed; a second use and an expired link fail cleanly.

CI needs: `apt-get install -y chromium` and the dev extra (`pip install -e '.[dev]'`,
which holds playwright). Never `playwright install`: the system Chromium is used.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from datetime import date, timedelta
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

from tests.conftest import SINK
from tests.ids import gid_of
from workers.mailsink import MailSink, free_port

CHROMIUM = Path("/usr/bin/chromium")
ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2025, 3, 10)
PHONE = {"width": 390, "height": 844}

try:
    from playwright.async_api import async_playwright
except ImportError:  # pragma: no cover - the dev extra holds playwright
    async_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="browser tests skipped: no Chromium at /usr/bin/chromium "
        "(install it with `apt-get install -y chromium`)",
    ),
    pytest.mark.skipif(async_playwright is None, reason="browser tests skipped: no playwright"),
    pytest.mark.timeout(300),
]


class LiveServer:
    """`rent-assist serve` in a subprocess on its own SQLite file and upload dir."""

    def __init__(self, workdir: Path, sink: MailSink) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "ENVIRONMENT": "dev",
            "METRICS_PORT": "0",  # no fixed port for the metrics server
            "DATABASE_URL": f"sqlite://{workdir / 'e2e.sqlite3'}",
            "UPLOAD_DIR": str(workdir / "uploads"),
            "PUBLIC_BASE_URL": self.base,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(sink.port),
        }
        self.env.pop("REDIS_URL", None)
        self.env.pop("FROZEN_TODAY", None)
        self.proc: subprocess.Popen[bytes] | None = None
        self.today: date | None = None
        self.log = workdir / "server.log"

    def cli(self, *args: str) -> None:
        exe = str(Path(sys.executable).parent / "rent-assist")
        subprocess.run([exe, *args], env=self.env, cwd=ROOT, check=True, capture_output=True)

    def helper(self, *args: str, today: date = TODAY) -> dict:
        out = subprocess.run(
            [sys.executable, "-m", "tests.e2e.helper", *args, "--today", today.isoformat()],
            env=self.env,
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        return json.loads(out.stdout.strip().splitlines()[-1])

    def start(self, today: date) -> None:
        """(Re)start the server with FROZEN_TODAY = today (no-op if it runs so already)."""
        if self.proc is not None and self.proc.poll() is None and self.today == today:
            return
        self.stop()
        self.today = today
        exe = str(Path(sys.executable).parent / "rent-assist")
        env = {**self.env, "FROZEN_TODAY": today.isoformat()}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [exe, "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=env,
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.base}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()  # only the process this fixture started, by its handle
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory, mail_sink: MailSink) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("e2e"), mail_sink)
    server.cli("migrate")
    server.cli("seed-demo")
    server.start(TODAY)
    try:
        yield server
    finally:
        server.stop()


@pytest_asyncio.fixture
async def browser() -> AsyncIterator[object]:
    assert async_playwright is not None
    async with async_playwright() as p:
        b = await p.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield b
        finally:
            await b.close()


async def _phone(browser):  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    return context, await context.new_page()


def _checklist_via_api(live: LiveServer, enrollment_id: int) -> bool | None:
    """applicationSigned through the live server's GraphQL, as the coach sees it; None
    while the `enrollment` query is not part of this build."""
    from models.actions.seed import DEMO_PASSWORD

    login = httpx.post(
        f"{live.base}/graphql",
        json={
            "query": "mutation($e: String!, $p: String!) "
            "{ login(email: $e, password: $p) { token } }",
            "variables": {"e": "coach.eop-portland-irco@example.org", "p": DEMO_PASSWORD},
        },
    ).json()
    token = login["data"]["login"]["token"]
    body = httpx.post(
        f"{live.base}/graphql",
        json={
            "query": "query($id: ID!) { enrollment(id: $id) "
            "{ referralChecklist { applicationSigned } } }",
            "variables": {"id": gid_of("Enrollment", enrollment_id)},
        },
        headers={"Authorization": f"Bearer {token}"},
    ).json()
    if any("Cannot query field" in e["message"] for e in body.get("errors", [])):
        return None
    return body["data"]["enrollment"]["referralChecklist"]["applicationSigned"]


def _link_in_mail(email: str, path: str) -> str:
    mails = SINK.to(email)
    assert len(mails) == 1, [m.subject for m in mails]
    [url] = re.findall(rf"http://127\.0\.0\.1:\d+{path}\S+", mails[0].body)
    return url


async def test_participant_signs_in_the_browser_and_link_works_once(
    live: LiveServer, browser
) -> None:  # type: ignore[no-untyped-def]
    live.start(TODAY)
    made = live.helper("sign-request")
    url = _link_in_mail(made["email"], "/p/sign/")
    context, page = await _phone(browser)
    response = await page.goto(url)
    assert response is not None and response.status == 200
    assert "Sign your Rent Assistance application" in await page.inner_text("h1")
    application = await page.inner_text("#application")
    assert made["customer_number"] in application and made["coach"] in application
    assert "sign this application electronically" in await page.inner_text("#consent-text")
    # readable on a phone: nothing wider than the screen
    assert await page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    await page.click("#sign")  # neither name nor consent yet: refused, nothing signed
    assert "Tick the box" in await page.inner_text("#errors")
    assert (
        live.helper(
            "state",
            "--customer",
            str(made["customer_id"]),
            "--enrollment",
            str(made["enrollment_id"]),
        )["application_signed"]
        is False
    )

    await page.fill("#typed_name", "Ana Pérez")
    await page.check("#consent")
    await page.click("#sign")
    assert "your application is signed" in await page.inner_text("#outcome")
    state = live.helper(
        "state", "--customer", str(made["customer_id"]), "--enrollment", str(made["enrollment_id"])
    )
    assert state["application_signed"] is True and state["signed_documents"] == 1
    assert _checklist_via_api(live, made["enrollment_id"]) in (True, None)
    evidence = state["documents"][0]["evidence"]
    assert evidence["typed_name"] == "Ana Pérez" and evidence["ip"] == "127.0.0.1"
    assert "Chrome" in evidence["user_agent"]

    second = await page.goto(url)  # the same link again
    assert second is not None and second.status == 410
    assert "already been used" in await page.inner_text("#outcome")
    assert await page.locator("form").count() == 0
    await context.close()
    state = live.helper(
        "state", "--customer", str(made["customer_id"]), "--enrollment", str(made["enrollment_id"])
    )
    assert state["signed_documents"] == 1
    # the server's request log names the route, never the token (the participant's key)
    log = live.log.read_text()
    assert "route=/p/sign/{token}" in log
    assert url.rsplit("/", 1)[1] not in log


async def test_expired_link_fails_cleanly_in_the_browser(live: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    live.start(TODAY)
    made = live.helper("sign-request")
    url = _link_in_mail(made["email"], "/p/sign/")
    live.start(TODAY + timedelta(days=8))  # R-DOC-4: links expire after 7 days
    try:
        context, page = await _phone(browser)
        response = await page.goto(url)
        assert response is not None and response.status == 410
        assert "expired" in await page.inner_text("#outcome")
        assert await page.locator("form").count() == 0
        await context.close()
    finally:
        live.start(TODAY)
    state = live.helper(
        "state", "--customer", str(made["customer_id"]), "--enrollment", str(made["enrollment_id"])
    )
    assert state["application_signed"] is False and state["links_used"] == 0


async def test_participant_uploads_a_photo_in_the_browser(
    live: LiveServer, browser, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    from tests import samples

    live.start(TODAY)
    made = live.helper("upload-request", "--type", "INDIVIDUAL_PLAN")
    url = _link_in_mail(made["email"], "/p/upload/")
    wrong = tmp_path / "plan.pdf"
    wrong.write_bytes(samples.html())
    photo = tmp_path / "plan-photo.jpg"
    photo.write_bytes(samples.jpeg((800, 600)))

    context, page = await _phone(browser)
    await page.goto(url)
    assert "Career Plan" in await page.inner_text("h1")
    await page.set_input_files("#file", str(wrong))
    await page.click("#upload")
    assert "Only PDF, JPEG or PNG" in await page.inner_text("#errors")
    await page.set_input_files("#file", str(photo))
    await page.click("#upload")
    assert "your document is uploaded" in await page.inner_text("#outcome")
    again = await page.goto(url)
    assert again is not None and again.status == 410
    await context.close()

    state = live.helper("state", "--customer", str(made["customer_id"]))
    [doc] = state["documents"]
    assert doc["type"] == "INDIVIDUAL_PLAN" and doc["content_type"] == "image/jpeg"
    kept = Path(doc["path"]).read_bytes()  # noqa: ASYNC240 - a small local file
    with Image.open(io.BytesIO(kept)) as img:
        assert img.size == (800, 600) and not dict(img.getexif())
