"""R-DOC-1 as a table: the content's magic bytes decide what a document is, and the name
it is kept and downloaded under takes the content's extension, whatever it was called."""

from __future__ import annotations

import pytest

from models.rules.documents import JPEG, PDF, PNG, content_type_of, stored_file_name


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n", PDF),
        (b"\xff\xd8\xff\xe0", JPEG),
        (b"\x89PNG\r\n\x1a\n", PNG),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),
        (b"<html>", None),
        (b"MZ\x90\x00", None),
        (b"", None),
        (b" %PDF-1.7", None),  # magic bytes must come first
        (b"\x89PNG\r\n", None),  # a cut signature is not PNG
    ],
)
def test_content_type_of(data: bytes, expected: str | None) -> None:
    assert content_type_of(data) == expected


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("photo.pdf", PNG, "photo.png"),  # the example
        ("photo.PDF", PNG, "photo.png"),
        ("scan.png", PDF, "scan.pdf"),
        ("photo.png", JPEG, "photo.jpg"),
        ("photo.jpeg", JPEG, "photo.jpg"),
        ("plan.pdf", PDF, "plan.pdf"),
        ("plan.pdf.exe", PDF, "plan.pdf"),
        ("page.html", PDF, "page.pdf"),
        ("plan", PDF, "plan.pdf"),
        ("Plan v1.2", PDF, "Plan v1.2.pdf"),  # "1.2" is not an extension
        ("report.final.pdf", PDF, "report.final.pdf"),
        ("../../etc/passwd", PDF, "passwd.pdf"),
        ("C:\\Users\\ana\\plan.png", PDF, "plan.pdf"),
        ("<script>.pdf", PDF, "script.pdf"),
        ("Plan März 2025.jpg", JPEG, "Plan März 2025.jpg"),
        ("", PNG, "document.png"),
        (None, PNG, "document.png"),
        (".pdf", PNG, "pdf.png"),
    ],
)
def test_stored_file_name_takes_the_contents_extension(
    name: str | None, content_type: str, expected: str
) -> None:
    assert stored_file_name(name, content_type) == expected
