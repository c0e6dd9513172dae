from paraat.testing import ADMINS, SIGNED_IN, Case, region_kwargs

MATRIX = [
    Case("accounts:login", public=True, get=SIGNED_IN, post=SIGNED_IN),
    Case("accounts:logout", post=SIGNED_IN, ends_signed_out=True),
    Case("accounts:profile", get=SIGNED_IN),
    Case("accounts:password_change", get=SIGNED_IN, post=SIGNED_IN),
    Case("accounts:password_reset", public=True, get=SIGNED_IN, post=SIGNED_IN),
    Case("accounts:password_reset_done", public=True, get=SIGNED_IN),
    Case(
        "accounts:password_reset_confirm",
        lambda w: {"uidb64": "MQ", "token": "x-y"},
        public=True,
        get=SIGNED_IN,
        post=SIGNED_IN,
    ),
    Case("accounts:password_reset_complete", public=True, get=SIGNED_IN),
    Case("accounts:2fa_setup", get=SIGNED_IN, post=SIGNED_IN),
    Case("accounts:2fa_verify", get=SIGNED_IN, post=SIGNED_IN),
    Case("members:list", region_kwargs, get=ADMINS),
    Case("members:create", region_kwargs, get=ADMINS, post=ADMINS),
    Case("members:bulk_invite", region_kwargs, get=ADMINS, post=ADMINS),
    Case(
        "members:edit",
        lambda w: {"region_code": w.region.slug, "pk": w.users["contact"].memberships.get().pk},
        get=ADMINS,
        post=ADMINS,
    ),
]
