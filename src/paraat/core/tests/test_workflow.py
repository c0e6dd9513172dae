"""The one workflow helper: moves on the table, and who may make each."""

from paraat.core.workflow import Workflow


class Person:
    def __init__(self, *perms: str) -> None:
        self.perms = set(perms)
        self.asked: list[tuple[str, object]] = []

    def has_perm(self, perm: str, obj: object = None) -> bool:
        self.asked.append((perm, obj))
        return perm in self.perms


DOOR = Workflow(
    moves={
        ("shut", "open"): "door.open",
        ("open", "shut"): "door.shut",
        ("shut", "locked"): "door.lock",
        ("locked", "shut"): "door.lock",
    }
)


def test_a_move_is_allowed_only_when_it_is_on_the_table():
    assert DOOR.allows("shut", "open")
    assert DOOR.allows("locked", "shut")
    assert not DOOR.allows("open", "locked")
    assert not DOOR.allows("shut", "shut")
    assert not DOOR.allows("ajar", "open")


def test_moves_from_a_state_keep_the_tables_order():
    assert DOOR.moves_from("shut") == ("open", "locked")
    assert DOOR.moves_from("open") == ("shut",)
    assert DOOR.moves_from("ajar") == ()


def test_states_are_listed_once_in_order_of_appearance():
    assert DOOR.states == ("shut", "open", "locked")


def test_a_person_gets_only_the_moves_they_hold_the_permission_for():
    door = object()
    opener = Person("door.open")
    assert DOOR.moves_for(opener, door, "shut") == ["open"]
    assert ("door.open", door) in opener.asked  # checked on the object
    assert DOOR.moves_for(Person("door.lock", "door.open"), door, "shut") == ["open", "locked"]
    assert DOOR.moves_for(Person(), door, "shut") == []
    assert not DOOR.may(opener, door, "open", "shut")
    assert not DOOR.may(Person("door.open"), door, "locked", "open")  # not on the table


def test_may_move_at_all_needs_one_of_the_permissions():
    assert DOOR.permissions() == {"door.open", "door.shut", "door.lock"}
    assert DOOR.may_move_at_all(Person("door.shut"), object())
    assert not DOOR.may_move_at_all(Person("window.open"), object())


def test_a_table_without_permissions_leaves_the_check_to_the_service():
    flow = Workflow.from_moves({"new": ("done",), "done": ()})
    assert flow.states == ("new", "done")
    assert flow.allows("new", "done") and not flow.allows("done", "new")
    assert flow.permission("new", "done") is None
    assert flow.moves_for(Person(), object(), "new") == ["done"]
    assert flow.may_move_at_all(Person(), object())


def test_from_moves_can_give_every_move_one_permission():
    flow = Workflow.from_moves({"a": ("b", "c")}, permission="x.change")
    assert flow.permission("a", "c") == "x.change"
    assert flow.moves_for(Person(), object(), "a") == []
    assert flow.moves_for(Person("x.change"), object(), "a") == ["b", "c"]
