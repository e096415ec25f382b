"""The file checks of R-DOC-1 as a table, without a database: content decides (a name or
declared type that disagrees is not a refusal), content that is not a well-formed PDF,
JPEG or PNG is refused, and images are rebuilt."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from models.actions import files
from tests import samples


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n", files.PDF),
        (b"\xff\xd8\xff\xe0", files.JPEG),
        (b"\x89PNG\r\n\x1a\n", files.PNG),
        (b"GIF89a", None),
        (b"PK\x03\x04", None),
        (b"<html>", None),
        (b"", None),
        (b" %PDF-1.7", None),  # magic bytes must come first
    ],
)
def test_sniff(data: bytes, expected: str | None) -> None:
    assert files.sniff(data) == expected


@pytest.mark.parametrize(
    ("name", "declared", "make", "kept_as"),
    [
        ("plan.pdf", "application/pdf", samples.pdf, files.PDF),
        ("PLAN.PDF", None, samples.pdf, files.PDF),
        ("plan", "application/octet-stream", samples.pdf, files.PDF),
        ("photo.jpeg", "image/jpg", samples.jpeg, files.JPEG),
        ("scan.png", "image/png", samples.png, files.PNG),
        # a name or declared type that disagrees is no refusal: the content decides
        ("plan.png", None, samples.pdf, files.PDF),
        ("photo.pdf", None, samples.png, files.PNG),
        ("photo.png", None, samples.jpeg, files.JPEG),
        ("plan.pdf", "image/png", samples.pdf, files.PDF),
        ("photo.pdf", "application/pdf", samples.png, files.PNG),
        ("plan.pdf.exe", None, samples.pdf, files.PDF),
        ("page.html", "text/html", samples.pdf, files.PDF),
        ("Plan v1.2", None, samples.pdf, files.PDF),
    ],
)
def test_the_content_decides_never_the_name_or_declared_type(name, declared, make, kept_as) -> None:
    assert files.check_file(make(), name=name, declared_type=declared).content_type == kept_as


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.png", b"GIF89a" + b"\x00" * 64),
        ("plan.pdf", b"<html><body>not a pdf</body></html>"),
        ("plan.pdf", b"%PDF-1.7\nthis is not a real pdf"),  # the magic bytes lie
        ("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a PNG signature, no image
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 64),
    ],
)
def test_content_that_is_not_pdf_jpeg_or_png_is_still_refused(name: str, data: bytes) -> None:
    with pytest.raises(files.FileRejected):
        files.check_file(data, name=name, declared_type="application/pdf")


def test_decompression_bomb_is_refused() -> None:
    out = io.BytesIO()
    Image.new("1", (10_000, 9_000)).save(out, "PNG")  # 90 Mpx > Pillow's limit, tiny file
    with pytest.raises(files.FileRejected):
        files.check_file(out.getvalue())


def test_rebuilt_jpeg_keeps_its_orientation_and_drops_exif() -> None:
    img = Image.new("RGB", (60, 20), (10, 200, 10))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° when shown
    exif[0x010F] = samples.EXIF_MAKE
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    kept = files.check_file(out.getvalue())
    with Image.open(io.BytesIO(kept.data)) as result:
        assert result.size == (20, 60)  # upright, as the phone showed it
        assert not dict(result.getexif())


@pytest.mark.parametrize(
    ("name", "content_type", "expected"),
    [
        ("../../etc/passwd", files.PDF, "passwd.pdf"),
        ("C:\\Users\\ana\\plan.png", files.PDF, "plan.pdf"),
        ("<script>.pdf", files.PDF, "script.pdf"),
        ("Plan März 2025.jpg", files.JPEG, "Plan März 2025.jpg"),
        ("", files.PNG, "document.png"),
        (None, files.PNG, "document.png"),
    ],
)
def test_safe_file_name(name: str | None, content_type: str, expected: str) -> None:
    assert files.safe_file_name(name, content_type) == expected


@pytest.mark.parametrize("key", ["../x", "", "g" * 64, "a" * 65])
def test_path_of_refuses_malformed_keys(key: str) -> None:
    assert files.path_of(key) is None
