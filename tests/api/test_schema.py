"""The OpenAPI 3 schema validates and documents every filter; the docs pages load only this site's files."""

import re

import pytest
from openapi_spec_validator import validate

from biomarkers.filtersets import MicroRNAFilterSet
from trials.filtersets import TrialFilterSet

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client):
    response = api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    return response.json()


def test_schema_validates_as_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_schema_documents_every_path_and_filter_with_its_type_and_choices(schema):
    paths = schema["paths"]
    for name in (
        "mechanisms",
        "strategies",
        "biomarkers",
        "mirnas",
        "compounds",
        "trials",
        "genes",
        "cell-lines",
        "model-systems",
        "sources",
        "errata",
    ):
        assert f"/api/v1/{name}/" in paths and any(p.startswith(f"/api/v1/{name}/{{") for p in paths)
    for path, filterset in (("/api/v1/mirnas/", MicroRNAFilterSet), ("/api/v1/trials/", TrialFilterSet)):
        parameters = {p["name"]: p["schema"] for p in paths[path]["get"]["parameters"]}
        assert set(filterset.base_filters) <= set(parameters)
        assert {"page", "page_size"} <= set(parameters)
    mirna = {p["name"]: p["schema"] for p in paths["/api/v1/mirnas/"]["get"]["parameters"]}
    assert mirna["direction"]["enum"] == ["down", "up"]
    assert mirna["fold_change_min"]["type"] == "number"
    trial = {p["name"]: p["schema"] for p in paths["/api/v1/trials/"]["get"]["parameters"]}
    assert "phase1_2" in trial["phase"]["items"]["enum"]


def test_schema_documents_the_search_and_every_kind_it_narrows_to(schema):
    search = schema["paths"]["/api/v1/search/"]["get"]
    parameters = {p["name"]: p for p in search["parameters"]}
    assert parameters["q"]["required"] is True
    kinds = ["mechanism", "strategy", "biomarker", "microrna", "compound", "trial", "gene", "cellline"]
    assert set(parameters["kind"]["schema"]["enum"]) == {
        *kinds,
        "celllinesubgroup",
        "modelsystem",
        "erratum",
        "statement",
    }
    assert search["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/SearchPage")


@pytest.mark.parametrize("url", ["/api/v1/docs/", "/api/v1/docs/redoc/"])
def test_docs_pages_load_files_from_this_site_only(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.findall(r"https?://", html), "no request to another host"
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(asset.startswith(("/static/drf_spectacular_sidecar/", url)) for asset in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200
    assert "<script>" not in html, "no inline script: the start-up script is a file of its own"
    policy = response["Content-Security-Policy"]
    script_src = next(d for d in policy.split(";") if d.strip().startswith("script-src"))
    assert script_src.split() == ["script-src", "'self'"]


def test_over_the_rate_answers_429_with_retry_after(api_client, settings):
    settings.KB_RATE_LIMITS = {"anon": "3/minute", "user": "5/minute"}
    statuses = [api_client.get("/api/v1/genes/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api_client.get("/api/v1/genes/")
    assert response.status_code == 429 and 0 < int(response["Retry-After"]) <= 60
    assert "More than 3 requests a minute" in response.json()["detail"]


def test_every_operation_documents_its_error_statuses_and_reads_are_open(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            if method == "get":
                assert {"400", "404", "429", "503"} <= statuses, (method, path, statuses)
                assert {} in operation["security"], (method, path)  # open: no credentials needed
                for status in ("429", "503"):
                    assert "Retry-After" in operation["responses"][status]["headers"], (path, status)
            else:
                assert {"400", "401", "403", "429", "503"} <= statuses, (method, path, statuses)
                open_to_all = path.endswith("/suggest/")  # anyone suggests a correction, with or without a token
                assert ({} in operation.get("security", [])) == open_to_all, (method, path)
            if method in ("put", "patch", "delete") and not path.rstrip("/").endswith("follow"):  # a record's own
                assert {"412", "428"} <= statuses, (method, path, statuses)
                if_match = next(p for p in operation["parameters"] if p["name"] == "If-Match")
                assert if_match["in"] == "header" and if_match["required"] == (method != "delete"), (method, path)


def test_the_paging_parameters_carry_their_bounds(schema):
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/mirnas/"]["get"]["parameters"]}
    assert parameters["page_size"]["minimum"] == 1 and parameters["page_size"]["maximum"] == 500
    assert parameters["page"]["minimum"] == 1


def test_what_the_schema_says_of_reads_holds(schema, api_client):
    """A read refuses a bad token with 401, the status endpoint is never a 304, a 429 is JSON only, and the If-Match
    pattern accepts only the entity-tags the site reads."""
    import re

    assert "401" in schema["paths"]["/api/v1/genes/"]["get"]["responses"]
    assert api_client.get("/api/v1/genes/", HTTP_AUTHORIZATION="Token made-up").status_code == 401
    assert "304" not in schema["paths"]["/api/v1/status/"]["get"]["responses"]
    assert "304" in schema["paths"]["/api/v1/genes/"]["get"]["responses"]
    assert list(schema["paths"]["/api/v1/genes/"]["get"]["responses"]["429"]["content"]) == ["application/json"]
    patch = schema["paths"]["/api/v1/compounds/{slug}/"]["patch"]
    pattern = next(p for p in patch["parameters"] if p["name"] == "If-Match")["schema"]["pattern"]
    assert re.fullmatch(pattern, '"compound-3-v4", "compound-3-v5"') and re.fullmatch(pattern, 'W/"x"')
    assert not re.fullmatch(pattern, '"a b"') and not re.fullmatch(pattern, '"é"')


def test_a_workflow_action_is_documented_as_reading_an_optional_reason(schema):
    for action in ("submit", "publish", "retire", "draft"):
        operation = schema["paths"][f"/api/v1/compounds/{{slug}}/{action}/"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
        assert not operation["requestBody"].get("required") and "415" in operation["responses"], action
        assert set(schema["components"]["schemas"][body]["properties"]) == {"reason"}
        assert "If-Match" not in {p["name"] for p in operation["parameters"]}, action
