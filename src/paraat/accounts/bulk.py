"""Bulk invitations from a spreadsheet (name, e-mail, organisation, role).

Read by the one spreadsheet reader (`paraat.core.tabular`), with the rules of the action-list
import: the header row is found by its words, a preview first, all or nothing with every problem
listed (sheet, row, column, value), and the same file twice changes nothing (a person who already
has the role is left as they are). Every role granted goes through `membership_grant`, so it is in
the audit trail and a new person gets the invitation e-mail.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from paraat.core import importflow, tabular
from paraat.regions.models import Municipality, Partner

from .models import Membership
from .roles import Role
from .services import membership_grant

HEADER_WORDS = {
    "name": {"naam", "name", "volledige naam", "full name", "naam en achternaam"},
    "email": {"e mail", "e mailadres", "email", "emailadres", "mail", "e mail address"},
    "organisation": {"organisatie", "organisation", "gemeente", "organization", "partner"},
    "role": {"rol", "role", "rol in paraat", "functie in paraat"},
}
ROLE_WORDS = {
    Role.ADMIN: {"functioneel beheerder", "beheerder", "administrator", "admin"},
    Role.COORDINATOR: {
        "programmacoordinator",
        "programmasecretaris",
        "programma coordinator",
        "coordinator",
        "secretaris",
        "programme coordinator",
    },
    Role.CFG: {"cfg", "coordinerend functionaris gemeenten"},
    Role.MUNICIPAL_CONTACT: {
        "aanspreekpunt",
        "aanspreekpunt weerbaarheid",
        "contactpersoon gemeente",
        "municipal contact",
    },
    Role.THEME_LEAD: {"trekker", "trekker thematafel", "aanvoerder", "theme table lead"},
    Role.STEERING: {"stuurgroeplid", "stuurgroep", "steering group member"},
    Role.BOARD: {"ab lid", "bestuurslid", "bestuur", "board member"},
    Role.PARTNER: {"crisispartner", "partner"},
}
REGION_ROLES = {Role.ADMIN, Role.COORDINATOR, Role.CFG, Role.THEME_LEAD}


def _field_of(cell) -> str | None:
    text = tabular.normalise(cell)
    for name, words in HEADER_WORDS.items():
        if text in words:
            return name
    return None


def role_of(text: str) -> str | None:
    word = tabular.normalise(text)
    for role, words in ROLE_WORDS.items():
        if word in words or word == tabular.normalise(role.label):
            return role
    return None


@dataclass
class Invite:
    row: int
    sheet: str
    name: str
    email: str
    role: str
    municipality: Municipality | None = None
    partner: Partner | None = None
    exists: bool = False  # the person already has this role: nothing to do

    @property
    def organisation(self) -> str:
        return str(self.municipality or self.partner or "")

    @property
    def role_label(self) -> str:
        return Role(self.role).label


@dataclass
class BulkResult:
    invites: list[Invite] = field(default_factory=list)
    problems: list[tabular.Problem] = field(default_factory=list)

    @property
    def new(self) -> list[Invite]:
        return [i for i in self.invites if not i.exists]

    @property
    def changed_anything(self) -> bool:
        return bool(self.new)


def bulk_read(*, region, data: bytes, filename: str) -> BulkResult:
    """Read and check the whole file; nothing is written."""
    book = tabular.read(data, filename)
    result = BulkResult(problems=list(book.problems))
    if book.problems:
        return result
    municipalities = {}
    for m in Municipality.objects.current().filter(region=region):
        municipalities[tabular.normalise(m.name)] = m
        municipalities[tabular.normalise(m.code)] = m
    partners = {
        tabular.normalise(p.name): p for p in Partner.objects.filter(region=region, is_active=True)
    }
    region_words = {tabular.normalise(w) for w in (region.name, region.short_name, region.code)}
    seen: dict[tuple, int] = {}
    found_header = False
    for sheet in book.sheets:
        header = tabular.find_header(sheet, match=_field_of, required=("email", "role"))
        if header is None:
            continue
        found_header = True
        cols = header.columns

        def problem(row, name, value, message, sheet=sheet, header=header):
            where = header.label(name) if name in header.columns else ""
            result.problems.append(tabular.Problem(sheet.name, row.number, where, value, message))

        for row in sheet.rows_after(header):
            if not row.filled:
                continue
            email = row.text(cols.get("email")).lower()
            name = row.text(cols.get("name"))
            org_text = row.text(cols.get("organisation"))
            role_text = row.text(cols.get("role"))
            try:
                validate_email(email)
            except ValidationError:
                problem(row, "email", email, _("This is not an e-mail address."))
                continue
            role = role_of(role_text)
            if role is None or role == Role.NATIONAL:
                problem(row, "role", role_text, _("Unknown role."))
                continue
            municipality = partner = None
            org = tabular.normalise(org_text)
            if role == Role.PARTNER:
                partner = partners.get(org)
                if partner is None:
                    problem(row, "organisation", org_text, _("No active partner of this name."))
                    continue
            elif role in REGION_ROLES:
                if org and org not in region_words:
                    problem(
                        row,
                        "organisation",
                        org_text,
                        _("This role belongs to the region; leave the organisation empty."),
                    )
                    continue
            else:  # municipal contact; board or steering member of a municipality or the region
                municipality = municipalities.get(org)
                region_level = role != Role.MUNICIPAL_CONTACT and (not org or org in region_words)
                if municipality is None and not region_level:
                    problem(row, "organisation", org_text, _("No municipality of this region."))
                    continue
            key = (email, role, getattr(municipality, "pk", None), getattr(partner, "pk", None))
            if key in seen:
                problem(
                    row,
                    "email",
                    email,
                    _("The same person and role as row %(row)d.") % {"row": seen[key]},
                )
                continue
            seen[key] = row.number
            exists = Membership.objects.filter(
                user__email__iexact=email,
                role=role,
                region=region,
                municipality=municipality,
                partner=partner,
                is_active=True,
            ).exists()
            result.invites.append(
                Invite(row.number, sheet.name, name, email, role, municipality, partner, exists)
            )
    if not found_header:
        result.problems.append(
            tabular.Problem(
                book.sheets[0].name if book.sheets else "",
                None,
                "",
                "",
                _("No header row with the columns “e-mail” and “role” was found."),
            )
        )
    return result


def bulk_invite(*, region, data: bytes, filename: str, actor, dry_run: bool = False) -> BulkResult:
    """Grant every role in the file, or none: `ImportRefused` with every problem, audited (as
    every import). With dry_run the file is only checked (the preview)."""

    with importflow.import_guard(
        actor=actor, region=region, filename=filename, detail={"kind": "invitations"}
    ) as attempt:
        result = bulk_read(region=region, data=data, filename=filename)
        attempt.problems.extend(result.problems)
        if not attempt.problems and not dry_run:
            with attempt.writing():
                for invite in result.new:
                    membership_grant(
                        email=invite.email,
                        full_name=invite.name or invite.email.split("@")[0],
                        role=invite.role,
                        region=region,
                        municipality=invite.municipality,
                        partner=invite.partner,
                        actor=actor,
                    )
    return result
