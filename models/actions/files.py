"""Files (R-DOC-1): PDF, JPEG or PNG only, judged by content, never by name.

A file is accepted only when its magic bytes name one of the three types AND it
parses as that type (pypdf for PDFs, Pillow verify + load for images); its name and
declared type are not asked, and it is kept under the extension of what it is
(models/rules/documents.py: a PNG named photo.pdf is kept as photo.png). Images are
re-encoded from their pixels, so EXIF (GPS position, camera serial) and every other
metadata chunk is dropped. Files are stored under UPLOAD_DIR with random names, outside
any static route: the only way out is the download route, which checks access.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import io
import os
import re
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from models.config import get_settings
from models.rules.documents import JPEG, PDF, PNG, content_type_of, stored_file_name

_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG"}


class FileRejected(Exception):
    """The content is not an allowed, well-formed PDF, JPEG or PNG (R-DOC-1)."""


@dataclass(frozen=True, slots=True)
class CleanFile:
    """A checked file, ready to store: the bytes to keep and what they are."""

    data: bytes
    content_type: str
    sha256: str


def sniff(data: bytes) -> str | None:
    """The content type the magic bytes name, or None (R-DOC-1)."""
    return content_type_of(data)


def _check_pdf(data: bytes) -> None:
    from pypdf import PdfReader

    # a complete PDF ends with %%EOF (possibly followed by a little whitespace/garbage)
    if b"%%EOF" not in data[-2048:]:
        raise FileRejected("the PDF is incomplete")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            if len(reader.pages) < 1:
                raise FileRejected("the PDF has no pages")
            reader.pages[0].mediabox  # noqa: B018 - parse the first page object
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected("the PDF does not parse") from exc


def _clean_image(data: bytes, content_type: str) -> bytes:
    from PIL import Image, ImageOps

    fmt = _PIL_FORMATS[content_type]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                if probe.format != fmt:
                    raise FileRejected("the image is not what its content says")
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                # keep the picture the right way up, then drop every metadata chunk
                upright = ImageOps.exif_transpose(img) or img
                pixels = upright.copy()
    except FileRejected:
        raise
    except Exception as exc:
        raise FileRejected("the image does not decode") from exc
    pixels.info = {}
    out = io.BytesIO()
    if fmt == "JPEG":
        if pixels.mode not in ("RGB", "L", "CMYK"):
            pixels = pixels.convert("RGB")
        pixels.save(out, "JPEG", quality=90, optimize=True)
    else:
        pixels.save(out, "PNG", optimize=True)
    return out.getvalue()


def check_file(
    data: bytes, *, name: str | None = None, declared_type: str | None = None
) -> CleanFile:
    """The file as it will be kept, or FileRejected (R-DOC-1). CPU-bound: run in a thread.

    The content alone decides: a name or declared type that says otherwise is not a
    refusal; the file is kept as what it is (safe_file_name gives it its extension)."""
    del name, declared_type  # judged by content, never by name (R-DOC-1)
    content_type = sniff(data)
    if content_type is None:
        raise FileRejected("not a PDF, JPEG or PNG")
    if content_type == PDF:
        _check_pdf(data)
        kept = data
    else:
        kept = _clean_image(data, content_type)
    return CleanFile(kept, content_type, hashlib.sha256(kept).hexdigest())


async def check_file_async(
    data: bytes, *, name: str | None = None, declared_type: str | None = None
) -> CleanFile:
    """check_file off the event loop."""
    return await asyncio.to_thread(check_file, data, name=name, declared_type=declared_type)


def safe_file_name(name: str | None, content_type: str) -> str:
    """A display name without paths or control characters, with the extension the
    content (not the client) says (R-DOC-1)."""
    return stored_file_name(name, content_type)


def upload_dir() -> Path:
    """UPLOAD_DIR, created on first use with owner-only permissions."""
    path = Path(get_settings().upload_dir)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def new_storage_key() -> str:
    """A random, unguessable file name."""
    return secrets.token_hex(32)


def _write(key: str, data: bytes) -> None:
    target = upload_dir() / key
    tmp = target.with_suffix(".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    tmp.replace(target)


async def store(key: str, data: bytes) -> None:
    """Write a file under UPLOAD_DIR (atomically: a reader never sees half of it)."""
    await asyncio.to_thread(_write, key, data)


def remove(key: str) -> None:
    """Delete a stored file (after a failed transaction); a missing file is fine."""
    with contextlib.suppress(FileNotFoundError):
        (upload_dir() / key).unlink()


def path_of(key: str) -> Path | None:
    """The stored file's path, or None if the key is malformed or the file is gone."""
    if not re.fullmatch(r"[0-9a-f]{32,64}", key or ""):
        return None
    path = upload_dir() / key
    return path if path.is_file() else None
