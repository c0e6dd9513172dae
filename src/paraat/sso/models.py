"""Single sign-on: the identity providers a region trusts, who is linked to which provider
account, and the requests for access from people who signed in without a role."""

import base64
import hashlib
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _fernet() -> Fernet:
    """The secret's key comes from SECRET_KEY: a database dump alone does not reveal secrets.

    Changing SECRET_KEY makes the stored secrets unreadable; enter them again (docs/sso.md).
    """
    digest = hashlib.sha256(b"paraat.sso.client-secret:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class IdentityProvider(models.Model):
    """An organisation's OpenID provider, added by a region's administrator."""

    region = models.ForeignKey(
        "regions.Region",
        on_delete=models.CASCADE,
        related_name="identity_providers",
        verbose_name=_("safety region"),
    )
    name = models.CharField(_("name"), max_length=120)
    issuer = models.URLField(_("issuer URL"), max_length=300)
    client_id = models.CharField(_("client ID"), max_length=300)
    client_secret_encrypted = models.TextField(editable=False)
    password_allowed = models.BooleanField(_("password sign-in stays allowed"), default=True)
    trust_mfa = models.BooleanField(
        _("the provider's multi-factor claim replaces Paraat's own code"), default=False
    )
    trust_email = models.BooleanField(_("trust this provider's e-mail claim"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("identity provider")
        verbose_name_plural = _("identity providers")
        ordering = ["region__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="sso_provider_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def client_secret(self) -> str:
        try:
            return _fernet().decrypt(self.client_secret_encrypted.encode()).decode()
        except (InvalidToken, ValueError):
            return ""

    @client_secret.setter
    def client_secret(self, value: str) -> None:
        self.client_secret_encrypted = _fernet().encrypt(value.encode()).decode()

    @property
    def issuer_origin(self) -> str:
        parts = urlsplit(self.issuer)
        return f"{parts.scheme}://{parts.netloc}"

    @property
    def domain_list(self) -> list[str]:
        return sorted(d.domain for d in self.domains.all())


class ProviderDomain(models.Model):
    """An e-mail domain served by one provider. One provider per domain in the installation:
    the sign-in page knows no region yet."""

    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="domains")
    domain = models.CharField(_("e-mail domain"), max_length=253, unique=True)

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


class ProviderLink(models.Model):
    """A Paraat account linked to a provider's subject: after the first sign-in the subject,
    not the e-mail address, finds the account."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_links"
    )
    provider = models.ForeignKey(IdentityProvider, on_delete=models.CASCADE, related_name="links")
    subject = models.CharField(_("subject"), max_length=255)
    linked_at = models.DateTimeField(auto_now_add=True)
    last_sign_in = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "subject"], name="sso_link_unique_subject")
        ]

    def __str__(self) -> str:
        return f"{self.provider} · {self.subject}"


class AccessRequest(models.Model):
    """Someone signed in through a provider but has no role yet in the region."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        GRANTED = "granted", _("granted")
        DISMISSED = "dismissed", _("dismissed")

    provider = models.ForeignKey(
        IdentityProvider, on_delete=models.CASCADE, related_name="access_requests"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_requests"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="access_requests"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"],
                condition=models.Q(status="open"),
                name="sso_one_open_request_per_region",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user.email} → {self.region}"
