"""Who may call the API at all; what they may read is asked per object in api.access."""

from rest_framework import permissions


class ReadOrWriteToken(permissions.BasePermission):
    """Reading needs a signed-in person or a token; writing a session or a write token."""

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return token is None or bool(getattr(token, "can_write", False))
