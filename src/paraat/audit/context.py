"""Who is acting and from where, for audit rows written deep inside services."""

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    ip: str = ""
    path: str = ""


CLI = Origin(ip="cli")
current_origin: ContextVar[Origin] = ContextVar("paraat_audit_origin", default=CLI)
