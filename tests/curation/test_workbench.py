"""The curators' workbench: the workflow on the change form, reasons, queues, suggestions, following, search and
history in the admin, and the admin's query ceilings."""

import pytest
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kb.core.models import Erratum
from kb.core.workbench import Follow, Notice
from kb.curation.services import ACTIONS, record_save, record_transition
from kb.curation.suggestions import suggestion_accept, suggestion_create, suggestion_reject
from tests.conftest import make_account
from tests.helpers import KINDS as LABELS
from trials.models import Compound

pytestmark = pytest.mark.django_db

STATES = ["draft", "in_review", "published", "retired"]
KINDS = [apps.get_model(label) for label in LABELS]


class Rollback(Exception):
    pass


def accepted(record, action, user) -> bool:
    """Whether the services take ``action`` on ``record`` from ``user`` (tried, then rolled back)."""
    try:
        with transaction.atomic():
            record_transition(record=record, action=action, user=user, reason="tried")
            raise Rollback
    except Rollback:
        return True
    except Exception:  # noqa: BLE001 - refused, whatever the reason
        return False


def change_url(record) -> str:
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


@pytest.mark.parametrize("state", STATES)
@pytest.mark.parametrize("role", ["curator", "editor", "superuser"])
def test_the_form_offers_exactly_the_steps_the_services_take(role, state, curator, editor, superuser):
    user = {"curator": curator, "editor": editor, "superuser": superuser}[role]
    client = Client()
    client.force_login(user)
    for model in KINDS:
        record = model.objects.order_by("pk").first()
        model.objects.filter(pk=record.pk).update(status=state)
        record = model.objects.get(pk=record.pk)
        response = client.get(change_url(record))
        assert "status" not in response.context["adminform"].form.fields, "the status is not a free select"
        offered = {action for action, _ in response.context["workflow_actions"]}
        assert offered == {action for action in ACTIONS if accepted(record, action, user)}, (model, offered)


def test_an_editor_is_not_offered_publishing_their_own_change_and_another_editor_is(editor, other_editor):
    record = Compound.objects.get(slug="olaparib")
    record.curator_note = "An editor's change."
    record_save(record=record, user=editor, reason="A note.")
    client = Client()
    client.force_login(editor)
    assert "publish" not in {a for a, _ in client.get(change_url(record)).context["workflow_actions"]}
    client.force_login(other_editor)
    assert "publish" in {a for a, _ in client.get(change_url(record)).context["workflow_actions"]}


def test_a_change_needs_a_reason_and_a_published_record_warns_before_and_after(client, curator):
    record = Compound.objects.get(slug="olaparib")
    client.force_login(curator)
    opened = client.get(change_url(record))
    assert "takes it off the public site" in opened.content.decode()
    data = {**form_as_sent(opened), "curator_note": "Checked against Table 7."}
    refused = client.post(change_url(record), data)
    assert refused.status_code == 400 and "Say why you make this change" in refused.content.decode()
    assert Compound.objects.get(pk=record.pk).status == "published"
    done = client.post(change_url(record), {**data, "change_reason": "The row's own words."}, follow=True)
    assert "left the public site: it waits in review" in done.content.decode()
    saved = Compound.objects.get(pk=record.pk)
    assert saved.status == "in_review" and saved.history.latest("history_date").history_change_reason == (
        "The row's own words."
    )


def test_a_step_from_the_form_needs_a_reason_and_keeps_it(client, curator):
    Compound.objects.filter(slug="olaparib").update(status="draft")
    record = Compound.objects.get(slug="olaparib")
    client.force_login(curator)
    url = reverse("admin:trials_compound_transition", args=[record.pk])
    client.post(url, {"action": "submit", "reason": ""})
    assert Compound.objects.get(pk=record.pk).status == "draft"
    page = client.post(url, {"action": "submit", "reason": "Ready."}, follow=True).content.decode()
    assert "was sent to review" in page and "record(s)" not in page
    assert record.history.latest("history_date").history_change_reason == "workflow: submit: Ready."


def test_the_queues_show_what_waits_for_each_user_with_a_diff_against_the_published_version(
    curator, editor, other_editor
):
    record = Compound.objects.get(slug="olaparib")
    published = record.history.latest("history_date")
    record.description = "An editor's change."
    record_save(record=record, user=other_editor, reason="A better description.")
    Compound.objects.filter(slug="lapatinib").update(status="draft", updated_by=curator)

    as_editor, as_author, as_curator = Client(), Client(), Client()
    as_editor.force_login(editor)
    as_author.force_login(other_editor)
    as_curator.force_login(curator)
    waiting = as_editor.get(reverse("admin:index")).context["queue"]
    item = next(entry for entry in waiting["to_review"] if entry["title"] == "Olaparib")
    assert f"old={published.history_id}" in item["diff_url"]
    diff = as_editor.get(item["diff_url"]).content.decode()
    assert "An editor&#x27;s change." in diff and "Description" in diff
    authored = as_author.get(reverse("admin:index")).context["queue"]
    assert "Olaparib" not in [entry["title"] for entry in authored["to_review"]], "not for the one who changed it"
    mine = as_curator.get(reverse("admin:index")).context["queue"]
    assert mine["to_review"] == [] and mine["suggestions"] is None, "a curator reviews nothing, triages nothing"
    assert "Lapatinib" in [entry["title"] for entry in mine["my_drafts"]]


def test_an_accepted_suggestion_is_a_change_credited_to_the_suggester_in_review(curator, editor, other_editor):
    reader = make_account("suggester")
    suggestion = suggestion_create(
        record=Compound.objects.get(slug="lapatinib"),
        field="drug_class",
        proposed="Kinase inhibitor",
        reason="Table 7",
        user=reader,
    )
    assert suggestion.current_value == "Tyrosine kinase inhibitor"
    record = suggestion_accept(erratum=suggestion, user=editor, reason="Agreed.")
    assert (record.drug_class, record.status) == ("Kinase inhibitor", "in_review")
    change = record.history.latest("history_date")
    assert change.history_change_reason.startswith(f"Suggestion {suggestion.slug} by suggester, accepted")
    with pytest.raises(PermissionDenied):  # the acceptor applied the change: another editor publishes it
        record_transition(record=record, action="publish", user=editor, reason="My own.")
    record_transition(record=record, action="publish", user=other_editor, reason="Reviewed.")
    assert Client().get("/api/v1/compounds/lapatinib/").json()["drug_class"] == "Kinase inhibitor"


def test_a_suggestion_is_not_applied_over_a_later_change_nor_to_a_retired_record(curator, editor):
    record = Compound.objects.get(slug="lapatinib")
    suggestion = suggestion_create(record=record, field="drug_class", proposed="x", reason="y", user=curator)
    record.drug_class = "Changed meanwhile"
    record_save(record=record, user=editor, reason="Meanwhile.")
    with pytest.raises(ValidationError, match="changed since the suggestion"):
        suggestion_accept(erratum=suggestion, user=editor)
    assert Compound.objects.get(pk=record.pk).drug_class == "Changed meanwhile"
    Compound.objects.filter(pk=record.pk).update(status="retired", drug_class=suggestion.current_value)
    with pytest.raises(ValidationError, match="retired"):
        suggestion_accept(erratum=suggestion, user=editor)
    assert Erratum.objects.get(pk=suggestion.pk).resolution == ""


def test_a_suggestion_moves_only_by_accept_or_reject(curator, editor, admin_client):
    suggestion = suggestion_create(
        record=Compound.objects.get(slug="lapatinib"), field="drug_class", proposed="x", reason="y", user=curator
    )
    for action in ACTIONS:
        with pytest.raises(ValidationError, match="Accept or Reject"):
            record_transition(record=suggestion, action=action, user=editor)
    assert admin_client.get(change_url(suggestion)).context["workflow_actions"] == []
    assert Erratum.objects.get(pk=suggestion.pk).status == "in_review"


def test_a_reason_cannot_pass_for_a_workflow_step(client, editor, other_editor):
    record = Compound.objects.get(slug="olaparib")
    record.curator_note = "An editor's change."
    with pytest.raises(ValidationError, match="may not start with"):
        record_save(record=record, user=editor, reason="workflow: publish")
    client.force_login(editor)
    opened = client.get(change_url(record))
    data = {**form_as_sent(opened), "curator_note": "Mine.", "change_reason": "Workflow: trust me"}
    assert client.post(change_url(record), data).status_code == 400
    assert Compound.objects.get(pk=record.pk).status == "published"


def test_a_rejected_suggestion_keeps_its_reason_for_the_suggester(
    client, editor, settings, django_capture_on_commit_callbacks
):
    sent = {"field": "drug_class", "proposed": "Antibiotic", "reason": "I think so."}
    me = {"name": "A. Reader", "email": "reader@example.org"}
    response = client.post("/suggest/trials/compound/lapatinib/", {**sent, **me})
    status_page = response["Location"]
    suggestion = Erratum.objects.get(kind="suggested")
    assert status_page == f"/suggest/status/{suggestion.slug}/"
    assert "Waiting for an editor" in client.get(status_page).content.decode()
    with pytest.raises(Exception, match="reason"):
        suggestion_reject(erratum=suggestion, user=editor, reason="")
    with django_capture_on_commit_callbacks(execute=True):
        suggestion_reject(erratum=suggestion, user=editor, reason="Lapatinib is a kinase inhibitor.")
    page = client.get(status_page).content.decode()
    assert "Not accepted" in page and "Lapatinib is a kinase inhibitor." in page
    assert "reader@example.org" not in page and "A. Reader" not in page, "who suggested it is for editors only"
    assert mail.outbox[-1].to == ["reader@example.org"] and "kinase inhibitor" in mail.outbox[-1].body
    assert f"{settings.KB_PUBLIC_URL.rstrip('/')}{status_page}" in mail.outbox[-1].body, "an address a mail can open"


def test_suggestions_without_an_account_are_throttled_per_address(client, settings):
    settings.KB_SUGGEST_RATE = "2/hour"
    sent = {"field": "drug_class", "proposed": "x", "reason": "y", "name": "A", "email": "a@example.org"}
    answers = [client.post("/suggest/trials/compound/lapatinib/", sent).status_code for _ in range(3)]
    assert answers == [302, 302, 429] and Erratum.objects.filter(kind="suggested").count() == 2


def test_a_follower_is_told_of_changes_steps_and_suggestions_but_not_of_their_own(
    curator, editor, django_capture_on_commit_callbacks
):
    editor.email = "editor@example.org"
    editor.save()
    record = Compound.objects.get(slug="olaparib")
    as_editor = Client()
    as_editor.force_login(editor)
    as_editor.post(reverse("admin:trials_compound_follow", args=[record.pk]))
    assert Follow.objects.filter(user=editor, object_id=record.pk).exists()
    record.curator_note = "Seen by the follower."
    with django_capture_on_commit_callbacks(execute=True):
        record_save(record=record, user=curator, reason="A note for the follower.")
    record_transition(record=Compound.objects.get(pk=record.pk), action="retire", user=editor, reason="Own step.")
    suggestion_create(record=record, field="drug_class", proposed="x", reason="y", name="A", email="a@example.org")
    texts = list(Notice.objects.filter(recipient=editor).values_list("verb", "text"))
    assert ("changed", "A note for the follower.") in texts
    assert any(verb == "suggestion" for verb, _ in texts)
    assert not any("Own step" in text for _, text in texts), "nobody is told of their own step"
    assert mail.outbox and mail.outbox[0].to == ["editor@example.org"]
    index = as_editor.get(reverse("admin:index"))
    assert index.context["inbox"]["count"] == len(texts) and "A note for the follower." in index.content.decode()
    as_editor.post(reverse("admin:inbox_read"))
    assert not Notice.objects.filter(recipient=editor, read_at__isnull=True).exists()


def test_the_admins_search_forgives_a_misspelling(admin_client):
    page = admin_client.get(reverse("admin:trials_compound_changelist"), {"q": "lapatanib"})
    assert [record.slug for record in page.context["cl"].result_list] == ["lapatinib"]


def test_the_history_names_fields_by_label_and_folds_long_values_whole(admin_client, curator):
    record = Compound.objects.get(slug="olaparib")
    long = "A long description. " * 40
    record.description = long
    record_save(record=record, user=curator, reason="Longer.")
    page = admin_client.get(reverse("admin:trials_compound_diff", args=[record.pk])).content.decode()
    assert "<th>Description</th>" in page and "<details" in page and long.strip() in page
    history = admin_client.get(reverse("admin:trials_compound_history", args=[record.pk])).content.decode()
    assert "<strong>Description:</strong>" in history and "<details" in history and long.strip() in history


def test_curated_values_are_chosen_from_the_records_own_fields(admin_client):
    record = Compound.objects.get(slug="olaparib")
    form = admin_client.get(change_url(record)).context["adminform"].form
    choices = dict(form.fields["curated_fields"].choices)
    assert {"name", "drug_class", "chembl_id", "mechanisms"} <= set(choices) and "quote" not in choices
    assert choices["chembl_id"] == "ChEMBL ID", "a field's own label, its capitals kept"


def form_as_sent(response) -> dict:
    from tests.security.test_access import admin_form_data

    return admin_form_data(response)


#
# Query ceilings
#


def admin_pages() -> list[str]:
    pages = [reverse("admin:index")]
    for model in KINDS:
        opts = model._meta
        record = model.objects.order_by("pk").first()
        pages += [reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"), change_url(record)]
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_diff", args=[record.pk]))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[record.pk]))
        pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    return pages


def queries(client, url) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def more_of_everything(editor, curator) -> None:
    """More records in every queue and list, more notices, more history: what the admin's pages list grows."""
    from django.contrib.contenttypes.models import ContentType

    for model in KINDS:
        for record in model.objects.order_by("pk")[1:4]:  # not the first, whose own pages are measured
            model.objects.filter(pk=record.pk).update(status="in_review")
            Follow.objects.get_or_create(
                user=editor, content_type=ContentType.objects.get_for_model(model), object_id=record.pk
            )
    for index in range(3):
        record_save(record=Compound(slug=f"more-{index}", name=f"More {index}"), user=curator)
    for slug in ("lapatinib", "olaparib", "palbociclib"):
        record = Compound.objects.get(slug=slug)
        suggestion_create(record=record, field="drug_class", proposed="x", reason="y", user=curator)
        record.curator_note = "more history"
        record_save(record=record, user=curator, reason="More.")


def test_every_admin_page_stays_within_15_queries_whatever_the_number_of_records(editor, curator):
    client = Client()
    client.force_login(editor)
    pages = admin_pages()
    client.get(pages[0])  # the session's first request reads it once more
    before = {url: queries(client, url) for url in pages}
    more_of_everything(editor, curator)
    after = {url: queries(client, url) for url in pages}
    assert max(after.values()) <= 15, {url: n for url, n in after.items() if n > 15}
    assert after == before, {url: (before[url], after[url]) for url in pages if before[url] != after[url]}


def test_who_suggested_without_an_account_is_shown_to_editors_only(curator, editor):
    record = Compound.objects.get(slug="lapatinib")
    suggestion = suggestion_create(
        record=record, field="drug_class", proposed="x", reason="y", name="Rhea Searcher", email="rhea@example.org"
    )
    as_curator, as_editor = Client(), Client()
    as_curator.force_login(curator)
    as_editor.force_login(editor)
    for client, shown in ((as_curator, False), (as_editor, True)):
        form = client.get(change_url(suggestion)).content.decode()
        index = client.get(reverse("admin:index")).content.decode()
        assert ("rhea@example.org" in form) == shown and ("Rhea Searcher" in form) == shown
        assert ("Rhea Searcher" in index) == shown
    api = Client()
    api.force_login(curator)
    assert "rhea@example.org" not in api.get(f"/api/v1/errata/{suggestion.slug}/").content.decode()
    # accepted: the record's history, the followers' notices and staff's recent changes do not name her
    Follow.objects.create(user=curator, record=record)
    suggestion_accept(erratum=suggestion, user=editor)
    history = as_curator.get(reverse("admin:trials_compound_history", args=[record.pk])).content.decode()
    assert "Suggestion" in history and "Rhea" not in history
    assert not Notice.objects.filter(text__contains="Rhea").exists()
    assert "Rhea" not in as_curator.get("/").content.decode()
    from kb.core import kinds
    from kb.releases.export import fixture_text

    Erratum.objects.filter(pk=suggestion.pk).update(status="published")  # were it ever public, by a slip
    released = "".join(fixture_text(name) for name in {kind.fixture for kind in kinds.every_kind()})
    assert suggestion.slug in released and "rhea@example.org" not in released and "Rhea" not in released


def test_a_records_form_lists_its_statements_with_quote_and_basis_and_adds_one_about_it(admin_client):
    from kb.core.statements import Statement

    record = Compound.objects.get(slug="lapatinib")
    page = admin_client.get(change_url(record))
    statements = page.context["statements"]
    assert statements and all(s.subject_slug == "lapatinib" or s.object_slug == "lapatinib" for s in statements)
    assert set(statements) == set(Statement.objects.about("compound", ["lapatinib"]))
    html = page.content.decode()
    printed = next(s for s in statements if s.quote)
    assert printed.get_basis_display() in html and printed.quote[:40] in html
    added = admin_client.get(page.context["add_statement_url"]).context["adminform"].form
    assert (added.initial["subject_kind"], added.initial["subject_slug"]) == ("compound", "lapatinib")


def test_a_statements_ends_are_typed_from_the_records_keys(admin_client):
    page = admin_client.get(reverse("admin:kb_statement_add"))
    html = page.content.decode()
    assert 'list="kb-record-keys"' in html and '<datalist id="kb-record-keys">' in html
    assert '<option value="lapatinib">compound</option>' in html and '<option value="abcb1">gene</option>' in html


def test_the_api_keeps_a_changes_reason_and_throttles_suggestions_without_an_account(api_client, curator, settings):
    settings.KB_SUGGEST_RATE = "1/hour"
    api_client.force_authenticate(curator)
    Compound.objects.filter(slug="lapatinib").update(status="draft")
    tag = api_client.get("/api/v1/compounds/lapatinib/")["ETag"]
    body = {"curator_note": "Checked.", "change_reason": "Checked against ChEMBL."}
    assert api_client.patch("/api/v1/compounds/lapatinib/", body, format="json", HTTP_IF_MATCH=tag).status_code == 200
    latest = Compound.objects.get(slug="lapatinib").history.latest("history_date")
    assert latest.history_change_reason == "Checked against ChEMBL."
    tag = api_client.get("/api/v1/compounds/lapatinib/")["ETag"]
    body = {"curator_note": "Again.", "change_reason": "workflow: publish"}
    refused = api_client.patch("/api/v1/compounds/lapatinib/", body, format="json", HTTP_IF_MATCH=tag)
    assert refused.status_code == 400 and "change_reason" in refused.json()

    api_client.force_authenticate(None)
    sent = {"field": "drug_class", "proposed": "x", "reason": "y", "name": "A", "email": "a@example.org"}
    Compound.objects.filter(slug="olaparib").update(status="published")
    first = api_client.post("/api/v1/compounds/olaparib/suggest/", sent, format="json")
    second = api_client.post("/api/v1/compounds/olaparib/suggest/", sent, format="json")
    assert first.status_code == 201 and first.json()["status_url"].startswith("/suggest/status/suggestion-")
    assert second.status_code == 429 and int(second["Retry-After"]) > 0
    assert Erratum.objects.filter(kind="suggested").count() == 1
