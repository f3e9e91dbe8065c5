"""Curation rules: roles, workflow, history, diff and revert, no lost updates, suggested corrections."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from kb.curation.services import StaleRecord, record_revert, record_save, record_transition
from kb.models import Erratum
from tests.conftest import make_account
from tests.helpers import noted
from trials.models import Compound, Trial

pytestmark = pytest.mark.django_db
URL = "/api/v1/compounds/"


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def etag(client, slug) -> str:
    return client.get(f"{URL}{slug}/")["ETag"]


@pytest.fixture
def roles(db):
    return {
        "anonymous": None,
        "reader": make_account("a-reader"),
        "curator": make_account("a-curator", "curators"),
        "editor": make_account("an-editor", "editors"),
        "superuser": get_user_model().objects.create_superuser("root", "root@example.org", "not-a-real-password-1"),
    }


def attempt(user, action) -> int:
    """Try one action on the API as one user; return the status code."""
    client = api(user)
    author = make_account(f"author-{action}", "curators")
    if action == "create":
        return client.post(URL, {"slug": "tucatinib", "name": "Tucatinib"}, format="json").status_code
    if action in ("edit", "edit published"):
        if action == "edit":
            Compound.objects.filter(slug="lapatinib").update(status="draft")
        tag = etag(api(author), "lapatinib")  # a curator sees drafts too
        return client.patch(f"{URL}lapatinib/", {"curator_note": "x"}, format="json", HTTP_IF_MATCH=tag).status_code
    if action == "unpublish":
        return client.post(f"{URL}lapatinib/draft/").status_code
    if action == "delete":
        return client.delete(f"{URL}letrozole/").status_code
    record = Compound.objects.get(slug="everolimus")
    if action == "submit":
        Compound.objects.filter(pk=record.pk).update(status="draft")
        return client.post(f"{URL}everolimus/submit/").status_code
    if action in ("publish", "publish own change"):
        Compound.objects.filter(pk=record.pk).update(status="draft")
        editor_of_change = user if action == "publish own change" and user is not None else author
        record_save(record=noted(Compound.objects.get(pk=record.pk)), user=editor_of_change)
        Compound.objects.filter(pk=record.pk).update(status="in_review")
        return client.post(f"{URL}everolimus/publish/").status_code
    if action == "retire":
        return client.post(f"{URL}everolimus/retire/").status_code
    raise AssertionError(action)


ALLOWED = {  # role: the actions it may take
    "anonymous": set(),
    "reader": set(),
    # a curator's change of a published record sends it to review; taking it back to draft is an editor's
    "curator": {"create", "edit", "edit published", "submit"},
    "editor": {"create", "edit", "edit published", "unpublish", "delete", "submit", "publish", "retire"},
    "superuser": {"create", "edit", "edit published", "unpublish", "delete", "submit", "publish", "retire"},
}
ACTIONS = [
    "create",
    "edit",
    "edit published",
    "unpublish",
    "delete",
    "submit",
    "publish",
    "publish own change",
    "retire",
]


@pytest.mark.parametrize("role", list(ALLOWED))
@pytest.mark.parametrize("action", ACTIONS)
def test_the_permission_matrix(roles, role, action):
    status = attempt(roles[role], action)
    if action in ALLOWED[role]:
        assert status in (200, 201, 204), (role, action, status)
    else:
        # refused; a record the user may not even see (a draft, for a reader) is not found
        assert status in (401, 403, 404), (role, action, status)


def test_an_editor_cannot_publish_their_own_change_but_another_can(editor, other_editor):
    record = Compound.objects.get(slug="olaparib")
    record.description = "Edited by an editor."
    record_save(record=record, user=editor)
    assert Compound.objects.get(slug="olaparib").status == "in_review"  # a published record's change goes to review
    with pytest.raises(PermissionDenied, match="another editor"):
        record_transition(record=record, action="publish", user=editor)
    record_transition(record=record, action="publish", user=other_editor)
    assert Compound.objects.get(slug="olaparib").status == "published"


def test_a_change_to_a_published_record_goes_to_review_and_only_an_editor_takes_it_back_to_draft(
    curator, editor, other_editor
):
    record = Compound.objects.get(slug="olaparib")
    version = record.version
    with pytest.raises(PermissionDenied, match="an editor's action"):
        record_transition(record=Compound.objects.get(slug="olaparib"), action="draft", user=curator)
    unchanged = Compound.objects.get(slug="olaparib")
    assert (unchanged.status, unchanged.version) == ("published", version)

    # a change does take it off the site, into the editors' queue, until an editor who did not make it publishes it
    record.description = "Changed by a curator."
    record_save(record=record, user=curator, reason="The review's own words.")
    assert Compound.objects.get(slug="olaparib").status == "in_review"
    assert api().get(f"{URL}olaparib/").status_code == 404
    with pytest.raises(PermissionDenied):
        record_transition(record=record, action="publish", user=curator)
    record_transition(record=record, action="publish", user=other_editor, reason="Checked against Table 7.")
    assert api().get(f"{URL}olaparib/").json()["description"] == "Changed by a curator."
    assert record.history.latest("history_date").history_change_reason == "workflow: publish: Checked against Table 7."


def test_drafts_are_invisible_to_the_public_everywhere(curator):
    Compound.objects.filter(slug="olaparib").update(status="draft")
    public = Client()
    assert public.get("/compounds/olaparib/").status_code == 404
    assert api().get(f"{URL}olaparib/").status_code == 404
    assert "olaparib" not in {r["slug"] for r in api().get(f"{URL}?page_size=500").json()["results"]}
    assert ",olaparib," not in api().get(f"{URL}?format=csv").getvalue().decode()
    assert 'href="/compounds/olaparib/"' not in public.get("/search/?q=olaparib").content.decode()
    assert api(curator).get(f"{URL}olaparib/").json()["status"] == "draft"


def test_history_rows_for_admin_api_and_command_edits(admin_client, superuser, curator, editor):
    Compound.objects.filter(slug="abemaciclib").update(status="draft")  # a curator edits drafts, not published records
    compound = Compound.objects.get(slug="abemaciclib")
    # API
    client = api(curator)
    client.patch(
        f"{URL}abemaciclib/", {"curator_note": "via the API"}, format="json", HTTP_IF_MATCH=etag(client, "abemaciclib")
    )
    # admin
    url = reverse("admin:trials_compound_change", args=[compound.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"curator_note": "via the admin", "change_reason": "A note for the editors.", "errata": []})
    data.update(_inline_management(compound))
    assert admin_client.post(url, data).status_code == 302
    # command
    call_command("curate", "trials.Compound", "abemaciclib", "submit", "--user", "curator", stdout=io.StringIO())
    call_command("curate", "trials.Compound", "abemaciclib", "publish", "--user", "editor", stdout=io.StringIO())
    rows = list(compound.history.order_by("history_date", "history_id"))[-4:]
    assert [(r.history_user.username, r.history_change_reason) for r in rows] == [
        ("curator", "Edited"),
        ("editor-in-chief", "A note for the editors."),
        ("curator", "workflow: submit"),
        ("editor", "workflow: publish"),
    ]
    assert [r.curator_note for r in rows[:2]] == ["via the API", "via the admin"]


def _inline_management(compound):
    data = {}
    for prefix, rows in (("synonyms", compound.synonyms.all()), ("target_links", compound.target_links.all())):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": str(len(rows)),
                f"{prefix}-INITIAL_FORMS": str(len(rows)),
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = str(row.pk)
            data[f"{prefix}-{index}-compound"] = str(compound.pk)
            for field in ("name", "gene", "as_printed", "added_in_curation", "locator"):
                if hasattr(row, field):
                    value = getattr(row, field + "_id", getattr(row, field))
                    if value not in (False, None):
                        data[f"{prefix}-{index}-{field}"] = "on" if value is True else str(value)
    return data


def test_the_command_refuses_what_the_user_may_not_do(curator):
    with pytest.raises(CommandError, match="only editors publish"):
        call_command("curate", "trials.Compound", "olaparib", "retire", "--user", "curator", stdout=io.StringIO())


def test_diff_and_revert(admin_client, superuser, curator):
    Compound.objects.filter(slug="talazoparib").update(status="draft")
    compound = Compound.objects.get(slug="talazoparib")
    before = compound.description
    compound.description = "A wrong description."
    record_save(record=compound, user=curator)
    rows = list(compound.history.order_by("-history_date", "-history_id"))
    diff_url = reverse("admin:trials_compound_diff", args=[compound.pk])
    page = admin_client.get(diff_url, {"old": rows[1].history_id, "new": rows[0].history_id}).content.decode()
    assert "A wrong description." in page and before in page and "description" in page

    response = admin_client.post(diff_url, {"revert_to": rows[1].history_id, "expected_version": compound.version})
    assert response.status_code == 302
    compound.refresh_from_db()
    assert compound.description == before
    latest = compound.history.latest("history_date")
    assert latest.history_user == superuser and latest.history_change_reason.startswith("Reverted to version")


def test_a_stale_api_write_is_refused_and_nothing_is_overwritten(curator, editor):
    first, second = api(curator), api(editor)
    tag_first, tag_second = etag(first, "lapatinib"), etag(second, "lapatinib")
    assert tag_first == tag_second
    ok = second.patch(f"{URL}lapatinib/", {"curator_note": "second was first"}, format="json", HTTP_IF_MATCH=tag_second)
    assert ok.status_code == 200 and ok["ETag"] != tag_second
    stale = first.patch(f"{URL}lapatinib/", {"curator_note": "first, too late"}, format="json", HTTP_IF_MATCH=tag_first)
    assert stale.status_code == 412 and "editor changed this record" in stale.json()["detail"]
    assert Compound.objects.get(slug="lapatinib").curator_note == "second was first"
    assert first.patch(f"{URL}lapatinib/", {"curator_note": "x"}, format="json").status_code == 428
    assert first.put(f"{URL}lapatinib/", {"slug": "lapatinib", "name": "Lapatinib"}, format="json").status_code == 428


def test_a_stale_admin_save_is_refused_with_who_and_when_and_the_input_kept(client, curator, editor):
    compound = Compound.objects.get(slug="palbociclib")
    url = reverse("admin:trials_compound_change", args=[compound.pk])
    first, second = Client(), Client()
    first.force_login(curator)
    second.force_login(editor)
    forms = []
    for browser in (first, second):
        form = browser.get(url).context["adminform"].form
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data.update({"errata": [], "strategies": [], "change_reason": "A note.", **_inline_management(compound)})
        forms.append(data)
    assert second.post(url, {**forms[1], "curator_note": "the editor's note"}).status_code == 302
    response = first.post(url, {**forms[0], "curator_note": "the curator's note"})
    assert response.status_code == 400  # the form again, with who changed it and when
    page = response.content.decode()
    assert "editor changed this record on" in page and "Nothing was saved" in page
    assert "the curator&#x27;s note" in page, "the curator's input stays on screen"
    assert Compound.objects.get(slug="palbociclib").curator_note == "the editor's note"


def test_a_service_save_from_an_old_version_is_refused(curator, editor):
    compound = Compound.objects.get(slug="ribociclib")
    opened = compound.version
    record_save(record=noted(Compound.objects.get(slug="ribociclib")), user=editor)
    with pytest.raises(StaleRecord):
        record_save(record=compound, user=curator, expected_version=opened)


def test_a_suggestion_goes_from_the_form_to_the_queue_to_an_accepted_change(client, curator, editor, reader):
    client.force_login(reader)
    page = client.get("/trials/NCT01351103/").content.decode()
    assert 'href="/suggest/trials/trial/NCT01351103/"' in page
    response = client.post(
        "/suggest/trials/trial/NCT01351103/",
        {"field": "registry_status", "proposed": "completed", "reason": "ClinicalTrials.gov lists it as completed."},
    )
    assert response.status_code == 302
    suggestion = Erratum.objects.get(kind="suggested")
    assert (suggestion.status, suggestion.suggested_by) == ("in_review", reader)
    # the registry's value is not the review's: it is not given as printed
    assert (suggestion.current_value, suggestion.as_printed) == ("recruiting", "(not printed: added in curation)")
    assert api().get(f"/api/v1/errata/{suggestion.slug}/").status_code == 404, "the public does not see it"

    editor_client = Client()
    editor_client.force_login(editor)
    queue = editor_client.get(reverse("admin:index")).content.decode()
    assert "Suggestions to triage (1)" in queue and "registry_status" in queue and "ClinicalTrials.gov lists" in queue

    changelist = reverse("admin:kb_erratum_changelist")
    editor_client.post(changelist, {"action": "accept_suggestions", "_selected_action": [suggestion.pk]})
    assert Trial.objects.get(nct_id="NCT01351103").registry_status == "recruiting", "no reason given: nothing done"
    editor_client.post(
        changelist, {"action": "accept_suggestions", "_selected_action": [suggestion.pk], "reason": "It is."}
    )
    trial = Trial.objects.get(nct_id="NCT01351103")
    assert (trial.registry_status, trial.status) == ("completed", "in_review")
    change = trial.history.filter(history_change_reason__startswith="Suggestion").latest("history_date")
    assert change.history_user == editor, "applied by the editor who accepted it (another editor publishes it)"
    assert change.history_change_reason.startswith(f"Suggestion {suggestion.slug} by {reader.username}, accepted")
    assert Erratum.objects.get(pk=suggestion.pk).resolution == "accepted"
    assert "No suggestion is waiting" in editor_client.get(reverse("admin:index")).content.decode()


def test_a_suggestion_can_be_rejected_with_a_reason_and_needs_one(curator, editor, reader):
    from kb.curation.suggestions import suggestion_create, suggestion_reject

    suggestion = suggestion_create(
        record=Compound.objects.get(slug="lapatinib"),
        field="drug_class",
        proposed="Antibiotic",
        reason="I think so.",
        user=reader,
    )
    with pytest.raises(ValidationError):
        suggestion_reject(erratum=suggestion, user=editor, reason=" ")
    with pytest.raises(PermissionDenied):
        suggestion_reject(erratum=suggestion, user=curator, reason="No.")
    suggestion_reject(erratum=suggestion, user=editor, reason="Lapatinib is a kinase inhibitor.")
    assert Erratum.objects.get(pk=suggestion.pk).resolution == "rejected"
    assert Compound.objects.get(slug="lapatinib").drug_class == "Tyrosine kinase inhibitor"


def test_without_an_account_a_suggestion_needs_a_name_and_an_address(client):
    url = "/suggest/trials/compound/lapatinib/"
    assert client.get(url).status_code == 200
    sent = {"field": "drug_class", "proposed": "Kinase inhibitor", "reason": "Table 7."}
    response = client.post(url, sent)
    assert response.status_code == 400 and not Erratum.objects.filter(kind="suggested").exists()
    assert client.post(url, {**sent, "name": "A. Reader", "email": "reader@example.org"}).status_code == 302
    suggestion = Erratum.objects.get(kind="suggested")
    assert (suggestion.suggested_by, suggestion.suggester_name, suggestion.suggester_email) == (
        None,
        "A. Reader",
        "reader@example.org",
    )


def test_the_admin_shows_the_workflow_actions_by_role(client, curator, editor):
    url = reverse("admin:trials_compound_changelist")
    client.force_login(curator)
    curator_page = client.get(url).content.decode()
    assert "Send to review" in curator_page and "Publish (editors" not in curator_page
    client.force_login(editor)
    assert "Publish (editors" in client.get(url).content.decode()


def test_create_account_puts_the_user_in_the_role_group(monkeypatch):
    monkeypatch.setenv("KB_PASSWORD", "a-long-enough-passphrase-42")
    call_command("create_account", "maria", "--role", "editor", stdout=io.StringIO())
    user = get_user_model().objects.get(username="maria")
    assert (
        user.is_staff
        and user.groups.filter(name="editors").exists()
        and user.check_password("a-long-enough-passphrase-42")
    )
    assert user.has_perm("trials.publish_compound") and not user.is_superuser
    monkeypatch.setenv("KB_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_account", "weak", "--role", "curator", stdout=io.StringIO())


def test_a_revert_through_the_service_is_stale_safe(curator):
    Compound.objects.filter(slug="lgk974").update(status="draft")
    compound = Compound.objects.get(slug="lgk974")
    first = compound.history.latest("history_date").history_id
    compound.description = "changed"
    record_save(record=compound, user=curator)
    with pytest.raises(StaleRecord):
        record_revert(record=compound, history_id=first, user=curator, expected_version=compound.version - 1)


@pytest.mark.parametrize("chosen", ["published", "retired", "in_review"])
def test_an_edit_keeps_the_status_the_record_has_whatever_its_copy_says(curator, chosen):
    Compound.objects.filter(slug="olaparib").update(status="draft")
    record = Compound.objects.get(slug="olaparib")
    record.status, record.description = chosen, "Edited."
    record_save(record=record, user=curator)
    assert Compound.objects.get(slug="olaparib").status == "draft"  # only record_transition moves it

    new = Compound(slug="new-compound", name="New compound", status=chosen, source=record.source)
    record_save(record=new, user=curator)
    assert Compound.objects.get(slug="new-compound").status == "draft"  # a new record starts as a draft


def test_updating_an_account_without_a_display_name_keeps_the_one_it_has(monkeypatch):
    monkeypatch.setenv("KB_PASSWORD", "a-long-enough-passphrase-42")
    call_command("create_account", "maria", "--role", "editor", "--display-name", "Maria S.", stdout=io.StringIO())
    monkeypatch.setenv("KB_PASSWORD", "another-long-passphrase-43")  # a new password only
    call_command("create_account", "maria", "--role", "editor", stdout=io.StringIO())
    user = get_user_model().objects.get(username="maria")
    assert user.first_name == "Maria S." and user.check_password("another-long-passphrase-43")
