import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

pytestmark = pytest.mark.django_db
CURATED = [
    m
    for m in apps.get_models()
    if m._meta.app_label in ("kb", "mechanisms", "biomarkers", "trials")
    and not m._meta.label.split(".")[1].startswith("Historical")
]
OWNED = {
    "kb.GeneSynonym",
    "trials.CompoundSynonym",
    "trials.CompoundTarget",
    "mechanisms.ModelSystemFeature",
    "kb.SearchEntry",
    "kb.StatementRelation",
    "kb.DataVersion",
    "kb.Follow",  # the workbench's own rows: shown on change forms and in the inbox of the admin's first page
    "kb.Notice",
}


def test_every_kind_of_record_is_in_the_admin():
    registered = {m._meta.label for m in admin.site._registry}
    assert {m._meta.label for m in CURATED} - OWNED <= registered


@pytest.mark.parametrize("model", [m for m in CURATED if m._meta.label not in OWNED], ids=lambda m: m._meta.label)
def test_changelist_search_and_change_form_open(admin_client, model):
    info = model._meta.app_label, model._meta.model_name
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info))).status_code == 200
    assert admin_client.get(reverse("admin:{}_{}_changelist".format(*info)), {"q": "HER2"}).status_code == 200
    obj = model._default_manager.first()
    assert admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200
    assert admin_client.get(reverse("admin:{}_{}_history".format(*info), args=[obj.pk])).status_code == 200


def test_saving_in_the_admin_stamps_the_curator_and_records_history(admin_client, superuser):
    from kb.models import Gene

    gene = Gene.objects.get(slug="tp53")
    url = reverse("admin:kb_gene_change", args=[gene.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(
        {
            "full_name": "tumor protein p53 (edited)",
            "curated_fields": ["full_name", "hgnc_id"],
            "change_reason": "The full name as HGNC gives it.",
            "synonyms-TOTAL_FORMS": "1",
            "synonyms-INITIAL_FORMS": "1",
            "synonyms-MIN_NUM_FORMS": "0",
            "synonyms-MAX_NUM_FORMS": "1000",
            "synonyms-0-id": str(gene.synonyms.get().pk),
            "synonyms-0-gene": str(gene.pk),
            "synonyms-0-name": "p53",
        }
    )
    data["errata"] = []
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    gene.refresh_from_db()
    assert gene.full_name == "tumor protein p53 (edited)" and gene.updated_by == superuser
    latest = gene.history.latest("history_date")
    assert latest.history_user == superuser and latest.history_type == "~"


def form_as_sent(response) -> dict:
    """What a browser sends back from an admin change form it was given, inlines included, unchanged."""
    data = {}

    def take(form):
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value

    take(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        take(inline.formset.management_form)
        for form in inline.formset.forms:
            take(form)
    return data


@pytest.mark.parametrize("chosen", ["published", "retired", "in_review"])
def test_a_change_form_cannot_move_a_record_through_the_workflow(client, curator, chosen):
    """Publishing, retiring and sending to review are the workflow's actions, with their permissions: a status
    chosen in the change form (or sent by a crafted one) is ignored, and the record keeps the status it had."""
    from kb.models import Gene

    Gene.objects.filter(slug="tp53").update(status="draft")
    gene = Gene.objects.get(slug="tp53")
    client.force_login(curator)
    url = reverse("admin:kb_gene_change", args=[gene.pk])
    opened = client.get(url)
    assert "status" not in opened.context["adminform"].form.fields  # shown, not editable
    data = form_as_sent(opened) | {"status": chosen, "full_name": "tumor protein p53 (checked)", "change_reason": "x"}
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    gene.refresh_from_db()
    assert (gene.full_name, gene.status) == ("tumor protein p53 (checked)", "draft")
