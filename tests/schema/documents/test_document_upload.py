"""documentUpload (R-DOC-1, R-DOC-2, R-DOC-5): real files in, only PDFs, JPEGs and PNGs
kept, judged by content (a file named otherwise is kept, and downloaded, as what it is),
images without EXIF, a size cap, and who may upload."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from models import clock
from models.config import get_settings
from models.customers import Document
from models.rules.enums import DocumentType
from models.system import AuditEntry
from tests import factories as f
from tests import samples
from tests.conftest import COACH, COACH_OJF, HUB, MANAGER, Api
from tests.ids import row_id
from tests.schema.documents.util import checklist, counts, upload


@pytest.mark.parametrize(
    ("name", "make", "content_type", "kept_type", "kept_name"),
    [
        ("plan.pdf", samples.pdf, "application/pdf", "application/pdf", "plan.pdf"),
        ("photo.jpg", samples.jpeg, "image/jpeg", "image/jpeg", "photo.jpg"),
        ("scan.png", samples.png, "image/png", "image/png", "scan.png"),
        (
            "no-extension",
            samples.pdf,
            "application/octet-stream",
            "application/pdf",
            "no-extension.pdf",
        ),
        # judged by content, not by name: kept as what it is (R-DOC-1)
        ("photo.pdf", samples.png, "application/pdf", "image/png", "photo.png"),
        ("plan.png", samples.pdf, "image/png", "application/pdf", "plan.pdf"),
        ("photo.png", samples.jpeg, "image/png", "image/jpeg", "photo.jpg"),
        ("plan.pdf", samples.pdf, "image/png", "application/pdf", "plan.pdf"),
        ("scan.jpg", samples.png, "image/jpeg", "image/png", "scan.png"),
    ],
)
async def test_valid_files_are_kept(
    api: Api, name, make, content_type, kept_type, kept_name
) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    body = await upload(api, COACH, cust.id, name, make(), content_type)
    payload = body["data"]["documentUpload"]
    assert payload["errors"] == []
    doc = payload["document"]
    assert doc["contentType"] == kept_type
    assert doc["fileName"] == kept_name
    assert doc["uploadedBy"] == {"email": COACH}
    assert doc["downloadUrl"] == f"http://testserver/documents/{row_id(doc['id'])}"
    row = await Document.get(id=row_id(doc["id"]))
    stored = Path(get_settings().upload_dir) / row.storage_key
    assert stored.is_file()
    assert row.storage_key not in name and len(row.storage_key) == 64
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == row.sha256
    assert await AuditEntry.filter(entity="Document", entity_id=str(row.id)).count() == 1


@pytest.mark.parametrize("make", [samples.jpeg, samples.png], ids=["jpeg", "png"])
async def test_image_exif_is_gone_after_upload(api: Api, make) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    data = make()
    assert samples.has_exif(data)
    ext = "jpg" if data.startswith(b"\xff\xd8") else "png"
    body = await upload(
        api, COACH, cust.id, f"photo.{ext}", data, f"image/{'jpeg' if ext == 'jpg' else 'png'}"
    )
    doc = body["data"]["documentUpload"]["document"]
    row = await Document.get(id=row_id(doc["id"]))
    kept = (Path(get_settings().upload_dir) / row.storage_key).read_bytes()
    assert not samples.has_exif(kept)
    assert b"GPS" not in kept and samples.EXIF_MAKE.encode() not in kept


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("page.html", samples.html, "text/html"),
        ("page.pdf", samples.html, "application/pdf"),  # HTML wearing a PDF name
        ("bundle.zip", samples.zip_file, "application/zip"),
        ("bundle.pdf", samples.zip_file, "application/pdf"),
        ("cut.pdf", samples.truncated_pdf, "application/pdf"),
        ("empty.pdf", lambda: b"", "application/pdf"),
        ("half.jpg", lambda: samples.jpeg()[:200], "image/jpeg"),
        ("fake.png", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png"),
        ("fake.pdf", lambda: b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "application/pdf"),
        ("photo.pdf", lambda: b"GIF89a" + b"\0" * 100, "application/pdf"),
    ],
)
async def test_wrong_or_broken_files_are_refused(api: Api, name, make, content_type) -> None:
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    before = await counts()
    body = await upload(api, COACH, cust.id, name, make(), content_type)
    payload = body["data"]["documentUpload"]
    assert payload["document"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("FILE_TYPE_NOT_ALLOWED", "file")
    ]
    assert "R-DOC-1" in payload["errors"][0]["message"]
    assert await counts() == before


async def test_file_over_the_cap_is_file_too_large(api: Api, monkeypatch) -> None:
    """A file over the cap but within the HTTP allowance for the form gets the payload
    code; nothing is stored."""
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    data = samples.pdf(pages=2)
    monkeypatch.setattr(get_settings(), "max_upload_bytes", len(data) - 1)
    before = await counts()
    body = await upload(api, COACH, cust.id, "plan.pdf", data, "application/pdf")
    payload = body["data"]["documentUpload"]
    assert payload["document"] is None
    assert [e["code"] for e in payload["errors"]] == ["FILE_TOO_LARGE"]
    assert await counts() == before


async def test_paper_application_counts_for_the_open_ra_record(api: Api) -> None:
    """R-DOC-5: a printed, signed copy uploaded by staff counts for the open RA record."""
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    assert (await checklist(ra.id)).application_signed is False
    body = await upload(
        api,
        COACH,
        cust.id,
        "signed.pdf",
        samples.pdf(),
        "application/pdf",
        type="RENT_ASSISTANCE_APPLICATION",
    )
    doc = await Document.get(id=row_id(body["data"]["documentUpload"]["document"]["id"]))
    assert doc.enrollment_id == ra.id and doc.type is DocumentType.RENT_ASSISTANCE_APPLICATION
    assert (await checklist(ra.id)).application_signed is True


async def test_individual_plan_upload_makes_career_plan_current(api: Api) -> None:
    """R-DOC-5: an Individual Plan uploaded within 3 months makes the Career Plan current."""
    clock.freeze(date(2025, 3, 10))
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    ra = await f.ra_record(cust, coach, application_date=date(2025, 3, 3))
    await f.document(cust, DocumentType.INDIVIDUAL_PLAN, date(2024, 12, 9), by=coach)
    assert (await checklist(ra.id)).career_plan_current is False
    await upload(
        api, COACH, cust.id, "plan.pdf", samples.pdf(), "application/pdf", type="INDIVIDUAL_PLAN"
    )
    assert (await checklist(ra.id)).career_plan_current is True


@pytest.mark.parametrize("who", [COACH_OJF, HUB, MANAGER])
async def test_who_may_not_upload_gets_forbidden_and_nothing_changes(api: Api, who) -> None:
    """Another agency's coach does not see the customer; hub staff and contract managers
    do not upload (the role table)."""
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    before = await counts()
    form_body = await upload(api, who, cust.id, "plan.pdf", samples.pdf(), "application/pdf")
    assert form_body["data"] is None
    assert form_body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await counts() == before


async def test_upload_without_token_is_unauthenticated(api: Api) -> None:
    from tests.samples import PREFLIGHT, multipart_upload
    from tests.schema.documents.util import DOCUMENT_UPLOAD

    form, files = multipart_upload(
        DOCUMENT_UPLOAD,
        {"customerId": "1", "type": "OTHER"},
        "a.pdf",
        samples.pdf(),
        "application/pdf",
    )
    response = await api.client.post("/graphql", data=form, files=files, headers=PREFLIGHT)
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    ("who", "make"), [(COACH, samples.pdf), (COACH, samples.html), (HUB, samples.pdf)]
)
async def test_strawberrys_temporary_file_is_closed(api: Api, monkeypatch, who, make) -> None:
    """Strawberry never closes an upload's temporary file: the mutation does, on every
    path (kept, refused, forbidden)."""
    from starlette.datastructures import UploadFile

    closed: list[str | None] = []
    original = UploadFile.close

    async def close(self: UploadFile) -> None:
        closed.append(self.filename)
        await original(self)

    monkeypatch.setattr(UploadFile, "close", close)
    coach = await f.staff(COACH)
    cust = await f.customer(coach)
    await upload(api, who, cust.id, "file.pdf", make(), "application/pdf")
    assert "file.pdf" in closed
