import io
import zipfile

import pytest

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from paraat.core.uploads import check_upload


def docx_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("plan.pdf", b"%PDF-1.7\n...", "application/pdf"),
        ("foto.png", b"\x89PNG\r\n\x1a\n....", "image/png"),
        (
            "verslag.docx",
            docx_bytes(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_accepted_files_are_recognised_by_their_content(name, content, expected, settings):
    assert check_upload(SimpleUploadedFile(name, content)) == expected


def test_a_program_renamed_to_pdf_is_refused_in_dutch():
    with pytest.raises(ValidationError) as e, translation.override("nl"):
        check_upload(SimpleUploadedFile("plan.pdf", b"MZ\x90\x00binary"))
    assert "komt niet overeen" in str(e.value.messages[0])


def test_a_zip_renamed_to_docx_is_refused():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("evil.sh", "rm -rf /")
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("verslag.docx", buf.getvalue()))


def test_unknown_extension_empty_and_oversized_files_are_refused(settings):
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("script.html", b"<script>"))
    with pytest.raises(ValidationError):
        check_upload(SimpleUploadedFile("leeg.pdf", b""))
    settings.PARAAT_MAX_UPLOAD_MB = 1
    with pytest.raises(ValidationError) as e:
        check_upload(SimpleUploadedFile("groot.pdf", b"%PDF-" + b"0" * (2 * 1024 * 1024)))
    assert "1 MB" in e.value.messages[0]
