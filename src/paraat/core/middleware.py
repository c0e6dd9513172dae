from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _ in settings.LANGUAGES}


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
