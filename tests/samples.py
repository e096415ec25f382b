"""Real files for the document tests, generated on the spot (R-DOC-1): a PDF by fpdf2,
a JPEG and a PNG by Pillow carrying EXIF (camera make and a GPS block), and the kinds
of file that must be refused."""

from __future__ import annotations

import io
import json
import zipfile

from fpdf import FPDF
from PIL import Image

EXIF_MAKE = "SpyCam 3000"


def pdf(text: str = "Individual Plan", pages: int = 1) -> bytes:
    doc = FPDF()
    for i in range(pages):
        doc.add_page()
        doc.set_font("helvetica", size=14)
        doc.cell(text=f"{text} page {i + 1}")
    return bytes(doc.output())


def _exif() -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = EXIF_MAKE  # Make
    exif[0x0110] = "Model X"  # Model
    exif[0x0112] = 1  # Orientation
    gps = {1: "N", 2: (45.0, 31.0, 12.0), 3: "W", 4: (122.0, 40.0, 30.0)}
    exif[0x8825] = gps  # GPSInfo
    return exif


def _image(fmt: str, size: tuple[int, int]) -> bytes:
    img = Image.new("RGB", size, (200, 30, 30))
    for x in range(0, size[0], 4):
        img.putpixel((x, x % size[1]), (0, 0, 255))
    out = io.BytesIO()
    img.save(out, fmt, exif=_exif())
    return out.getvalue()


def jpeg(size: tuple[int, int] = (64, 48)) -> bytes:
    return _image("JPEG", size)


def png(size: tuple[int, int] = (64, 48)) -> bytes:
    return _image("PNG", size)


def has_exif(data: bytes) -> bool:
    with Image.open(io.BytesIO(data)) as img:
        return bool(dict(img.getexif())) or "exif" in img.info or EXIF_MAKE.encode() in data


def html() -> bytes:
    return b"<!doctype html><html><body><script>alert(1)</script></body></html>"


def zip_file() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("plan.pdf", pdf())
    return out.getvalue()


def truncated_pdf() -> bytes:
    data = pdf(pages=3)
    return data[: len(data) // 2]


# A POST that is not application/json must name itself (CSRF, api/security.py): what a
# real client (Apollo, urql with the upload exchange) sends with every upload.
PREFLIGHT = {"Apollo-Require-Preflight": "true"}


def multipart_upload(
    query: str, variables: dict, name: str, data: bytes, content_type: str
) -> tuple[dict, dict]:
    """The GraphQL multipart request spec: (data, files) for httpx."""
    variables = {**variables, "file": None}
    form = {
        "operations": json.dumps({"query": query, "variables": variables}),
        "map": json.dumps({"0": ["variables.file"]}),
    }
    return form, {"0": (name, data, content_type)}
