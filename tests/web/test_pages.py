"""Every page: its status, its key content, its cross-links, and the provenance box with the printed quote."""

import re
from html import unescape

import pytest
from django.apps import apps
from django.urls import reverse

from kb.models import Erratum
from tests.helpers import KINDS
from trials.models import Compound

pytestmark = pytest.mark.django_db

LINKS = {  # the links each kind's page shows
    "mechanisms.Mechanism": ["children", "genes", "biomarkers", "mirnas", "compounds", "strategies"],
    "mechanisms.Strategy": ["mechanisms", "compounds"],
    "biomarkers.Biomarker": ["genes", "mechanisms", "mirnas", "compounds", "trials"],
    "biomarkers.MicroRNA": ["mechanisms", "biomarkers"],
    "trials.Compound": ["mechanisms", "biomarkers", "strategies", "trials", "target_genes"],
    "trials.Trial": ["compounds", "biomarkers"],
    "kb.Gene": ["mechanisms", "biomarkers", "compounds"],
}


def text(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def squash(value: str) -> str:
    return " ".join(value.replace("\u00a0", " ").split())


@pytest.mark.parametrize("label", KINDS)
def test_every_detail_page_shows_the_record_its_links_and_where_it_was_printed(client, label):
    model = apps.get_model(label)
    for record in model.objects.all():
        response = client.get(record.get_absolute_url())
        assert response.status_code == 200, record
        html, page = response.content.decode(), squash(text(response))
        assert squash(str(record.name)) in page
        if record.quote:
            assert "As printed in the review" in page and squash(record.quote) in page, record
            assert f"line {record.line} of the extracted text" in page
        for name in LINKS.get(label, []):
            value = getattr(record, name)
            for linked in value if isinstance(value, list) else value.all():
                assert f'href="{linked.get_absolute_url()}"' in html, (record, name, linked)
        for erratum in getattr(record, "errata", Erratum.objects.none()).all():
            assert f'href="{erratum.get_absolute_url()}"' in html


@pytest.mark.parametrize("label", KINDS)
def test_every_list_page_lists_every_record_and_links_to_its_csv(client, label):
    model = apps.get_model(label)
    url = reverse(f"{model._meta.app_label}:{model._meta.model_name}_list")
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for record in model.objects.all():
        assert f'href="{record.get_absolute_url()}"' in html
    assert "format=csv" in html and f"{model.objects.count()} {model._meta.verbose_name_plural}" in squash(
        text(response)
    )


def test_the_mechanism_page_is_a_hub(client):
    response = client.get(reverse("mechanisms:mechanism_detail", args=["dna-repair"]))
    html = response.content.decode()
    for url in ("/biomarkers/brca-mutations/", "/compounds/olaparib/", "/trials/NCT00494234/", "/genes/BRCA1/"):
        assert f'href="{url}"' in html
    assert "<svg" in html and 'aria-labelledby="graph-title"' in html and "Links around DNA repair" in html
    assert "Cellular process" in html and "Chemotherapy" in html


def test_a_detail_page_shows_printed_beside_normalized_values_and_identifiers(client):
    page = squash(text(client.get("/mirnas/hsa-mir-195-5p/")))
    assert (
        "In the extracted text: “Has-mir-195a-5p”" in page
        and "5.44" in page
        and "(in the extracted text: “upregulated”)" in page
    )
    html = client.get("/trials/NCT02520063/").content.decode()
    assert 'href="https://clinicaltrials.gov/study/NCT02520063"' in html
    page = squash(text(client.get("/trials/NCT02520063/")))
    assert "Phase 1 (in the extracted text: “phase i”)" in page and "Phase in the registry Phase 1/2" in page
    html = client.get("/compounds/lapatinib/").content.decode()
    assert "CHEMBL554" in html and "(in the extracted text: “HEr2”)" in unescape(html), "HER2 is not ERBB2's name"
    page = squash(text(client.get("/compounds/letrozole/")))
    assert "added in curation" in page


def test_the_mirna_list_has_the_fold_change_chart(client):
    html = client.get(reverse("biomarkers:microrna_list")).content.decode()
    chart = html[html.index("<svg") : html.index("</svg>")]
    assert chart.count("<a href=") == 22
    assert chart.count('class="unreported"') == 6 and chart.count("not reported (unregulated)") == 6
    assert chart.count('class="up"') == 10 and chart.count('class="down"') == 6
    assert "<desc" in chart and "22 microRNAs" in chart


def test_list_filters_use_the_filterset(client):
    page = squash(text(client.get("/trials/?phase=phase1")))
    assert "2 trials match these filters" in page
    html = client.get("/compounds/?target=CDK4").content.decode()
    assert all(f'href="/compounds/{slug}/"' in html for slug in ("palbociclib", "ribociclib", "abemaciclib"))
    assert 'href="/compounds/lapatinib/"' not in html
    bad = client.get("/mirnas/?direction=sideways")
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()  # the form, saying what is wrong


def test_the_source_page_lists_each_part_table_5_and_the_errata(client):
    response = client.get(reverse("kb:source_detail", args=["review"]))
    page = squash(text(response))
    assert "22 microRNAs" in page and "5 compounds" not in page  # Table 1 holds 8 compounds
    assert "8 compounds" in page and "4 trials" in page
    assert "Table 5, reproduced as printed" in page and "NDU FS4 NDUFV2 NDUFA2" in page and "Out of scope" in page
    for erratum in Erratum.objects.all():
        assert f'href="{erratum.get_absolute_url()}"' in response.content.decode()


def test_search_finds_records_of_every_kind(client):
    html = client.get(reverse("kb:search"), {"q": "olaparib"}).content.decode()
    assert 'href="/compounds/olaparib/"' in html and 'href="/trials/NCT00494234/"' in html


def test_drafts_are_absent_from_public_pages_and_shown_to_staff(client, admin_client):
    from django.test import Client

    Compound.objects.filter(slug="olaparib").update(status="draft")
    public = Client()
    assert public.get("/compounds/olaparib/").status_code == 404
    assert 'href="/compounds/olaparib/"' not in public.get("/compounds/").content.decode()
    assert 'href="/compounds/olaparib/"' not in public.get("/trials/NCT00494234/").content.decode()
    assert 'href="/compounds/olaparib/"' not in public.get("/mechanisms/dna-repair/").content.decode()
    assert 'href="/compounds/olaparib/"' not in public.get(reverse("kb:search"), {"q": "olaparib"}).content.decode()
    staff = admin_client.get("/compounds/olaparib/").content.decode()
    assert "Draft" in staff


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/mechanisms/",
        "/mechanisms/dna-repair/",
        "/mirnas/",
        "/trials/NCT02520063/",
        "/sources/review/",
        "/search/?q=HER2",
        "/compounds/lapatinib/",
        "/genes/ERBB2/",
    ],
)
def test_no_page_loads_anything_from_another_host(client, url):
    html = client.get(url).content.decode()
    loaded = re.findall(r'<(?:script|img|iframe|source|video|audio)[^>]*\bsrc="([^"]+)"', html)
    loaded += re.findall(r'<link[^>]*\bhref="([^"]+)"', html)
    loaded += re.findall(r"url\(([^)]+)\)", html)
    assert loaded and all(not re.match(r"(https?:)?//", item) for item in loaded), loaded


def test_link_filters_are_text_boxes_not_a_list_of_every_record(client):
    html = client.get("/mechanisms/").content.decode()
    assert 'name="gene"' in html and '<option value="ERBB2"' not in html
    filtered = client.get("/mechanisms/?gene=ERBB2")
    assert filtered.status_code == 200 and 'value="ERBB2"' in filtered.content.decode()


def test_a_printed_form_that_differs_only_in_case_or_line_breaks_is_not_given_as_another_reading(client):
    page = squash(text(client.get("/biomarkers/her2-expression/")))
    assert "In the extracted text" not in page, "the PDF's small capitals are not another reading of the name"
    assert "HEr2" in page.split("As printed in the review")[1], "the quote keeps the extracted text verbatim"
    page = squash(text(client.get("/mirnas/hsa-mir-195-5p/")))
    assert "In the extracted text: “Has-mir-195a-5p”" in page, "a real difference is still shown"
