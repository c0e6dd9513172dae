"""The accessibility and privacy statements: the region's own text, or a pre-filled one.

The pre-filled texts follow the Dutch model statement (digitoegankelijk.nl: status against WCAG
2.1 AA / EN 301 549, how it was tested, contact for problems) and say which personal data Paraat
keeps. They are documents in Dutch, the language of the legal duty, that the region edits, so
they are templates, not interface text.
"""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone


def _context(region) -> dict:
    return {
        "region": region,
        "site_url": settings.SITE_URL,
        "today": timezone.localdate(),
        "desk_email": getattr(region, "desk_email", "") or "",
    }


def accessibility_text(region) -> str:
    if region is not None and region.accessibility_statement.strip():
        return region.accessibility_statement
    return render_to_string("regions/statements/accessibility.txt", _context(region)).strip()


def privacy_text(region) -> str:
    if region is not None and region.privacy_statement.strip():
        return region.privacy_statement
    return render_to_string("regions/statements/privacy.txt", _context(region)).strip()
