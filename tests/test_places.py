"""Places resolved offline to a country, coordinates and GeoNames id, from our own sentences."""

from __future__ import annotations

from communique.knowledge.gazetteer import gazetteer, place_key, romanisations


def places(doc):
    return {p["text"]: p for p in doc["places"]}


def test_city_with_coordinates_and_geonames_id(read):
    doc = read("The ministers met in Nairobi on Monday.", published="2024-03-04")
    nairobi = places(doc)["Nairobi"]
    assert nairobi["country"] == "KEN"
    assert nairobi["geonames_id"] and abs(nairobi["lat"] - (-1.28)) < 0.2


def test_disambiguation_by_the_articles_countries(read):
    swiss = read("Swiss President Viola Amherd welcomed the delegations in Geneva on Monday.", published="2024-06-10")
    assert places(swiss)["Geneva"]["country"] == "CHE"
    russian = read("Russian officials said the talks in Moscow would resume.", published="2024-06-10")
    assert places(russian)["Moscow"]["country"] == "RUS"


def test_landmark_is_placed_through_its_city(read):
    doc = read(
        "The two leaders laid wreaths at Independence Square in Kyiv. "
        "Their aircraft landed at Boryspil International Airport.",
        published="2024-06-10",
    )
    found = places(doc)
    assert found["Independence Square"]["country"] == "UKR"
    assert found["Boryspil International Airport"]["country"] == "UKR"


def test_possessive_city_places_a_landmark(read):
    doc = read("The envoy landed at Cairo's Almaza Airport late on Tuesday.", published="2024-06-10")
    assert places(doc)["Almaza Airport"]["country"] == "EGY"


def test_region_with_admin_noun_and_romanised_names(read):
    doc = read(
        "Drones struck targets in the Belgorod region and in Ganja, officials in Baku said.", published="2024-06-10"
    )
    found = places(doc)
    assert found["Belgorod region"]["country"] == "RUS"
    assert found["Ganja"]["country"] == "AZE"


def test_nationality_of_the_phrase_places_an_unknown_island(read):
    doc = read("Troops landed on the Estonian island of Vaindloo at dawn.", published="2024-06-10")
    assert places(doc)["Vaindloo"]["country"] == "EST"


def test_seat_buildings_are_places(read):
    doc = read("Reporters waited outside the White House for hours.", published="2024-06-10")
    assert places(doc)["White House"]["country"] == "USA"


def test_not_places(read):
    doc = read("Western officials and North Korean diplomats met at the UN.", published="2024-06-10")
    texts = set(places(doc))
    assert "Western" not in texts and "UN" not in texts and "North" not in texts


def test_gazetteer_keys_and_romanisation():
    assert place_key("Primorskiy kray") == place_key("Primorsky Krai")
    assert "Shaki" in romanisations("Şəki", "AZE")
    assert "Amur" in romanisations("Amurskaya oblast'", "RUS")
    assert gazetteer().best("Bethlehem", {"PSE"}) is None or gazetteer().best("Bethlehem", {"PSE"}).country != "BRA"
