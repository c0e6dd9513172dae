import time
from functools import wraps

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.http import JsonResponse
from django.middleware.gzip import GZipMiddleware
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


# --- compression (issue 19) -------------------------------------------------------------------


def uncompressed(view):
    """Mark a view's answers to be sent uncompressed: pages that show the same secret on every
    visit (an authenticator's key while it is being set up), so no length-guessing attack
    (BREACH) can read it. See docs/production.md, "Compression"."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response.paraat_uncompressed = True
        return response

    return wrapper


class CompressionMiddleware(GZipMiddleware):
    """Django's GZip middleware (HTML, CSV, JSON and the rest; with its random padding against
    BREACH), except for answers marked with `uncompressed` and 304s. Placed after WhiteNoise,
    which serves static files pre-compressed (gzip and Brotli) itself."""

    def process_response(self, request, response):
        if getattr(response, "paraat_uncompressed", False):
            return response
        return super().process_response(request, response)


class SessionRefreshMiddleware:
    """The idle timeout slides without writing the session on every request: a signed-in
    session is written again (so its expiry moves to SESSION_COOKIE_AGE from now) only when it
    was last written more than PARAAT_SESSION_REFRESH_SECONDS ago. A session idle for
    SESSION_COOKIE_AGE still expires; one in use lives on. Directly after SessionMiddleware."""

    KEY = "_paraat_refreshed"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and session.session_key and SESSION_KEY in session:
            now = int(time.time())
            last = session.get(self.KEY)
            if not isinstance(last, int) or now - last >= settings.PARAAT_SESSION_REFRESH_SECONDS:
                session[self.KEY] = now  # marks it modified: SessionMiddleware writes it
        return self.get_response(request)


def session_refreshed_at_sign_in(sender, request, user, **kwargs) -> None:
    """Signing in writes the session anyway: stamp it, so the first pages after sign-in do not
    write it again (SessionRefreshMiddleware)."""
    session = getattr(request, "session", None)
    if session is not None:
        session[SessionRefreshMiddleware.KEY] = int(time.time())
