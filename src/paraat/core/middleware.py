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
