"""A small action list and two theme tables for world.region, for the knowledge tests."""

from dataclasses import dataclass

from paraat.agreements.factories import ActionItemFactory, AgreementSetFactory, CategoryFactory
from paraat.programme.factories import ThemeTableFactory


@dataclass
class ActionList:
    agreement_set: object
    nsp: object  # category "Noodsteunpunten"
    comms: object  # category "Crisiscommunicatie"
    item_31: object
    item_32: object
    item_41: object
    own_table: object  # "Thematafel NSP", led by the theme_lead persona
    other_table: object  # "Thematafel communicatie", led by nobody of the world


def make_action_list(world) -> ActionList:
    agreement_set = AgreementSetFactory(region=world.region, is_current=True)
    nsp = CategoryFactory(agreement_set=agreement_set, name="Noodsteunpunten", order=3)
    comms = CategoryFactory(agreement_set=agreement_set, name="Crisiscommunicatie", order=4)
    return ActionList(
        agreement_set=agreement_set,
        nsp=nsp,
        comms=comms,
        item_31=ActionItemFactory(
            category=nsp, number="3.1", text="Wijs locaties aan voor noodsteunpunten."
        ),
        item_32=ActionItemFactory(
            category=nsp, number="3.2", text="Oefen de opening van een noodsteunpunt."
        ),
        item_41=ActionItemFactory(
            category=comms, number="4.1", text="Maak een communicatieplan bij stroomuitval."
        ),
        own_table=ThemeTableFactory(
            region=world.region, name="Thematafel NSP", lead=world.users["theme_lead"]
        ),
        other_table=ThemeTableFactory(region=world.region, name="Thematafel communicatie"),
    )
