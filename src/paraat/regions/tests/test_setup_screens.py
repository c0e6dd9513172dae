"""The administrator's set-up screens: settings, partners, populations, getting started,
statements."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from paraat.accounts.models import Membership
from paraat.agreements import services as agreement_services
from paraat.audit.models import AuditEvent
from paraat.regions.models import Partner, Region


def client_for(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


SETTINGS = {
    "name": "Veiligheidsregio Testland-Oost",
    "short_name": "VRTO",
    "programme_start": "2025",
    "programme_end": "2027",
    "public_page_enabled": "on",
    "desk_email": "loket@vrto.nl",
    "default_lag_threshold": "60",
    "default_reminder_days": "10",
    "binder_max_age_days": "14",
}


def test_administrator_changes_region_settings_and_every_change_is_audited(world):
    url = reverse("region:settings", args=[world.region.slug])
    response = client_for(world, "admin").post(url, SETTINGS)
    assert response.status_code == 302
    region = Region.objects.get(pk=world.region.pk)
    assert region.short_name == "VRTO" and region.desk_email == "loket@vrto.nl"
    assert region.public_page_enabled and not region.share_nationally
    assert (region.programme_start, region.programme_end) == (2025, 2027)
    assert region.national_sharing_decided_on is not None  # "no" is a decision too
    event = AuditEvent.objects.filter(region=region, object_type__icontains="region").latest("id")
    changes = event.detail["changes"]
    assert changes["short_name"] == ["Testland", "VRTO"]
    assert changes["default_lag_threshold"] == ["50", "60"]
    page = client_for(world, "admin").get(url).content.decode()
    assert 'value="loket@vrto.nl"' in page


def test_a_programme_ending_before_it_starts_is_refused(world):
    url = reverse("region:settings", args=[world.region.slug])
    data = {**SETTINGS, "programme_start": "2027", "programme_end": "2025"}
    response = client_for(world, "admin").post(url, data)
    assert response.status_code == 200
    assert Region.objects.get(pk=world.region.pk).programme_end is None


def test_coordinator_cannot_change_region_settings(world):
    url = reverse("region:settings", args=[world.region.slug])
    response = client_for(world, "coordinator").post(url, SETTINGS)
    assert response.status_code == 403
    assert Region.objects.get(pk=world.region.pk).short_name == "Testland"


def test_new_agreement_set_and_round_start_with_the_region_defaults_and_overrides_win(world):
    Region.objects.filter(pk=world.region.pk).update(
        default_lag_threshold=65, default_reminder_days=12
    )
    world.region.refresh_from_db()
    aset = agreement_services.agreement_set_current(
        region=world.region, create=True, actor=world.users["admin"]
    )
    assert aset.lag_threshold == 65
    round_ = agreement_services.round_create(
        region=world.region,
        name="Voorjaar",
        opens_on=dt.date(2026, 3, 1),
        deadline=dt.date(2026, 4, 1),
        actor=world.users["cfg"],
    )
    assert round_.reminder_days_before == 12
    round_.state = "closed"
    round_.save(update_fields=["state"])
    override = agreement_services.round_create(
        region=world.region,
        name="Najaar",
        opens_on=dt.date(2026, 9, 1),
        deadline=dt.date(2026, 10, 1),
        actor=world.users["cfg"],
        reminder_days_before=3,
    )
    assert override.reminder_days_before == 3


def test_binder_age_follows_the_region_setting(world, settings):
    from paraat.reports.selectors import binder_max_age_days

    settings.PARAAT_BINDER_MAX_AGE_DAYS = 30
    assert binder_max_age_days(world.region) == 30
    world.region.binder_max_age_days = 9
    assert binder_max_age_days(world.region) == 9


def test_administrator_adds_edits_and_deactivates_a_partner(world):
    client = client_for(world, "admin")
    response = client.post(
        reverse("region:partner_create", args=[world.region.slug]),
        {"name": "Waterschap Testland", "kind": "water_board", "is_active": "on"},
    )
    assert response.status_code == 302
    partner = Partner.objects.get(region=world.region, name="Waterschap Testland")
    response = client.post(
        reverse("region:partner_edit", args=[world.region.slug, partner.pk]),
        {"name": "Waterschap Testland-Oost", "kind": "water_board"},  # is_active unticked
    )
    assert response.status_code == 302
    partner.refresh_from_db()
    assert partner.name == "Waterschap Testland-Oost" and not partner.is_active
    listing = client.get(reverse("region:partner_list", args=[world.region.slug]))
    assert "Waterschap Testland-Oost" in listing.content.decode()
    assert "gedeactiveerd" in listing.content.decode()
    assert AuditEvent.objects.filter(
        object_id=str(partner.pk), detail__changes__is_active=[True, False]
    ).exists()


def test_partner_user_cannot_add_a_partner(world):
    response = client_for(world, "partner").post(
        reverse("region:partner_create", args=[world.region.slug]),
        {"name": "Nep", "kind": "other", "is_active": "on"},
    )
    assert response.status_code == 403
    assert not Partner.objects.filter(name="Nep").exists()


def test_administrator_enters_a_population_and_coverage_then_knows_it(world):
    world.mun_a.population = None
    world.mun_a.save()
    page = client_for(world, "admin").get(
        reverse("regions:municipality_detail", args=[world.region.slug, world.mun_a.slug])
    )
    assert "onbekend" in page.content.decode()
    response = client_for(world, "admin").post(
        reverse("region:population_edit", args=[world.region.slug, world.mun_a.slug]),
        {"population": "12345", "year": "2025"},
    )
    assert response.status_code == 302
    world.mun_a.refresh_from_db()
    assert (world.mun_a.population, world.mun_a.population_year) == (12345, 2025)


def test_municipal_contact_cannot_change_the_population(world):
    before = world.mun_a.population
    response = client_for(world, "contact").post(
        reverse("region:population_edit", args=[world.region.slug, world.mun_a.slug]),
        {"population": "1", "year": "2025"},
    )
    assert response.status_code == 403
    world.mun_a.refresh_from_db()
    assert world.mun_a.population == before


STATLINE = (
    b'"Bevolkingsontwikkeling; regio per maand"\n'
    b'"Regio\'s";"Perioden";"Bevolking aan het begin van de periode (aantal)"\n'
    b'"Aadorp (GM9001)";"2025 januari";"1"\n'  # no code cell of its own: not counted
    b'"GM9001";"2025";"23.456"\n'
    b'"GM9002";"2025";"7890"\n'
    b'"GM9003";"2025";"5000"\n'  # another region's municipality: ignored
)


def test_population_import_reads_a_cbs_statline_csv(world):
    response = client_for(world, "admin").post(
        reverse("region:population_import", args=[world.region.slug]),
        {"file": SimpleUploadedFile("bevolking.csv", STATLINE), "year": "2025"},
    )
    assert response.status_code == 302
    world.mun_a.refresh_from_db()
    world.mun_b.refresh_from_db()
    world.mun_c.refresh_from_db()
    assert world.mun_a.population == 23456 and world.mun_b.population == 7890
    assert world.mun_c.population != 5000


def test_population_import_without_our_municipalities_changes_nothing(world):
    before = world.mun_a.population
    response = client_for(world, "admin").post(
        reverse("region:population_import", args=[world.region.slug]),
        {"file": SimpleUploadedFile("b.csv", b'"GM9003";"2025";"5000"\n'), "year": "2025"},
    )
    assert response.status_code == 200
    assert "geen van de gemeenten" in response.content.decode()
    world.mun_a.refresh_from_db()
    assert world.mun_a.population == before


def test_municipality_list_marks_municipalities_without_a_named_contact(world):
    Membership.objects.filter(municipality=world.mun_b).update(is_active=False)
    body = (
        client_for(world, "admin")
        .get(reverse("regions:municipality_list", args=[world.region.slug]))
        .content.decode()
    )
    row_a = body.split("Aadorp</a>")[1].split("</tr>")[0]
    row_b = body.split("Beedorp</a>")[1].split("</tr>")[0]
    assert "geen genoemd" not in row_a and "geen genoemd" in row_b
    assert "benoemd" in row_a
    assert '<th scope="col">Aanspreekpunt</th>' in body


def test_getting_started_reads_the_real_state(world):
    url = reverse("region:getting_started", args=[world.region.slug])
    body = client_for(world, "admin").get(url).content.decode()
    assert "3 van 7 stappen gedaan" in body  # municipalities, contacts, people
    Region.objects.filter(pk=world.region.pk).update(national_sharing_decided_on=dt.date.today())
    body = client_for(world, "admin").get(url).content.decode()
    assert "4 van 7 stappen gedaan" in body
    home = client_for(world, "admin").get(reverse("start:region_home", args=[world.region.slug]))
    assert url in home.content.decode()
    home = client_for(world, "coordinator").get(
        reverse("start:region_home", args=[world.region.slug])
    )
    assert url not in home.content.decode()


def test_getting_started_shows_every_apps_steps_in_the_fixed_order(world):
    """The steps come from regions, accounts, agreements and reports (their `setup_steps`);
    the page shows them in one order, whatever the order of INSTALLED_APPS."""
    url = reverse("region:getting_started", args=[world.region.slug])
    body = client_for(world, "admin").get(url).content.decode()
    titles = [
        "Gemeenten geladen",
        "Een aanspreekpunt voor elke gemeente",
        "Actielijst geïmporteerd",
        "Mensen uitgenodigd",
        "Eerste meetmoment gepland",
        "Besloten over landelijk delen",
        "Eerste noodmap gemaakt",
    ]
    places = [body.find(f">{title}</a>") for title in titles]
    assert -1 not in places and places == sorted(places)
    done = body.split("Mensen uitgenodigd")[0].rsplit("<li", 1)[1]
    assert "checklist__item--done" in done


def test_getting_started_step_done_once_its_app_has_the_data(world):
    url = reverse("region:getting_started", args=[world.region.slug])
    before = client_for(world, "admin").get(url).content.decode()
    Membership.objects.filter(municipality=world.mun_b).update(is_active=False)
    after = client_for(world, "admin").get(url).content.decode()
    step = "Een aanspreekpunt voor elke gemeente"
    assert "checklist__item--done" in before.split(step)[0].rsplit("<li", 1)[1]
    assert "checklist__item--done" not in after.split(step)[0].rsplit("<li", 1)[1]


def test_every_page_links_to_the_statements_and_they_are_prefilled(world):
    client = Client()
    login = client.get(reverse("accounts:login")).content.decode()
    assert reverse("statements:accessibility") in login
    assert reverse("statements:privacy") in login
    page = client_for(world, "contact").get(
        reverse("regions:municipality_list", args=[world.region.slug])
    )
    assert reverse("statements:region_privacy", args=[world.region.slug]) in page.content.decode()
    statement = client.get(reverse("statements:region_accessibility", args=[world.region.slug]))
    body = statement.content.decode()
    assert statement.status_code == 200
    assert "WCAG 2.1 niveau AA" in body and "Veiligheidsregio Testland" in body


def test_administrator_edits_the_privacy_statement(world):
    url = reverse("region:statements_edit", args=[world.region.slug])
    form = client_for(world, "admin").get(url).content.decode()
    assert "Autoriteit Persoonsgegevens" in form  # pre-filled
    response = client_for(world, "admin").post(
        url, {"accessibility_statement": "Toegankelijk.", "privacy_statement": "Onze eigen tekst."}
    )
    assert response.status_code == 302
    public = Client().get(reverse("statements:region_privacy", args=[world.region.slug]))
    assert "Onze eigen tekst." in public.content.decode()


def test_a_deactivated_partner_is_not_offered_for_new_roles_or_contacts(world):
    Partner.objects.filter(pk=world.partner_org.pk).update(is_active=False)
    client = client_for(world, "admin")
    members = client.get(reverse("members:create", args=[world.region.slug])).content.decode()
    contacts = client.get(reverse("regions:contact_create", args=[world.region.slug]))
    assert "GGD Testland" not in members
    assert "GGD Testland" not in contacts.content.decode()
    assert "Aadorp" in members  # municipalities still offered
