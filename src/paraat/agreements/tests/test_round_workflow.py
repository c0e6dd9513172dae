"""The round as the CFG runs it: the close page, the review page, the round's e-mails."""

import datetime as dt

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from paraat.agreements import services
from paraat.agreements.models import (
    ItemProgress,
    MeasurementRound,
    Status,
    Submission,
    SubmissionStatus,
)
from paraat.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def client_for(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def open_round(world, *, deadline_in_days=20, name="Najaar"):
    return services.round_create(
        region=world.region,
        name=name,
        opens_on=TODAY - dt.timedelta(days=5),
        deadline=TODAY + dt.timedelta(days=deadline_in_days),
        actor=world.users["cfg"],
    )


def set_status(world, item, municipality, status, **extra):
    progress = ItemProgress.objects.filter(item=item, municipality=municipality).first()
    return services.status_update_record(
        item=item,
        municipality=municipality,
        actor=world.users["contact"],
        expected_version=progress.version if progress else 0,
        status=status,
        **{"explanation": "uitleg", **extra},
    )


def submit(world, plan, round_, municipality):
    for category in plan["categories"]:
        services.category_confirm_unchanged(
            category=category, municipality=municipality, actor=world.users["contact"]
        )
    return services.submission_submit(
        submission=Submission.objects.get(round=round_, municipality=municipality),
        actor=world.users["contact"],
    )


def close_url(world, round_):
    return reverse(
        "agreements:round_close", kwargs={"region_code": world.region.slug, "pk": round_.pk}
    )


# --- closing through a page --------------------------------------------------------------------


def test_close_page_states_the_consequences_in_numbers_and_names(world, plan):
    round_ = open_round(world, deadline_in_days=20)
    submit(world, plan, round_, world.mun_a)  # Aadorp: submitted, waiting for review
    response = client_for(world, "cfg").get(close_url(world, round_))
    assert response.status_code == 200
    html = response.content.decode()
    assert "De deadline (" in html and "ligt nog 20 dagen in de toekomst" in html
    assert "1 inzending is nog niet beoordeeld." in html
    assert "Aadorp</a>" in html  # the waiting one, linked to its review
    assert "1 gemeente heeft niet ingediend" in html and "Beedorp" in html
    assert "0 teruggestuurde inzendingen tellen als niet ingediend." in html
    assert 'name="confirm"' in html and 'name="reason"' in html
    assert 'name="accept_submitted"' in html


def test_a_bare_post_closes_nothing(world, plan):
    round_ = open_round(world)
    response = client_for(world, "cfg").post(close_url(world, round_))
    assert response.status_code == 200
    assert "Vink het vakje aan" in response.content.decode()
    round_.refresh_from_db()
    assert round_.state == "open" and not round_.snapshot_entries.exists()


def test_closing_before_the_deadline_needs_a_reason_kept_on_the_round_and_in_the_audit(world, plan):
    round_ = open_round(world, deadline_in_days=10)
    cfg = client_for(world, "cfg")
    response = cfg.post(close_url(world, round_), {"confirm": "on", "reason": "  "})
    assert response.status_code == 200
    assert "zeg waarom het meetmoment eerder sluit" in response.content.decode()
    round_.refresh_from_db()
    assert round_.state == "open"
    response = cfg.post(
        close_url(world, round_), {"confirm": "on", "reason": "Stuurgroep vergadert eerder"}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == "closed"
    assert round_.close_reason == "Stuurgroep vergadert eerder"
    event = AuditEvent.objects.filter(
        object_id=str(round_.pk), detail__close_reason="Stuurgroep vergadert eerder"
    ).get()
    assert event.actor == world.users["cfg"]
    page = cfg.get(
        reverse(
            "agreements:round_detail", kwargs={"region_code": world.region.slug, "pk": round_.pk}
        )
    ).content.decode()
    assert "Stuurgroep vergadert eerder" in page


def test_after_the_deadline_no_reason_is_asked(world, plan):
    round_ = open_round(world, deadline_in_days=10)
    MeasurementRound.objects.filter(pk=round_.pk).update(
        opens_on=TODAY - dt.timedelta(days=30), deadline=TODAY - dt.timedelta(days=2)
    )
    cfg = client_for(world, "cfg")
    html = cfg.get(close_url(world, round_)).content.decode()
    assert 'name="reason"' not in html
    assert "is 2 dagen geleden verstreken" in html
    assert cfg.post(close_url(world, round_), {"confirm": "on"}).status_code == 302
    round_.refresh_from_db()
    assert round_.state == "closed" and round_.close_reason == ""


def test_unreviewed_submissions_block_closing_until_accepted_together(
    world, plan, django_capture_on_commit_callbacks
):
    round_ = open_round(world)
    submit(world, plan, round_, world.mun_a)
    cfg = client_for(world, "cfg")
    data = {"confirm": "on", "reason": "Eerder klaar"}
    response = cfg.post(close_url(world, round_), data)
    assert response.status_code == 200
    assert "1 inzending is niet beoordeeld" in response.content.decode()
    round_.refresh_from_db()
    assert round_.state == "open"
    with django_capture_on_commit_callbacks(execute=True):
        response = cfg.post(close_url(world, round_), {**data, "accept_submitted": "on"})
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.state == "closed"
    statuses = dict(
        Submission.objects.filter(round=round_).values_list("municipality__name", "status")
    )
    assert statuses == {
        "Aadorp": SubmissionStatus.ACCEPTED,
        "Beedorp": SubmissionStatus.NOT_SUBMITTED,
    }
    assert [m.to for m in mail.outbox if "geaccepteerd" in m.subject] == [
        ["contact@test.paraat.nl"]
    ]
    event = AuditEvent.objects.get(object_id=str(round_.pk), detail__has_key="accepted_together")
    assert event.detail["accepted_together"] == ["Aadorp"]


def test_returned_submissions_are_named_and_count_as_not_submitted(world, plan):
    round_ = open_round(world)
    submission = submit(world, plan, round_, world.mun_a)
    services.submission_review(
        submission=submission, accept=False, remark="Licht toe", actor=world.users["cfg"]
    )
    cfg = client_for(world, "cfg")
    html = cfg.get(close_url(world, round_)).content.decode()
    assert "1 teruggestuurde inzending telt als niet ingediend. Aadorp" in html
    cfg.post(close_url(world, round_), {"confirm": "on", "reason": "Eerder"})
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_SUBMITTED


def test_a_closed_round_has_no_close_page_and_no_reopen(world, plan):
    round_ = open_round(world)
    services.round_close(measurement_round=round_, actor=world.users["cfg"])
    cfg = client_for(world, "cfg")
    response = cfg.get(close_url(world, round_))
    assert response.status_code == 302
    response = cfg.post(close_url(world, round_), {"confirm": "on", "reason": "x"})
    assert response.status_code == 302
    assert MeasurementRound.objects.get(pk=round_.pk).state == "closed"


def test_contact_cannot_close_a_round(world, plan):
    round_ = open_round(world)
    response = client_for(world, "contact").post(
        close_url(world, round_), {"confirm": "on", "reason": "x"}
    )
    assert response.status_code == 403
    assert MeasurementRound.objects.get(pk=round_.pk).state == "open"


def test_new_round_form_is_hidden_while_a_round_is_open(world, plan):
    rounds_url = reverse("agreements:rounds", kwargs={"region_code": world.region.slug})
    cfg = client_for(world, "cfg")
    assert 'name="deadline"' in cfg.get(rounds_url).content.decode()
    round_ = open_round(world)
    html = cfg.get(rounds_url).content.decode()
    assert 'name="deadline"' not in html
    assert "kan pas worden geopend als Najaar is gesloten" in html
    detail = reverse(
        "agreements:round_detail", kwargs={"region_code": world.region.slug, "pk": round_.pk}
    )
    assert f'href="{detail}"' in html
    response = cfg.post(
        rounds_url,
        {
            "name": "Nog een",
            "opens_on": TODAY.isoformat(),
            "deadline": TODAY.isoformat(),
            "reminder_days_before": "7",
        },
    )
    assert response.status_code == 302
    assert MeasurementRound.objects.filter(region=world.region).count() == 1


# --- the CFG's review page ---------------------------------------------------------------------


def review_url(world, round_, municipality, **query):
    base = reverse(
        "agreements:submission_detail",
        kwargs={
            "region_code": world.region.slug,
            "pk": round_.pk,
            "municipality_code": municipality.code,
        },
    )
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def rows_by_number(html):
    """The review table's rows keyed by item number: the text of each <tr>."""
    import re

    rows = {}
    for tr in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        number = re.search(r">(\d\.\d)</a>", tr)
        if number:
            rows[number.group(1)] = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", tr))
    return rows


@pytest.fixture
def two_rounds(world, plan):
    """Spring closed with Aadorp's items in progress; autumn open with changes made."""
    items = plan["items"]
    spring = services.round_create(
        region=world.region,
        name="Voorjaar",
        opens_on=TODAY - dt.timedelta(days=60),
        deadline=TODAY - dt.timedelta(days=30),
        actor=world.users["cfg"],
    )
    for number in ("1.1", "1.2", "2.1"):
        set_status(world, items[number], world.mun_a, Status.IN_PROGRESS)
    services.round_close(measurement_round=spring, actor=world.users["cfg"])
    autumn = open_round(world, name="Najaar")
    set_status(
        world,
        items["1.1"],
        world.mun_a,
        Status.ACHIEVED,
        explanation="Plan vastgesteld",
        bottleneck="Wacht op de provincie",
        bottleneck_party="region",
        next_step="Oefenen",
        next_step_date=dt.date(2026, 12, 18),
        evidence_link="https://example.org/besluit",
    )
    set_status(world, items["1.2"], world.mun_a, Status.STARTED, explanation="Trekker vertrokken")
    progress = ItemProgress.objects.get(item=items["2.1"], municipality=world.mun_a)
    services.status_update_record(
        item=items["2.1"],
        municipality=world.mun_a,
        actor=world.users["contact"],
        expected_version=progress.version,
        confirm=True,
    )
    return spring, autumn


def test_review_page_shows_per_item_what_changed_since_the_previous_round(world, plan, two_rounds):
    _spring, autumn = two_rounds
    response = client_for(world, "cfg").get(review_url(world, autumn, world.mun_a))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vergeleken met het gesloten meetmoment Voorjaar." in html
    rows = rows_by_number(html)
    assert "gerealiseerd" in rows["1.1"] and "gewijzigd" in rows["1.1"]
    assert "was in uitvoering" in rows["1.1"]
    assert "Plan vastgesteld" in rows["1.1"]
    assert "Wacht op de provincie" in rows["1.1"] and "Moet in actie komen: regio" in rows["1.1"]
    assert "Oefenen" in rows["1.1"] and "18 december 2026" in rows["1.1"]
    assert "https://example.org/besluit" in rows["1.1"]
    assert "teruggegaan" in rows["1.2"] and "Trekker vertrokken" in rows["1.2"]
    assert "ongewijzigd bevestigd" in rows["2.1"]
    assert "geen eerder meetmoment" not in html
    assert "ongewijzigd bevestigd" not in rows["2.2"] and "ongewijzigd" in rows["2.2"]
    assert "1 actiepunt gewijzigd, 1 teruggegaan, 2 ongewijzigd." in html


def test_only_what_changed_filter_hides_unchanged_items(world, plan, two_rounds):
    _spring, autumn = two_rounds
    html = client_for(world, "cfg").get(review_url(world, autumn, world.mun_a, changed=1))
    rows = rows_by_number(html.content.decode())
    assert set(rows) == {"1.1", "1.2"}  # 2.1 confirmed, 2.2 never filled in: both unchanged


def test_cfg_accepts_from_the_review_page_and_the_contact_is_emailed(
    world, plan, django_capture_on_commit_callbacks
):
    round_ = open_round(world)
    submission = submit(world, plan, round_, world.mun_a)
    page = review_url(world, round_, world.mun_a)
    cfg = client_for(world, "cfg")
    assert 'name="decision"' in cfg.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = cfg.post(page, {"decision": "accept", "remark": "", "version": "1"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.ACCEPTED
    assert mail.outbox[-1].to == ["contact@test.paraat.nl"]


# --- e-mail at the moments that matter ---------------------------------------------------------

SITE = "https://paraat.example.nl"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE + "/"
    return SITE


def test_opening_a_round_mails_every_municipalitys_contacts_with_the_deadline_and_a_link(
    world, plan, site, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        round_ = services.round_create(
            region=world.region,
            name="Najaar",
            opens_on=dt.date(2026, 10, 1),
            deadline=dt.date(2026, 12, 18),
            actor=world.users["cfg"],
        )
    by_recipient = {tuple(m.to): m for m in mail.outbox}
    assert set(by_recipient) == {("contact@test.paraat.nl",), ("other_contact@test.paraat.nl",)}
    message = by_recipient[("contact@test.paraat.nl",)]
    assert message.subject == "Paraat: meetmoment Najaar staat open tot 18 december 2026"
    assert "Aadorp" in message.body and "uiterlijk 18 december 2026" in message.body
    assert f"{site}/{world.region.slug}/agreements/progress/{world.mun_a.code}/" in message.body
    assert round_.pk


def test_submitting_mails_the_cfg_with_a_link_to_the_review_page(
    world, plan, site, django_capture_on_commit_callbacks
):
    round_ = open_round(world)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submit(world, plan, round_, world.mun_a)
    assert [m.to for m in mail.outbox] == [["cfg@test.paraat.nl"]]
    message = mail.outbox[0]
    assert message.subject == "Paraat: Aadorp heeft Najaar ingediend"
    assert review_url(world, round_, world.mun_a) in message.body
    assert f"{site}{review_url(world, round_, world.mun_a)}" in message.body


def test_review_and_reminder_mails_link_to_the_workspace(
    world, plan, site, django_capture_on_commit_callbacks
):
    round_ = open_round(world, deadline_in_days=7)
    submission = submit(world, plan, round_, world.mun_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_review(
            submission=submission, accept=False, remark="Licht 1.2 toe", actor=world.users["cfg"]
        )
    workspace = f"{site}/{world.region.slug}/agreements/progress/{world.mun_a.code}/"
    assert workspace in mail.outbox[0].body and "Licht 1.2 toe" in mail.outbox[0].body
    mail.outbox.clear()
    services.reminders_send(today=TODAY)
    reminder = next(m for m in mail.outbox if m.to == ["contact@test.paraat.nl"])
    assert workspace in reminder.body


def test_round_page_names_municipalities_without_an_email_address(world, plan):
    round_ = open_round(world)
    world.users["other_contact"].is_active = False
    world.users["other_contact"].save()
    page = reverse(
        "agreements:round_detail", kwargs={"region_code": world.region.slug, "pk": round_.pk}
    )
    html = client_for(world, "cfg").get(page).content.decode()
    assert "1 van 2 gemeenten heeft geen e-mailadres" in html
    assert "Beedorp</p>" in html
    assert "geen e-mailadres" not in client_for(world, "steering").get(page).content.decode()


# --- the municipal contact ---------------------------------------------------------------------


def test_after_a_return_the_start_page_shows_the_remark_and_the_items_concerned(world, plan):
    round_ = open_round(world, deadline_in_days=10)
    submit(world, plan, round_, world.mun_a)
    response = client_for(world, "cfg").post(
        review_url(world, round_, world.mun_a),
        {
            "decision": "return",
            "remark": "Onderbouwing ontbreekt",
            "items": ["1.2", "2.1"],
            "version": "1",
        },
    )
    assert response.status_code == 302
    home = reverse("start:region_home", kwargs={"region_code": world.region.slug})
    html = client_for(world, "contact").get(home).content.decode()
    assert "De CFG heeft Najaar voor Aadorp teruggestuurd" in html
    assert "Opmerking van de CFG: “Onderbouwing ontbreekt”." in html
    assert "Betreft de actiepunten: 1.2, 2.1." in html
    deadline = (TODAY + dt.timedelta(days=10)).day
    assert "opnieuw in" in html and f"{deadline} " in html
    workspace = reverse(
        "agreements:workspace",
        kwargs={"region_code": world.region.slug, "municipality_code": world.mun_a.code},
    )
    assert (
        "Betreft de actiepunten: 1.2, 2.1"
        in client_for(world, "contact").get(workspace).content.decode()
    )


def test_returning_with_an_unknown_item_is_refused(world, plan):
    round_ = open_round(world)
    submission = submit(world, plan, round_, world.mun_a)
    with pytest.raises(Exception) as error:
        services.submission_review(
            submission=submission,
            accept=False,
            remark="x",
            items=["R.1"],  # the region's own item: not the municipality's
            actor=world.users["cfg"],
        )
    assert "Kies actiepunten van dit meetmoment" in str(error.value)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_status_form_offers_only_the_allowed_moves_and_says_why(world, plan):
    item = plan["items"]["1.1"]
    set_status(world, item, world.mun_a, Status.IN_PROGRESS)
    set_status(world, item, world.mun_a, Status.ACHIEVED)
    track = reverse(
        "agreements:track",
        kwargs={
            "region_code": world.region.slug,
            "municipality_code": world.mun_a.code,
            "pk": item.pk,
        },
    )
    html = client_for(world, "contact").get(track).content.decode()
    assert 'value="achieved"' in html and 'value="in_progress"' in html
    assert 'value="not_started"' not in html and 'value="started"' not in html
    assert "Van “gerealiseerd” kan de status alleen naar “in uitvoering”." in html


def test_category_confirm_button_counts_what_is_left_after_an_inline_confirm(world, plan):
    open_round(world)
    item = plan["items"]["1.1"]  # category 1 has 1.1 and 1.2
    contact = client_for(world, "contact")
    workspace = reverse(
        "agreements:workspace",
        kwargs={"region_code": world.region.slug, "municipality_code": world.mun_a.code},
    )
    assert "Alle 2 ongewijzigde actiepunten in “Risicobeeld” bevestigen" in (
        contact.get(workspace).content.decode()
    )
    confirm = reverse(
        "agreements:track_confirm",
        kwargs={
            "region_code": world.region.slug,
            "municipality_code": world.mun_a.code,
            "pk": item.pk,
        },
    )
    response = contact.post(confirm, {"version": "0"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.content.decode()
    category = plan["categories"][0]
    assert f'id="confirm-cat-{category.pk}" hx-swap-oob="outerHTML"' in html
    assert "1 ongewijzigd actiepunt in “Risicobeeld” bevestigen" in html
    assert "Alle 2" not in html


def test_a_bottleneck_is_solved_when_the_item_is_achieved_or_by_the_person(world, plan):
    first, second = plan["items"]["1.1"], plan["items"]["1.2"]
    for item in (first, second):
        set_status(
            world,
            item,
            world.mun_a,
            Status.IN_PROGRESS,
            bottleneck="Geen budget",
            bottleneck_party="municipality",
        )
    achieved = set_status(world, first, world.mun_a, Status.ACHIEVED)
    assert achieved.bottleneck == "" and achieved.bottleneck_solved
    track = reverse(
        "agreements:track",
        kwargs={
            "region_code": world.region.slug,
            "municipality_code": world.mun_a.code,
            "pk": second.pk,
        },
    )
    contact = client_for(world, "contact")
    assert 'name="bottleneck_solved"' in contact.get(track).content.decode()
    response = contact.post(
        track,
        {
            "status": "in_progress",
            "bottleneck": "Geen budget",
            "bottleneck_party": "municipality",
            "bottleneck_solved": "on",
            "version": "1",
        },
    )
    assert response.status_code == 302
    latest = ItemProgress.objects.get(item=second, municipality=world.mun_a).latest
    assert latest.bottleneck == "" and latest.bottleneck_solved
    html = contact.get(track).content.decode()
    assert "knelpunt opgelost" in html and "Geen budget" in html  # the history keeps the text
    assert 'name="bottleneck_solved"' not in html
    # Solved bottlenecks leave the municipality's bottleneck filter.
    workspace = reverse(
        "agreements:workspace",
        kwargs={"region_code": world.region.slug, "municipality_code": world.mun_a.code},
    )
    filtered = contact.get(workspace + "?show=bottleneck").content.decode()
    assert "Geen budget" not in filtered


# --- "who has done this already?" --------------------------------------------------------------


def test_item_page_shows_who_achieved_it_with_their_contact_but_not_their_text(world, plan):
    item = plan["items"]["1.1"]
    set_status(world, item, world.mun_a, Status.IN_PROGRESS)
    set_status(world, item, world.mun_a, Status.ACHIEVED, explanation="Geheime aanpak")
    set_status(world, item, world.mun_b, Status.STARTED)
    page = reverse(
        "agreements:item_detail", kwargs={"region_code": world.region.slug, "pk": item.pk}
    )
    response = client_for(world, "other_contact").get(page)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Wie heeft dit al gedaan?" in html
    assert "1 gemeente heeft dit actiepunt gerealiseerd." in html
    section = html[html.index("Wie heeft dit al gedaan?") :]
    section = section[: section.index("</section>")]
    assert "Aadorp" in section and "contact@test.paraat.nl" in section
    assert "Beedorp" not in section  # only started
    assert "Geheime aanpak" not in html  # explanations wait for "delen met de regio"
    regional = reverse(
        "agreements:item_detail",
        kwargs={"region_code": world.region.slug, "pk": plan["items"]["R.1"].pk},
    )
    assert "Wie heeft dit al gedaan?" not in client_for(world, "cfg").get(regional).content.decode()
