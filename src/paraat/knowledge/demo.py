"""Demo knowledge items and desk questions, with different TLP labels so that each demo
account sees something different. Idempotent: keyed on region and title."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from paraat.accounts.demo import demo_email
from paraat.accounts.models import User
from paraat.regions.models import Municipality, Partner

from . import search
from .models import TLP, Kind, KnowledgeItem, Question, QuestionEvent, QuestionStatus, Urgency

GGD = "GGD Noord- en Oost-Gelderland"

ITEMS = [
    {
        "title": "Handreiking: zo richt u een noodsteunpunt in (voorbeeld)",
        "summary": "Stappen, checklist en bemensing voor lokale noodsteunpunten bij uitval van "
        "stroom, telefonie en internet.",
        "body": "## Waar\n\nKies een gebouw met noodstroom, zoals een dorpshuis of sporthal.\n\n"
        "## Wie\n\n- vrijwilligers uit de buurt\n- een medewerker van de gemeente\n\n"
        "De **noodsteunpunten** zijn binnen 2 uur open.",
        "kind": Kind.GUIDANCE,
        "tlp": TLP.CLEAR,
        "category": "Noodsteunpunten",
        "tags": "noodsteunpunt, stroomuitval",
        "action_items": "3.1",
        "author": "programma",
    },
    {
        "title": "Goed voorbeeld: het dorpshuis als noodsteunpunt (voorbeeld)",
        "summary": "Hoe Apeldoorn met de buurtvereniging een dorpshuis inrichtte als lokaal "
        "noodsteunpunt.",
        "body": "We sloten een convenant met de buurtvereniging en plaatsten een "
        "aansluitpunt voor een aggregaat.",
        "kind": Kind.GOOD_PRACTICE,
        "tlp": TLP.GREEN,
        "category": "Noodsteunpunten",
        "tags": "noodsteunpunt, vrijwilligers",
        "author": "apeldoorn",
        "municipality": "GM0200",
    },
    {
        "title": "Ervaring: oefening stroomuitval op het gemeentehuis (voorbeeld)",
        "summary": "Wat ging goed en wat niet bij onze oefening met vier uur stroomuitval.",
        "body": "De telefooncentrale viel na 40 minuten uit; de satelliettelefoon lag in een "
        "afgesloten kast.",
        "kind": Kind.EXPERIENCE,
        "tlp": TLP.AMBER,
        "category": "Continuïteit bedrijfsprocessen",
        "tags": "oefening, stroomuitval",
        "author": "apeldoorn",
        "municipality": "GM0200",
    },
    {
        "title": "Sjabloon continuïteitsplan bedrijfsprocessen, concept (voorbeeld)",
        "summary": "Ons conceptsjabloon voor een continuïteitsplan; nog niet vastgesteld.",
        "body": "1. Kritieke processen\n2. Maximale uitvaltijd\n3. Terugvalopties",
        "kind": Kind.PRODUCT,
        "tlp": TLP.AMBER_STRICT,
        "category": "Continuïteit bedrijfsprocessen",
        "tags": "sjabloon, bcm",
        "author": "zutphen",
        "municipality": "GM0301",
    },
    {
        "title": "Werkwijze GGD: kwetsbare inwoners in beeld (voorbeeld)",
        "summary": "Hoe de GGD lijsten van kwetsbare inwoners bijhoudt en deelt bij een crisis.",
        "body": "Alleen voor de GGD zelf: afspraken met thuiszorgorganisaties.",
        "kind": Kind.GUIDANCE,
        "tlp": TLP.AMBER_STRICT,
        "category": "Zorg",
        "tags": "kwetsbare inwoners",
        "author": "partner",
        "partner": GGD,
    },
    {
        "title": "Kwetsbaarheden vitale locaties in de regio (voorbeeld)",
        "summary": "Overzicht van kwetsbare vitale locaties; alleen voor de genoemde personen.",
        "body": "Vertrouwelijk overzicht (voorbeeldtekst).",
        "kind": Kind.GUIDANCE,
        "tlp": TLP.RED,
        "category": "Vitale infrastructuur",
        "tags": "vitaal",
        "author": "programma",
        "recipients": ["programma", "cfg"],
    },
]

QUESTIONS = [
    {
        "title": "Hoeveel noodsteunpunten heeft een gemeente nodig? (voorbeeld)",
        "text": "Is er een vuistregel voor het aantal noodsteunpunten per inwoners?",
        "category": "Noodsteunpunten",
        "asker": "apeldoorn",
        "municipality": "GM0200",
        "status": QuestionStatus.ANSWERED,
        "answer": "Reken op één lokaal noodsteunpunt per 5.000 tot 10.000 inwoners, zo dat "
        "iedereen er binnen een half uur lopen of fietsen is.",
        "consent": True,
        "publish_tlp": TLP.GREEN,
    },
    {
        "title": "Wie betaalt de aggregaten voor noodsteunpunten? (voorbeeld)",
        "text": "Wij willen aggregaten aanschaffen; draagt de regio bij?",
        "category": "Noodsteunpunten",
        "asker": "zutphen",
        "municipality": "GM0301",
        "status": QuestionStatus.NEW,
        "overdue": True,
        "urgency": Urgency.HIGH,
    },
    {
        "title": "Voorbeeld communicatieplan bij langdurige uitval? (voorbeeld)",
        "text": "Heeft iemand een communicatieplan voor inwoners bij langdurige stroomuitval?",
        "category": "Crisiscommunicatie",
        "asker": "apeldoorn",
        "municipality": "GM0200",
        "status": QuestionStatus.ASSIGNED,
        "theme": "Thematafel crisiscommunicatie",
        "assigned": "trekker",
    },
]


def _user(local):
    return User.objects.get(email=demo_email(local))


@transaction.atomic
def load_demo(region, *, stdout=None):
    for spec in ITEMS:
        municipality = (
            Municipality.objects.get(code=spec["municipality"]) if "municipality" in spec else None
        )
        partner = (
            Partner.objects.get(region=region, name=spec["partner"]) if "partner" in spec else None
        )
        item, _created = KnowledgeItem.objects.update_or_create(
            region=region,
            title=spec["title"],
            defaults={
                "summary": spec["summary"],
                "body": spec["body"],
                "kind": spec["kind"],
                "tlp": spec["tlp"],
                "category": spec["category"],
                "tags": spec["tags"],
                "action_items": spec.get("action_items", ""),
                "created_by": _user(spec["author"]),
                "municipality": municipality,
                "partner": partner,
                "is_demo": True,
            },
        )
        item.recipients.set([_user(local) for local in spec.get("recipients", [])])
        search.index_item(item)
    now = timezone.now()
    for n, spec in enumerate(QUESTIONS):
        asker = _user(spec["asker"])
        target = timezone.localdate() + timedelta(days=-3 if spec.get("overdue") else 7)
        answered = spec["status"] == QuestionStatus.ANSWERED
        question, created = Question.objects.update_or_create(
            region=region,
            title=spec["title"],
            defaults={
                "text": spec["text"],
                "category": spec["category"],
                "urgency": spec.get("urgency", Urgency.NORMAL),
                "theme": spec.get("theme", spec["category"]),
                "status": spec["status"],
                "target_date": target,
                "asked_by": asker,
                "asked_at": now - timedelta(days=10 - n),
                "municipality": Municipality.objects.get(code=spec["municipality"]),
                "assigned_to": _user(spec["assigned"]) if "assigned" in spec else None,
                "answer": spec.get("answer", ""),
                "answered_by": _user("programma") if answered else None,
                "answered_at": now - timedelta(days=2) if answered else None,
                "publish_consent": spec.get("consent", False),
                "is_demo": True,
            },
        )
        if created:
            QuestionEvent.objects.create(
                question=question, from_status="", to_status=QuestionStatus.NEW, actor=asker
            )
        if "publish_tlp" in spec:
            item, _created = KnowledgeItem.objects.update_or_create(
                region=region,
                source_question=question,
                defaults={
                    "title": question.title,
                    "summary": question.text,
                    "body": f"**Vraag**\n\n{question.text}\n\n**Antwoord**\n\n{question.answer}",
                    "kind": Kind.QA,
                    "tlp": spec["publish_tlp"],
                    "category": question.category,
                    "created_by": _user("programma"),
                    "municipality": question.municipality,
                    "is_demo": True,
                },
            )
            search.index_item(item)
    if stdout:
        stdout.write(f"Knowledge: {len(ITEMS) + 1} demo items, {len(QUESTIONS)} demo questions")
