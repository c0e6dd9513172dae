"""Evidence uploads follow Paraat's one upload rule (paraat.core.uploads)."""

from paraat.core.uploads import ALLOWED_EXTENSIONS, check_upload, max_upload_bytes

evidence_check = check_upload

__all__ = ["ALLOWED_EXTENSIONS", "evidence_check", "max_upload_bytes"]
