"""Demo programme of VNOG, taken from the programme plan 2025–2027: the four core ambitions with
their goals (§2.4), the six results (§2.3), the steering group and programme team by role (§3.1,
§3.2; no people's names), the nine theme tables with the activities the appendix
"Inventarisatie t.b.v. de scope thematafels" lists, and the seven threats and three
opportunities of §5 as the risk register. Idempotent: natural keys with update_or_create."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from paraat.accounts.models import Membership, User
from paraat.accounts.roles import Role

from . import services
from .models import (
    Activity,
    BodyMember,
    CoreAmbition,
    DeferredWork,
    DocumentStatus,
    Goal,
    Milestone,
    Programme,
    ProgrammeResult,
    Risk,
    RiskKind,
    RiskMeasure,
    RiskRevision,
    StartDocument,
    Status,
    ThemeTable,
    ThemeTableMember,
)

VISION = (
    "Samen bouwen aan een weerbare en veerkrachtige samenleving in onze regio waarin inwoners, "
    "gemeenten, veiligheidsregio en crisispartners samen voorbereid zijn op elke crises en "
    "verstoringen – met als fundament een krachtige crisisorganisatie, robuuste continuïteit van "
    "(vitale) processen en een breed gedragen risicobewustzijn.\n\n"
    "Weerbaarheid: het incasseringsvermogen van inwoners en bedrijfsleven in crisissituaties, "
    "voor en tijdens een crisis. Veerkracht: het vermogen van inwoners en bedrijfsleven om na een "
    "crisis weer adequaat te kunnen functioneren."
)

AMBITIONS = [
    (
        1,
        "Versterking van de continuïteit van de bedrijfsorganisatie van de VNOG",
        "Zodat de organisatie haar cruciale functies onder alle omstandigheden kan blijven "
        "uitvoeren.",
        [
            "Bedrijfscontinuïteitsplan",
            "Interne communicatie en bewustwording",
            "Faciliteren operationele inzetbaarheid",
            "Continuïteit operationele brandweerorganisatie",
            "Vakbekwaamheid",
        ],
    ),
    (
        2,
        "Een robuuste en adaptieve crisisorganisatie",
        "Die snel en effectief kan reageren op uiteenlopende crisissituaties.",
        [
            "Ondersteunen crisisorganisatie",
            "Planvorming en scenario-denken",
            "Informatievoorziening",
            "Continuïteit medische zorg, GHOR en GGD",
            "Organisatie coördinatie noodsteunpunten",
            "Vakbekwaamheid",
        ],
    ),
    (
        3,
        "Een weerbare en veerkrachtige regio",
        "Waar inwoners, publieke en private netwerkpartners risicobewust, zelf- en samenredzaam "
        "zijn en indien nodig ondersteund worden, bijvoorbeeld via noodsteunpunten.",
        [
            "Risico- en crisiscommunicatie",
            "Bijdrage brandweerzorg aan weerbare maatschappij",
            "Ondersteunen gemeenten bij weerbare samenleving",
            "Vakbekwaamheid",
            "Samenwerking partners",
        ],
    ),
    (
        4,
        "Versterking van de continuïteit van de 22 gemeenten",
        "Coördineren en ondersteunen van gemeenten op het gebied van de continuïteit van de "
        "gemeentelijke (crisis)organisatie.",
        [
            "Continuïteit gemeentelijke (crisis)organisatie",
            "Faciliteren platform voor delen ervaringen & producten",
            "Ontwikkelen dashboard t.b.v. voortgang",
            "Ondersteunen gemeenten bij coördinatie lokale noodsteunpunten",
        ],
    ),
]

RESULTS = [
    (
        "Opleveren van een organisatiestructuur weerbaarheid, met borging van de ondersteuning "
        "van gemeenten/bevolkingszorg en van de samenwerking met het Rijk, landelijke partners en "
        "(crisis)partners.",
        Status.IN_PROGRESS,
    ),
    (
        "Inzicht in de voortgang op weerbaarheid en veerkracht van gemeenten en veiligheidsregio "
        "via een regionaal dashboard, afgezet tegen de bestuursafspraken en de basisniveaus.",
        Status.IN_PROGRESS,
    ),
    (
        "Regionale preparatie op dreigingsscenario's, LCP-MD en ontwikkelingen defensie.",
        Status.STARTED,
    ),
    (
        "Risicocommunicatie en bewustwording rondom weerbaarheid, richting inwoners, gemeenten en "
        "partners.",
        Status.STARTED,
    ),
    (
        "Noodsteunpunten: regionale uitwerking van een netwerk van noodsteunpunten en "
        "coördinatiepunten, coördinatie en ondersteuning van gemeenten.",
        Status.STARTED,
    ),
    ("Bij opschaling: overdracht aan de operationele crisisorganisatie.", Status.NOT_STARTED),
]

STEERING_GROUP = [
    ("Bestuurlijk portefeuillehouder Weerbaarheid (voorzitter)", "Bestuur VNOG"),
    ("Directeur VNOG", "VNOG"),
    ("Coördinerend Functionaris Gemeenten (CFG)", "VNOG / gemeenten"),
    ("Afdelingshoofd Risico- en Crisisbeheersing", "VNOG"),
    ("Afdelingshoofd Brandweerzorg", "VNOG"),
    ("Afdelingshoofd Bedrijfsvoering", "VNOG"),
    ("Teamleider communicatie", "VNOG"),
    ("Hoofd GHOR", "GHOR Noord- en Oost-Gelderland"),
    ("Teamchef politie", "Politie Oost-Nederland"),
    ("Liaison GGD", "GGD Noord- en Oost-Gelderland"),
    ("Bestuursadviseur (secretaris)", "VNOG"),
    ("Programmacoördinator weerbaarheid", "VNOG"),
]

PROGRAMME_TEAM = [
    ("Programmacoördinator weerbaarheid", "VNOG"),
    ("Programmasecretaris", "VNOG"),
    ("Trekkers van de thematafels", "VNOG en partners"),
    ("Secretariële ondersteuning", "VNOG"),
]

# name, goals, lead role, members (name/role, role, organisation, expertise), activities
# ("## " starts a sub-theme, "- " an activity).
TABLES = [
    (
        "Continuïteit 'koude' VNOG-organisatie",
        ["1a", "1b", "1c"],
        "Afdelingshoofd Bedrijfsvoering",
        [
            ("Adviseur bedrijfscontinuïteit", "lid", "VNOG", "bedrijfscontinuïteit"),
            ("Adviseur HRM", "lid", "VNOG", "personeel en opleiding"),
            ("Adviseur ICT", "lid", "VNOG", "digitale systemen"),
        ],
        """
## Bedrijfscontinuïteitsplan (BCP) VNOG
- Analyse van het BCP VNOG in de huidige context
- Borgen brandstof, communicatie, digitale systemen en opslag van cruciale informatie
- Regie op acties om het BCP VNOG up-to-date te houden
- Regelmatig agenderen van het BCP VNOG bij het MT
- Buffers aanleggen
- Monitoren kritische processen en de 7 dimensies van het continuïteitsplan
- Borgen van lokale opslag van data en AI-modellen
- Apps beschikbaar stellen voor installatie en gebruik op werkdevices
## Interne communicatie & bewustwording en activatie
- Informeren eigen medewerkers (vast en vrijwillig) over de stand van zaken van het BCP
- Aanbieden cursus Levensreddend handelen en Werken aan je veerkracht en wendbaarheid
- Alternatieve (nood)communicatievoorzieningen t.b.v. de bedrijfscontinuïteit
- Organisatiebrede handelingsafspraken en noodprocedures voor langdurige uitval
## Faciliteren operationele organisatie en inzetbaarheid
- Regie op een flexibele schil van medewerkers t.b.v. crisisbeheersing
- 'Duty' faciliteren en operationele rollen onder kantoorpersoneel stimuleren
- Financiële middelen faciliteren voor de warme situatie
- Crisisbeleidsteam en crisis operationeel team VNOG regelmatig informeren over voortgang
- Robuuste verbindingen tussen locaties VNOG
- Robuuste verbindingen vanuit het veld met de crisiscentra
""",
    ),
    (
        "Continuïteit operationele brandweerorganisatie",
        ["1d", "3b"],
        "Afdelingshoofd Brandweerzorg",
        [
            ("Teamleider brandweerpost", "lid", "VNOG", "vrijwillige brandweer"),
            ("Adviseur vakbekwaamheid brandweer", "lid", "VNOG", "opleiden en oefenen"),
        ],
        """
- Opdrachtformulering: aandachtspunten uit de MT/TL-bijeenkomst november 2024 bepalen
- Doorleven uniforme gevolgen van scenario's, zoals van 1.500 naar 1.000 vrijwilligers
- Bewustwording onder beroeps en vrijwilligers vergroten
- Bijdragen aan project alternatieve noodcommunicatievoorziening
- Vrijwilligers 'Duty' faciliteren en continuïteit vrijwillige brandweer monitoren
- Posten (mogelijk) inrichten als noodsteunpunten
- Monitoren beschikbaarheid en paraatheid operationele brandweerorganisatie in opgeschaalde fase
""",
    ),
    (
        "Continuïteit bevolkingszorg",
        ["4a", "4b", "4c", "4d", "3c"],
        "Teamleider Bureau Bevolkingszorg",
        [
            ("Coördinerend Functionaris Gemeenten", "adviseur", "VNOG", "art. 36 Wvr"),
            (
                "Aanspreekpunt weerbaarheid",
                "lid",
                "Gemeente Apeldoorn",
                "gemeentelijke crisisorganisatie",
            ),
            ("Aanspreekpunt weerbaarheid", "lid", "Gemeente Zutphen", "noodsteunpunten"),
            ("Adviseur bevolkingszorg", "secretaris", "VNOG", "bevolkingszorg"),
        ],
        """
## Coördinatie en informatievoorziening
- Kanaliseren van informatiestromen van en naar gemeenten
- Noodsteunpunten monitoren
- Monitoren en adviseren over de bestuursafspraken van 22 gemeenten
## Samenwerking en ondersteuning gemeenten
- Ondersteunen van gemeente-overstijgende problematiek
- Faciliteren van een platform voor ervaringen, producten en best practices van gemeenten
- Organiseren loket waar vragen van gemeenten centraal binnenkomen
- Vragenuurtje voor gemeenten ondersteunen
- Verbinden van gemeentelijke initiatieven en netwerken
- Faciliteren bij gezamenlijke gemeentelijke opgaven en inspanningen
- Inzicht in de voortgang van gemeenten (regionaal dashboard)
- Ondersteunen CFG bij de voortgang van de bestuursafspraken
- Adviseren over de continuïteit van de operationele crisisorganisatie bevolkingszorg
""",
    ),
    (
        "Continuïteit medische zorg, GHOR en GGD",
        ["2d"],
        "Hoofd GHOR",
        [
            (
                "Beleidsmedewerker GHOR",
                "lid",
                "GHOR Noord- en Oost-Gelderland",
                "geneeskundige keten",
            ),
            ("Liaison GGD", "lid", "GGD Noord- en Oost-Gelderland", "infectieziekten"),
        ],
        """
- Monitoren continuïteit crisisorganisatie GHOR en GGD en handelingsperspectieven ontwikkelen
- Monitoren ketencontinuïteit: druk op de zorg die de balans in de keten verstoort
- Regionaal beeld van de continuïteit van de geneeskundige keten
- Monitoren schaarste aan geneesmiddelen en behandelcapaciteit
- Toegang tot (acute) zorg voor inwoners als 112 is uitgevallen
- Impactanalyse LCP MD voor gewondenopvang, spreiding en transport
- Aansluiting en afstemming met de GGD
- Afstemming met gemeenten over risico's en aanpak infectieziekten
""",
    ),
    (
        "Ondersteunen van de crisisorganisatie",
        ["2a", "2e"],
        "Teamleider Crisisbeheersing",
        [
            ("Adviseur crisisbeheersing", "lid", "VNOG", "crisisstructuur"),
            ("Adviseur meldkamer", "lid", "Meldkamer Oost-Nederland", "meldkamer"),
        ],
        """
## Borging van de inzet en ondersteuning van de crisisorganisatie
- Monitoren van de continuïteit van de meldkamer
- Ondersteuning van de langdurige crisisorganisatie en haar functionarissen uitwerken
- Continuïteit van de inzet van (ontkleurde) functionarissen borgen
- Inzet van de flexibele schil van beroepsmedewerkers voorbereiden
- Continuïteit van de aansluiting van crisispartners monitoren
## Coördinatie en bestuurlijke ondersteuning
- Secretarisfunctie voor RO(V)T en RBT voorbereiden
- Verbinding tussen Rijk, regio's en gemeenten faciliteren
- Opstellen van noodbevoegdheden voorbereiden
## Burgerhulp en netwerken
- Burgerhulpinitiatieven en netwerkontwikkelingen inventariseren
- Verbinding tussen burgerinitiatieven en de formele crisisstructuur uitwerken
- Inzet van een flexibele schil van burgers en vrijwilligers voorbereiden
""",
    ),
    (
        "Planvorming en scenario-denken",
        ["2b", "3e"],
        "Senior adviseur planvorming",
        [
            ("Adviseur planvorming", "lid", "VNOG", "scenario's"),
            (
                "Liaison Defensie",
                "lid",
                "Defensie (11 Luchtmobiele Brigade)",
                "Host Nation Support",
            ),
        ],
        """
## Het LCP militaire dreiging uitwerken in regionale planvorming
- Scenario's ontwikkelen, o.a. langdurige stroomuitval met cascade-effecten
- Actualiseren van oude scenario's (millennium 2000, langdurige stroomuitval 2007)
- Cruciale plannen en operationele informatie fysiek beschikbaar in actiecentra
## Samenwerking partners en risicobewustzijn
- Impactanalyse en operationele voorbereiding Host Nation Support (HNS)
- Inzicht in de voorbereiding van Duitsland op weerbaarheid
- Samenwerking zoeken in Oost-5 en samen planvorming vormgeven
- Risicobewustzijn en continuïteitsplannen bij vitale en crisispartners stimuleren
- Afwegingskader voor aansluiting bij publiek-private initiatieven
""",
    ),
    (
        "Informatievoorziening",
        ["2c"],
        "Teamleider Informatievoorziening",
        [("Informatiecoördinator", "lid", "VNOG", "informatiemanagement")],
        """
- Stroomlijnen informatievoorziening intern VNOG
- Ontwikkelen dashboards en andere regionale informatieproducten (proeftuin)
- Trends en voorspellen (proeftuin)
- Gebruik van sensoren voor de opbouw van het informatiebeeld
- Operationeel beeld VNOG opstellen en delen met partners en landelijke partijen
- Medewerkers opleiden die kunnen improviseren in de informatievoorziening
- Automatiseren processen
- Afhankelijkheid van data verkleinen (hoe deden we het vroeger?)
- Zorgdragen voor gevalideerde informatie
- Aansluiten partners en netwerken op de crisisorganisatie
""",
    ),
    (
        "Risico- en crisiscommunicatie",
        ["3a"],
        "Teamleider Communicatie",
        [
            ("Communicatieadviseur", "lid", "VNOG", "risicocommunicatie"),
            ("Woordvoerder", "lid", "Politie Oost-Nederland", "crisiscommunicatie"),
        ],
        """
## Organisatie van en coördinatie op risico- en crisiscommunicatie
- Inrichten Regionaal Actiecentrum Crisiscommunicatie
- Verbinder Rijk, regio en lokaal (vragen van pers en medewerkers)
- Inrichten en beheer pagina website VNOG met Q&A en handelingsperspectief
- Regionale persberichten en woordvoeringslijnen ontwikkelen
- Communicatieboodschappen bijsturen op basis van omgevingsanalyses
- Issuemanagement en boegbeelden
- Afstemming en verbinding met partners en landelijke initiatieven zoals WeerbaarNL
## Inhoudelijke communicatie
- Doelgroepgerichte boodschappen en handelingsperspectieven per scenario
- Bewustwording samenleving (inwoners en organisaties)
- Zelfredzaamheid en samenredzaamheid stimuleren, o.a. met de campagne Denk vooruit
- Interne bewustwordingscampagne
- Fake news monitoren en bestrijden
- Informatievoorziening en handelingsperspectieven voor alle medewerkers VNOG
## Planontwikkeling
- Alternatieve (nood)communicatie voor bestuur, operatie, intern en publiek
- Continuïteitsplan voor expertteams crisiscommunicatie (incl. oefening)
""",
    ),
    (
        "Vakbekwaamheid",
        ["1e", "2f", "3d"],
        "Teamleider Vakbekwaamheid",
        [("Adviseur opleiden, trainen en oefenen", "lid", "VNOG", "vakbekwaamheid")],
        """
- Helpt bij de inventarisatie van de leernoodzaak
- Helpt bij het formuleren van een leerdoel
- Helpt bij de voorbereiding en uitvoering van de leeractiviteit
""",
    ),
]

# kind, title, description, cause, effect, likelihood, impact, owner, measures
RISKS = [
    (
        RiskKind.THREAT,
        "De opgave is complex en vraagt input van veel verschillende organisaties",
        "Een heldere taakverdeling tussen Rijk, veiligheidsregio's, gemeenten en partners is "
        "nodig om doelmatig en efficiënt te werken.",
        "Veel betrokken partijen; balanceren tussen maatwerk, vooruitlopen en gezamenlijkheid.",
        "Dubbel werk of gaten in de taakverdeling.",
        3,
        3,
        "Programmacoördinator",
        [
            ("Taakverdeling vastleggen in de bestuursafspraken weerbaarheid", Status.ACHIEVED),
            ("Frequente afstemming in de stuurgroep weerbaarheid", Status.IN_PROGRESS),
        ],
    ),
    (
        RiskKind.THREAT,
        "De actiepunten vragen mogelijk extra middelen; een landelijk financieel kader ontbreekt",
        "Korting van 10% op de BDuR per 2026 (VNOG: € 1,1 miljoen); verdeling rijksmiddelen "
        "nog onduidelijk.",
        "Geen landelijk financieel kader weerbaarheid.",
        "Actiepunten kunnen niet of later worden uitgevoerd.",
        4,
        4,
        "Directeur VNOG",
        [
            ("Takendiscussie in de Kadernota 2027", Status.IN_PROGRESS),
            ("Verdelingsvoorstel Veiligheidsberaad volgen", Status.STARTED),
        ],
    ),
    (
        RiskKind.THREAT,
        "Het organiseren van de weerbaarheidsopgave gaat gepaard met onvoorspelbaarheid",
        "Het thema moet structureel onder de aandacht blijven, ook zonder acute crisis.",
        "Afnemend urgentiebesef bij afnemende dreiging.",
        "Minder betrokkenheid van gemeenten, partners en samenleving.",
        3,
        3,
        "Stuurgroep weerbaarheid",
        [("Programma flexibel organiseren, met ruimte voor aanpassing", Status.IN_PROGRESS)],
    ),
    (
        RiskKind.THREAT,
        "De bestuursafspraken zijn niet afdwingbaar",
        "Het gaat om een gezamenlijke intentieverklaring; VNOG is afhankelijk van de "
        "mogelijkheden van partners.",
        "Afspraken leggen taken van individuele gemeenten vast zonder afdwingbaarheid.",
        "Voortgang blijft in één of enkele gemeenten stelselmatig achter.",
        3,
        3,
        "CFG",
        [
            (
                "Halfjaarlijkse monitoring en het gesprek bij stelselmatige achterstand",
                Status.STARTED,
            )
        ],
    ),
    (
        RiskKind.THREAT,
        "Onvoorziene omstandigheden hebben invloed op de planning",
        "Zicht houden op de planning en bijsturen waar nodig.",
        "Incidenten en crises vragen dezelfde mensen.",
        "Vertraging van activiteiten van thematafels en gemeenten.",
        4,
        2,
        "Programmacoördinator",
        [("Voortgangsrapportages met haalbaarheid en knelpunten", Status.IN_PROGRESS)],
    ),
    (
        RiskKind.THREAT,
        "De dreiging neemt toe, waardoor opschaling noodzakelijk is",
        "Een programmaorganisatie die ook de crisisorganisatie kan ondersteunen.",
        "Geopolitieke en hybride dreiging.",
        "Programma gaat over naar de operationele crisisorganisatie.",
        2,
        5,
        "Afdelingshoofd Risico- en Crisisbeheersing",
        [("Opschalingsafspraken koud – lauw – warm vastleggen", Status.STARTED)],
    ),
    (
        RiskKind.THREAT,
        "VNOG heeft onvoldoende capaciteit voor uitvoering van het programma",
        "Geen aanvullende middelen; trekkers brengen in beeld welk werk blijft liggen.",
        "Korting BDuR en onduidelijke rijksmiddelen.",
        "Regulier werk blijft liggen of programma vertraagt.",
        4,
        4,
        "MT VNOG",
        [
            ("Register 'werk dat blijft liggen' per thematafel", Status.IN_PROGRESS),
            ("Voorstellen aan het bestuur na landelijke financiering", Status.NOT_STARTED),
        ],
    ),
    (
        RiskKind.OPPORTUNITY,
        "Ervaring en krachtige samenwerkingen uit eerdere langdurige crises",
        "VNOG en gemeenten hebben veel ervaring en expertise ontwikkeld.",
        "",
        "Bestaande samenwerkingen versterken de weerbaarheid.",
        4,
        3,
        "Programmacoördinator",
        [("Bestaande netwerken betrekken bij de thematafels", Status.IN_PROGRESS)],
    ),
    (
        RiskKind.OPPORTUNITY,
        "Basis voor een overeenkomstige regionale aanpak en fasering",
        "Afstemming voorkomt te veel mobiliteit en te grote druk op voorzieningen.",
        "",
        "Eenduidige regionale voorbereiding op een langdurige crisis.",
        3,
        4,
        "CFG",
        [("Bestuursafspraken uitvoeren met halfjaarlijkse meetmomenten", Status.STARTED)],
    ),
    (
        RiskKind.OPPORTUNITY,
        "Grote bereidheid van organisaties om samen te werken",
        "Bijvoorbeeld Whole of Society, WeerbaarNL, Infra Capacity Alliance.",
        "",
        "Partners sluiten aan bij initiatieven van de regio.",
        4,
        3,
        "Thematafel Planvorming en scenario-denken",
        [("Afwegingskader voor aansluiting bij initiatieven", Status.NOT_STARTED)],
    ),
]

DEFERRED = [
    (
        "Continuïteit 'koude' VNOG-organisatie",
        "Voorbeeld: jaarlijkse actualisatie van de werkplekrichtlijnen",
        "Team Bedrijfsvoering",
        "Richtlijnen zijn een jaar langer niet geactualiseerd; gering risico.",
        "MT VNOG",
        datetime.date(2026, 12, 31),
    ),
    (
        "Continuïteit bevolkingszorg",
        "Voorbeeld: uitgebreide evaluatie van de oefening bevolkingszorg 2025",
        "Bureau Bevolkingszorg",
        "Lessen komen later beschikbaar; korte evaluatie volstaat.",
        "Afdelingshoofd Risico- en Crisisbeheersing",
        datetime.date(2026, 6, 30),
    ),
]

STEERING_DEMO_EMAIL = "stuurgroep@demo.paraat.nl"
START = datetime.date(2025, 10, 1)


def _activity_rows(block: str):
    part = ""
    for line in block.strip().splitlines():
        line = line.strip()
        if line.startswith("## "):
            part = line[3:]
        elif line.startswith("- "):
            yield part, line[2:]


def _months(d: datetime.date, n: int) -> datetime.date:
    m = d.month - 1 + n
    return datetime.date(d.year + m // 12, m % 12 + 1, 1)


# (activity title, action item numbers of the example agreements it carries out)
ACTION_ITEM_LINKS = [
    ("Posten (mogelijk) inrichten als noodsteunpunten", ["R.1", "R.2"]),
    ("Verbinden van gemeentelijke initiatieven en netwerken", ["1.3", "R.3"]),
    ("Regionale persberichten en woordvoeringslijnen ontwikkelen", ["4.3"]),
]


def _link_action_items(region) -> None:
    """Link example activities to the example agreements' region and joint items, when the
    agreements demo is loaded; adds links only, so a second run changes nothing."""
    from paraat.agreements.selectors import action_items_region_own

    items = {item.number: item for item in action_items_region_own(region=region)}
    if not items:
        return
    for title, numbers in ACTION_ITEM_LINKS:
        linked = [items[n] for n in numbers if n in items]
        activity = Activity.objects.filter(region=region, title=title).first()
        if activity is not None and linked:
            activity.action_items.add(*linked)


@transaction.atomic
def load_demo(region, *, stdout=None) -> None:
    Programme.objects.update_or_create(region=region, defaults={"vision": VISION})
    goals: dict[str, Goal] = {}
    for number, title, description, goal_titles in AMBITIONS:
        ambition, _ = CoreAmbition.objects.update_or_create(
            region=region, number=number, defaults={"title": title, "description": description}
        )
        for i, goal_title in enumerate(goal_titles):
            letter = "abcdefgh"[i]
            goal, _ = Goal.objects.update_or_create(
                ambition=ambition, letter=letter, defaults={"title": goal_title}
            )
            goals[f"{number}{letter}"] = goal
    for i, (title, status) in enumerate(RESULTS, start=1):
        ProgrammeResult.objects.update_or_create(
            region=region, number=i, defaults={"title": title, "status": status}
        )
    for body, seats in (("steering_group", STEERING_GROUP), ("programme_team", PROGRAMME_TEAM)):
        for order, (role, organisation) in enumerate(seats):
            BodyMember.objects.update_or_create(
                region=region,
                body=body,
                role=role,
                defaults={"organisation": organisation, "order": order},
            )

    lead_user = User.objects.filter(email="trekker@demo.paraat.nl").first()
    steering_user = _steering_user(region)
    status_cycle = [Status.IN_PROGRESS, Status.STARTED, Status.NOT_STARTED, Status.ACHIEVED]
    for order, (name, goal_codes, lead_role, members, block) in enumerate(TABLES):
        defaults = {"lead_role": f"{lead_role} (voorbeeld)", "order": order}
        if name == "Continuïteit bevolkingszorg" and lead_user is not None:
            defaults["lead"] = lead_user
        table, _ = ThemeTable.objects.update_or_create(region=region, name=name, defaults=defaults)
        table.goals.set([goals[c] for c in goal_codes])
        StartDocument.objects.get_or_create(table=table)
        if not table.members.exists():
            ThemeTableMember.objects.bulk_create(
                ThemeTableMember(table=table, name=n, role=r, organisation=o, expertise=e)
                for n, r, o, e in members
            )
        for i, (part, title) in enumerate(_activity_rows(block)):
            start = _months(START, (i * 2 + order) % 9)
            end = _months(start, 4 + (i % 3) * 3)
            activity, created = Activity.objects.update_or_create(
                region=region,
                table=table,
                title=title,
                defaults={
                    "description": f"Onderdeel: {part}" if part else "",
                    "owner": f"{lead_role} (voorbeeld)",
                    "start": start,
                    "end": end,
                    "order": i,
                },
            )
            if created:
                activity.status = status_cycle[(i + order) % len(status_cycle)]
                activity.save(update_fields=["status"])
                if i % 3 == 0:
                    Milestone.objects.create(
                        activity=activity,
                        title="Tussenresultaat in stuurgroep",
                        due=_months(start, 2),
                    )
    _link_action_items(region)
    for table_name, task, team, impact, accepted_by, until in DEFERRED:
        DeferredWork.objects.update_or_create(
            region=region,
            table=ThemeTable.objects.get(region=region, name=table_name),
            task=task,
            defaults={"team": team, "impact": impact, "accepted_by": accepted_by, "until": until},
        )
    numbers = {RiskKind.THREAT: 0, RiskKind.OPPORTUNITY: 0}
    for kind, title, description, cause, effect, lik, imp, owner, measures in RISKS:
        numbers[kind] += 1
        risk_defaults = {
            "title": title,
            "description": description,
            "cause": cause,
            "effect": effect,
            "owner": f"{owner} (voorbeeld)",
            "review_date": datetime.date(2026, 3, 1),
        }
        risk, created = Risk.objects.update_or_create(
            region=region,
            kind=kind,
            number=numbers[kind],
            defaults=risk_defaults,
            create_defaults={**risk_defaults, "likelihood": lik, "impact": imp},
        )
        if created:
            RiskMeasure.objects.bulk_create(
                RiskMeasure(risk=risk, text=t, status=s) for t, s in measures
            )
            RiskRevision.objects.create(
                risk=risk,
                likelihood=lik,
                impact=imp,
                state=risk.state,
                snapshot=services.risk_snapshot(
                    risk, [{"text": t, "status": s} for t, s in measures]
                ),
            )
    _demo_startdoc(region, steering_user)
    _demo_living_programme(region, steering_user)
    _demo_evaluation(region, steering_user)
    _demo_sub_regions(region)
    if stdout is not None:
        stdout.write(
            f"Demo programme loaded: {len(TABLES)} theme tables; steering group account "
            f"{STEERING_DEMO_EMAIL} (password: {settings.PARAAT_DEMO_PASSWORD})."
        )


def _steering_user(region) -> User:
    """A steering group member account, so the demo can adopt start documents."""
    user, _ = User.objects.get_or_create(
        email=STEERING_DEMO_EMAIL, defaults={"full_name": "Demo Lid stuurgroep"}
    )
    user.set_password(settings.PARAAT_DEMO_PASSWORD)
    user.save()
    Membership.objects.update_or_create(
        user=user, role=Role.STEERING, defaults={"region": region, "is_active": True}
    )
    return user


def _demo_startdoc(region, steering_user) -> None:
    """One adopted example start document (table Informatievoorziening), written once."""
    table = ThemeTable.objects.get(region=region, name="Informatievoorziening")
    document = StartDocument.objects.get(table=table)
    if document.current_number:
        return
    coordinator = User.objects.filter(email="programma@demo.paraat.nl").first() or steering_user
    fields = {
        "goal": "Voorbeeld: een betrouwbaar informatiebeeld, ook bij uitval van stroom en "
        "internet.",
        "assignment": "Voorbeeld: de informatievoorziening van VNOG zo inrichten dat de "
        "crisisorganisatie 72 uur zonder stroom kan blijven werken.",
        "questions": "- Stroomlijnen informatievoorziening intern VNOG\n"
        "- Operationeel beeld VNOG delen met partners\n- Verkleinen afhankelijkheid data",
        "roles_rijk": "Landelijke informatieproducten en kaders.",
        "roles_municipality": "Leveren lokale informatie aan het regionale beeld.",
        "roles_region": "Regie op het regionale informatiebeeld.",
        "roles_network": "Partners sluiten aan op de crisisorganisatie.",
        "milestones": "Q1 2026: proeftuin dashboard; Q3 2026: operationeel beeld gedeeld.",
        "cold_vs_scaled": "Koud: ontwikkelen en oefenen. Opgeschaald: actiecentrum "
        "informatievoorziening onder het ROT.",
        "lead_role": "Procesbegeleiding, voortgang bewaken, rapportage aan het programmateam.",
        "organisation_form": "Projectmatig, met werksessies.",
        "workload": "Maandelijks overleg van twee uur.",
        "coordination": "Met de thematafels Ondersteunen van de crisisorganisatie en Risico- en "
        "crisiscommunicatie.",
        "planning": "Eerst het interne informatiebeeld, daarna partners.",
        "deferred": "Zie het register werk dat blijft liggen.",
        "reporting_frequency": "Maandelijks aan het programmateam, per kwartaal aan de stuurgroep.",
        "reporting_responsible": "De trekker van de thematafel.",
    }
    services.startdoc_save(table=table, fields=fields, expected_number=0, actor=coordinator)
    services.startdoc_transition(
        document=document, to_status=DocumentStatus.FOR_DECISION, actor=coordinator
    )
    services.startdoc_transition(
        document=document,
        to_status=DocumentStatus.ADOPTED,
        note="Voorbeeld: vastgesteld in de stuurgroep.",
        actor=steering_user,
    )


def _demo_living_programme(region, steering_user) -> None:
    """Progress updates with a bottleneck, a programme-team activity that is overdue and one on
    schedule, and steering group meetings (two past with decisions and actions, one coming with
    a decision requested). Dated around today, so the demo stays alive; written once."""
    from .models import AgendaItem, AgendaKind, Decision, Meeting, MeetingAction

    if Meeting.objects.filter(region=region).exists():
        return
    today = timezone.localdate()
    coordinator = User.objects.filter(email="programma@demo.paraat.nl").first() or steering_user
    day = datetime.timedelta(days=1)
    Activity.objects.get_or_create(
        region=region,
        table=None,
        title="Jaarlijkse evaluatie programma voorbereiden (voorbeeld)",
        defaults={
            "owner": "Programmasecretaris (voorbeeld)",
            "start": today - 90 * day,
            "end": today - 10 * day,
            "status": Status.IN_PROGRESS,
        },
    )
    Activity.objects.get_or_create(
        region=region,
        table=None,
        title="Voortgangsrapportage stuurgroep (voorbeeld)",
        defaults={
            "owner": "Programmacoördinator (voorbeeld)",
            "start": today - 20 * day,
            "end": today + 60 * day,
            "status": Status.IN_PROGRESS,
        },
    )
    busy = (
        Activity.objects.filter(region=region, table__isnull=False)
        .exclude(status=Status.ACHIEVED)
        .order_by("id")[:2]
    )
    for activity in busy:
        services.activity_add_update(
            activity=activity,
            date=today - 14 * day,
            status=Status.IN_PROGRESS,
            text="Voorbeeld: eerste werksessie gehouden, concept in de maak.",
            bottleneck="Voorbeeld: onvoldoende capaciteit bij de deelnemende organisaties.",
            bottleneck_owner="Stuurgroep",
            actor=coordinator,
        )
    informatie = StartDocument.objects.filter(table__region=region).exclude(
        status=DocumentStatus.ADOPTED
    )
    first = Meeting.objects.create(
        region=region,
        date=today - 61 * day,
        location="Apeldoorn, kantoor VNOG (voorbeeld)",
        minutes="Voorbeeld: de stuurgroep bespreekt de voortgang van de thematafels en de "
        "eerste meting van de bestuursafspraken.",
    )
    item = AgendaItem.objects.create(
        meeting=first, order=1, title="Voortgangsrapportage", kind=AgendaKind.DISCUSSION
    )
    Decision.objects.create(
        meeting=first,
        agenda_item=item,
        text="Voorbeeld: de stuurgroep neemt de voortgangsrapportage voor kennisgeving aan.",
    )
    MeetingAction.objects.create(
        region=region,
        meeting=first,
        text="Voorbeeld: voorstel voor extra capaciteit thematafels uitwerken.",
        owner="Programmacoördinator",
        due=today - 20 * day,
    )
    second = Meeting.objects.create(
        region=region,
        date=today - 26 * day,
        location="Apeldoorn, kantoor VNOG (voorbeeld)",
        minutes="Voorbeeld: de stuurgroep stelt het startdocument Informatievoorziening vast.",
    )
    adopted = StartDocument.objects.filter(
        table__region=region, status=DocumentStatus.ADOPTED
    ).first()
    item = AgendaItem.objects.create(
        meeting=second,
        order=1,
        title="Startdocument vaststellen",
        kind=AgendaKind.DECISION,
        startdoc=adopted,
    )
    Decision.objects.create(
        meeting=second,
        agenda_item=item,
        text="Voorbeeld: het startdocument Informatievoorziening is vastgesteld.",
    )
    MeetingAction.objects.create(
        region=region,
        meeting=second,
        text="Voorbeeld: gemeenten informeren over de eerste meting.",
        owner="CFG",
        due=today + 7 * day,
    )
    coming = Meeting.objects.create(
        region=region, date=today + 14 * day, location="Apeldoorn, kantoor VNOG (voorbeeld)"
    )
    AgendaItem.objects.create(
        meeting=coming,
        order=1,
        title="Startdocument vaststellen",
        kind=AgendaKind.DECISION,
        startdoc=informatie.first(),
    )
    AgendaItem.objects.create(
        meeting=coming,
        order=2,
        title="Extra capaciteit voor de thematafels",
        kind=AgendaKind.DECISION,
    )


# VNOG's three sub-regions (example grouping for the demo).
SUB_REGIONS = {
    "Noord-Veluwe": ["Elburg", "Ermelo", "Harderwijk", "Nunspeet", "Oldebroek", "Putten"],
    "Midden-IJssel/Oost-Veluwe": [
        "Apeldoorn",
        "Brummen",
        "Epe",
        "Hattem",
        "Heerde",
        "Lochem",
        "Voorst",
        "Zutphen",
    ],
    "Achterhoek": [
        "Aalten",
        "Berkelland",
        "Bronckhorst",
        "Doetinchem",
        "Montferland",
        "Oost Gelre",
        "Oude IJsselstreek",
        "Winterswijk",
    ],
}


def _demo_evaluation(region, steering_user) -> None:
    """A yearly evaluation in draft (concept, one saved version) over the past year, so the
    demo rounds fall in its period; written once, labelled as an example."""
    from .models import Evaluation, EvaluationKind

    if Evaluation.objects.filter(region=region).exists():
        return
    today = timezone.localdate()
    coordinator = User.objects.filter(email="programma@demo.paraat.nl").first() or steering_user
    evaluation = services.evaluation_create(
        evaluation=Evaluation(
            region=region,
            title=f"Jaarevaluatie {today.year} (voorbeeld)",
            kind=EvaluationKind.YEARLY,
            period_start=today - datetime.timedelta(days=364),
            period_end=today,
        ),
        actor=coordinator,
    )
    services.evaluation_save(
        evaluation=evaluation,
        fields={
            "conclusions": "Voorbeeld: de gemeenten hebben het basisniveau op de meeste "
            "onderdelen bereikt; de continuïteit van bedrijfsprocessen blijft achter.\n\n"
            "Voorbeeld: de thematafels zijn gestart, maar niet alle startdocumenten zijn "
            "vastgesteld.",
            "lessons": "Voorbeeld: halfjaarlijks meten werkt; de knelpunten komen eerder op tafel.",
            "recommendations": "Voorbeeld: bespreek de stelselmatige achterstand in de "
            "stuurgroep.\nVoorbeeld: stel de resterende startdocumenten vóór het volgende "
            "meetmoment vast.",
            "next_period": "Voorbeeld: nadruk op oefenen met 72 uur zonder stroom.",
        },
        expected_number=0,
        actor=coordinator,
    )


def _demo_sub_regions(region) -> None:
    """Group the demo region's municipalities into VNOG's sub-regions (by name; idempotent)."""
    from paraat.regions.models import Municipality, SubRegion

    for order, (name, members) in enumerate(SUB_REGIONS.items()):
        sub, _ = SubRegion.objects.update_or_create(
            region=region, name=name, defaults={"order": order}
        )
        Municipality.objects.filter(region=region, name__in=members).update(sub_region=sub)
