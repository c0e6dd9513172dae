"""Moving off Excel in a real browser: the CFG previews and imports a progress list (axe)."""

import io

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def test_cfg_previews_and_imports_a_progress_list(demo_site, page, tmp_path):
    from openpyxl import Workbook

    from paraat.agreements.models import ActionItem, StatusUpdate, Submission, SubmissionStatus

    item = ActionItem.objects.filter(region=demo_site.region, owner_type="municipality").first()
    draft = Submission.objects.filter(
        region=demo_site.region, round__state="open", status=SubmissionStatus.DRAFT
    ).first()
    municipality = draft.municipality if draft else demo_site.region.municipalities.first()
    workbook = Workbook()
    for row in [
        ["Voortgang uit Excel"],
        ["Gemeente", "Nr", "Status", "Toelichting"],
        [municipality.name, item.number, "n.v.t.", "Geen eigen taak"],
        [municipality.code, "99.99", "bijna", ""],
    ]:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path = tmp_path / "voortgang.xlsx"
    path.write_bytes(buffer.getvalue())
    sign_in(page, demo_site.url, "cfg")
    page.goto(f"{demo_site.url}/vr06/agreements/progress-import/")
    assert_accessible(page)
    page.set_input_files("input[type=file]", str(path))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    text = page.locator("#problems").inner_text()
    assert "rij 4" in text and "99.99" in text and "bijna" in text
    assert_accessible(page)
    # corrected: one row
    workbook.active.delete_rows(4)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    before = StatusUpdate.objects.count()
    page.set_input_files("input[type=file]", str(path))
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "1 status vastgelegd" in page.locator(".preview").inner_text()
    assert_accessible(page)
    page.locator("button[name=confirm]").click()
    page.wait_for_load_state("networkidle")
    assert StatusUpdate.objects.count() == before + 1
    assert_accessible(page)
