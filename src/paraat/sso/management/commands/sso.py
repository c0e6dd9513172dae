"""`paraat sso add|list|remove`: identity providers for automated set-up. Never prints a
secret; the secret is read from a file so it stays out of the shell history."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from paraat.regions.models import Region
from paraat.sso import selectors, services
from paraat.sso.models import IdentityProvider

ACTOR = "paraat sso (command line)"


class Command(BaseCommand):
    help = "Add, list or remove a region's identity providers (single sign-on)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="add an identity provider")
        add.add_argument("--region", required=True, help="CBS code, e.g. VR06")
        add.add_argument("--name", required=True)
        add.add_argument("--issuer", required=True, help="issuer URL (discovery is read there)")
        add.add_argument("--client-id", required=True)
        add.add_argument("--client-secret-file", required=True, type=Path)
        add.add_argument("--domains", required=True, help="comma-separated e-mail domains")
        add.add_argument(
            "--mfa-from-provider",
            action="store_true",
            help="the provider's multi-factor sign-in (amr) replaces Paraat's own code",
        )
        add.add_argument(
            "--no-password", action="store_true", help="no Paraat password for these domains"
        )
        add.add_argument(
            "--trust-email",
            action="store_true",
            help="trust the e-mail claim without email_verified (e.g. Entra ID)",
        )
        listing = sub.add_parser("list", help="list a region's identity providers")
        listing.add_argument("--region", required=True)
        remove = sub.add_parser("remove", help="remove an identity provider")
        remove.add_argument("--region", required=True)
        remove.add_argument("--name", required=True)

    def handle(self, *args, action, region, **options):
        found = Region.objects.filter(code__iexact=region).first()
        if found is None:
            raise CommandError(f"No region {region}")
        getattr(self, f"_{action}")(found, **options)

    def _add(self, region, **o):
        try:
            secret = o["client_secret_file"].read_text().strip()
        except OSError as e:
            raise CommandError(f"Cannot read the client secret: {e}") from e
        try:
            provider = services.provider_add(
                region=region,
                name=o["name"],
                issuer=o["issuer"],
                client_id=o["client_id"],
                client_secret=secret,
                domains=o["domains"],
                password_allowed=not o["no_password"],
                trust_mfa=o["mfa_from_provider"],
                trust_email=o["trust_email"],
                actor=ACTOR,
            )
        except ValidationError as e:
            raise CommandError(" ".join(e.messages)) from e
        self.stdout.write(f"Added {provider.name} for {', '.join(provider.domain_list)}")

    def _list(self, region, **o):
        for p in selectors.provider_list(region=region):
            flags = [
                "password allowed" if p.password_allowed else "no password",
                "MFA from provider" if p.trust_mfa else "Paraat's own MFA",
            ]
            if p.trust_email:
                flags.append("e-mail claim trusted")
            domains = ", ".join(d.domain for d in p.domains.all())
            self.stdout.write(
                f"{p.name}\t{p.issuer}\tclient {p.client_id}\t{domains}\t{'; '.join(flags)}"
            )

    def _remove(self, region, **o):
        provider = IdentityProvider.objects.filter(region=region, name=o["name"]).first()
        if provider is None:
            raise CommandError(f"No identity provider {o['name']!r} in {region.code}")
        services.provider_remove(provider=provider, actor=ACTOR)
        self.stdout.write(f"Removed {provider.name}")
