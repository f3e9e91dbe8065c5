"""Lists: names sort by the numbers in them (natural sort), in the API as on the pages; headings sort their column."""

import re

import pytest
from django.test import Client

from kb.core.models import natural_key

pytestmark = pytest.mark.django_db

NATURAL = ["hsa-miR-16-5p", "hsa-miR-23a-3p", "hsa-miR-23b-3p", "hsa-miR-107", "hsa-miR-195-5p", "hsa-miR-200b-3p"]


def names_on(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', html)


def test_microrna_names_sort_by_their_numbers_on_the_page_and_in_the_api():
    client = Client()
    page = names_on(client.get("/mirnas/?page_size=50").content.decode())
    assert [name for name in page if name in NATURAL] == NATURAL, page
    assert page == sorted(page, key=natural_key)
    api = [row["name"] for row in client.get("/api/v1/mirnas/?ordering=name&page_size=50").json()["results"]]
    assert api == page
    backwards = [row["name"] for row in client.get("/api/v1/mirnas/?ordering=-name&page_size=50").json()["results"]]
    assert backwards == list(reversed(page))


def test_a_heading_sorts_its_column_and_says_which_way():
    client = Client()
    html = client.get("/mirnas/").content.decode()
    name_heading = re.search(r'<th scope="col"[^>]*><a href="([^"]+)" class="sort">Name', html)
    assert name_heading and name_heading.group(1) == "?ordering=name"
    html = client.get("/mirnas/?direction=down&ordering=name").content.decode()
    assert 'aria-sort="ascending"><a href="?direction=down&amp;ordering=-name" class="sort">Name ▲</a>' in html
    html = client.get("/mirnas/?ordering=-fold_change").content.decode()
    assert 'aria-sort="descending"' in html and "Fold change ▼" in html
    fold = [float(v) for v in re.findall(r"<td>(\d+\.\d+)</td>", html)]
    assert fold and fold == sorted(fold, reverse=True), "numbers sort as numbers"


def test_the_sort_menu_names_what_it_sorts_by_in_words():
    html = Client().get("/mechanisms/").content.decode()
    menu = html[html.index('name="ordering"') : html.index("</select>", html.index('name="ordering"'))]
    assert ">Name<" in menu and ">Date added<" in menu and ">Slug<" not in menu and ">Created at<" not in menu


def test_a_saved_name_gets_its_sorting_name(curator):
    from kb.curation.services import record_save
    from trials.models import Compound

    record_save(record=Compound(slug="compound-12", name="Compound 12"), user=curator)
    assert Compound.objects.get(slug="compound-12").name_sort == "compound 0000000012"


def test_two_records_of_one_name_are_told_apart_and_rows_count_their_links():
    html = Client().get("/mechanisms/?page_size=50").content.decode()
    names = names_on(html)
    assert "Epigenetic changes (Hormonal drug resistance in breast cancer, figure 3, item 5)" in names
    assert len(set(names)) == len(names), "no two rows read alike"
    dna_repair = html[html.index('href="/mechanisms/dna-repair/"') :]
    row = dna_repair[: dna_repair.index("</tr>")]
    from mechanisms.models import Mechanism

    genes = Mechanism.objects.get(slug="dna-repair").genes.count()
    assert genes > 1 and f'<span class="count">{genes}:</span>' in row
