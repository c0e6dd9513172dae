from .context import Origin, current_origin


def client_ip(request) -> str:
    """The client's address; behind a proxy (PROXY_COUNT) the right one of X-Forwarded-For."""
    from django.conf import settings

    count = getattr(settings, "AXES_IPWARE_PROXY_COUNT", None)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if count and forwarded:
        parts = [p.strip() for p in forwarded.split(",") if p.strip()]
        if len(parts) >= count:
            return parts[-count]
    return request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_origin.set(Origin(ip=client_ip(request), path=request.path[:300]))
        try:
            return self.get_response(request)
        finally:
            current_origin.reset(token)
