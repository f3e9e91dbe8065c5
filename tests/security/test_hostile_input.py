"""A table of bad input for every filter, lookup, search, form and write: each gets a 4xx with its reason, never a 500.

Each row: who sends it, the method, the address, the body and its type, the status, and words the answer must hold.
"""

import json

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import make_account

pytestmark = pytest.mark.django_db

BIG = "9" * 40
MB = "x" * (1024 * 1024 + 1)
JSON = "application/json"
MECHANISM = {"name": "A new route", "slug": "a-new-route", "category": "cellular", "therapy_context": "chemotherapy"}


def body(**changes) -> str:
    return json.dumps({**MECHANISM, **changes})


READS = [
    # API lists: filters, pagination, ordering, formats
    ("/api/v1/mechanisms/?category=nope", 400, "not one of the available choices"),
    ("/api/v1/mechanisms/?therapy_context=%27%3B+DROP+TABLE+kb_gene%3B--", 400, "not one of the available choices"),
    ("/api/v1/mechanisms/?gene=NOPE", 400, "not one of the available choices"),
    ("/api/v1/mechanisms/?gene=%00", 400, "NUL character"),
    ("/api/v1/mechanisms/?parent=" + "a" * 5000, 400, "not one of the available choices"),
    ("/api/v1/mechanisms/?ordering=nope", 400, "not one of the available choices"),
    ("/api/v1/mechanisms/?ordering=name%3B+DELETE", 400, "not one of the available choices"),
    ("/api/v1/mechanisms/?search=" + "a" * 201, 400, "at most 200 characters"),
    ("/api/v1/mechanisms/?search=%00", 400, "NUL character"),
    ("/api/v1/mechanisms/?page=abc", 404, "Invalid page"),
    ("/api/v1/mechanisms/?page=0", 404, "Invalid page"),
    ("/api/v1/mechanisms/?page=" + BIG, 404, "Invalid page"),
    ("/api/v1/mechanisms/?page_size=abc", 400, "A whole number from 1 to 500"),
    ("/api/v1/mechanisms/?page_size=-1", 400, "A whole number from 1 to 500"),
    ("/api/v1/mechanisms/?page_size=" + BIG, 400, "A whole number from 1 to 500"),
    ("/api/v1/mechanisms/?format=xlsx", 404, "No format 'xlsx' here"),
    ("/api/v1/mirnas/?fold_change_min=abc", 400, "Enter a number"),
    ("/api/v1/mirnas/?fold_change_min=NaN", 400, "Enter a number"),
    ("/api/v1/mirnas/?fold_change_min=1e400", 400, "less than or equal to"),
    ("/api/v1/mirnas/?fold_change_min=-1", 400, "greater than or equal to 0"),
    ("/api/v1/mirnas/?direction=sideways", 400, "not one of the available choices"),
    ("/api/v1/trials/?phase=%F0%9F%92%A9", 400, "not one of the available choices"),
    ("/api/v1/trials/?subtype=%00", 400, "NUL character"),
    ("/api/v1/compounds/?target=%7B%7B7*7%7D%7D", 400, "not one of the available choices"),
    ("/api/v1/errata/?kind=nope", 400, "not one of the available choices"),
    ("/api/v1/sources/?kind=nope", 400, "not one of the available choices"),
    # API lookups
    ("/api/v1/mechanisms/no-such-route/", 404, "No Mechanism matches"),
    ("/api/v1/mechanisms/%00/", 400, "NUL character"),
    ("/api/v1/mechanisms/%F0%9F%92%A9/", 404, "No Mechanism matches"),
    ("/api/v1/trials/NCT" + BIG + "/", 404, "No Trial matches"),
    ("/api/v1/genes/" + "A" * 5000 + "/", 404, "No Gene matches"),
    ("/api/v1/nothing-here/", 404, "Nothing is published at"),
    # search and graph
    ("/api/v1/search/", 400, "Give something to search for"),
    ("/api/v1/search/?q=" + "a" * 201, 400, "At most 200 characters"),
    ("/api/v1/search/?q=%00", 400, "NUL character"),
    ("/api/v1/search/?q=a&kind=nope", 400, "Unknown kind 'nope'"),
    ("/api/v1/graph/?record=nope:nope", 400, "No published record"),
    ("/api/v1/graph/?record=mechanism:dna-repair&depth=" + BIG, 400, "A whole number from 1 to 4"),
    ("/api/v1/graph/?record=mechanism:dna-repair&depth=-1", 400, "A whole number from 1 to 4"),
    # pages
    ("/mechanisms/?category=nope", 400, "Select a valid choice"),
    ("/mechanisms/?gene=NOPE", 400, "Select a valid choice"),
    ("/mechanisms/?ordering=%3Cscript%3E", 400, "Select a valid choice"),
    ("/mirnas/?fold_change_min=1e400", 400, "less than or equal to"),
    ("/trials/?phase=nope", 400, "Select a valid choice"),
    ("/mechanisms/?page=" + BIG, 404, "Invalid page"),
    ("/mechanisms/no-such-route/", 404, "No mechanism found"),
    ("/mechanisms/%00/", 400, "NUL character"),
    ("/genes/%00/", 400, "NUL character"),
    ("/trials/NCT0/", 404, "No trial found"),
    ("/search/?q=" + "a" * 201, 400, "at most 200 characters"),
    ("/search/?q=a&kind=nope", 400, "Select a valid choice"),
    ("/search/?q=%00", 400, "NUL character"),
    ("/downloads/../../kb/settings.py", 404, "Not found"),
    ("/downloads/v1/..%2F..%2Fkb%2Fsettings.py", 404, "Not found"),
    ("/suggest/nope/nope/x/", 404, "No such kind of record"),
]


@pytest.mark.parametrize(("url", "status", "reason"), READS, ids=[row[0][:60] for row in READS])
def test_bad_reads_get_a_4xx_with_the_reason(url, status, reason):
    client = Client(raise_request_exception=False)
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    assert reason in response.content.decode(), response.content[:300]


WRITES = [
    ("post", "/api/v1/mechanisms/", "{bad json", JSON, 400, "JSON parse error"),
    ("post", "/api/v1/mechanisms/", b"\xff\xfe\x00", JSON, 400, "JSON parse error"),
    ("post", "/api/v1/mechanisms/", '{"name": NaN}', JSON, 400, "JSON parse error"),
    ("post", "/api/v1/mechanisms/", "[1, 2, 3]", JSON, 400, "Expected a dictionary, but got list"),
    ("post", "/api/v1/mechanisms/", "", JSON, 400, "This field is required"),
    ("post", "/api/v1/mechanisms/", 'name,slug\n"broken,', "text/csv", 415, "Unsupported media type"),
    ("post", "/api/v1/mechanisms/", "<xml/>", "application/xml", 415, "Unsupported media type"),
    ("post", "/api/v1/mechanisms/", body(name=MB), JSON, 400, "larger than the 1 MB"),
    ("post", "/api/v1/mechanisms/", body(name="a" * 100_000), JSON, 400, "no more than"),
    ("post", "/api/v1/mechanisms/", body(name="a\u0000b"), JSON, 400, "Null characters are not allowed"),
    ("post", "/api/v1/mechanisms/", body(curated_fields=["a\u0000b"]), JSON, 400, "curated_fields"),
    ("post", "/api/v1/mechanisms/", body(curated_fields={"a": 1}), JSON, 400, "curated_fields"),
    ("post", "/api/v1/mechanisms/", body(slug="\ud800"), JSON, 400, "Surrogate characters are not allowed"),
    ("post", "/api/v1/mechanisms/", body(slug="../etc"), JSON, 400, "valid"),
    ("post", "/api/v1/mechanisms/", body(category=["cellular"]), JSON, 400, "not a valid choice"),
    ("post", "/api/v1/mechanisms/", body(provenance={"line": 10**30}), JSON, 400, "line"),
    ("post", "/api/v1/mechanisms/", body(provenance={"line": "ten"}), JSON, 400, "A valid integer is required"),
    ("post", "/api/v1/mechanisms/", body(provenance={"source": "nope"}), JSON, 400, "does not exist"),
    ("post", "/api/v1/mechanisms/", body(genes=["NOPE"]), JSON, 400, "Links are drawn by statements"),
    ("post", "/api/v1/mechanisms/", body(genes="ERBB2"), JSON, 400, "Links are drawn by statements"),
    (
        "post",
        "/api/v1/statements/",
        json.dumps(
            {
                "slug": "s",
                **{"subject_kind": "nope", "subject_slug": "x", "relation": "genes", "predicate": "involves"},
                **{"object_kind": "gene", "object_slug": "erbb2", "basis": "inferred", "reason": "r"},
            }
        ),
        JSON,
        400,
        "No kind of record",
    ),
    ("post", "/api/v1/mechanisms/", body(parent={"slug": {"$ne": 1}}), JSON, 400, "parent"),
    ("post", "/api/v1/mechanisms/", body(slug="dna-repair", name="DNA repair"), JSON, 400, "already exists"),
    ("post", "/api/v1/mirnas/", json.dumps({"name": "hsa-miR-1", "fold_change": "1e999"}), JSON, 400, "fold_change"),
    ("post", "/api/v1/trials/", json.dumps({"nct_id": "NCT1", "name": "x"}), JSON, 400, "exactly eight digits"),
    ("post", "/api/v1/genes/", json.dumps({"name": "://", "slug": "g"}), JSON, 400, "is not a gene symbol"),
    ("patch", "/api/v1/mechanisms/dna-repair/", body(), JSON, 428, "Send If-Match"),
    ("patch", "/api/v1/mechanisms/dna-repair/", body(), JSON, 412, "is not an ETag of this record", '"nope"'),
    ("patch", "/api/v1/mechanisms/dna-repair/", body(), JSON, 400, "is not a list of entity-tags", "nope"),
    ("patch", "/api/v1/mechanisms/dna-repair/", body(), JSON, 428, "would overwrite what someone else saved", "*"),
    ("patch", "/api/v1/mechanisms/no-such-route/", body(), JSON, 404, "No Mechanism matches"),
    ("delete", "/api/v1/mechanisms/dna-repair/", "", JSON, 412, "is not an ETag of this record", '"x-v1"'),
    ("delete", "/api/v1/mechanisms/dna-repair/", "", JSON, 428, "would overwrite what someone else saved", "*"),
    ("post", "/api/v1/mechanisms/dna-repair/publish/", "{}", JSON, 400, "cannot be published"),
    ("put", "/api/v1/sources/review/", "{}", JSON, 405, "not allowed"),
]


@pytest.mark.parametrize(
    ("method", "url", "data", "content_type", "status", "reason", "if_match"),
    [(*row, None) if len(row) == 6 else row for row in WRITES],
    ids=[f"{row[0]} {row[1]} {str(row[2])[:30]}" for row in WRITES],
)
def test_bad_writes_get_a_4xx_with_the_reason(method, url, data, content_type, status, reason, if_match):
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(make_account("hostile-editor", "editors"))
    extra = {"HTTP_IF_MATCH": if_match} if if_match else {}
    response = getattr(client, method)(url, data=data, content_type=content_type, **extra)
    assert response.status_code == status, response.content[:300]
    assert reason in response.content.decode(), response.content[:300]


def test_bad_forms_get_a_400_with_the_reason(client):
    reader = make_account("hostile-reader")
    client.force_login(reader)
    suggest = "/suggest/mechanisms/mechanism/dna-repair/"
    response = client.post(suggest, {"field": "nope", "proposed": "x", "reason": "y"})
    assert response.status_code == 400 and "Select a valid choice" in response.content.decode()
    response = client.post(suggest, {"field": "name", "proposed": "x" * 100_000, "reason": "\u0000"})
    page = response.content.decode()
    assert response.status_code == 400 and "Null characters are not allowed" in page and "at most 5000" in page
    client.logout()
    response = client.post("/accounts/login/", {"username": "hostile-reader", "password": "wrong"})
    assert response.status_code == 400 and "enter a correct username and password" in response.content.decode()
    response = client.post("/accounts/login/", {"username": "x" * 100_000, "password": "\u0000"})
    assert response.status_code in (400, 429)


def test_the_admin_answers_bad_input_with_a_4xx(admin_client):
    history = "/admin/mechanisms/mechanism/1/history/diff/"
    response = admin_client.get(history + "?new=abc")
    assert response.status_code == 400 and "new must be the number of a version" in response.content.decode()
    response = admin_client.post(history, {"revert_to": "1"})
    assert response.status_code == 400 and "expected_version is missing" in response.content.decode()
    assert admin_client.get("/admin/mechanisms/mechanism/?q=%00").status_code == 400
    response = admin_client.post("/admin/mechanisms/mechanism/add/", {"name": "", "slug": "no spaces"})
    assert response.status_code == 400 and "This field is required" in response.content.decode()
