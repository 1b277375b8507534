"""Event coding frames, from our own sentences."""

from __future__ import annotations

import pytest


def coded(doc):
    """(source principal, target principal or None, cameo, modality) for every event."""
    actors = {a["id"]: a for a in doc["actors"]}

    def principal(parties):
        return actors[parties[0]["actor"]].get("country") or actors[parties[0]["actor"]].get("org") if parties else None

    return {(principal(e["source"]), principal(e["target"]), e["cameo"], e["modality"]) for e in doc["events"]}


def roots(doc):
    return {(s, t, code[:2]) for s, t, code, _ in coded(doc)}


def test_active_verb_with_object(read):
    doc = read(
        "Kenya's President William Ruto condemned Sudan's Rapid Support Forces on Monday.", published="2024-05-06"
    )
    assert ("KEN", "SDN", "11") in roots(doc)


def test_passive_with_agent(read):
    doc = read(
        "Chilean President Gabriel Boric was welcomed by Argentine President Javier Milei in Buenos Aires.",
        published="2024-05-06",
    )
    events = coded(doc)
    assert any(s == "ARG" and t == "CHL" for s, t, _, _ in events)


def test_coordinated_signers_make_a_symmetric_event(read):
    doc = read("Egypt and Sudan signed a water-sharing agreement on Tuesday.", published="2024-05-07")
    found = roots(doc)
    assert ("EGY", "SDN", "05") in found or ("SDN", "EGY", "05") in found


def test_nominal_trigger(read):
    doc = read("Indian Prime Minister Narendra Modi's visit to Japan ended on Friday.", published="2024-05-10")
    assert ("IND", "JPN", "04") in roots(doc)


def test_sanctions_on_a_target(read):
    doc = read("The European Union imposed sanctions on Belarus on Thursday.", published="2024-05-09")
    assert ("EU", "BLR", "16") in roots(doc)


def test_quoted_statement_is_coded_by_its_words(read):
    doc = read(
        '"This invasion is illegal and it must end," Polish Foreign Minister Radoslaw Sikorski said of Russia.',
        published="2024-05-09",
    )
    assert any(s == "POL" and t == "RUS" and code[:2] in {"11", "10"} for s, t, code, _ in coded(doc))


def test_negated_event(read):
    doc = read("Turkey did not sign the declaration with Greece.", published="2024-05-09")
    assert any(s == "TUR" and m == "negated" for s, _, code, m in coded(doc) if code.startswith("05"))


def test_conditional_event(read):
    doc = read("Ireland would impose sanctions on Iran if the talks failed.", published="2024-05-09")
    assert any(s == "IRL" and m == "hypothetical" for s, _, code, m in coded(doc) if code.startswith("16"))


def test_intended_event(read):
    doc = read("Brazil will host Argentina's president next month.", published="2024-05-09")
    assert any(s == "BRA" and t == "ARG" and m == "intended" for s, t, _, m in coded(doc))


def test_alleged_event_is_attributed_to_the_speaker(read):
    doc = read(
        'Ukrainian Foreign Minister Dmytro Kuleba said: "Iran is supplying drones to Russia every week."',
        published="2023-05-09",
    )
    events = [e for e in doc["events"] if e["cameo"].startswith("07")]
    assert events and events[0]["modality"] == "alleged"
    speaker = next(a for a in doc["actors"] if a["id"] == events[0]["attributed_to"])
    assert speaker["country"] == "UKR"
    assert ("UKR", "IRN", "112") in {(s, t, c) for s, t, c, _ in coded(doc)}


def test_historical_event(read):
    doc = read("France and Germany signed the Elysee Treaty in 1963.", published="2024-05-09")
    assert any(m == "historical" for _, _, code, m in coded(doc) if code.startswith("05"))


def test_show_of_force_without_target(read):
    doc = read("China's navy held large military exercises on Saturday.", published="2024-05-12")
    assert any(s == "CHN" and t is None and code.startswith("15") for s, t, code, _ in coded(doc))


def test_a_verbal_event_without_any_target_is_not_coded(read):
    doc = read("Norway praised the outcome on Monday.", published="2024-05-13")
    assert not doc["events"]


def test_not_ruling_out_is_no_negation(read):
    doc = read("Russia does not rule out military cooperation with Myanmar.", published="2024-05-13")
    assert all(m != "negated" for _, _, _, m in coded(doc))


def test_event_record_fields(read):
    doc = read("Vietnam's president hosted South Africa's president in Hanoi on Monday.", published="2024-05-13")
    event = doc["events"][0]
    assert event["root"] == event["cameo"][:2]
    assert event["quad_class"] == 1 and -10 <= event["goldstein"] <= 10
    assert event["plover"] is None or event["plover"]["type"]
    assert event["date"] == "2024-05-13"


def test_refused_concession_is_a_rejection(read):
    doc = read(
        "Egypt will not lift the ban on flights from Libya, its aviation minister said on Monday.",
        published="2024-05-13",
    )
    found = coded(doc)
    assert any(s == "EGY" and code.startswith("12") and m == "asserted" for s, _, code, m in found)
    assert not any(code.startswith("08") and m != "negated" for _, _, code, m in found)


def test_a_past_negation_stays_a_negated_event(read):
    doc = read("Kenya did not release the Somali fishermen on Monday.", published="2024-05-13")
    assert not any(code.startswith("12") for _, _, code, _ in coded(doc))


def test_predicative_adjective_states_an_attitude(read):
    doc = read("Finland is skeptical about Hungary's veto plans, its foreign minister said.", published="2024-05-13")
    assert ("FIN", "HUN", "01") in roots(doc)


def test_light_verb_makes_its_subject_the_doer_of_a_nominal_event(read):
    doc = read("Peru held talks with Chile in Lima on Tuesday.", published="2024-05-14")
    assert ("PER", "CHL", "04") in roots(doc)


def test_a_noun_used_by_someone_else_takes_no_doer_from_that_verb(read):
    doc = read(
        "Chile's foreign minister said Bolivia was using the visit as an excuse to delay the vote.",
        published="2024-05-14",
    )
    assert not any(s == "BOL" and code.startswith("04") for s, _, code, _ in coded(doc))


def test_a_noun_a_coded_verb_acts_on_is_not_a_second_event(read):
    doc = read("Algeria suspended cooperation with Spain on Wednesday.", published="2024-05-15")
    found = roots(doc)
    assert ("DZA", "ESP", "16") in found
    assert ("DZA", "ESP", "06") not in found


def test_protest_by_a_government_is_an_official_complaint(read):
    doc = read("The Indonesian government protested to Australia over the spying report.", published="2024-05-15")
    assert any(s == "IDN" and t == "AUS" and code == "114" for s, t, code, _ in coded(doc))


def test_three_signatories_are_each_paired(read):
    doc = read(
        "The accord was signed by the presidents of Brazil, Argentina and Uruguay on Friday.", published="2024-05-17"
    )
    pairs = {frozenset((s, t)) for s, t, code, _ in coded(doc) if code.startswith("05")}
    assert frozenset(("ARG", "URY")) in pairs and frozenset(("BRA", "URY")) in pairs


def test_an_unnamed_target_borrows_no_party(read):
    doc = read(
        "Iran's defence minister warned anyone who attacked its ships near Oman of a swift response.",
        published="2024-05-17",
    )
    assert any(s == "IRN" and t is None and code.startswith("13") for s, t, code, _ in coded(doc))
    assert not any(t == "OMN" for _, t, _, _ in coded(doc))


def test_a_photo_credit_in_parentheses_is_no_party(read):
    doc = read(
        "Ghana's president and Togo's president attend a meeting in Accra on Monday (Photo via Reuters)",
        published="2024-05-20",
    )
    assert all(t != "GBR" for _, t, _, _ in coded(doc))


def test_a_peoples_adjective_names_its_state(read):
    doc = read(
        "Serbia and Croatia held talks on Monday. Serbia's defence minister likened the Croatian conduct to banditry.",
        published="2024-05-20",
    )
    assert ("SRB", "HRV", "11") in roots(doc)


def test_the_reporting_verb_of_a_quote_dates_the_statement(read):
    doc = read(
        "Lithuanian Foreign Minister Gabrielius Landsbergis spoke to reporters in Vilnius on Tuesday. "
        '"Belarus must stop pushing migrants across our border. That is an illegal provocation," he said.',
        published="2024-05-23",
    )
    statements = [e for e in doc["events"] if e["cameo"][:2] in {"10", "11"}]
    assert statements and statements[0]["date"] == "2024-05-21"


def test_a_headline_adds_a_mention_not_an_event(read):
    doc = read(
        "Chile hosts Peru's president\n\nSANTIAGO, May 14 -- Chile hosted Peru's president in Santiago on Monday.",
        published="2024-05-14",
    )
    hosted = [e for e in doc["events"] if e["cameo"] == "043"]
    assert len(hosted) == 1
    assert len(hosted[0]["mentions"]) == 2 and hosted[0]["date"] == "2024-05-13"


def test_event_location_from_its_clause_else_the_dateline(read):
    doc = read(
        "NAIROBI, May 14 -- Kenya's president met Uganda's president in Mombasa on Monday. "
        "Kenya also condemned Sudan's army on Monday.",
        published="2024-05-14",
    )
    met = next(e for e in doc["events"] if e["cameo"].startswith("04"))
    assert met["location"]["name"] == "Mombasa" and met["location"]["country"] == "KEN"
    condemned = next(e for e in doc["events"] if e["cameo"].startswith("11"))
    assert condemned["location"]["name"] == "Nairobi" and condemned["location"]["source"] == "dateline"
    where = condemned["location"]
    assert doc["text"][where["start"] : where["end"]] == where["text"] == "NAIROBI"  # the dateline's own word


def test_a_quoted_threat_is_coded_as_a_threat(read):
    doc = read(
        'Iran\'s foreign minister said of Israel: "Any aggressor will pay a heavy price for such an attack."',
        published="2024-05-20",
    )
    assert any(s == "IRN" and t == "ISR" and code.startswith("13") for s, t, code, _ in coded(doc))


def test_force_aimed_at_open_water_is_a_show_of_force(read):
    doc = read("North Korea fired two ballistic missiles into the sea on Sunday.", published="2024-05-26")
    (event,) = doc["events"]
    assert event["cameo"] == "150" and event["source"][0]["code"] == "PRK" and event["target"] == []
    doc = read("North Korea fired two ballistic missiles toward Japan on Sunday.", published="2024-05-26")
    (event,) = doc["events"]
    assert event["cameo"] == "195" and event["target"][0]["code"] == "JPN"


def test_a_meeting_between_two_parties_is_between_them(read):
    doc = read("A meeting between Serbia and Kosovo took place in Brussels on Monday.", published="2024-05-27")
    (event,) = doc["events"]
    assert {event["source"][0]["code"], event["target"][0]["code"]} == {"SRB", "XKX"}


def test_a_citizens_group_of_a_state_is_a_party(read):
    doc = read("Iran released two French nationals on Friday.", published="2024-05-27")
    (event,) = doc["events"]
    assert (event["source"][0]["code"], event["target"][0]["code"]) == ("IRN", "FRACVL")


@pytest.mark.parametrize(
    "text",
    [
        "Azerbaijan shelled Armenian positions overnight.",  # a thing of the other state
        "Azerbaijan shelled the Armenian town of Jermuk overnight.",  # a place in it
    ],
)
def test_force_against_a_place_or_thing_of_a_state_is_against_that_state(read, text):
    doc = read(text, published="2024-05-27")
    (event,) = doc["events"]
    assert (event["cameo"], event["source"][0]["code"], event["target"][0]["code"]) == ("194", "AZE", "ARM")
    armenia = next(a for a in doc["actors"] if a["id"] == event["target"][0]["actor"])
    assert armenia["kind"] == "state" and all(
        doc["text"][m["start"] : m["end"]] == m["text"] for m in armenia["mentions"]
    )
