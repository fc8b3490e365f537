"""The public pages in a real browser: following links, highlights, inert scripts, keyboard,
phones, and screenshots of the main pages for a human to look at."""

from datetime import UTC, datetime

import pytest

from tests.factories import (
    make_article,
    make_citation,
    make_claim,
    make_flag,
    make_link,
    make_outcome,
    make_study,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = """Ketamine for addiction: what we know

Ketamine is a dissociative anaesthetic. Studies show ketamine cures alcohol addiction in a single session [1]. In a 2019 trial, one infusion helped people with cocaine use disorder stay abstinent [2].

Doctors give it as a nasal spray at home, and it is completely safe. Some clinics report that 80% of their patients stay sober for a year [3].

Researchers continue to study ketamine for opioid withdrawal [4].

References
1. Smith J. Ketamine and alcohol. J Addict. 2020;12:1-9.
2. Dakwar E, Levin F, Hart CL, et al. A single ketamine infusion combined with mindfulness-based behavioral modification to treat cocaine dependence. Am J Psychiatry. 2020;177(9):911-918.
3. Happy Clinic. Our results. happyclinic.example.
4. Study A, 30 participants.
"""


def quote_claim(article, quote, **fields):
    return make_claim(article, quote=quote, **fields)


def build_site():
    """One article with claims of several verdicts, citations of several statuses, studies
    with outcomes, flags (one dismissed) and an override: enough for every page to show."""
    editor = make_user("edith", editor=True)
    article = make_article(
        title="Ketamine for addiction: what we know",
        publisher="Wellness Daily",
        captured_text=TEXT,
        published_on=datetime(2024, 5, 2, tzinfo=UTC).date(),
    )
    trial = make_study(
        title="A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral Modification to Treat Cocaine Dependence",
        authors=[{"family": "Dakwar", "given": "E."}, {"family": "Nunes", "given": "E. V."}, {"family": "Hart", "given": "C. L."}],
        year=2019, n=55, route_code="intravenous", route="IV", dose="0.5 mg/kg over 40 min",
        comparator="midazolam 0.025 mg/kg", follow_up="6 months (telephone)",
        doi="10.1176/appi.ajp.2019.18101123", pmid="31230464", substances=("cocaine",),
        design="Randomised, active-controlled (midazolam), double-blind",
        outcomes_summary="End-of-study abstinence 48.2% vs 10.7% (OR 5.7, 95% CI 1.3-25.1).",
    )
    make_outcome(trial, measure="End-of-study abstinence", time_point="last 2 weeks", effect_measure="OR",
                 estimate=5.7, ci_low=1.3, ci_high=25.1, p_value_text="0.02", direction="favours_intervention")
    make_outcome(trial, measure="Relapse", effect_measure="HR", estimate=0.47, ci_low=0.24, ci_high=0.92,
                 primary=False)
    make_outcome(trial, measure="Craving", effect_measure="MD", estimate=-1.9, ci_low=-3.1, ci_high=-0.7,
                 primary=False)
    review = make_study(title="Ketamine for substance use disorders: a systematic review", n=None,
                        n_studies=8, design_code="systematic_review", substances=("alcohol", "opioids"), year=2022)
    drinking = make_study(title="Ketamine in alcohol use disorder", n=96, substances=("alcohol",), year=2022)
    make_outcome(drinking, measure="Percentage of days abstinent", effect_measure="", estimate=None, ci_low=None,
                 ci_high=None, primary=False, arms=[
        {"label": "ketamine", "value": "10.1% (4/40)", "n": 40}, {"label": "saline", "value": "2.5%", "n": 40},
    ], direction="no_difference")
    make_study(title="Opioid withdrawal under anaesthesia", n=58, substances=("opioids",), year=2006)
    childcare = make_study(title="Childcare and wellbeing: a review", design_code="narrative_review",
                           about_ketamine=False, about_substance_use=False, substances=("none",), n=None)

    cures = quote_claim(article, "Studies show ketamine cures alcohol addiction in a single session [1].",
                        substances=("alcohol",), computed_verdict="unverifiable", computed_certainty="very_low",
                        computed_rationale="The only reference cannot be found.")
    trial_claim = quote_claim(article, "In a 2019 trial, one infusion helped people with cocaine use disorder stay abstinent [2].",
                              substances=("cocaine",), computed_verdict="supported", computed_certainty="moderate",
                              computed_rationale="Dakwar 2019, an RCT of 55, found this.")
    nasal = quote_claim(article, "Doctors give it as a nasal spray at home, and it is completely safe.",
                        claim_type="safety", computed_verdict="unsupported", computed_certainty="very_low",
                        computed_rationale="No source is given.")
    clinic = quote_claim(article, "Some clinics report that 80% of their patients stay sober for a year [3].",
                         computed_verdict="overstated", computed_certainty="low",
                         computed_rationale="A clinic's own page, not research.")
    withdrawal = quote_claim(article, "Researchers continue to study ketamine for opioid withdrawal [4].",
                             claim_type="research", substances=("opioids",))
    withdrawal.override_verdict = "partly_supported"
    withdrawal.override_rationale = "A review covers it, though the reference given is anonymous."
    withdrawal.overridden_by = editor
    withdrawal.overridden_at = datetime(2026, 2, 1, tzinfo=UTC)
    withdrawal.save()

    smith = make_citation(article, marker="1.", raw_text="Smith J. Ketamine and alcohol. J Addict. 2020;12:1-9.",
                          status="not_found", status_reason="No work by Smith 2020 on ketamine and alcohol exists in the library or the registries.")
    dakwar = make_citation(
        article, marker="2.", study=trial, status="metadata_mismatch",
        raw_text="Dakwar E, Levin F, Hart CL, et al. A single ketamine infusion combined with mindfulness-based behavioral modification to treat cocaine dependence. Am J Psychiatry. 2020;177(9):911-918.",
        status_reason="Matched to Dakwar 2019 by its DOI; year, volume and pages differ.",
        discrepancies=[{"field": "year", "written": "2020", "canonical": "2019"},
                       {"field": "pages", "written": "911-918", "canonical": "923-930"}],
    )
    happy = make_citation(article, marker="3.", raw_text="Happy Clinic. Our results. happyclinic.example.",
                          status="secondary_source", status_reason="A clinic's marketing page, not research.")
    anonymous = make_citation(article, marker="4.", raw_text="Study A, 30 participants.", status="anonymous",
                              status_reason="No author, title or year: it cannot be identified.")
    make_citation(article, marker="5.", raw_text="Jones K. Childcare and wellbeing. 2018.", study=childcare,
                  status="off_topic", status_reason="About childcare, not ketamine or addiction.")

    make_link(cures, smith)
    make_link(trial_claim, dakwar, stance="supports", judged_by=editor, judged_at=datetime(2026, 1, 20, tzinfo=UTC),
              rationale="Abstinence 48.2% vs 10.7% in the last two weeks.")
    make_link(clinic, happy, stance="silent", misfit_reasons=["not_research"], judged_by=editor)
    make_link(withdrawal, anonymous, reliance="context")
    make_link(withdrawal, make_citation(article, marker="", raw_text="Systematic review of ketamine for SUD (2022).",
                                        location="in_text", study=review, status="verified"),
              stance="partly", misfit_reasons=["different_population"], rationale="Mostly alcohol studies.")

    make_flag(claim=cures, code="vague_attribution", message="Says “studies show” but cites one reference.")
    make_flag(claim=cures, code="unverifiable_citations_only", severity="critical",
              message="Its only reference cannot be found.")
    make_flag(claim=nasal, code="no_citation", message="The claim gives no source.")
    make_flag(claim=clinic, code="wording_stronger_than_evidence", message="“80% stay sober” rests on a clinic page.",
              dismissed_by=editor, dismissed_at=datetime(2026, 2, 2, tzinfo=UTC),
              dismissed_reason="The article says “report”, which is accurate.")
    make_flag(citation=dakwar, code="citation_metadata_mismatch", message="Year written 2020, record says 2019.")
    make_flag(citation=smith, code="citation_not_found", severity="critical", message="No such work found.")
    return {"article": article, "claims": [cures, trial_claim, nasal, clinic, withdrawal], "trial": trial,
            "trial_claim": trial_claim, "cures": cures}


@pytest.fixture
def site(reference_rows):
    return build_site()


def test_home_to_a_flagged_claim_to_the_study_behind_it(page, live_server, site):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Its claims").first.click()
    page.wait_for_url("**/claims/?article=*")
    # The claim whose citation has a metadata mismatch is flagged through that citation.
    page.locator("#id_flag").select_option("citation_metadata_mismatch")
    page.get_by_role("button", name="Show claims").click()
    page.wait_for_url("**flag=citation_metadata_mismatch**")
    claim_links = page.locator(".claim-list .quote a")
    assert claim_links.count() == 1
    claim_links.first.click()
    page.wait_for_url(f"**/claims/{site['trial_claim'].pk}/")
    assert page.locator(".discrepancies").get_by_text("923-930").is_visible()
    page.locator(".chain-step").get_by_role("link", name=site["trial"].title).click()
    page.wait_for_url(f"**/studies/{site['trial'].pk}/")
    assert page.get_by_role("heading", level=1).inner_text() == site["trial"].title
    assert page.locator("figure.forest").count() == 3
    assert page.get_by_role("link", name="10.1176/appi.ajp.2019.18101123").get_attribute("href") == (
        "https://doi.org/10.1176/appi.ajp.2019.18101123"
    )


def test_the_article_page_highlights_every_claim(page, live_server, site):
    page.goto(live_server.url + f"/articles/{site['article'].pk}/")
    marks = page.locator(".captured-text mark")
    assert marks.count() == len(site["claims"])
    # Each highlight links to its claim, and the links are reachable by keyboard.
    first = page.locator(".captured-text a.claim-link").first
    first.focus()
    assert page.evaluate("document.activeElement.classList.contains('claim-link')")
    first.press("Enter")
    page.wait_for_url("**/claims/*/")
    assert page.get_by_role("heading", name="The evidence chain").is_visible()


def test_script_in_article_and_claim_text_is_inert(page, live_server, reference_rows):
    payload = '<script>window.__pwned = 1; alert("x")</script><img src="x" onerror="window.__pwned = 2">'
    text = f"Intro. Ketamine works {payload} every time. End."
    article = make_article(title='Title <script>window.__pwned = 3</script>', captured_text=text)
    claim = make_claim(article, quote=f"Ketamine works {payload} every time.", computed_verdict="unsupported")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in (f"/articles/{article.pk}/", f"/claims/{claim.pk}/", "/claims/", "/"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__pwned") is None, path
        assert dialogs == [], path
    page.goto(live_server.url + f"/articles/{article.pk}/")
    # The payload is shown as text, readable as written.
    assert '<script>window.__pwned = 1; alert("x")</script>' in page.locator(".captured-text").inner_text()
    page.goto(live_server.url + f"/claims/{claim.pk}/")
    assert "<script>" in page.locator(".claim-context").inner_text()


def test_skip_link_is_the_first_stop_and_moves_to_the_content(page, live_server, site):
    page.goto(live_server.url + "/claims/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def public_pages(site):
    """One address of each kind of public page."""
    return {
        "home": "/",
        "articles": "/articles/",
        "article": f"/articles/{site['article'].pk}/",
        "claims": "/claims/",
        "claims-search": "/claims/?q=ketamine",
        "claim": f"/claims/{site['trial_claim'].pk}/",
        "claim-unverifiable": f"/claims/{site['cures'].pk}/",
        "studies": "/studies/",
        "study": f"/studies/{site['trial'].pk}/",
        "evidence-map": "/map/",
        "flagged-citations": "/citations/flagged/",
        "not-found": "/no-such-page/",
        "bad-query": "/claims/?verdict=nonsense",
    }


def test_every_kind_of_public_page_fits_a_360px_screen(narrow, live_server, site):
    for name, path in public_pages(site).items():
        narrow.goto(live_server.url + path)
        overflow = narrow.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} ({path}) is {overflow}px wider than a 360px screen"


def test_every_kind_of_public_page_fits_a_laptop_screen(page, live_server, site):
    for name, path in public_pages(site).items():
        page.goto(live_server.url + path)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{name} ({path}) is {overflow}px wider than a 1,366px screen"


def test_screenshots_of_the_main_pages(page, narrow, live_server, site, screenshot_dir):
    pages = public_pages(site)
    for name, path in pages.items():
        page.goto(live_server.url + path)
        page.screenshot(path=str(screenshot_dir / f"{name}-1366.png"), full_page=True)
    main = ("home", "article", "claim", "study", "evidence-map")
    for name in main:
        narrow.goto(live_server.url + pages[name])
        narrow.screenshot(path=str(screenshot_dir / f"{name}-360.png"), full_page=True)
    assert len(list(screenshot_dir.glob("*.png"))) >= len(pages) + len(main)


def test_the_evidence_map_says_what_each_study_found_and_leads_to_the_claims_on_it(narrow, live_server, site):
    narrow.goto(live_server.url + "/map/")
    trial = narrow.get_by_role("link", name="Dakwar et al. 2019, N = 55: favours the intervention on end-of-study abstinence")
    assert trial.is_visible()
    no_difference = narrow.locator("a.emark.f-no_difference")
    assert no_difference.count() == 1
    assert "no clear difference on percentage of days abstinent" in no_difference.get_attribute("title")
    # The row of randomised trials names each substance column in words on a phone.
    cell = narrow.locator("td[data-label='Cocaine']").first
    assert cell.is_visible()
    cell.get_by_role("link", name="1 claim citing them").click()
    narrow.wait_for_url("**/claims/?cited_substance=cocaine&cited_design=randomized_controlled_trial")
    assert narrow.get_by_text("1 claim matches").is_visible()
    assert narrow.get_by_text(site["trial_claim"].quote[:40], exact=False).first.is_visible()


def test_a_claim_page_leads_with_its_two_answers_then_the_facts_side_by_side(phone, live_server, site):
    from claims.verification.runs import verify_article

    verify_article(article_id=site["article"].pk)
    phone.goto(live_server.url + f"/claims/{site['trial_claim'].pk}/")
    headings = phone.locator("main h2, main h3").all_inner_texts()
    accuracy = next(i for i, h in enumerate(headings) if h.startswith("Is it accurate?"))
    sourcing = next(i for i, h in enumerate(headings) if h.startswith("What does the article give for it?"))
    support = next(i for i, h in enumerate(headings) if h.startswith("How far its own citations support it"))
    assert accuracy < sourcing < support
    # The article cites the trial with its year and pages wrong: the sourcing says so, in words.
    assert "Cites a work with problems" in headings[sourcing]
    assert phone.get_by_text("details that differ from the record").first.is_visible()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1


def test_admin_change_pages_fit_a_laptop_screen(browser, live_server, site):
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_superuser("curator", "curator@example.org", "a-long-password-1")
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "curator")
    page.fill("#id_password", "a-long-password-1")
    page.click("input[type=submit]")
    for path in (
        f"/admin/studies/study/{site['trial'].pk}/change/",
        f"/admin/claims/sourcearticle/{site['article'].pk}/change/",
        f"/admin/claims/claim/{site['trial_claim'].pk}/change/",
    ):
        page.goto(live_server.url + path)
        assert page.get_by_role("heading", level=1).count() >= 1
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than the screen"
    context.close()
