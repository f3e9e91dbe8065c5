"""A curator edits a compound and sends it to review; an editor publishes it; the public page shows the change."""

from playwright.sync_api import expect

from tests.conftest import make_account
from trials.models import Compound


def log_in(page, server, username):
    page.context.clear_cookies()
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("not-a-real-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#curation-queue")).to_be_visible()


def run_action(page, server, record, action_label):
    page.goto(server.url + "/admin/trials/compound/")
    page.locator(f'input.action-select[value="{record.pk}"]').check()
    page.locator('select[name="action"]').select_option(label=action_label)
    page.get_by_role("button", name="Run").or_(page.get_by_role("button", name="Go")).first.click()


def test_curator_edits_and_sends_to_review_then_an_editor_publishes(page, live_kb):
    make_account("cora", "curators")
    make_account("eddie", "editors", first_name="Eddie Editor")  # the name the public sees: not the login
    lapatinib = Compound.objects.get(slug="lapatinib")
    new_text = "Lapatinib is a dual EGFR and HER2 tyrosine kinase inhibitor (edited in the walkthrough)."

    log_in(page, live_kb, "cora")
    page.goto(live_kb.url + f"/admin/trials/compound/{lapatinib.pk}/change/")
    expect(page.locator('input[name="_save"]')).to_have_count(0)  # published: read-only to a curator

    Compound.objects.filter(pk=lapatinib.pk).update(status="draft")  # a draft, which curators edit
    page.goto(live_kb.url + f"/admin/trials/compound/{lapatinib.pk}/change/")
    page.locator("#id_description").fill(new_text)
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    run_action(page, live_kb, lapatinib, "Send to review")
    expect(page.locator(".messagelist")).to_contain_text("submit done")
    assert Compound.objects.get(pk=lapatinib.pk).status == "in_review"

    public = page.context.browser.new_page()
    assert public.goto(live_kb.url + "/compounds/lapatinib/").status == 404, "not public while in review"

    log_in(page, live_kb, "eddie")
    expect(page.locator("#curation-queue")).to_contain_text("Lapatinib")
    run_action(page, live_kb, lapatinib, "Publish (editors; not your own change)")
    expect(page.locator(".messagelist")).to_contain_text("publish done")

    public.goto(live_kb.url + "/compounds/lapatinib/")
    expect(public.locator("main")).to_contain_text(new_text)
    expect(public.locator(".provenance")).to_contain_text("Last changed by Eddie Editor")
    expect(public.locator("main")).not_to_contain_text("eddie")
    public.close()
