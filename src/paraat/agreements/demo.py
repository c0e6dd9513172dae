"""Demo data: an EXAMPLE action list built from programme plan §6.1, with history.

The eight municipal responsibilities of §6.1 become the categories, each with a few example
action items, plus some region and joint items. The agreement set is marked `is_example` and
named "Voorbeeld: …", so every screen says it is an example, not the adopted agreements.
Two closed rounds and one open round give every screen history to show.

Idempotent: items are matched by number; rounds and progress are only made once.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from paraat.accounts.models import User
from paraat.regions.models import Municipality

from . import bulk, services
from .models import (
    ActionItem,
    AgreementSet,
    Category,
    MeasurementRound,
    OwnerType,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)

SET_NAME = "Voorbeeld: Bestuursafspraken weerbaarheid 2025–2027"

M, R, J = OwnerType.MUNICIPALITY, OwnerType.REGION, OwnerType.JOINT

# (category, [(number, text, owner, (year, quarter), baseline, note)])
EXAMPLE_LIST = [
    (
        "Aanspreekpunt weerbaarheid",
        [
            (
                "1.1",
                "Wijs een aanspreekpunt weerbaarheid aan en meld deze bij VNOG.",
                M,
                (2026, 1),
                "Naam en bereikbaarheid bekend bij de CFG.",
                "",
            ),
            (
                "1.2",
                "Beleg het thema weerbaarheid in de portefeuilleverdeling van het college.",
                M,
                (2026, 2),
                "Portefeuillehouder benoemd.",
                "",
            ),
            (
                "1.3",
                "Neem deel aan het regionale netwerk van aanspreekpunten.",
                J,
                (2026, 2),
                "Minimaal twee keer per jaar aanwezig.",
                "Bureau Bevolkingszorg faciliteert.",
            ),
        ],
    ),
    (
        "Continuïteit bedrijfsprocessen",
        [
            (
                "2.1",
                "Breng de vitale processen van de gemeentelijke organisatie in kaart.",
                M,
                (2026, 1),
                "Lijst vitale processen vastgesteld door het MT.",
                "",
            ),
            (
                "2.2",
                "Stel een continuïteitsplan op voor langdurige stroom- en ICT-uitval.",
                M,
                (2026, 3),
                "Plan vastgesteld en beoefend.",
                "",
            ),
            (
                "2.3",
                "Zorg voor noodstroom voor het gemeentehuis en de crisislocatie.",
                M,
                (2026, 4),
                "Noodstroom getest onder belasting.",
                "i.s.m. netbeheerder",
            ),
        ],
    ),
    (
        "Gemeentelijke crisisorganisatie en lokale noodsteunpunten",
        [
            (
                "3.1",
                "Actualiseer de gemeentelijke crisisorganisatie voor langdurige crises.",
                M,
                (2026, 2),
                "Bezetting voor 72 uur rond.",
                "",
            ),
            (
                "3.2",
                "Wijs locaties aan voor lokale noodsteunpunten (L-NSP).",
                M,
                (2026, 2),
                "Locaties bekend bij VNOG en ingevoerd in Paraat.",
                "",
            ),
            (
                "3.3",
                "Richt de lokale noodsteunpunten in (noodstroom, communicatie, bemensing).",
                M,
                (2026, 4),
                "Elk L-NSP voldoet aan de regionale checklist.",
                "",
            ),
            (
                "3.4",
                "Oefen de opening van een noodsteunpunt met vrijwilligers.",
                M,
                (2027, 1),
                "Eén oefening per jaar.",
                "",
            ),
        ],
    ),
    (
        "Risico- en crisiscommunicatie",
        [
            (
                "4.1",
                "Maak een lokaal communicatieplan voor uitval van stroom en telecom.",
                M,
                (2026, 2),
                "Plan met middelen zonder internet (papier, omroep).",
                "",
            ),
            (
                "4.2",
                "Voer een campagne over zelfredzaamheid (noodpakket, 72 uur).",
                M,
                (2026, 3),
                "Campagne uitgevoerd in alle kernen.",
                "Landelijke campagne volgen",
            ),
            (
                "4.3",
                "Stem woordvoering af met het Regionaal Actiecentrum Communicatie.",
                J,
                (2026, 2),
                "Afspraken vastgelegd.",
                "",
            ),
        ],
    ),
    (
        "Continuïteit omgevingszorg",
        [
            (
                "5.1",
                "Breng kwetsbare objecten en vitale voorzieningen in de gemeente in kaart.",
                M,
                (2026, 3),
                "Overzicht gedeeld met VNOG.",
                "",
            ),
            (
                "5.2",
                "Maak afspraken over drinkwater en afvalwater bij langdurige uitval.",
                M,
                (2027, 1),
                "Afspraken met waterbedrijf en waterschap.",
                "Waterschap",
            ),
        ],
    ),
    (
        "Preparatie, nafase en herstel",
        [
            (
                "6.1",
                "Stel een draaiboek nafase en herstel op.",
                M,
                (2026, 4),
                "Draaiboek vastgesteld.",
                "",
            ),
            (
                "6.2",
                "Train sleutelfunctionarissen in de nafase.",
                M,
                (2027, 2),
                "Alle sleutelfunctionarissen getraind.",
                "",
            ),
            (
                "6.3",
                "Breng verschillen en overeenkomsten met Duitse buurregio's in kaart.",
                J,
                (2026, 4),
                "Notitie met lessen en actiepunten.",
                "Kreis Borken, Kreis Kleve",
            ),
        ],
    ),
    (
        "Publieke zorg",
        [
            (
                "7.1",
                "Breng kwetsbare inwoners en zorglocaties in beeld.",
                M,
                (2026, 3),
                "Actueel overzicht beschikbaar voor de crisisorganisatie.",
                "GGD, GHOR",
            ),
            (
                "7.2",
                "Maak afspraken over opvang en verzorging bij langdurige uitval.",
                M,
                (2027, 1),
                "Afspraken met zorgaanbieders vastgelegd.",
                "",
            ),
        ],
    ),
    (
        "Verkeer en vervoer",
        [
            (
                "8.1",
                "Stel een plan op voor verkeersregeling bij uitval van verkeerslichten.",
                M,
                (2026, 4),
                "Plan afgestemd met politie.",
                "Politie Oost-Nederland",
            ),
            (
                "8.2",
                "Borg de brandstofvoorziening voor vitale gemeentelijke voertuigen.",
                M,
                (2027, 2),
                "Afspraken met leveranciers.",
                "",
            ),
        ],
    ),
    (
        "Regionale ondersteuning",
        [
            (
                "R.1",
                "Stel een regionale handreiking lokale noodsteunpunten op.",
                R,
                (2026, 1),
                "Handreiking vastgesteld door het AB.",
                "",
            ),
            (
                "R.2",
                "Richt coördinatiepunten (C-NSP) in op de brandweerkazernes.",
                R,
                (2026, 4),
                "Alle C-NSP's operationeel.",
                "",
            ),
            (
                "R.3",
                "Organiseer kennisdeling tussen gemeenten via de thematafels.",
                R,
                (2026, 2),
                "Twee bijeenkomsten per jaar.",
                "WeerbaarNL",
            ),
        ],
    ),
]

# Diligence per municipality code (share of tracks moving on per round); others get 0.3–0.7.
PROFILES = {"GM0200": 0.55, "GM0301": 0.75, "GM0262": 0.12, "GM0197": 0.15}
NEVER_SUBMITS = {"GM0197"}


MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _round_name(deadline: dt.date) -> str:
    return f"Meetmoment {MONTHS[deadline.month - 1]} {deadline.year}"


@transaction.atomic
def load_demo(region, *, stdout=None) -> None:
    agreement_set, _ = AgreementSet.objects.update_or_create(
        region=region,
        name=SET_NAME,
        defaults={
            "period_start": 2025,
            "period_end": 2027,
            "adopted_on": dt.date(2025, 6, 26),
            "is_current": True,
            "is_example": True,
        },
    )
    AgreementSet.objects.filter(region=region, is_current=True).exclude(pk=agreement_set.pk).update(
        is_current=False
    )
    order = 0
    for cat_order, (category_name, items) in enumerate(EXAMPLE_LIST, start=1):
        category, _ = Category.objects.update_or_create(
            agreement_set=agreement_set, name=category_name, defaults={"order": cat_order}
        )
        for number, text, owner, (year, quarter), baseline, note in items:
            order += 1
            item, created = ActionItem.objects.update_or_create(
                agreement_set=agreement_set,
                number=number,
                defaults={
                    "region": region,
                    "category": category,
                    "text": text,
                    "owner_type": owner,
                    "due_year": year,
                    "due_quarter": quarter,
                    "baseline": baseline,
                    "note": note,
                    "order": order,
                },
            )
            if created:
                services._revise(item, kind="created", actor=None)
    if not MeasurementRound.objects.filter(agreement_set=agreement_set).exists():
        _load_history(region, agreement_set)
    if stdout is not None:
        count = ActionItem.objects.filter(agreement_set=agreement_set).count()
        stdout.write(
            f"Agreements: example action list ({count} items), 2 closed rounds, 1 open round."
        )


def _load_history(region, agreement_set) -> None:
    rng = random.Random(6001)
    cfg = User.objects.filter(email="cfg@demo.paraat.nl").first()
    coordinator = User.objects.filter(email="programma@demo.paraat.nl").first()
    contact = User.objects.filter(email="apeldoorn@demo.paraat.nl").first()
    municipalities = list(Municipality.objects.filter(region=region).order_by("name"))
    diligence = {m.pk: PROFILES.get(m.code, 0.3 + 0.4 * rng.random()) for m in municipalities}
    diligence[None] = 0.6
    items = list(ActionItem.objects.active().filter(agreement_set=agreement_set))
    tracks = bulk.tracks_for(items, [m.pk for m in municipalities])
    today = timezone.localdate()
    # Two closed rounds a few months apart, so that items are due in both.
    deadlines = [today - dt.timedelta(days=200), today - dt.timedelta(days=60)]
    by_code = {m.code: m.pk for m in municipalities}
    never = {by_code[c] for c in NEVER_SUBMITS if c in by_code}
    for deadline in deadlines:
        round_ = services.round_create(
            region=region,
            name=_round_name(deadline),
            opens_on=deadline - dt.timedelta(days=35),
            deadline=deadline,
            actor=cfg,
            agreement_set=agreement_set,
        )
        submitters = {m.pk for m in municipalities if m.pk not in never and rng.random() < 0.9}
        bulk.simulate_round(
            region=region,
            measurement_round=round_,
            tracks=tracks,
            diligence=diligence,
            submitters=submitters,
            accepted=submitters,
            actor=contact or coordinator,
            reviewer=cfg,
            rng=rng,
            complete=submitters | {None},
        )
        services.round_close(measurement_round=round_, actor=cfg)
        MeasurementRound.objects.filter(pk=round_.pk).update(
            closed_at=timezone.make_aware(dt.datetime.combine(deadline, dt.time(17)))
        )
    # The open round: some municipalities are done, one was returned, Apeldoorn has work to do.
    deadline = today + dt.timedelta(days=21)
    round_ = services.round_create(
        region=region,
        name=_round_name(deadline),
        opens_on=today - dt.timedelta(days=14),
        deadline=deadline,
        actor=cfg,
        agreement_set=agreement_set,
    )
    others = [m for m in municipalities if m.code not in ("GM0200", "GM0301") and m.pk not in never]
    done = {m.pk for m in others[: len(others) // 2]}
    accepted = set(list(done)[: len(done) // 2])
    bulk.simulate_round(
        region=region,
        measurement_round=round_,
        tracks=tracks,
        diligence=diligence,
        submitters=done,
        accepted=accepted,
        actor=contact or coordinator,
        reviewer=cfg,
        rng=rng,
        complete=done | {None},
    )
    returned = next(iter(done - accepted), None)
    if returned is not None:
        submission = Submission.objects.get(round=round_, municipality_id=returned)
        remark = "Voorbeeld: graag bij 3.2 aangeven welke locaties zijn aangewezen."
        SubmissionEvent.objects.create(
            submission=submission,
            from_status=SubmissionStatus.SUBMITTED,
            to_status=SubmissionStatus.RETURNED,
            remark=remark,
            actor=cfg,
        )
        Submission.objects.filter(pk=submission.pk).update(
            status=SubmissionStatus.RETURNED,
            review_remark=remark,
            reviewed_by=cfg,
            reviewed_at=timezone.now(),
            version=2,
        )
