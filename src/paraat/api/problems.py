"""Errors as `application/problem+json` (RFC 9457), as the NL API Design Rules ask."""

from rest_framework import exceptions
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

from django.core.exceptions import PermissionDenied
from django.http import Http404


class ProblemJSONRenderer(JSONRenderer):
    media_type = "application/problem+json"


def problem_exception_handler(exc, context):
    response = exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    problem = {
        "type": "about:blank",
        "title": _title(exc, response.status_code),
        "status": response.status_code,
    }
    if isinstance(data, dict) and set(data) == {"detail"}:
        problem["detail"] = str(data["detail"])
    elif isinstance(data, (dict, list)):
        problem["invalidParams"] = _invalid_params(data)
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        problem["retryAfter"] = int(exc.wait)
    response.data = problem
    response.content_type = "application/problem+json"
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = ProblemJSONRenderer()
        request.accepted_media_type = ProblemJSONRenderer.media_type
    return response


def _title(exc, code: int) -> str:
    if isinstance(exc, Http404):
        return "Not found"
    if isinstance(exc, PermissionDenied):
        return "Forbidden"
    if isinstance(exc, exceptions.APIException):
        return str(getattr(exc, "default_detail", "")) or str(code)
    return str(code)


def _invalid_params(data) -> list[dict]:
    params = []
    items = data.items() if isinstance(data, dict) else [("non_field_errors", data)]
    for name, errors in items:
        for error in errors if isinstance(errors, list) else [errors]:
            params.append({"name": name, "reason": str(error)})
    return params
