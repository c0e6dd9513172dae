from django.conf import settings
from django.db import connection
from django.http import JsonResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers

SUPPORTED = {code for code, _ in settings.LANGUAGES}
HEALTH_PATH = "/healthz"


class HealthMiddleware:
    """`GET /healthz` for operators and load balancers: 200 JSON when the database answers, 503
    JSON when it does not.

    Answered here, before the session and authentication middleware: they read the session
    (a database query) when a request carries a session cookie, and would turn a database
    outage into a 500 HTML page instead of the 503 a load balancer understands.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = JsonResponse({"status": "error", "detail": "GET only"}, status=405)
            response["Allow"] = "GET, HEAD"
        else:
            response = self._check()
        add_never_cache_headers(response)
        return response

    @staticmethod
    def _check() -> JsonResponse:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                cursor.fetchone()
        except Exception:  # any database failure means unhealthy
            return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
        return JsonResponse({"status": "ok", "database": "ok"})


class LanguageMiddleware:
    """Dutch unless the person chose another language (the cookie set by the language switch).

    Unlike Django's LocaleMiddleware this ignores the browser's Accept-Language: Paraat is a
    Dutch public-sector product and shows Dutch by default, whatever the browser says.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


# Browser features Paraat does not use: switched off for every page (issue 17).
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "bluetooth",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
PRIVATE = "private, no-store"


def is_download(response) -> bool:
    return bool(getattr(response, "streaming", False) and hasattr(response, "file_to_stream")) or (
        "attachment" in response.get("Content-Disposition", "")
    )


class PrivacyHeadersMiddleware:
    """A shared computer's browser keeps nothing: signed-in pages and every download (exports,
    evidence, reports, binder) carry `Cache-Control: private, no-store`. A response that already
    says `private, no-cache` with an ETag (API answers to token clients, for conditional
    requests) keeps it. Every response carries the Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if getattr(user, "is_authenticated", False) or is_download(response):
            current = response.get("Cache-Control", "")
            revalidating = (
                "private" in current and "no-cache" in current and response.has_header("ETag")
            )
            if not revalidating:
                response["Cache-Control"] = PRIVATE
                response.headers.pop("Expires", None)
        return response
