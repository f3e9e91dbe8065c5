"""List facets: each choice filter as checkboxes with the number of records each lists, the same as the API counts
with the other filters kept; the filters in force as chips, each with its own removal, and a clear-all."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def facet(html: str, name: str) -> dict[str, int]:
    option = rf'<input type="(?:checkbox|radio)" name="{name}" value="([^"]+)"(?: checked)?> '
    found = re.findall(option + r'[^<]+<span class="count">\((\d+)\)', html)
    return {value: int(count) for value, count in found}


@pytest.mark.parametrize(
    ("path", "api", "name", "others"),
    [
        ("/mechanisms/", "mechanisms", "category", ""),
        ("/mechanisms/", "mechanisms", "therapy_context", ""),
        ("/mechanisms/", "mechanisms", "category", "therapy_context=endocrine"),
        ("/strategies/", "strategies", "kind", ""),
        ("/mirnas/", "mirnas", "direction", ""),
        ("/statements/", "statements", "basis", "predicate=signals"),
    ],
)
def test_a_facets_counts_are_the_apis_counts_for_the_same_filters(path, api, name, others):
    client = Client()
    counts = facet(client.get(f"{path}?{others}").content.decode(), name)
    assert counts, (path, name)
    for value, count in counts.items():
        query = "&".join(part for part in (others, f"{name}={value}") if part)
        assert client.get(f"/api/v1/{api}/?{query}").json()["count"] == count, (name, value)


def test_a_chosen_option_is_ticked_and_shown_as_a_chip_that_removes_it():
    html = Client().get("/mechanisms/?category=origin&therapy_context=endocrine").content.decode()
    assert 'name="category" value="origin" checked>' in html
    chips = re.findall(r'<li>([^<]+) <a href="([^"]+)" aria-label="Remove', html)
    assert len(chips) == 2
    removing_origin = next(address for label, address in chips if "Origin" in label)
    assert removing_origin == "?therapy_context=endocrine"
    assert '<a href="?">Clear all filters</a>' in html


def test_the_options_of_a_chosen_facet_count_what_they_would_add():
    """With "Origin of resistance" ticked, another category counts its own records (ticking it adds them), as the
    API counts that category with the other filters."""
    client = Client()
    counts = facet(client.get("/mechanisms/?category=origin&therapy_context=any").content.decode(), "category")
    assert sum(1 for count in counts.values() if count) > 1, counts
    for value, count in counts.items():
        api = client.get(f"/api/v1/mechanisms/?therapy_context=any&category={value}").json()["count"]
        assert api == count, (value, count, api)
