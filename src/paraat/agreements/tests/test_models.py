import datetime as dt

import pytest

from paraat.agreements.factories import ActionItemFactory, StatusUpdateFactory
from paraat.agreements.models import ItemProgress, Quarter, Status


def test_quarter_end_dates_and_labels():
    assert Quarter(2026, 1).end == dt.date(2026, 3, 31)
    assert Quarter(2026, 4).end == dt.date(2026, 12, 31)
    assert Quarter.of(dt.date(2026, 8, 3)) == Quarter(2026, 3)
    assert str(Quarter(2027, 2)) == "Q2 2027"


@pytest.mark.django_db
def test_status_update_factory_keeps_progress_in_step():
    item = ActionItemFactory()
    StatusUpdateFactory(item=item, status=Status.STARTED)
    StatusUpdateFactory(item=item, status=Status.ACHIEVED)
    progress = ItemProgress.objects.get(item=item, municipality=None)
    assert progress.status == Status.ACHIEVED
    assert progress.version == 2
