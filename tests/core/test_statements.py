"""Statements: every link of the knowledge base has its own, a second source works end to end, conflicts show.

These run on SQLite and on PostgreSQL (``make test`` runs the suite on both).
"""

import csv
import io
import json

import pytest
from django.apps import apps
from django.urls import reverse
from rest_framework.test import APIClient

from kb.api.base import statement_links
from kb.core import kinds
from kb.core.graph import build_graph
from kb.core.models import Source, SourcePart
from kb.core.statements import Statement, StatementRelation
from kb.curation.services import record_save, record_transition
from kb.releases.export import release_files
from kb.search import search
from tests.conftest import make_account
from tests.helpers import form_data

pytestmark = pytest.mark.django_db


def form_errors(response) -> list:
    """What the admin's form and its inlines say is wrong."""
    context = response.context
    if context is None or "adminform" not in context:
        return [response.status_code]
    errors = [dict(context["adminform"].form.errors)]
    for inline in context["inline_admin_formsets"]:
        errors += [inline.formset.non_form_errors(), *[form.errors for form in inline.formset.forms if form.errors]]
    return errors


def every_link():
    """(record, relation, target) for every link the loaded knowledge base holds."""
    for kind in kinds.records():
        for name in sorted(statement_links(kind.model)):
            field = kind.model._meta.get_field(name)
            for record in kind.model.objects.all():
                targets = [getattr(record, name)] if field.many_to_one else list(getattr(record, name).all())
                for target in targets:
                    if target is not None:
                        yield record, name, target


def statements_of(record, name, target):
    return Statement.objects.filter(
        subject_kind=record._meta.model_name,
        subject_slug=record.slug,
        relation=name,
        object_kind=target._meta.model_name,
        object_slug=target.slug,
    )


def test_every_link_has_a_published_statement_and_every_statement_its_link():
    links = list(every_link())
    assert len(links) >= 90, "the review's links are loaded"
    for record, name, target in links:
        published = statements_of(record, name, target).filter(status="published", direction="supports")
        assert published.exists(), f"{record} {name} {target}: no published statement"
    drawn = {(r._meta.model_name, r.slug, name, t._meta.model_name, t.slug) for r, name, t in links}
    for statement in Statement.objects.filter(status="published", direction="supports"):
        link = (*statement.ends()[0], statement.relation, *statement.ends()[1])
        assert link in drawn, f"{statement}: supported, but the records are not linked"


def test_each_printed_quote_is_in_its_part_and_each_inference_has_a_reason():
    statements = list(Statement.objects.select_related("part"))
    assert {s.basis for s in statements} == {"printed", "inferred"}
    for statement in statements:
        if statement.basis == "printed":
            assert statement.part is not None and statement.quote
            cells = [cell for row in statement.part.rows for cell in row["cells"].values()]
            assert any(statement.quote in cell for cell in cells), f"{statement}: quote not in {statement.part}"
            assert statement.line in {row["line"] for row in statement.part.rows}
        if statement.basis == "inferred":
            assert statement.reason.strip(), f"{statement}: an inference without its reason"
        assert statement.level == "E" and statement.direction == "supports"


def test_a_link_is_marked_at_both_ends_with_the_same_statements(api_client):
    """HER2 expression ↔ lapatinib is a curator's inference: the compound and the biomarker both say so."""
    compound = api_client.get("/api/v1/compounds/lapatinib/").json()
    biomarker = api_client.get("/api/v1/biomarkers/her2-expression/").json()
    from_compound = next(b for b in compound["biomarkers"] if b["slug"] == "her2-expression")["statements"]
    from_biomarker = next(c for c in biomarker["compounds"] if c["slug"] == "lapatinib")["statements"]
    assert from_compound == from_biomarker and [s["basis"] for s in from_compound] == ["inferred"]
    assert from_compound[0]["reason"]
    page = api_client.get("/biomarkers/her2-expression/").content.decode()
    assert 'data-basis="inferred"' in page and from_compound[0]["reason"].split(";")[0][:40] in page


def test_a_link_without_a_published_statement_is_on_no_public_surface(api_client, django_capture_on_commit_callbacks):
    editor = make_account("st-editor", "editors")
    statement = Statement.objects.get(slug="compound-olaparib-biomarkers-brca-mutations")
    record_transition(record=statement, action="draft", user=editor)
    assert not api_client.get("/api/v1/compounds/olaparib/").json()["biomarkers"]
    assert "brca-mutations" not in api_client.get("/compounds/olaparib/").content.decode()
    assert api_client.get(f"/api/v1/statements/{statement.slug}/").status_code == 404
    nodes, edges = build_graph()
    assert not [e for e in edges if e.source == "compound:olaparib" and e.target == "biomarker:brca-mutations"]


def test_links_are_written_as_statements_not_on_records(api_client):
    curator = make_account("st-curator", "curators")
    api_client.force_authenticate(curator)
    response = api_client.patch(
        "/api/v1/compounds/lapatinib/", {"mechanisms": ["drug-efflux"]}, format="json", HTTP_IF_MATCH='"x"'
    )
    assert response.status_code in (400, 412)
    response = api_client.post("/api/v1/compounds/", {"slug": "x1", "name": "X1", "mechanisms": ["drug-efflux"]})
    assert response.status_code == 400 and "statements" in response.json()["mechanisms"][0]
    inferred = {
        "slug": "compound-lapatinib-mechanisms-drug-efflux",
        "subject_kind": "compound",
        "subject_slug": "lapatinib",
        "relation": "mechanisms",
        "predicate": "counters",
        "object_kind": "mechanism",
        "object_slug": "drug-efflux",
        "basis": "inferred",
    }
    response = api_client.post("/api/v1/statements/", inferred, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = api_client.post("/api/v1/statements/", {**inferred, "relation": "genes"}, format="json")
    assert response.status_code == 400 and "no link" in json.dumps(response.json())


def test_a_second_source_works_end_to_end(client, django_capture_on_commit_callbacks):
    """A curator adds a primary paper and a statement from it in the admin; an editor publishes; the pages, the API,
    search, the graph and the release show both statements of the link, each with its source."""
    curator, editor = make_account("paper-curator", "curators"), make_account("paper-editor", "editors")
    client.force_login(curator)
    page = client.get(reverse("admin:kb_source_add")).content.decode()
    data = form_data(page, "source_form")
    data.update(
        slug="test-paper-2024",
        kind="primary",
        title="P-glycoprotein and drug efflux in breast cancer cells (a test source)",
        authors="Doe J; Roe R",
        journal="Journal of Tests",
        year="2024",
        doi="10.5555/test.2024.1",
        pmid="",
    )
    assert client.post(reverse("admin:kb_source_add"), data).status_code == 302
    paper = Source.objects.get(slug="test-paper-2024")
    assert paper.history.get().history_user == curator
    review_statement = Statement.objects.get(slug="biomarker-p-glycoprotein-mechanisms-drug-efflux")
    page = client.get(reverse("admin:kb_statement_add")).content.decode()
    data = form_data(page, "statement_form")
    data.update(
        slug="biomarker-p-glycoprotein-mechanisms-drug-efflux-test-paper-2024",
        subject_kind="biomarker",
        subject_slug="p-glycoprotein",
        relation="mechanisms",
        predicate="signals",
        object_kind="mechanism",
        object_slug="drug-efflux",
        basis="external",
        level="D",
        direction="supports",
        source=str(paper.pk),
        locator="Results, figure 2",
        quote="P-gp overexpression lowered intracellular doxorubicin in resistant cells.",
        **{
            "relations-TOTAL_FORMS": "1",
            "relations-0-kind": "supports",
            "relations-0-other": str(review_statement.pk),
            "relations-0-reason": "Measures the efflux the review names for P-gp.",
        },
    )
    response = client.post(reverse("admin:kb_statement_add"), data)
    assert response.status_code == 302, form_errors(response)
    statement = Statement.objects.get(slug=data["slug"])
    assert statement.status == "draft" and statement.created_by == curator
    record_transition(record=statement, action="submit", user=curator)
    with django_capture_on_commit_callbacks(execute=True):
        record_transition(record=statement, action="publish", user=editor)

    public = APIClient()
    body = public.get("/api/v1/biomarkers/p-glycoprotein/").json()
    behind = next(m for m in body["mechanisms"] if m["slug"] == "drug-efflux")["statements"]
    assert {(s["basis"], s["source"]) for s in behind} == {("printed", "review"), ("external", "test-paper-2024")}
    other_end = public.get("/api/v1/mechanisms/drug-efflux/").json()
    assert next(b for b in other_end["biomarkers"] if b["slug"] == "p-glycoprotein")["statements"] == behind
    listed = public.get("/api/v1/statements/?source=test-paper-2024").json()
    assert [s["slug"] for s in listed["results"]] == [statement.slug]
    assert listed["results"][0]["relations"] == [
        {"kind": "supports", "other": review_statement.slug, "reason": "Measures the efflux the review names for P-gp."}
    ]
    for url in ("/biomarkers/p-glycoprotein/", "/mechanisms/drug-efflux/"):
        page = public.get(url).content.decode()
        assert paper.title in page and "intracellular doxorubicin" in page and 'data-basis="external"' in page
    assert "test-paper-2024" in public.get("/sources/test-paper-2024/").content.decode()
    hits = search("intracellular doxorubicin", user=None)
    assert hits and hits[0].entry.object_id == statement.pk
    _, edges = build_graph()
    edge = next(e for e in edges if e.source == "biomarker:p-glycoprotein" and e.target == "mechanism:drug-efflux")
    assert edge.sources == "review;test-paper-2024" and edge.basis == "external;printed"
    files = release_files(base_url="https://kb.example.org")
    rows = list(csv.DictReader(io.StringIO(files["csv/statements.csv"])))
    assert {row["slug"] for row in rows} >= {statement.slug, review_statement.slug}
    assert statement.slug in files["fixtures/statements.json"]
    edges_csv = list(csv.DictReader(io.StringIO(files["graph/edges.csv"])))
    assert any(row["sources"] == "review;test-paper-2024" for row in edges_csv)


def test_a_conflict_shows_on_both_records_and_on_the_source_page(api_client, django_capture_on_commit_callbacks):
    curator, editor = make_account("conflict-curator", "curators"), make_account("conflict-editor", "editors")
    paper = Source.objects.create(slug="test-trial-2025", kind="primary", title="A test trial report (test source)")
    review_statement = Statement.objects.get(slug="compound-lapatinib-biomarkers-her2-expression")
    against = Statement(
        slug="compound-lapatinib-biomarkers-her2-expression-test-trial-2025",
        subject_kind="compound",
        subject_slug="lapatinib",
        relation="biomarkers",
        predicate="indicated_by",
        object_kind="biomarker",
        object_slug="her2-expression",
        basis="external",
        level="B",
        direction="does_not_support",
        source=paper,
        locator="Results",
        quote="HER2 expression did not predict benefit from lapatinib.",
    )
    record_save(record=against, user=curator)
    StatementRelation.objects.create(
        statement=against, kind="contradicts", other=review_statement, reason="A trial, against the inference."
    )
    record_transition(record=against, action="submit", user=curator)
    with django_capture_on_commit_callbacks(execute=True):
        record_transition(record=against, action="publish", user=editor)
    assert api_client.get("/api/v1/compounds/lapatinib/").json()["biomarkers"], "the review's statement still holds"
    for url in ("/compounds/lapatinib/", "/biomarkers/her2-expression/"):
        page = api_client.get(url).content.decode()
        assert 'class="badge conflict"' in page and "does not support" in page
    contested = api_client.get("/api/v1/statements/?has_conflict=true").json()["results"]
    assert {s["slug"] for s in contested} == {against.slug, review_statement.slug}
    assert [c["slug"] for c in api_client.get("/api/v1/compounds/?has_conflict=true").json()["results"]] == [
        "lapatinib"
    ]
    biomarkers = api_client.get("/api/v1/biomarkers/?has_conflict=true").json()["results"]
    assert [b["slug"] for b in biomarkers] == ["her2-expression"]
    assert "lapatinib" not in [
        c["slug"] for c in api_client.get("/api/v1/compounds/?has_conflict=false").json()["results"]
    ]
    for slug in ("review", "test-trial-2025"):
        page = api_client.get(f"/sources/{slug}/").content.decode()
        section = page.split('data-testid="conflicts"')[1].split("</ul>")[0]
        assert against.slug in section and review_statement.slug in section


def test_statements_filter_by_every_field_the_issue_names(api_client):
    def slugs(query):
        response = api_client.get(f"/api/v1/statements/?page_size=500&{query}")
        assert response.status_code == 200, response.content
        return {s["slug"] for s in response.json()["results"]}

    everything = slugs("")
    assert len(everything) == Statement.objects.count()
    assert slugs("subject_kind=compound&subject=lapatinib") == set(
        Statement.objects.filter(subject_kind="compound", subject_slug="lapatinib").values_list("slug", flat=True)
    )
    assert slugs("object_kind=gene&object=erbb2") and all("erbb2" in s for s in slugs("object_kind=gene&object=erbb2"))
    assert slugs("basis=inferred") | slugs("basis=printed") == everything
    assert not slugs("basis=inferred") & slugs("basis=printed")
    assert slugs("predicate=targets") == set(
        Statement.objects.filter(predicate="targets").values_list("slug", flat=True)
    )
    assert slugs("source=review") == everything and slugs("level=E") == everything
    assert slugs("direction=supports") == everything and not slugs("has_conflict=true")
    assert slugs("about=gene:erbb2") >= slugs("object_kind=gene&object=erbb2")
    assert api_client.get("/api/v1/statements/?basis=nope").status_code == 400
    rows = list(csv.DictReader(io.StringIO(api_client.get("/api/v1/statements/?format=csv").content.decode())))
    assert len(rows) == len(everything) and {"basis", "quote"} <= {key.split(".")[-1] for key in rows[0]}


ADMIN_KINDS = [kind.model for kind in kinds.records()] + [Source, SourcePart]


@pytest.mark.parametrize("model", ADMIN_KINDS, ids=lambda model: model._meta.label)
def test_saving_a_change_form_unchanged_records_no_change(client, model):
    editor = make_account(f"unchanged-{model._meta.model_name}", "editors")
    client.force_login(editor)
    record = model._default_manager.order_by("pk").first()
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[record.pk])
    page = client.get(url)
    assert page.status_code == 200
    history = getattr(record, "history", None)
    before = history.count() if history is not None else 0
    response = client.post(url, {**form_data(page.content.decode(), f"{model._meta.model_name}_form"), "_save": "Save"})
    assert response.status_code == 302, form_errors(response)
    if history is not None:
        rows = list(record.history.order_by("-history_date", "-history_id"))
        new = rows[: len(rows) - before]
        for row in new:
            previous = rows[rows.index(row) + 1] if rows.index(row) + 1 < len(rows) else None
            assert previous is None or not row.diff_against(previous).changes, f"{model}: a phantom change"
        assert not new or model in (Source, SourcePart), f"{model}: an unchanged save made a history row"
    fresh = model._default_manager.get(pk=record.pk)
    for field in model._meta.concrete_fields:
        if field.name not in ("updated_at", "version"):
            assert field.value_from_object(fresh) == field.value_from_object(record), field.name


def test_provenance_is_read_only_to_an_edit_and_an_editor_corrects_it_with_a_reason(client):
    curator, editor = make_account("prov-curator", "curators"), make_account("prov-editor", "editors")
    compound = apps.get_model("trials", "Compound").objects.get(slug="ribociclib")
    compound.quote = compound.quote + " (changed)"
    with pytest.raises(Exception, match="Correct provenance"):
        record_save(record=compound, user=editor)
    client.force_login(editor)
    url = reverse("admin:trials_compound_provenance", args=[compound.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page.content.decode(), "provenance_form")
    data["locator"] = "Table 1, row 2 (corrected)"
    assert client.post(url, {**data, "reason": ""}).status_code == 400
    assert client.post(url, {**data, "reason": "The row number was wrong."}).status_code == 302
    compound.refresh_from_db()
    assert compound.locator == "Table 1, row 2 (corrected)" and compound.quote.endswith("therapy.")
    assert compound.history.latest("history_date").history_change_reason.startswith("Provenance corrected: The row")
    client.force_login(curator)
    assert client.get(url).status_code == 403


def test_a_statement_moved_to_another_link_takes_its_old_link_with_it():
    editor, other = make_account("move-editor", "editors"), make_account("move-other", "editors")
    statement = Statement.objects.get(slug="biomarker-p-glycoprotein-mechanisms-drug-efflux")
    statement.object_slug = "senescence"
    record_save(record=statement, user=editor, reason="Moved")
    biomarker = apps.get_model("biomarkers", "Biomarker").objects.get(slug="p-glycoprotein")
    assert not biomarker.mechanisms.filter(slug="drug-efflux").exists(), "no published statement supports it now"
    assert not biomarker.mechanisms.filter(slug="senescence").exists(), "a statement in review supports nothing yet"
    assert Statement.objects.get(pk=statement.pk).status == "in_review"
    record_transition(record=statement, action="publish", user=other)
    assert biomarker.mechanisms.filter(slug="senescence").exists()


def test_statements_about_a_draft_record_or_from_a_draft_statement_stay_private():
    from biomarkers.models import Biomarker

    Biomarker.objects.filter(slug="brca-mutations").update(status="draft")
    page = APIClient().get("/mechanisms/dna-repair/").content.decode()
    assert "brca-mutations" not in page, "a statement about a draft record names it nowhere"
    curator = make_account("private-curator", "curators")
    review_statement = Statement.objects.get(slug="compound-lapatinib-targets-erbb2")
    draft = Statement(
        slug="compound-lapatinib-targets-erbb2-draft",
        subject_kind="compound",
        subject_slug="lapatinib",
        relation="targets",
        object_kind="gene",
        object_slug="erbb2",
        predicate="targets",
        basis="inferred",
        reason="A draft that contradicts.",
        direction="does_not_support",
    )
    record_save(record=draft, user=curator)
    StatementRelation.objects.create(statement=draft, kind="contradicts", other=review_statement, reason="Secret")
    public = APIClient()
    body = public.get(f"/api/v1/statements/{review_statement.slug}/").json()
    assert body["has_conflict"] is False and body["related_from"] == []
    assert not public.get("/api/v1/statements/?has_conflict=true").json()["results"]
    assert "Secret" not in public.get(f"/statements/{review_statement.slug}/").content.decode()
    files = release_files(base_url="https://kb.example.org")
    assert "Secret" not in files["fixtures/statements.json"]


def test_a_statement_must_link_two_records_with_a_predicate_that_fits(api_client):
    api_client.force_authenticate(make_account("fit-curator", "curators"))
    base = {
        "subject_kind": "mechanism",
        "subject_slug": "hypoxia",
        "relation": "parent",
        "predicate": "part_of",
        "object_kind": "mechanism",
        "basis": "inferred",
        "reason": "A test.",
    }
    itself = api_client.post("/api/v1/statements/", {**base, "slug": "s-1", "object_slug": "hypoxia"}, format="json")
    assert itself.status_code == 400 and "same" in json.dumps(itself.json())
    wrong = {**base, "slug": "s-2", "object_slug": "drug-efflux", "predicate": "targets"}
    assert api_client.post("/api/v1/statements/", wrong, format="json").status_code == 400
    made = api_client.post("/api/v1/statements/", {**base, "slug": "s-3", "object_slug": "drug-efflux"}, format="json")
    assert made.status_code == 201
    assert made.json()["subject"]["name"] == "Hypoxia" and made.json()["object"]["slug"] == "drug-efflux"
