"""The curators' whole loop, as two users and the public: a curator edits a published record with a reason and is
warned; an editor finds it waiting for review, reads the diff and publishes; an anonymous researcher suggests a
correction, the editor accepts it and the change goes through review (another editor publishes it); a rejected
suggestion keeps its reason."""

from playwright.sync_api import expect

from kb.core.models import Erratum
from tests.conftest import make_account
from trials.models import Compound


def log_in(page, server, username):
    page.context.clear_cookies()
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("not-a-real-password-1")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#curation-queue")).to_be_visible()


def run_action(page, server, path, record, action_label, reason="Checked in the walkthrough."):
    """A workflow action of the change list's action bar, with its reason."""
    page.goto(server.url + path)
    page.locator(f'input.action-select[value="{record.pk}"]').check()
    page.locator('select[name="action"]').select_option(label=action_label)
    page.locator('.actions input[name="reason"]').fill(reason)
    page.get_by_role("button", name="Run").or_(page.get_by_role("button", name="Go")).first.click()


def step(page, server, record, label, reason):
    """A workflow step from the record's change form: the button the form offers, with its reason."""
    page.goto(server.url + f"/admin/trials/compound/{record.pk}/change/")
    page.locator("#transition-reason").fill(reason)
    page.locator("#workflow").get_by_role("button", name=label, exact=True).click()


def suggest(public, server, proposed, reason):
    public.goto(server.url + "/compounds/lapatinib/")
    public.get_by_role("link", name="Suggest a correction").click()
    public.locator("#id_field").select_option("drug_class")
    public.locator("#id_proposed").fill(proposed)
    public.locator("#id_reason").fill(reason)
    public.locator("#id_name").fill("Rhea Searcher")
    public.locator("#id_email").fill("rhea@example.org")
    public.get_by_role("button", name="Send the suggestion").click()
    expect(public.locator("#outcome")).to_contain_text("Waiting for an editor")
    return public.url


def test_the_curators_whole_loop(page, live_kb):
    make_account("cora", "curators")
    make_account("eddie", "editors", first_name="Eddie Editor")  # the name the public sees: not the login
    make_account("edna", "editors")
    lapatinib = Compound.objects.get(slug="lapatinib")
    new_text = "Lapatinib is a dual EGFR and HER2 tyrosine kinase inhibitor (edited in the walkthrough)."

    # a curator edits a published record, with a reason, and is warned before and after
    log_in(page, live_kb, "cora")
    page.goto(live_kb.url + f"/admin/trials/compound/{lapatinib.pk}/change/")
    expect(page.locator("#record-state")).to_have_text("Published")
    expect(page.locator(".messagelist")).to_contain_text("takes it off the public site")
    expect(page.locator("#workflow button[value='publish']")).to_have_count(0)  # not offered to a curator
    page.locator("#id_description").fill(new_text)
    page.locator('input[name="_save"]').click()
    expect(page.locator(".errornote, .errorlist").first).to_be_visible()  # no reason: nothing saved
    page.locator("#id_change_reason").fill("The review's own description, in full.")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("left the public site: it waits in review")
    assert Compound.objects.get(pk=lapatinib.pk).status == "in_review"

    public = page.context.browser.new_page()
    assert public.goto(live_kb.url + "/compounds/lapatinib/").status == 404, "not public while in review"

    # an editor finds it waiting for review, reads the diff and publishes it
    log_in(page, live_kb, "eddie")
    waiting = page.locator("#to-review")
    expect(waiting).to_contain_text("Lapatinib")
    waiting.locator("tr", has_text="Lapatinib").get_by_role("link", name="Diff against the published version").click()
    expect(page.locator("tr.changed-field", has_text="Description")).to_contain_text(new_text)
    step(page, live_kb, lapatinib, "Publish", "Matches the review.")
    expect(page.locator(".messagelist")).to_contain_text("was published")
    public.goto(live_kb.url + "/compounds/lapatinib/")
    expect(public.locator("main")).to_contain_text(new_text)
    expect(public.locator(".provenance")).to_contain_text("Last changed by Eddie Editor")
    expect(public.locator("main")).not_to_contain_text("eddie")

    # an anonymous researcher suggests a correction; the editor accepts it; the change goes through review
    researcher = page.context.browser.new_page()
    status_page = suggest(researcher, live_kb, "Kinase inhibitor (dual)", "The review calls it a dual inhibitor.")
    page.goto(live_kb.url + "/admin/")
    triage = page.locator("#suggestions")
    expect(triage).to_contain_text("Kinase inhibitor (dual)")
    triage.get_by_role("link").first.click()
    expect(page.locator("#workflow")).to_contain_text("Suggested by Rhea Searcher")
    page.locator("#decide-reason").fill("Agreed: Table 7.")
    page.get_by_role("button", name="Accept").click()
    expect(page.locator(".messagelist")).to_contain_text("credited to Rhea Searcher; it waits in review")
    assert Compound.objects.get(pk=lapatinib.pk).status == "in_review"
    page.goto(live_kb.url + "/admin/")
    expect(page.locator("#to-review")).not_to_contain_text("Lapatinib")  # the acceptor applied it: not theirs
    log_in(page, live_kb, "edna")  # another editor reviews the accepted change
    expect(page.locator("#to-review")).to_contain_text("Lapatinib")
    step(page, live_kb, lapatinib, "Publish", "The accepted suggestion, reviewed.")
    expect(page.locator(".messagelist")).to_contain_text("was published")
    public.goto(live_kb.url + "/compounds/lapatinib/")
    expect(public.locator("main")).to_contain_text("Kinase inhibitor (dual)")
    researcher.goto(status_page)
    expect(researcher.locator("#outcome")).to_contain_text("Accepted")

    # a rejected suggestion keeps its reason, which its suggester reads
    status_page = suggest(researcher, live_kb, "Antibiotic", "I think so.")
    page.goto(live_kb.url + "/admin/")
    page.locator("#suggestions").get_by_role("link").first.click()
    page.locator("#decide-reason").fill("Lapatinib is a kinase inhibitor, as Table 7 prints.")
    page.get_by_role("button", name="Reject").click()
    expect(page.locator(".messagelist")).to_contain_text("Rejected")
    researcher.goto(status_page)
    expect(researcher.locator("#outcome")).to_contain_text("Not accepted")
    expect(researcher.locator("#review-note")).to_have_text("Lapatinib is a kinase inhibitor, as Table 7 prints.")
    expect(researcher.locator("main")).not_to_contain_text("rhea@example.org")
    assert Erratum.objects.filter(kind="suggested", resolution="rejected").count() == 1
    researcher.close()
    public.close()
