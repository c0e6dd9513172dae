"""One shape for every status workflow: its states, the allowed moves, and who may make each.

Apps declare a `Workflow` beside their status choices and ask it — services before they change a
status, views and templates for the moves to offer — instead of reading a table themselves:

    POINT_WORKFLOW = Workflow.from_moves({
        PointStatus.CANDIDATE: (PointStatus.AGREED, PointStatus.INACTIVE),
        ...
    })
    POINT_WORKFLOW.allows(point.status, to)        # is the move on the table?
    POINT_WORKFLOW.moves_from(point.status)        # where may it go from here?
    POINT_WORKFLOW.moves_for(user, obj, obj.status)  # ... that this user may make

A move may name the permission (django-rules, checked on the object) that whoever makes it
needs; `None` means the service checks its caller itself (or no person makes it: a job).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol


class _HasPerm(Protocol):
    def has_perm(self, perm: str, obj: Any = ..., /) -> bool: ...


@dataclass(frozen=True)
class Workflow:
    """States and the moves between them; `moves[(from, to)]` is the permission the move needs."""

    moves: Mapping[tuple[str, str], str | None]
    states: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.states:
            seen: dict[str, None] = {}
            for frm, to in self.moves:
                seen.setdefault(str(frm))
                seen.setdefault(str(to))
            object.__setattr__(self, "states", tuple(seen))

    @classmethod
    def from_moves(
        cls,
        moves: Mapping[str, Iterable[str]],
        *,
        permission: str | None = None,
    ) -> Workflow:
        """A workflow from `{from: [to, ...]}`; every move needs the same `permission` (or none)."""
        table = {(str(f), str(to)): permission for f, targets in moves.items() for to in targets}
        return cls(moves=table, states=tuple(str(s) for s in moves))

    def allows(self, frm: str, to: str) -> bool:
        """Is `frm → to` one of the moves (staying put is not a move)?"""
        return (str(frm), str(to)) in self.moves

    def moves_from(self, frm: str) -> tuple[str, ...]:
        """The states reachable from `frm` in one move, in the table's order."""
        return tuple(to for (f, to) in self.moves if f == str(frm))

    def permission(self, frm: str, to: str) -> str | None:
        """The permission the move needs (KeyError for a move that is not on the table)."""
        return self.moves[(str(frm), str(to))]

    def permissions(self) -> frozenset[str]:
        """Every permission some move needs: who holds none of them can make no move."""
        return frozenset(p for p in self.moves.values() if p)

    def may(self, user: _HasPerm, obj: Any, frm: str, to: str) -> bool:
        """May `user` move `obj` from `frm` to `to`: on the table and holding its permission."""
        if not self.allows(frm, to):
            return False
        perm = self.permission(frm, to)
        return perm is None or user.has_perm(perm, obj)

    def moves_for(self, user: _HasPerm, obj: Any, frm: str) -> list[str]:
        """The states `user` may move `obj` to from `frm` now."""
        return [to for to in self.moves_from(frm) if self.may(user, obj, frm, to)]

    def may_move_at_all(self, user: _HasPerm, obj: Any) -> bool:
        """Does `user` hold the permission for at least one move of this workflow on `obj`?"""
        if any(p is None for p in self.moves.values()):
            return True
        return any(user.has_perm(p, obj) for p in self.permissions())
