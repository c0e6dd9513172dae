import re

import pytest

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from paraat.regions.models import Contact, PhaseChange, ProgrammePhase
from paraat.regions.services import region_set_phase


def client_for(world, persona):
    client = Client()
    client.force_login(world.users[persona])
    return client


def test_municipal_contact_sees_the_regional_list_of_municipalities(world):
    response = client_for(world, "contact").get(
        reverse("regions:municipality_list", args=[world.region.slug])
    )
    body = response.content.decode()
    assert "Aadorp" in body and "Beedorp" in body
    assert "Ceedorp" not in body
    assert "2 gemeenten in Veiligheidsregio Testland" in body


def test_municipal_contact_edits_a_contact_of_their_own_municipality(world):
    contact = world.extra["contact_a"]
    response = client_for(world, "contact").post(
        reverse("regions:contact_edit", args=[world.region.slug, contact.pk]),
        {"name": "Cor A", "function": "Burgemeester", "outage_reachability": "Bode"},
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert contact.function == "Burgemeester"


def test_municipal_contact_cannot_edit_other_municipality(world):
    contact = world.extra["contact_a"]
    response = client_for(world, "other_contact").post(
        reverse("regions:contact_edit", args=[world.region.slug, contact.pk]),
        {"name": "Gekaapt"},
    )
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.name == "Cor A"


def test_municipal_contact_can_only_add_contacts_for_their_own_municipality(world):
    client = client_for(world, "contact")
    url = reverse("regions:contact_create", args=[world.region.slug])
    form = client.get(url).content.decode()
    assert "Aadorp" in form and "Beedorp" not in form
    response = client.post(url, {"organisation": f"m{world.mun_b.pk}", "name": "Indringer"})
    assert response.status_code == 200  # invalid choice, form shown again
    assert not Contact.objects.filter(name="Indringer").exists()
    client.post(url, {"organisation": f"m{world.mun_a.pk}", "name": "Nieuw"})
    assert Contact.objects.get(name="Nieuw").municipality == world.mun_a


def test_board_member_reads_contacts_but_cannot_add_them(world):
    client = client_for(world, "board")
    assert client.get(reverse("regions:contact_list", args=[world.region.slug])).status_code == 200
    response = client.get(reverse("regions:contact_create", args=[world.region.slug]))
    assert response.status_code == 403


def test_contacts_page_shows_outage_reachability(world):
    body = (
        client_for(world, "partner")
        .get(reverse("regions:contact_list", args=[world.region.slug]))
        .content.decode()
    )
    assert "Bereikbaar bij uitval" in body
    assert "ingang achterzijde" in body


def test_member_of_another_region_cannot_see_our_municipalities(world):
    response = client_for(world, "outsider").get(
        reverse("regions:municipality_detail", args=[world.region.slug, world.mun_a.slug])
    )
    assert response.status_code == 403


def test_phase_change_is_recorded_with_reason_and_actor(world):
    admin = world.users["coordinator"]
    region_set_phase(
        region=world.region, phase=ProgrammePhase.WARM, reason="Stroomuitval", actor=admin
    )
    world.region.refresh_from_db()
    assert world.region.phase == ProgrammePhase.WARM
    change = PhaseChange.objects.get(region=world.region)
    assert (change.from_phase, change.to_phase, change.changed_by) == ("cold", "warm", admin)
    with pytest.raises(ValidationError):
        region_set_phase(region=world.region, phase="warm", reason="nogmaals", actor=admin)
    with pytest.raises(ValidationError):
        region_set_phase(region=world.region, phase="cold", reason="  ", actor=admin)


def test_header_shows_region_and_phase(world):
    body = (
        client_for(world, "board")
        .get(reverse("start:region_home", args=[world.region.slug]))
        .content.decode()
    )
    assert "Veiligheidsregio Testland" in body
    assert "Fase: koud" in body


def test_municipality_list_query_count_does_not_grow(world, django_assert_max_num_queries):
    from paraat.regions.factories import MunicipalityFactory

    client = client_for(world, "cfg")
    url = reverse("regions:municipality_list", args=[world.region.slug])
    with django_assert_max_num_queries(12):
        client.get(url)
    MunicipalityFactory.create_batch(40, region=world.region)
    with django_assert_max_num_queries(12):
        assert client.get(url).status_code == 200


def test_second_editor_is_told_sees_the_other_change_and_loses_nothing(world):
    contact = world.extra["contact_a"]
    url = reverse("regions:contact_edit", args=[world.region.slug, contact.pk])
    first, second = client_for(world, "contact"), client_for(world, "admin")
    loaded_version = contact.version
    first.post(url, {"name": "Cor A", "function": "Burgemeester", "version": loaded_version})
    response = second.post(
        url, {"name": "Cor A", "function": "Wethouder", "phone": "06-1", "version": loaded_version}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert "Burgemeester" in body  # the other person's version is shown
    assert 'value="Wethouder"' in body  # and the second editor's input is still in the form
    contact.refresh_from_db()
    assert contact.function == "Burgemeester"
    # Saving again after seeing it is a deliberate choice and succeeds.
    response = second.post(
        url, {"name": "Cor A", "function": "Wethouder", "version": contact.version}
    )
    assert response.status_code == 302
    contact.refresh_from_db()
    assert (contact.function, contact.version) == ("Wethouder", loaded_version + 2)


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("coordinator", ["region", "Aadorp", "Beedorp", "GGD Testland"]),
        ("cfg", ["region", "Aadorp", "Beedorp", "GGD Testland"]),
        ("contact", ["Aadorp"]),
        ("partner", ["GGD Testland"]),
    ],
)
def test_the_contact_form_offers_only_the_organisations_the_user_may_keep_contacts_of(
    world, persona, offered
):
    body = (
        client_for(world, persona)
        .get(reverse("regions:contact_create", args=[world.region.slug]))
        .content.decode()
    )
    select = re.search(r'<select name="organisation".*?</select>', body, re.S).group(0)
    names = re.findall(r"<option [^>]*>([^<]*)</option>", select)
    expected = [world.region.display_name if n == "region" else n for n in offered]
    assert [n for n in names if n.strip() and not n.startswith("-")] == expected
