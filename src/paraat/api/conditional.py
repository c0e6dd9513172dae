"""Conditional reads for API clients (Power BI, Excel, municipal systems refreshing): every GET
answer carries an ETag made of the data versions of the reader's regions, what the reader may
see and the request itself; `If-None-Match` with it answers 304 before anything is read.

Token clients get `Cache-Control: private, no-cache` (keep it, but ask again each time); a
signed-in browser keeps the pages' `private, no-store` (PrivacyHeadersMiddleware)."""

from __future__ import annotations

from rest_framework import status
from rest_framework.response import Response

from paraat.accounts.selectors import user_regions
from paraat.audit.selectors import data_versions
from paraat.core import caching
from paraat.permissions import is_national_reader, is_superuser, progress_text_scope

CONDITIONAL = ("GET", "HEAD")


def api_etag(request) -> str:
    """The ETag of this request's answer for this reader, without reading the answer: it
    changes when any of the reader's regions changes (a write, a role given or taken), when
    what they may read changes, and with the path, query, format and language (and the date:
    what is due moves on by itself)."""
    user = request.user
    regions = user_regions(user)
    everywhere = is_superuser(user) or is_national_reader(user)
    version = data_versions(region_ids=None if everywhere else [r.pk for r in regions])
    scope = ";".join(f"{r.pk}:{progress_text_scope(user, r)}" for r in regions)
    return caching.etag_for(
        caching.request_key(
            "api",
            request,
            version=version,
            scope=scope,
            user=user.pk,
            everywhere=everywhere,
            accept=request.headers.get("Accept", ""),
        )
    )


class NotModified(Exception):
    def __init__(self, etag: str) -> None:
        self.etag = etag


class ConditionalGet:
    """For API views: ETag on GET answers, 304 for a matching If-None-Match (checked after
    sign-in and the permission check, before the handler runs)."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # type: ignore[misc]
        if request.method in CONDITIONAL:
            self.paraat_etag = api_etag(request)
            if caching.not_modified(request, self.paraat_etag):
                raise NotModified(self.paraat_etag)

    def handle_exception(self, exc):
        if isinstance(exc, NotModified):
            response = Response(status=status.HTTP_304_NOT_MODIFIED)
            self._conditional_headers(response, exc.etag)
            return response
        return super().handle_exception(exc)  # type: ignore[misc]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)  # type: ignore[misc]
        etag = getattr(self, "paraat_etag", None)
        if etag and request.method in CONDITIONAL and response.status_code == status.HTTP_200_OK:
            self._conditional_headers(response, etag)
        return response

    def _conditional_headers(self, response, etag: str) -> None:
        response["ETag"] = etag
        if getattr(self.request, "auth", None) is not None:  # a token client, not a browser
            response["Cache-Control"] = "private, no-cache"
