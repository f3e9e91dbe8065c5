"""Who may do what: every role against every write and workflow action, in the API and in the admin.

Each attempt is judged by its answer and by its effect: a refused action leaves the record as it was.
"""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from rest_framework.test import APIClient

from kb.core.models import Erratum
from kb.core.querysets import PUBLIC
from kb.core.workbench import Follow
from kb.curation.suggestions import suggestable_fields, suggestion_create
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
EDITOR = {"create", "edit", "edit published", "delete", "submit", "publish", "retire", "draft", "revert", "follow"}
ALLOWED = {
    # Anyone suggests a correction (without an account: with a name and an e-mail address).
    "anonymous": {"suggest"},
    "reader": {"suggest"},
    # A curator's change of a published record sends it to review; back to draft (unpublishing) is an editor's step.
    "curator": {"create", "edit", "edit published", "submit", "revert", "follow", "suggest"},
    # Editors decide on suggestions (not their own).
    "editor": EDITOR | {"suggest", "accept", "reject"},
    "superuser": EDITOR | {"suggest", "accept", "reject"},
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

    # edit a published record: it goes to review, off the public site
    model.objects.filter(pk=record.pk).update(status="published", curator_note="")
    tag = f'"{model._meta.model_name}-{record.pk}-v{model.objects.get(pk=record.pk).version}"'
    response = client.patch(detail, {"curator_note": "matrix, published"}, format="json", HTTP_IF_MATCH=tag)
    if "edit published" in ALLOWED[role]:
        assert model.objects.get(pk=record.pk).status == "in_review", response.data

    # follow, and stop following
    model.objects.filter(pk=record.pk).update(status="published")
    followed = Follow.objects.filter(user=user, object_id=record.pk) if user else Follow.objects.none()
    response = client.post(f"{detail}follow/")
    if "follow" in ALLOWED[role]:
        assert response.status_code == 200 and followed.exists()
        assert client.delete(f"{detail}follow/").status_code == 204 and not followed.exists()
    else:
        assert response.status_code == refused_status(role, True) and not followed.exists(), response.data

    # suggest a correction (kinds whose records carry errata)
    if hasattr(model, "errata"):
        body = {"field": suggestable(record), "proposed": "matrix", "reason": "matrix"}
        if user is None:
            body |= {"name": "A. Reader", "email": "reader@example.org"}
        response = client.post(f"{detail}suggest/", body, format="json")
        made = Erratum.objects.filter(kind="suggested", curator_note="matrix")
        assert response.status_code == 201 and made.count() == 1, response.data
        made.delete()

    # delete
    model.objects.filter(pk=record.pk).update(status="published")
    response = client.delete(detail)
    exists = model.objects.filter(pk=record.pk).exists()
    if "delete" in ALLOWED[role]:
        assert response.status_code == 204 and not exists
    else:
        assert response.status_code == refused_status(role, True) and exists


def suggestable(record) -> str:
    return next(name for name, _ in suggestable_fields(record) if not name.endswith("_as_printed"))


def a_suggestion(by) -> Erratum:
    return suggestion_create(
        record=apps.get_model("trials.Compound").objects.get(slug="lapatinib"),
        field="drug_class",
        proposed="Kinase inhibitor",
        reason="matrix",
        user=by,
    )


@pytest.mark.parametrize("decision", ["accept", "reject"])
@pytest.mark.parametrize("role", ROLES)
def test_deciding_on_a_suggestion_api_and_admin(role, decision):
    """Editors accept or reject another's suggestion; nobody else, and nobody their own: by answer and by effect."""
    user, suggester = account(role), make_account("suggester")
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    suggestion = a_suggestion(suggester)
    response = client.post(f"/api/v1/errata/{suggestion.slug}/{decision}/", {"reason": "matrix"}, format="json")
    resolution = Erratum.objects.get(pk=suggestion.pk).resolution
    if decision in ALLOWED[role]:
        assert response.status_code == 200 and resolution == {"accept": "accepted", "reject": "rejected"}[decision]
    else:
        assert response.status_code == refused_status(role, False) and resolution == "", response.data

    # the admin's Accept and Reject on the suggestion's form
    browser = Client()
    if user is not None:
        browser.force_login(user)
    suggestion = a_suggestion(suggester)
    url = f"/admin/kb/erratum/{suggestion.pk}/decide/"
    response = browser.post(url, {"decision": decision, "reason": "matrix"})
    resolution = Erratum.objects.get(pk=suggestion.pk).resolution
    assert (resolution != "") == (decision in ALLOWED[role]), (role, response.status_code)
    if role in ("anonymous", "reader"):
        assert response.status_code == 302 and "/admin/login/" in response["Location"]

    # nobody decides on their own suggestion
    if user is not None and decision in ALLOWED[role]:
        own = a_suggestion(user)
        response = client.post(f"/api/v1/errata/{own.slug}/{decision}/", {"reason": "matrix"}, format="json")
        assert response.status_code == 403 and Erratum.objects.get(pk=own.pk).resolution == ""


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
        assert client.post(f"{base}{record.pk}/transition/", {"action": "retire", "reason": "x"}).status_code == 302
        assert client.post(f"{base}{record.pk}/follow/").status_code == 302 and not Follow.objects.exists()
        assert model.objects.filter(pk=record.pk, status="published").exists()
        return
    assert response.status_code == 200
    assert client.get(f"{base}add/").status_code == 200

    # workflow actions on the change list, and the change form's buttons, each with a reason
    names = {"submit": "submit_for_review", "publish": "publish", "retire": "retire", "draft": "back_to_draft"}
    for action, (start, end) in WORKFLOW.items():
        model.objects.filter(pk=record.pk).update(status=start)
        client.post(base, {"action": names[action], "_selected_action": [record.pk], "reason": "matrix"})
        status = model.objects.get(pk=record.pk).status
        assert status == (end if action in ALLOWED[role] else start), (action, status)
        model.objects.filter(pk=record.pk).update(status=start)
        offered = [name for name, _ in client.get(f"{base}{record.pk}/change/").context["workflow_actions"]]
        assert (action in offered) == (action in ALLOWED[role]), (action, offered)
        client.post(f"{base}{record.pk}/transition/", {"action": action, "reason": "matrix"})
        status = model.objects.get(pk=record.pk).status
        assert status == (end if action in ALLOWED[role] else start), (action, status)

    # a published record: anyone who edits warned that a change takes it off the public site, into review
    model.objects.filter(pk=record.pk).update(status="published")
    form = client.get(f"{base}{record.pk}/change/")
    assert form.context["has_change_permission"] == ("edit published" in ALLOWED[role]), role
    assert "takes it off the public site" in form.content.decode()

    # follow from the change form
    client.post(f"{base}{record.pk}/follow/")
    assert Follow.objects.filter(user=user, object_id=record.pk).exists() == ("follow" in ALLOWED[role])

    # edit a draft through the change form, as a browser sends it
    model.objects.filter(pk=record.pk).update(status="draft")
    form = client.get(f"{base}{record.pk}/change/")
    sent = {**admin_form_data(form), "curator_note": "matrix", "change_reason": "matrix"}
    response = client.post(f"{base}{record.pk}/change/", sent)
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
