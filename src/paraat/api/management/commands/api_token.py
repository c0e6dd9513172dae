"""`paraat api_token create|list|revoke`: tokens for automated set-up and integrations."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from paraat.accounts.models import User
from paraat.api import services
from paraat.api.models import ApiToken


class Command(BaseCommand):
    help = "Make, list and revoke API tokens (a token acts as its user)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="make a token; prints it alone on the last line")
        create.add_argument("--user", required=True, help="the e-mail address it acts as")
        create.add_argument("--name", required=True)
        create.add_argument("--write", action="store_true", help="may record status updates")
        create.add_argument("--days", type=int, default=services.DEFAULT_DAYS)
        listing = sub.add_parser("list", help="list tokens (never their secrets)")
        listing.add_argument("--user", help="only this user's")
        revoke = sub.add_parser("revoke", help="revoke a token by its number (see list)")
        revoke.add_argument("id", type=int)

    def handle(self, *args, action, **options):
        if action == "create":
            user = User.objects.filter(email__iexact=options["user"]).first()
            if user is None:
                raise CommandError(f"No user with e-mail address {options['user']}.")
            try:
                token, secret = services.api_token_create(
                    user=user,
                    name=options["name"],
                    can_write=options["write"],
                    days=options["days"],
                    actor="paraat api_token",
                )
            except ValidationError as exc:
                raise CommandError(" ".join(exc.messages)) from None
            self.stdout.write(
                f"Token {token.pk} for {user.email}, "
                f"{'read and write' if token.can_write else 'read only'}, "
                f"valid until {token.expires_at:%Y-%m-%d}. Shown only now:"
            )
            self.stdout.write(secret)
        elif action == "list":
            tokens = ApiToken.objects.select_related("user").order_by("pk")
            if options.get("user"):
                tokens = tokens.filter(user__email__iexact=options["user"])
            for t in tokens:
                state = "revoked" if t.revoked_at else ("usable" if t.is_usable else "expired")
                used = f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never"
                self.stdout.write(
                    f"{t.pk}\t{t.user.email}\t{t.name}\t{t.hint}…\t"
                    f"{'rw' if t.can_write else 'r'}\t{t.expires_at:%Y-%m-%d}\t{state}\t{used}"
                )
        else:
            token = ApiToken.objects.filter(pk=options["id"]).first()
            if token is None:
                raise CommandError(f"No token {options['id']}.")
            services.api_token_revoke(token=token, actor="paraat api_token")
            self.stdout.write(f"Token {token.pk} ({token.name}) revoked.")
