"""The reports' jobs on the queue (see paraat.core.jobs). `services.report_request` puts
`report_produce` on the queue; the worker finds it by its path, `paraat.reports.tasks.
report_produce` (so it stays here), and it makes the run with `production`, never `services`:
the arrows go one way, services → tasks → production."""

from django_tasks import TaskResultStatus, task

from .production import report_process, report_run_lost


@task()
def report_produce(*, run_id: int) -> str:
    """Produce one report run (or take it again after its worker died)."""
    return report_process(run_id=run_id).status


def on_task_finished(sender, task_result, **kwargs) -> None:
    """A report job that failed outside report_process (its worker died too often, the database
    refused its start) leaves its run failed with a reason, never waiting for ever."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    if task_result.task.module_path != report_produce.module_path:
        return
    report_run_lost(run_id=task_result.kwargs["run_id"])
