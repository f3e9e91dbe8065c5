"""A curator adds a primary paper and a statement from it in the admin; an editor publishes it; a researcher sees
both statements of the link, each with its source, on both records' pages."""

from playwright.sync_api import expect

from kb.core.statements import Statement
from tests.browser.test_admin_walkthrough import log_in, run_action
from tests.conftest import make_account


def test_a_second_source_in_the_admin_and_on_the_pages(page, live_kb):
    make_account("cara", "curators")
    make_account("ed", "editors")
    log_in(page, live_kb, "cara")

    page.goto(live_kb.url + "/admin/kb/source/add/")
    page.locator("#id_slug").fill("walkthrough-paper-2024")
    page.locator("#id_kind").select_option("primary")
    page.locator("#id_title").fill("Efflux by P-gp in resistant breast cancer cells (a walkthrough source)")
    page.locator("#id_doi").fill("10.5555/walkthrough.2024")
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    review_statement = Statement.objects.get(slug="biomarker-p-glycoprotein-mechanisms-drug-efflux")
    page.goto(live_kb.url + "/admin/kb/statement/add/")
    for name, value in {
        "slug": "biomarker-p-glycoprotein-mechanisms-drug-efflux-walkthrough",
        "subject_kind": "biomarker",
        "subject_slug": "p-glycoprotein",
        "relation": "mechanisms",
        "object_kind": "mechanism",
        "object_slug": "drug-efflux",
        "locator": "Results",
        "quote": "P-gp pumped doxorubicin out of the resistant cells.",
    }.items():
        page.locator(f"#id_{name}").fill(value)
    page.locator("#id_predicate").select_option("signals")
    page.locator("#id_basis").select_option("external")
    page.locator("#id_level").select_option("D")
    page.locator("#id_source").select_option(
        label="Efflux by P-gp in resistant breast cancer cells (a walkthrough source)"
    )
    page.locator("#relations-group .add-row a").click()
    page.locator("#id_relations-0-kind").select_option("supports")
    page.locator("#id_relations-0-reason").fill("Measures the efflux the review names.")
    # The other statement by its id: the autocomplete's hidden select holds the chosen value.
    page.evaluate(
        """([id]) => { const select = document.querySelector('#id_relations-0-other');
        select.add(new Option('review', id, true, true)); }""",
        [str(review_statement.pk)],
    )
    page.locator('input[name="_save"]').click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    statement = Statement.objects.get(slug="biomarker-p-glycoprotein-mechanisms-drug-efflux-walkthrough")
    assert statement.status == "draft" and statement.relations.get().other == review_statement

    run_action(page, live_kb, "/admin/kb/statement/", statement, "Send to review")
    expect(page.locator(".messagelist")).to_contain_text("was sent to review")

    log_in(page, live_kb, "ed")
    run_action(page, live_kb, "/admin/kb/statement/", statement, "Publish (editors; not your own change)")
    expect(page.locator(".messagelist")).to_contain_text("was published")

    public = page.context.browser.new_page()
    for path in ("/biomarkers/p-glycoprotein/", "/mechanisms/drug-efflux/"):
        public.goto(live_kb.url + path)
        evidence = public.locator("details.evidence[data-basis='external']").first
        expect(evidence).to_contain_text("a walkthrough source")
        evidence.locator("summary").click()
        expect(evidence).to_contain_text("P-gp pumped doxorubicin out of the resistant cells.")
        expect(public.locator("details.evidence[data-basis='printed']").first).to_contain_text(
            "Drug resistance in breast cancer"
        )
    public.goto(live_kb.url + "/sources/walkthrough-paper-2024/")
    expect(public.locator("main")).to_contain_text("10.5555/walkthrough.2024")
    expect(public.locator("main")).to_contain_text("1 statement")
    public.close()
