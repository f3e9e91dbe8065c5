"""One test per filter: each narrows the list to exactly the records the review gives; bad values answer 400."""

import pytest

from biomarkers.models import MicroRNA
from kb.core.models import natural_key
from mechanisms.models import Mechanism

pytestmark = pytest.mark.django_db

UP = {
    "hsa-mir-195-5p",
    "hsa-mir-4266",
    "hsa-mir-200b-3p",
    "hsa-mir-214-3p",
    "hsa-mir-107",
    "hsa-mir-4454",
    "hsa-mir-5100",
    "hsa-mir-23a-3p",
    "hsa-mir-23b-3p",
    "hsa-mir-16-5p",
}
UNREGULATED = {"hsa-mir-1233-1-5p", "hsa-mir-3621", "hsa-mir-3141", "hsa-mir-489", "hsa-mir-1227-5p", "hsa-mir-1275"}
CDK46 = {"palbociclib", "ribociclib", "abemaciclib"}

FILTERS = [
    ("mirnas", "direction=up", UP),
    ("mirnas", "fold_change_min=3", {"hsa-mir-195-5p", "hsa-mir-4266", "hsa-mir-200b-3p"}),
    ("mirnas", "fold_change_max=0.3", {"hsa-mir-4467", "hsa-mir-4472"}),
    ("mirnas", "fold_change_min=2.1&fold_change_max=2.4", {"hsa-mir-5100", "hsa-mir-23a-3p", "hsa-mir-16-5p"}),
    ("mirnas", "has_fold_change=false", UNREGULATED),
    ("mirnas", "mechanism=drug-efflux", {"hsa-mir-107"}),  # the test links it first
    ("mirnas", "biomarker=microrna-expression", None),  # all 22
    ("compounds", "drug_class=PARP inhibitor", {"olaparib", "talazoparib"}),
    ("compounds", "target=CDK4", CDK46),
    ("compounds", "mechanism=dna-repair", {"olaparib", "talazoparib"}),
    ("compounds", "biomarker=her2-expression", {"lapatinib", "trastuzumab-emtansine"}),
    ("compounds", "strategy=combining-treatments", CDK46),
    ("trials", "phase=phase1", {"NCT02520063", "NCT01351103"}),
    ("trials", "registry_phase=phase1_2", {"NCT02520063"}),
    ("trials", "recruitment_status=recruiting", {"NCT03227328", "NCT01351103"}),
    ("trials", "registry_status=completed", {"NCT00494234"}),
    ("trials", "compound=everolimus", {"NCT02520063"}),
    ("trials", "biomarker=brca-mutations", {"NCT00494234"}),
    ("trials", "subtype=triple-negative", {"NCT01351103"}),
    ("biomarkers", "kind=mutation", {"brca-mutations", "tp53-mutations"}),
    ("biomarkers", "gene=BRCA1", {"brca-mutations", "dna-repair-pathway-genes"}),
    ("biomarkers", "mechanism=dna-repair", {"brca-mutations", "ercc1-expression", "dna-repair-pathway-genes"}),
    ("biomarkers", "therapy_context=her2_targeted", {"her2-expression"}),
    ("mechanisms", "category=origin", {"acquired-resistance", "de-novo-resistance"}),
    (
        "mechanisms",
        "therapy_context=endocrine",
        {
            "acquired-mutations",
            "crosstalk-and-bypass-pathways",
            "alterations-in-estrogen-receptor",
            "microenvironmental-factors",
            "epigenetic-changes-endocrine",
            "heterogeneity-endocrine",
        },
    ),
    ("mechanisms", "parent=signaling-pathways", {"pi3k-akt-mtor-pathway", "mapk-erk-pathway", "wnt-pathway"}),
    ("mechanisms", "gene=ESR1", {"genetic-alterations", "acquired-mutations", "alterations-in-estrogen-receptor"}),
    (
        "strategies",
        "kind=overcoming&therapy_context=endocrine",
        {"combining-treatments", "changing-hormonal-treatments", "targeted-therapies-endocrine", "genetic-testing"},
    ),
    ("strategies", "mechanism=drug-efflux", {"overcoming-efflux-pumps"}),
    (
        "model-systems",
        "kind=in_vivo",
        {"in-vivo-models", "patient-derived-xenografts", "genetically-modified-mouse-models"},
    ),
    (
        "errata",
        "kind=contradicts_registry",
        {"table-7-nct02520063-subtype", "table-7-nct02520063-phase", "table-7-nct00494234-status"},
    ),
    ("genes", "search=MDR1", {"ABCB1"}),
    ("compounds", "search=KU-0059436", {"olaparib"}),
    ("mirnas", "search=195a", {"hsa-mir-195-5p"}),
    ("trials", "search=letozole", {"NCT02520063"}),
    ("mirnas", "status=published&direction=down", None),
]
KEYS = {"trials": "nct_id", "genes": "name"}


def keys(client, path, query):
    url, found = f"/api/v1/{path}/?{query}&page_size=3", set()
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        found |= {row[KEYS.get(path, "slug")] for row in response.json()["results"]}
        url = response.json()["next"]
    return found


@pytest.mark.parametrize(("path", "query", "expected"), FILTERS, ids=[f"{p}?{q}" for p, q, _ in FILTERS])
def test_filter_narrows_the_list(api_client, path, query, expected):
    if query == "mechanism=drug-efflux" and path == "mirnas":
        MicroRNA.objects.get(slug="hsa-mir-107").mechanisms.add(Mechanism.objects.get(slug="drug-efflux"))
    everything = keys(api_client, path, "")
    found = keys(api_client, path, query)
    if expected is None:
        expected = {k for k in everything if path != "mirnas" or "direction=down" not in query or k not in UP}
    assert found == expected
    assert found < everything or path == "mirnas" and "biomarker" in query


def test_ordering(api_client):
    rows = api_client.get("/api/v1/mirnas/?ordering=-fold_change&has_fold_change=true").json()["results"]
    assert [row["slug"] for row in rows[:2]] == ["hsa-mir-195-5p", "hsa-mir-4266"]
    rows = api_client.get("/api/v1/trials/?ordering=-nct_id").json()["results"]
    assert [row["nct_id"] for row in rows] == ["NCT03227328", "NCT02520063", "NCT01351103", "NCT00494234"]


def test_lists_have_a_stable_default_order(api_client):
    first = [row["slug"] for row in api_client.get("/api/v1/mechanisms/?page_size=500").json()["results"]]
    assert first == sorted(first, key=lambda slug: (natural_key(Mechanism.objects.get(slug=slug).name), slug))


BAD = [
    ("mirnas", "direction=sideways", "direction"),
    ("mirnas", "fold_change_min=abc", "fold_change_min"),
    ("mirnas", "fold_change_max=-1", "fold_change_max"),
    ("mirnas", "has_fold_change=maybe", "has_fold_change"),
    ("mirnas", "mechanism=no-such-mechanism", "mechanism"),
    ("compounds", "target=NOPE", "target"),
    ("compounds", "drug_class=Antibiotic", "drug_class"),
    ("trials", "phase=phase9", "phase"),
    ("trials", "recruitment_status=ongoing", "recruitment_status"),
    ("trials", "compound=aspirin", "compound"),
    ("biomarkers", "kind=smell", "kind"),
    ("mechanisms", "category=magic", "category"),
    ("mechanisms", "parent=no-such-parent", "parent"),
    ("errata", "kind=spelling", "kind"),
    ("genes", "ordering=colour", "ordering"),
]


@pytest.mark.parametrize(("path", "query", "field"), BAD, ids=[f"{p}?{q}" for p, q, _ in BAD])
def test_a_bad_filter_value_answers_400_with_the_reason(api_client, path, query, field):
    response = api_client.get(f"/api/v1/{path}/?{query}")
    assert response.status_code == 400
    assert field in response.json() and response.json()[field][0]


def test_staff_filter_by_curation_status(api_client, curator):
    api_client.force_authenticate(curator)
    response = api_client.get("/api/v1/strategies/?status=lost")
    assert response.status_code == 400 and "status" in response.json()
    Mechanism.objects.filter(slug="senescence").update(status="draft")
    assert keys(api_client, "mechanisms", "status=draft") == {"senescence"}


def test_a_draft_cannot_be_used_as_a_filter_value_by_the_public(api_client, curator):
    Mechanism.objects.filter(slug="drug-efflux").update(status="draft")
    assert api_client.get("/api/v1/strategies/?mechanism=drug-efflux").status_code == 400
    api_client.force_authenticate(curator)
    assert api_client.get("/api/v1/strategies/?mechanism=drug-efflux").status_code == 200
