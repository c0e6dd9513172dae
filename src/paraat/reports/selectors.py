"""Read queries for the reports pages."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone

from paraat.audit.selectors import data_version
from paraat.core import caching
from paraat.regions.models import Region

from .models import ReportFile, ReportKind, ReportRun, RunStatus

ARCHIVE_LIMIT = 200


def binder_max_age_days(region: Region | None = None) -> int:
    """After how many days administrators are reminded to make a new binder: the region's
    setting, else PARAAT_BINDER_MAX_AGE_DAYS (default 30)."""
    if region is not None and region.binder_max_age_days:
        return int(region.binder_max_age_days)
    return int(settings.PARAAT_BINDER_MAX_AGE_DAYS)


def _runs(region: Region):
    return (
        ReportRun.objects.filter(region=region)
        .select_related("municipality", "requested_by")
        .prefetch_related(Prefetch("files", queryset=ReportFile.objects.order_by("id")))
    )


def runs_visible(*, region: Region, user) -> list[ReportRun]:
    """The archive as this person may see it (the rule is checked per run, in memory)."""
    runs = list(_runs(region)[:ARCHIVE_LIMIT])
    return [run for run in runs if user.has_perm("reports.view_report", run)]


def evaluation_runs(*, region: Region, evaluation_id: int, user) -> list[ReportRun]:
    """The reports made of one evaluation that this person may see, newest first."""
    runs = _runs(region).filter(kind=ReportKind.EVALUATION, parameters__evaluation=evaluation_id)
    return [run for run in runs[:ARCHIVE_LIMIT] if user.has_perm("reports.view_report", run)]


def latest_binders(*, region: Region, user) -> list[ReportRun]:
    """The newest finished binder per scope (region, each municipality) this person may see."""
    seen, latest = set(), []
    for run in _runs(region).filter(kind=ReportKind.BINDER, status=RunStatus.DONE)[:200]:
        if run.municipality_id in seen:
            continue
        seen.add(run.municipality_id)
        if user.has_perm("reports.view_report", run):
            latest.append(run)
    return latest


@dataclass(frozen=True)
class BinderAge:
    run: ReportRun | None
    days: int | None
    too_old: bool


def region_binder_age(*, region: Region) -> BinderAge:
    """The age of the region's latest binder. The run is looked up once per data version of
    the region (a run's every move changes it) and kept in the cache; the age is counted now."""

    def latest() -> ReportRun | bool:
        found = (
            ReportRun.objects.filter(
                region=region,
                kind=ReportKind.BINDER,
                status=RunStatus.DONE,
                municipality__isnull=True,
            )
            .order_by("-finished_at")
            .first()
        )
        return found if found is not None else False  # False: none (None is a cache miss)

    cached = caching.get_or_build(
        caching.key("binder", region.pk, data_version(region=region)), latest
    )
    run = cached if isinstance(cached, ReportRun) else None
    if run is None or run.finished_at is None:
        return BinderAge(None, None, True)
    days = (timezone.now() - run.finished_at).days
    return BinderAge(run, days, days > binder_max_age_days(region))


def binder_made(*, region: Region) -> bool:
    """Whether an emergency binder (of the region or one of its municipalities) was ever made:
    a getting-started step."""
    return ReportRun.objects.filter(
        region=region, kind=ReportKind.BINDER, status=RunStatus.DONE
    ).exists()
