"""Every upload in Paraat (evidence, support-point documents, knowledge attachments) passes the
same check: size, extension, and the file's content must agree with its name.

The browser's claimed content type is never trusted; PDF, Office, OpenDocument and images only.
"""

from __future__ import annotations

import io
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

# extension → content type; the detected kind must agree with the extension.
OOXML = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
ODF = {
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
}
OLE = {
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}
SIMPLE = {
    "pdf": (b"%PDF-", "application/pdf"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "gif": (b"GIF8", "image/gif"),
}
ALLOWED_EXTENSIONS = sorted([*OOXML, *ODF, *OLE, *SIMPLE, "webp"])


def max_upload_bytes() -> int:
    return int(getattr(settings, "PARAAT_MAX_UPLOAD_MB", 20)) * 1024 * 1024


def check_upload(upload) -> str:
    """The content type of an acceptable file; ValidationError (Dutch) otherwise."""
    name = upload.name or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size > max_upload_bytes():
        raise ValidationError(
            _("The file is too large: at most %(mb)s MB.") % {"mb": max_upload_bytes() // 2**20}
        )
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _(
                "This kind of file is not accepted. Accepted: PDF, Office and OpenDocument files, "
                "images (%(list)s)."
            )
            % {"list": ", ".join(ALLOWED_EXTENSIONS)}
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    detected = _detect(head, upload, extension)
    if detected is None:
        raise ValidationError(
            _("The file's content does not match its name (.%(ext)s); it was not accepted.")
            % {"ext": extension}
        )
    return detected


def _detect(head: bytes, upload, extension: str) -> str | None:
    if extension in SIMPLE:
        magic, content_type = SIMPLE[extension]
        return content_type if head.startswith(magic) else None
    if extension == "webp":
        return "image/webp" if head[:4] == b"RIFF" and head[8:12] == b"WEBP" else None
    if extension in OLE:
        return OLE[extension] if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1") else None
    if not head.startswith(b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(io.BytesIO(upload.read())) as archive:
            names = set(archive.namelist())
            if extension in ODF:
                mimetype = archive.read("mimetype").decode() if "mimetype" in names else ""
                return ODF[extension] if mimetype == ODF[extension] else None
            if "[Content_Types].xml" not in names:
                return None
            folder = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}[extension]
            return OOXML[extension] if any(n.startswith(folder) for n in names) else None
    except (zipfile.BadZipFile, KeyError, UnicodeDecodeError):
        return None
    finally:
        upload.seek(0)


def download_response(file, *, filename: str, content_type: str) -> FileResponse:
    """A stored upload (or report file) going out: always as an attachment under its own name,
    with the content type found when it was checked (never one the browser guesses). A file
    gone from storage is a 404, not a 500. The caller has checked permission and records the
    download after this returns (so a missing file is not recorded as downloaded)."""
    try:
        handle = file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename or "bestand",
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
