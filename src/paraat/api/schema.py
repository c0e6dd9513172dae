"""How the OpenAPI document describes Paraat's sign-in for the API (loaded in AppConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "paraat.api.authentication.TokenAuthentication"
    name = "token"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A token from your Paraat profile page: `Authorization: Bearer prt_…`",
        }


class SessionScheme(OpenApiAuthenticationExtension):
    target_class = "paraat.api.authentication.VerifiedSessionAuthentication"
    name = "session"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": "sessionid"}


PROBLEM = {
    "type": "object",
    "description": "RFC 9457 problem details",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
        "retryAfter": {"type": "integer"},
        "currentVersion": {"type": "integer"},
    },
    "required": ["title", "status"],
}
ERRORS = {
    "400": "A parameter or field is not valid (see invalidParams)",
    "401": "No valid token or session",
    "403": "Not allowed for you",
    "404": "Not found, or not yours to see",
    "429": "Too many requests: wait Retry-After seconds",
}


def add_problem_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: every operation documents its problem answers
    (application/problem+json), so clients and schema tests know them."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM
    ref = {"$ref": "#/components/schemas/Problem"}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            codes = dict(ERRORS)
            if method == "post":
                codes["409"] = "Refused by the rules in the current state (e.g. a status move)"
                codes["412"] = "Someone saved a newer version (see currentVersion)"
            for code, text in codes.items():
                responses.setdefault(
                    code,
                    {"description": text, "content": {"application/problem+json": {"schema": ref}}},
                )
    return result
