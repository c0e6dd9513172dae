from django.core.files.base import ContentFile

from paraat.testing import (
    BOARD,
    CONTACT,
    COORDINATORS,
    OTHER_CONTACT,
    REGION_MEMBERS,
    STAFF,
    STEERING,
    Case,
    region_kwargs,
)


def make_runs(world) -> None:
    from paraat.reports.models import ReportFile, ReportKind, ReportRun, RunStatus

    def done(kind, municipality=None, tlp="AMBER"):
        run = ReportRun.objects.create(
            region=world.region,
            municipality=municipality,
            kind=kind,
            format="pdf",
            tlp=tlp,
            status=RunStatus.DONE,
            parameters={"municipality": municipality.code} if municipality else {},
        )
        report_file = ReportFile(run=run, format="pdf", filename="r.pdf", size=4, sha256="0" * 64)
        report_file.file.save("r.pdf", ContentFile(b"%PDF"), save=False)
        report_file.save()
        return run, report_file

    world.extra["run"], world.extra["run_file"] = done(ReportKind.PROGRESS)
    world.extra["factsheet_a"], world.extra["factsheet_a_file"] = done(
        ReportKind.FACTSHEET, world.mun_a
    )


def make_failed_run(world) -> None:
    from paraat.reports.models import ReportKind, ReportRun, RunStatus

    # Fails again at once when tried (an unknown audience), so the matrix stays fast.
    world.extra["failed"] = ReportRun.objects.create(
        region=world.region,
        kind=ReportKind.PROGRESS,
        format="xlsx",
        status=RunStatus.FAILED,
        parameters={"audience": "nobody"},
        error="kapot",
    )


def make_plan(world) -> None:
    from paraat.reports.models import PlanCopy

    world.extra["plan"] = PlanCopy.objects.create(
        region=world.region, title="Crisisplan", paper_locations="Kast 1"
    )


def run_kwargs(name):
    return lambda w: {"region_code": w.region.slug, "pk": w.extra[name].pk}


def file_kwargs(name):
    return lambda w: {
        "region_code": w.region.slug,
        "pk": w.extra[name].pk,
        "file_pk": w.extra[f"{name}_file"].pk,
    }


def make_evaluation(world) -> None:
    import datetime as dt

    from paraat.programme import services
    from paraat.programme.models import Evaluation

    world.extra["evaluation"] = services.evaluation_create(
        evaluation=Evaluation(
            region=world.region,
            title="Evaluatie 2026",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
        ),
        actor=world.users["coordinator"],
    )


REGION_READERS = STAFF | {STEERING, BOARD}

MATRIX = [
    Case("reports:index", region_kwargs, get=REGION_MEMBERS),
    Case(
        "reports:request",
        region_kwargs,
        get=STAFF | {CONTACT, OTHER_CONTACT},
        post=STAFF | {CONTACT, OTHER_CONTACT},
    ),
    Case("reports:run_detail", run_kwargs("run"), get=REGION_READERS, setup=make_runs),
    Case("reports:run_download", file_kwargs("run"), get=REGION_READERS, setup=make_runs),
    Case(
        "reports:run_regenerate",
        run_kwargs("run"),
        get=frozenset(),
        post=STAFF,
        setup=make_runs,
    ),
    Case(
        "reports:run_retry",
        run_kwargs("failed"),
        get=frozenset(),
        post=STAFF,
        setup=make_failed_run,
    ),
    # A municipality's factsheet: its own contact, and staff; not the other municipality.
    Case(
        "reports:run_detail",
        run_kwargs("factsheet_a"),
        get=STAFF | {CONTACT},
        setup=make_runs,
    ),
    Case(
        "reports:run_download",
        file_kwargs("factsheet_a"),
        get=STAFF | {CONTACT},
        setup=make_runs,
    ),
    Case(
        "reports:binder",
        region_kwargs,
        get=REGION_READERS | {CONTACT, OTHER_CONTACT},
        post=STAFF | {CONTACT, OTHER_CONTACT},
    ),
    Case("reports:plan_list", region_kwargs, get=COORDINATORS),
    Case("reports:plan_create", region_kwargs, get=COORDINATORS, post=COORDINATORS),
    Case(
        "reports:plan_edit",
        lambda w: {"region_code": w.region.slug, "pk": w.extra["plan"].pk},
        get=COORDINATORS,
        post=COORDINATORS,
        setup=make_plan,
    ),
    # the evaluation report (issue 18): readers see it, staff make it (empty POST: the form)
    Case(
        "reports:evaluation",
        run_kwargs("evaluation"),
        get=REGION_READERS,
        post=STAFF,
        setup=make_evaluation,
    ),
]
