"""Token sign-in for the API: `Authorization: Bearer <token>`; the token acts as its user."""

from rest_framework import authentication, exceptions

from django.utils.translation import gettext as _

from .services import api_token_find


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after 'Bearer '."))
        try:
            secret = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = api_token_find(secret)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid, has expired or was revoked.")
            )
        return (token.user, token)

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="paraat"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """A signed-in browser (for trying the API in its documentation). The two-factor middleware
    has already stopped a session that still needs its second step."""
