"""The rules of `agreements.figures`, stated literally (not read from the module)."""

import datetime as dt

from paraat.agreements.figures import Tally, is_due, is_lagging, standing_level
from paraat.agreements.models import Quarter, Status


def test_an_item_is_due_the_day_after_its_quarter_ends():
    q1 = Quarter(2026, 1)
    assert not is_due(q1, dt.date(2026, 3, 31))
    assert is_due(q1, dt.date(2026, 4, 1))
    assert not is_due(None, dt.date(2099, 1, 1))


def test_not_applicable_counts_only_in_the_total_and_overdue_is_due_minus_achieved():
    t = Tally()
    t.add(status=Status.ACHIEVED, due=True)
    t.add(status=Status.IN_PROGRESS, due=True)
    t.add(status=Status.NOT_APPLICABLE, due=True)
    t.add(status=Status.NOT_STARTED, due=False)
    assert (t.items_total, t.items_applicable, t.items_achieved) == (4, 3, 1)
    assert (t.items_due, t.items_due_achieved, t.items_overdue) == (2, 1, 1)
    assert (t.percent_achieved, t.percent_due_achieved) == (33, 50)
    assert Tally().share_due_achieved is None


def test_counts_can_be_taken_out_again():
    t = Tally()
    t.add(status=Status.NOT_STARTED, due=True, count=5)
    t.add(status=Status.NOT_STARTED, due=True, count=-2)
    t.add(status=Status.ACHIEVED, due=True, count=2)
    assert (t.items_total, t.items_due, t.items_due_achieved) == (5, 5, 2)


def test_standing_against_plan():
    assert standing_level(None, 50) is None
    assert standing_level(1.0, 50) == 3
    assert standing_level(0.75, 50) == 2
    assert standing_level(0.5, 50) == 1
    assert standing_level(0.49, 50) == 0


def test_systematic_lag_needs_two_rounds_below_the_threshold():
    assert is_lagging([0.4, 0.3], 50)
    assert not is_lagging([0.4, 0.6], 50)
    assert not is_lagging([0.4], 50)
    assert not is_lagging([0.4, None], 50)
    assert not is_lagging([0.5, 0.5], 50)
