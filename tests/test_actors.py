"""Actors resolved to principal, sector and role, from our own sentences."""

from __future__ import annotations

import pytest

from conftest import actor_named


def test_nationality_adjective_title_and_kb(read):
    doc = read(
        "French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Monday. "
        "Macron said later that the talks had been useful.",
        published="2023-05-08",
    )
    macron = actor_named(doc, "Macron")
    assert macron["country"] == "FRA" and "GOV" in macron["sectors"] and macron["kind"] == "person"
    assert macron["code"] == "FRAGOV"
    assert len(macron["mentions"]) == 2  # surname-only mention linked
    scholz = actor_named(doc, "Scholz")
    assert scholz["country"] == "DEU" and scholz["role"] == "Chancellor"


def test_possessive_country_and_person(read):
    doc = read(
        "Japan's Prime Minister Fumio Kishida and Kishida's adviser Taro Sato discussed the plan.",
        published="2023-01-10",
    )
    assert actor_named(doc, "Kishida")["country"] == "JPN"
    sato = actor_named(doc, "Taro Sato")
    assert sato["country"] == "JPN"
    assert "GOV" in sato["sectors"]


def test_envoy_destination_is_not_principal(read):
    doc = read("Brazilian Ambassador to the UN Maria Souza criticised the vote.", published="2022-03-01")
    souza = actor_named(doc, "Souza")
    assert souza["country"] == "BRA"
    assert souza["org"] is None


def test_organisation_officer(read):
    doc = read("NATO Secretary General Mark Rutte visited Kyiv on Thursday.", published="2025-02-13")
    rutte = actor_named(doc, "Rutte")
    assert rutte["org"] == "NATO"
    assert rutte["country"] is None


def test_knowledge_base_without_nationality(read):
    doc = read("Foreign Minister Sergei Lavrov arrived for talks.", published="2023-07-01")
    lavrov = actor_named(doc, "Lavrov")
    assert lavrov["country"] == "RUS"
    assert "GOV" in lavrov["sectors"]


def test_sector_from_organisation_noun(read):
    doc = read(
        "Director of the Centre for Maritime Studies Elena Marquez said the dispute would last. "
        "Example Shipping CEO Lars Berg disagreed.",
        published="2023-07-01",
    )
    assert "EDU" in actor_named(doc, "Elena Marquez")["sectors"]
    assert "BUS" in actor_named(doc, "Lars Berg")["sectors"]


def test_appositive_title(read):
    doc = read(
        "The visitors included Ivan Petrenko, Governor of the Ukrainian region of Poltava.", published="2023-07-01"
    )
    petrenko = actor_named(doc, "Petrenko")
    assert petrenko["country"] == "UKR"
    assert petrenko["role"] and "Governor" in petrenko["role"]


def test_generic_title_links_to_leader(read):
    doc = read(
        "Kenyan President William Ruto arrived in Addis Ababa on Monday. "
        "The Kenyan leader then met officials of the African Union.",
        published="2024-02-12",
    )
    ruto = actor_named(doc, "Ruto")
    assert any("Kenyan leader" in m["text"] for m in ruto["mentions"])


def test_pronoun_subject_of_reporting_verb(read):
    doc = read(
        "Indian Prime Minister Narendra Modi praised the agreement. He also said trade would double.",
        published="2023-09-10",
    )
    modi = actor_named(doc, "Modi")
    assert any(m["text"] == "He" for m in modi["mentions"])


def test_states_metonyms_and_media(read):
    doc = read(
        "The Kremlin rejected the proposal, Russian state news agency TASS reported. Washington and Seoul held talks.",
        published="2023-07-01",
    )
    principals = {(a.get("country") or a.get("org"), tuple(a["sectors"])) for a in doc["actors"]}
    assert ("RUS", ("GOV",)) in principals
    assert ("RUS", ("MED",)) in principals
    states = {a["country"] for a in doc["actors"] if a["kind"] == "state"}
    assert {"USA", "KOR"} <= states


@pytest.mark.parametrize(
    "text",
    [
        "Crowds gathered in Ho Chi Minh Square on Sunday.",  # a place named like a person
        "Russian troops crossed the border on Sunday.",  # plural titles are no one official
    ],
)
def test_no_person_is_made_of(read, text):
    doc = read(text, published="2023-07-01")
    assert not [a for a in doc["actors"] if a["kind"] == "person"]


def test_officials_listed_together_share_nationality(read):
    doc = read(
        "The delegation includes Chilean Foreign Minister Alberto van Klaveren, Economy Minister Nicolas Grau "
        "and Chilean Finance Minister Mario Marcel.",
        published="2023-07-01",
    )
    assert actor_named(doc, "Grau")["country"] == "CHL"


def test_group_mentions_link_the_pair(read):
    doc = read(
        "Brazilian President Luiz Inacio Lula da Silva met Argentine President Javier Milei in Brasilia on Monday. "
        "The two leaders agreed to reopen talks, and the two countries will hold a summit next year.",
        published="2024-07-08",
    )
    groups = [a for a in doc["actors"] if a["kind"] == "group" and a.get("members")]
    assert groups
    members = {m for g in groups for m in g["members"]}
    named = {a["id"]: a for a in doc["actors"]}
    assert {named[m].get("country") for m in members} >= {"BRA", "ARG"}


def test_a_capital_used_for_its_government(read):
    doc = read("Beijing condemned the visit, while Tokyo said it was concerned.", published="2024-07-08")
    governments = {a["country"] for a in doc["actors"] if "GOV" in a["sectors"]}
    assert {"CHN", "JPN"} <= governments


def test_a_capital_as_a_place_is_not_the_government(read):
    doc = read("Protesters marched in Paris on Saturday.", published="2024-07-08")
    assert not [a for a in doc["actors"] if a["country"] == "FRA" and "GOV" in a["sectors"]]


def test_an_unnamed_office_holder_is_named_from_the_knowledge_base(read):
    doc = read("The Turkish president criticised Sweden on Monday.", published="2025-03-03")
    president = next(a for a in doc["actors"] if a["kind"] == "person")
    assert president["name"] == "Recep Tayyip Erdogan" and president["code"] == "TURGOV"
    assert [m["text"] for m in president["mentions"]] == ["The Turkish president"]
    (event,) = doc["events"]
    assert event["source"][0]["code"] == "TURGOV" and event["target"][0]["code"] == "SWE"


def test_a_former_office_holder_is_not_the_one_in_office(read):
    doc = read("The former Turkish president criticised Sweden on Monday.", published="2025-03-03")
    assert not any(a["name"] == "Recep Tayyip Erdogan" for a in doc["actors"])


def test_the_iranian_president_is_not_its_head_of_state(read):
    doc = read("Officials said the president of Iran would travel to Beijing.", published="2025-03-03")
    assert any(a["name"] == "Masoud Pezeshkian" for a in doc["actors"])


def test_an_office_the_knowledge_base_does_not_hold_is_an_actor_of_its_own(read):
    doc = read("Moscow summoned the Polish ambassador on Friday.", published="2025-03-07")
    envoy = next(a for a in doc["actors"] if a["kind"] == "person")
    assert (envoy["name"], envoy["country"], envoy["role"]) == ("Ambassador of Poland", "POL", "Ambassador")
    (event,) = doc["events"]
    assert event["cameo"] == "114" and event["target"][0]["actor"] == envoy["id"]


def test_without_a_date_an_office_names_no_one(read):
    doc = read("Brazil's defence minister visited the frontier.", published=None)
    (minister,) = [a for a in doc["actors"] if a["kind"] == "person"]
    assert (
        minister["name"] == "Defence Minister of Brazil"
        and minister["mentions"][0]["text"] == "Brazil's defence minister"
    )


def test_a_person_named_inside_a_quote_does_not_take_the_next_he(read):
    doc = read(
        'Peruvian Trade Minister Ana Ruiz arrived in Quito on Monday. Ruiz said: "The president of Ecuador is a friend." '
        "He said the two countries would sign a trade deal.",
        published="2025-03-03",
    )
    ruiz = actor_named(doc, "Ruiz")
    assert "He" in [m["text"] for m in ruiz["mentions"]]


def test_a_counterpart_holds_the_same_office_in_the_other_state(read):
    doc = read(
        "Chilean Foreign Minister Alberto van Klaveren met his Peruvian counterpart in Lima on Monday.",
        published="2023-07-03",
    )
    (counterpart,) = [a for a in doc["actors"] if a["country"] == "PER" and a["kind"] == "person"]
    assert counterpart["role"] == "Foreign Minister" and counterpart["mentions"][0]["text"] == "Peruvian counterpart"
    (event,) = doc["events"]
    assert event["target"][0]["actor"] == counterpart["id"]


def test_a_named_counterpart_is_the_named_person(read):
    doc = read(
        "Chilean Foreign Minister Alberto van Klaveren met his Peruvian counterpart Ana Gervasi in Lima.",
        published="2023-07-03",
    )
    assert [a["name"] for a in doc["actors"] if a["country"] == "PER"] == ["Ana Gervasi"]


def test_a_plural_title_that_is_a_group_noun_makes_a_group(read):
    doc = read("Niger ordered French troops to leave the country.", published="2023-08-03")
    troops = actor_named(doc, "French troops")
    assert (troops["kind"], troops["country"], troops["code"]) == ("group", "FRA", "FRAMIL")


def test_an_institution_without_its_state_is_the_filing_states(read):
    doc = read(
        "NAIROBI, May 14 (Test Wire) - Kenya recalled its ambassador to Uganda on Tuesday, the foreign ministry said.",
        published="2024-05-14",
    )
    ministry = actor_named(doc, "Foreign Ministry of Kenya")
    assert ministry["code"] == "KENGOV" and ministry["mentions"][0]["text"] == "the foreign ministry"


def test_an_institution_of_a_state_the_article_never_names_stays_unplaced(read):
    doc = read(
        "NAIROBI, May 14 (Test Wire) - Uganda recalled its ambassador, the foreign ministry said.",
        published="2024-05-14",
    )
    assert not [a for a in doc["actors"] if a["name"].startswith("Foreign Ministry")]


def test_people_named_by_where_they_are_are_that_states_group(read):
    doc = read("Protesters in Tbilisi rallied against the new law on Sunday.", published="2024-05-12")
    protesters = actor_named(doc, "Protesters in Tbilisi")
    assert (protesters["kind"], protesters["code"]) == ("group", "GEOCVL")
    (event,) = doc["events"]
    assert event["source"][0]["actor"] == protesters["id"]
