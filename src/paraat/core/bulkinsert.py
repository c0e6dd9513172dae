"""Insert many unsaved model instances with one `executemany`: for generated data and for the
bulk writes of services (a round's snapshot), where `bulk_create` is too slow.

`bulk_create` builds one multi-row INSERT per batch, and on SQLite a batch holds only
999 // fields rows (45 snapshot entries), so its query count grows with the rows and most of its
time goes into building SQL. Here the statement is built once and every row is adapted by the
field itself (`pre_save`, `get_db_prep_save`: defaults, `auto_now_add`, JSON, dates), as `save()`
would. Primary keys are not set on the instances: use it where the caller does not need them.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, router
from django.db.models import Model


def insert_many(objs: Sequence[Model]) -> int:
    """INSERT `objs` (unsaved instances of one model) in one executemany. Returns the count."""
    if not objs:
        return 0
    model = type(objs[0])
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.auto_created)]
    using = router.db_for_write(model)
    connection = connections[using]
    q = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 — names from the model
        q(meta.db_table),
        ", ".join(q(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = []
    for obj in objs:
        if type(obj) is not model:
            raise TypeError("insert_many takes instances of one model")
        params.append(
            tuple(
                f.get_db_prep_save(f.pre_save(obj, add=True), connection=connection) for f in fields
            )
        )
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)
