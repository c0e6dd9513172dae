"""`paraat api_token create|list|revoke`: tokens for automated set-up and integrations."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from paraat.accounts.models import User
from paraat.accounts.roles import GRANTABLE_ROLES
from paraat.api import services
from paraat.api.models import ApiToken
from paraat.regions.models import Municipality, Partner, Region


class Command(BaseCommand):
    help = "Make, list and revoke API tokens (a token acts as its user)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token; prints it alone on the last line")
        who = create.add_mutually_exclusive_group(required=True)
        who.add_argument("--user", help="a person's token: the e-mail address it acts as")
        who.add_argument(
            "--region", help="an organisation's token (an integration): the region's CBS code"
        )
        create.add_argument(
            "--role", choices=sorted(GRANTABLE_ROLES), help="with --region: the role it acts as"
        )
        create.add_argument("--municipality", help="with --region: the municipality's CBS code")
        create.add_argument("--partner", help="with --region: the partner organisation's name")
        create.add_argument("--name", required=True)
        create.add_argument("--write", action="store_true", help="may record status updates")
        create.add_argument("--days", type=int, default=services.DEFAULT_DAYS)
        listing = sub.add_parser("list", help="list tokens (never their secrets)")
        listing.add_argument("--user", help="only this user's")
        revoke = sub.add_parser("revoke", help="revoke a token by its number (see list)")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action, **options):
        if action == "create":
            try:
                token, secret = self._create(options)
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            acts_as = (
                f"{token.membership.get_role_display()} of {token.membership.organisation_name}"
                if token.membership
                else token.user.email
            )
            self.stdout.write(
                f"Token {token.pk} for {acts_as}, "
                f"{'read and write' if token.can_write else 'read only'}, "
                f"valid until {token.expires_at:%Y-%m-%d}. Shown only now:"
            )
            self.stdout.write(secret)
        elif action == "list":
            tokens = ApiToken.objects.select_related(
                "user", "membership__municipality", "membership__partner", "membership__region"
            ).order_by("pk")
            if options.get("user"):
                tokens = tokens.filter(user__email__iexact=options["user"])
            for t in tokens:
                state = "revoked" if t.revoked_at else ("usable" if t.is_usable else "expired")
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
                acts_as = (
                    f"{t.membership.role}@{t.membership.organisation_name}" if t.membership else "-"
                )
                self.stdout.write(
                    f"{t.pk}\t{t.user.email}\t{acts_as}\t{t.name}\t{t.hint}…\t"
                    f"{'rw' if t.can_write else 'r'}\t{t.expires_at:%Y-%m-%d}\t{state}\t{used}"
                )
        else:
            token = ApiToken.objects.filter(pk=options["id"]).first()
            if token is None:
                raise CommandError(f"No token {options['id']}.")
            services.api_token_revoke(token=token, actor="paraat api_token")
            self.stdout.write(f"Token {token.pk} ({token.name}) revoked.")

    def _create(self, options):
        common = {
            "name": options["name"],
            "can_write": options["write"],
            "days": options["days"],
            "actor": "paraat api_token",
        }
        if options["user"]:
            if options["role"] or options["municipality"] or options["partner"]:
                raise CommandError("--role, --municipality and --partner go with --region.")
            user = User.objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No user with e-mail address {options['user']}.")
            return services.api_token_create(user=user, **common)
        region = Region.objects.filter(code__iexact=options["region"]).first()
        if region is None:
            raise CommandError(f"No region with code {options['region']}.")
        if not options["role"]:
            raise CommandError("Give the role the token acts as: --role.")
        municipality = partner = None
        if options["municipality"]:
            municipality = Municipality.objects.filter(
                region=region, code__iexact=options["municipality"]
            ).first()
            if municipality is None:
                raise CommandError(f"No municipality {options['municipality']} in {region.code}.")
        if options["partner"]:
            partner = Partner.objects.filter(region=region, name__iexact=options["partner"]).first()
            if partner is None:
                raise CommandError(f"No partner {options['partner']!r} in {region.code}.")
        return services.organisation_token_create(
            region=region,
            role=options["role"],
            municipality=municipality,
            partner=partner,
            **common,
        )
