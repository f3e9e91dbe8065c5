"""Who may do what: every role against every write and workflow action, in the API and in the admin.

Each attempt is judged by its answer and by its effect: a refused action leaves the record as it was.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from kb.core.querysets import PUBLIC
from tests.conftest import make_account
from tests.helpers import KINDS

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "curator", "editor", "superuser"]
WORKFLOW = {  # action: (status the record starts in, status it ends in)
    "submit": ("draft", "in_review"),
    "publish": ("in_review", "published"),
    "retire": ("published", "retired"),
    "draft": ("published", "draft"),
}
ALLOWED = {
    "anonymous": set(),
    "reader": set(),
    # Taking a published record off the public site (back to draft, or by a change) is for editors only.
    "curator": {"create", "edit", "submit", "revert"},
    "editor": {"create", "edit", "edit published", "delete", "submit", "publish", "retire", "draft", "revert"},
    "superuser": {"create", "edit", "edit published", "delete", "submit", "publish", "retire", "draft", "revert"},
}
ENDPOINTS = {
    "mechanisms.Mechanism": "mechanisms",
    "mechanisms.Strategy": "strategies",
    "biomarkers.Biomarker": "biomarkers",
    "biomarkers.MicroRNA": "mirnas",
    "trials.Compound": "compounds",
    "trials.Trial": "trials",
    "kb.Gene": "genes",
    "mechanisms.CellLine": "cell-lines",
    "mechanisms.CellLineSubgroup": "cell-line-subgroups",
    "mechanisms.ModelSystem": "model-systems",
    "kb.Erratum": "errata",
    "kb.Statement": "statements",
}
assert set(ENDPOINTS) == set(KINDS), "every kind of record is in the matrix"


def account(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return get_user_model().objects.create_superuser("root", "root@example.org", "not-a-real-password-1")
    return make_account(f"a-{role}", {"reader": None, "curator": "curators", "editor": "editors"}[role])


def a_record(model):
    """A published record nothing protects from deletion (no child points at it)."""
    for record in model.objects.visible_to(PUBLIC).order_by("pk"):
        if not getattr(record, "children", None) or not record.children.exists():
            if not hasattr(record, "compound_links") or not record.compound_links.exists():
                return record
    raise AssertionError(model)


def refused_status(role, visible: bool) -> int:
    """How a refusal reads: who are you (anonymous), no such record (a draft, for a reader), or not allowed."""
    return {"anonymous": 401, "reader": 403 if visible else 404}.get(role, 403)


@pytest.mark.parametrize("label", list(ENDPOINTS))
@pytest.mark.parametrize("role", ROLES)
def test_the_api_matrix(role, label):
    model, user = apps.get_model(label), account(role)
    url = f"/api/v1/{ENDPOINTS[label]}/"
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    record = a_record(model)
    key = getattr(record, "nct_id", None) or (record.name if label == "kb.Gene" else record.slug)
    detail = f"{url}{key}/"

    # create: an empty body is refused for want of permission, or else for its missing fields
    response = client.post(url, {}, format="json")
    assert response.status_code == (400 if "create" in ALLOWED[role] else refused_status(role, True)), response.data

    # workflow (before any edit: nobody publishes a change they made)
    for action, (start, end) in WORKFLOW.items():
        model.objects.filter(pk=record.pk).update(status=start)
        response = client.post(f"{detail}{action}/")
        status = model.objects.get(pk=record.pk).status
        if action in ALLOWED[role]:
            assert response.status_code == 200 and status == end, (action, response.data)
        else:
            assert response.status_code == refused_status(role, start == "published"), (action, response.data)
            assert status == start, action

    # edit, a draft and a published record
    for action, start in (("edit", "draft"), ("edit published", "published")):
        model.objects.filter(pk=record.pk).update(status=start, curator_note="")
        tag = f'"{model._meta.model_name}-{record.pk}-v{model.objects.get(pk=record.pk).version}"'
        response = client.patch(detail, {"curator_note": "matrix"}, format="json", HTTP_IF_MATCH=tag)
        changed = model.objects.get(pk=record.pk)
        if action in ALLOWED[role]:
            assert response.status_code == 200 and changed.curator_note == "matrix", (action, response.data)
        else:
            assert response.status_code == refused_status(role, True), (action, response.data)
            assert changed.curator_note == "" and changed.status == start, action

    # delete
    model.objects.filter(pk=record.pk).update(status="published")
    response = client.delete(detail)
    exists = model.objects.filter(pk=record.pk).exists()
    if "delete" in ALLOWED[role]:
        assert response.status_code == 204 and not exists
    else:
        assert response.status_code == refused_status(role, True) and exists


def test_deleting_a_record_others_still_point_at_is_a_409_that_names_them(api_client, editor):
    parent = apps.get_model("mechanisms.Mechanism").objects.filter(children__isnull=False).first()
    api_client.force_authenticate(editor)
    response = api_client.delete(f"/api/v1/mechanisms/{parent.slug}/")
    assert response.status_code == 409 and "Still linked from" in response.data["detail"]
    assert str(parent.children.first()) in response.data["detail"]


def admin_form_data(response) -> dict:
    """What the browser would send back from an admin change form, unchanged."""

    def value(bound):
        data = bound.value()
        return [str(v) for v in data] if isinstance(data, list | tuple) else data

    form = response.context["adminform"].form
    data = {name: value(form[name]) for name in form.fields if form[name].value() is not None}
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        for row in formset.initial_forms:
            data.update({row.add_prefix(n): value(row[n]) for n in row.fields if row[n].value() is not None})
    return data


@pytest.mark.parametrize("label", list(ENDPOINTS))
@pytest.mark.parametrize("role", ROLES)
def test_the_admin_matrix(role, label):
    model, user = apps.get_model(label), account(role)
    client = Client()
    if user is not None:
        client.force_login(user)
    record = a_record(model)
    opts = model._meta
    base = f"/admin/{opts.app_label}/{opts.model_name}/"
    staff = role in ("curator", "editor", "superuser")

    response = client.get(base)
    if not staff:  # the admin is for staff only: everyone else is sent to sign in
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        assert client.post(f"{base}{record.pk}/delete/", {"post": "yes"}).status_code == 302
        assert client.post(base, {"action": "publish", "_selected_action": [record.pk]}).status_code == 302
        assert model.objects.filter(pk=record.pk, status="published").exists()
        return
    assert response.status_code == 200
    assert client.get(f"{base}add/").status_code == 200

    # workflow actions on the change list
    names = {"submit": "submit_for_review", "publish": "publish", "retire": "retire", "draft": "back_to_draft"}
    for action, (start, end) in WORKFLOW.items():
        model.objects.filter(pk=record.pk).update(status=start)
        client.post(base, {"action": names[action], "_selected_action": [record.pk]})
        status = model.objects.get(pk=record.pk).status
        assert status == (end if action in ALLOWED[role] else start), (action, status)

    # a published record: read-only to curators (a change would take it off the public site)
    model.objects.filter(pk=record.pk).update(status="published")
    form = client.get(f"{base}{record.pk}/change/")
    if "edit published" in ALLOWED[role]:
        assert form.context["has_change_permission"], role
    else:
        assert not form.context["has_change_permission"], role
        assert client.post(f"{base}{record.pk}/change/", {"curator_note": "matrix"}).status_code == 403
        assert model.objects.get(pk=record.pk).curator_note != "matrix"

    # edit a draft through the change form, as a browser sends it
    model.objects.filter(pk=record.pk).update(status="draft")
    form = client.get(f"{base}{record.pk}/change/")
    response = client.post(f"{base}{record.pk}/change/", {**admin_form_data(form), "curator_note": "matrix"})
    assert response.status_code == 302, response.context and response.context["errors"]
    assert model.objects.get(pk=record.pk).curator_note == "matrix"

    # revert to the version before the edit (itself a recorded change)
    versions = list(model.objects.get(pk=record.pk).history.order_by("-history_date", "-history_id"))
    before = next(v for v in versions if v.curator_note != "matrix")
    current = model.objects.get(pk=record.pk).version
    client.post(f"{base}{record.pk}/history/diff/", {"revert_to": before.history_id, "expected_version": current})
    assert (model.objects.get(pk=record.pk).curator_note != "matrix") == ("revert" in ALLOWED[role])

    # delete
    response = client.post(f"{base}{record.pk}/delete/", {"post": "yes"})
    exists = model.objects.filter(pk=record.pk).exists()
    if "delete" in ALLOWED[role]:
        assert response.status_code == 302 and not exists
    else:
        assert response.status_code == 403 and exists
