"""Rule tables: plain facts in, known flags out. No database."""

import pytest

from claims import constants as c
from claims.assessment.facts import follow_up_days, routes_named
from claims.assessment.rules import RULES, check_citation, check_claim, vague_phrases
from tests.claims.builders import citation, claim, link, study

# Studies of the seed library, as plain facts (design, N, route, topic from library.json).
KRUPITSKY_2002 = study(
    "Krupitsky et al. 2002", id=2, n=70, route_code="intramuscular", substances=("opioids",),
    follow_up="2 years",
)  # fmt: skip
DAKWAR_2014 = study("Dakwar et al. 2014", id=3, design_code="human_laboratory_study", n=8,
                    follow_up="24 h post-infusion")  # fmt: skip
DAKWAR_2020 = study("Dakwar et al. 2020", id=4, n=40, substances=("alcohol",),
                    follow_up="21 days after infusion (drinking modelled over 21 days)")  # fmt: skip
GRABSKI_2022 = study("Grabski et al. 2022", id=5, n=96, route_code="intravenous",
                     substances=("alcohol",), follow_up="6 months (also 3 months)")  # fmt: skip
LALANNE_2016 = study("Lalanne et al. 2016", id=6, design_code="case_report", n=1,
                     route_code="", substances=("opioids",))  # fmt: skip
AZHARI_2021 = study("Azhari et al. 2021", id=7, design_code="open_label_trial", n=8,
                    substances=("cannabis",))  # fmt: skip
GROB_2011 = study("Grob et al. 2011", id=8, n=12, route_code="oral", substances=("none",),
                  about_ketamine=False, about_substance_use=False,
                  topic_summary="psilocybin for anxiety in advanced-stage cancer")  # fmt: skip
BERMAN_2000 = study("Berman et al. 2000", id=9, n=7, substances=("none",),
                    about_substance_use=False, topic_summary="ketamine for major depression")  # fmt: skip
JONES_2018 = study("Jones et al. 2018", id=11, design_code="systematic_review", n=None,
                   substances=("alcohol", "cocaine", "opioids"), route_code="")  # fmt: skip
RAT_STUDY = study("Rat et al. 2015", id=12, design_code="animal_study", n=None,
                  substances=("alcohol",))  # fmt: skip
UNKNOWN_SUBSTANCES = study("Someone 2020", id=13, substances=())
SAMHSA = study("SAMHSA 2021", id=14, design_code="official_statistics", n=None, route_code="",
               substances=("substance_use_general",), about_ketamine=False,
               source_kind="official_statistics")  # fmt: skip
NEWS = study("Johns Hopkins 2024", id=15, design_code="web_article", n=None, route_code="",
             substances=(), source_kind="news_or_explainer", about_substance_use=False)  # fmt: skip
BIG_RCT = study("Big et al. 2024", id=16, n=400)


def cites(s, status="verified", **link_fields):
    return link(citation(status, s, id=100 + s.id, label=f"[{s.id}] {s.label}"), **link_fields)


def codes(flags):
    return {f.code: f.severity for f in flags}


NOT_FOUND = link(citation("not_found", None, id=201, label="[6] Olsson, E. M., … (2014)",
                          status_reason="No work in the library matches."))  # fmt: skip
ANONYMOUS = link(citation("anonymous", None, id=202, label="Study A",
                          status_reason="'Study A' is a placeholder name."))  # fmt: skip
OFF_TOPIC = link(citation("off_topic", study("McArthur et al. 2024", id=20,
                                             about_ketamine=False, about_substance_use=False),
                          id=203, label="[2] McArthur, M., … (2024)"))  # fmt: skip
UNCHECKED = link(citation("unchecked", None, id=204, label="[9] Someone (2020)"))

# (id, claim facts, the flags it raises as {code: severity}, exactly)
CLAIM_TABLE = [
    pytest.param(
        claim(),
        {"no_citation": "warning"},
        id="an efficacy claim that cites nothing gets a no-citation warning and nothing else",
    ),
    pytest.param(
        claim(claim_type="promotional", quote="Our clinic will help you heal."),
        {"no_citation": "info"},
        id="a provider's own promise that cites nothing gets only an info flag",
    ),
    pytest.param(
        claim(cites(BIG_RCT, stance="supports")),
        {},
        id="a categorical claim supported by a 400-person RCT raises nothing",
    ),
    pytest.param(
        claim(quote="Studies have shown that ketamine reduces craving.", wording="hedged"),
        {"no_citation": "warning", "vague_attribution": "warning"},
        id="studies have shown with no citation is a vague attribution",
    ),
    pytest.param(
        claim(
            cites(BIG_RCT, reliance="context", stance="supports"),
            quote="Some studies suggest ketamine reduces cocaine use.",
            wording="hedged",
        ),
        {"vague_attribution": "warning"},
        id="some studies suggest leaning only on a study described nearby is vague",
    ),
    pytest.param(
        claim(
            quote="Early clinical trials have demonstrated that ketamine infusions can reduce"
            " cravings.",
            claim_type="efficacy",
            wording="hedged",
            substances=("opioids",),
        ),
        {"no_citation": "warning", "vague_attribution": "warning"},
        id="early clinical trials have demonstrated is a vague attribution",
    ),
    pytest.param(
        claim(
            cites(BIG_RCT, stance="supports"), quote="Studies show ketamine reduces cocaine use."
        ),
        {},
        id="studies show followed by a specific citation by marker is not vague",
    ),
    pytest.param(
        claim(NOT_FOUND),
        {"unverifiable_citations_only": "critical"},
        id="a claim whose only citation is not found cites only unverifiable works",
    ),
    pytest.param(
        claim(NOT_FOUND, ANONYMOUS, OFF_TOPIC),
        {"unverifiable_citations_only": "critical"},
        id="not found anonymous and off-topic citations together are all unverifiable",
    ),
    pytest.param(
        claim(NOT_FOUND, cites(BIG_RCT, stance="supports")),
        {},
        id="one found supporting trial next to a not-found reference is enough",
    ),
    pytest.param(
        claim(UNCHECKED),
        {},
        id="an unchecked citation raises nothing until it is checked",
    ),
    pytest.param(
        claim(cites(NEWS, "secondary_source"), claim_type="efficacy", wording="hedged"),
        {"unverifiable_citations_only": "critical"},
        id="an efficacy claim resting on a news explainer cites only a secondary source",
    ),
    pytest.param(
        claim(
            cites(SAMHSA, stance="supports"),
            claim_type="epidemiology",
            quote="40.3 million Americans had a substance use disorder.",
            substances=("substance_use_general",),
        ),
        {},
        id="a statistic taken from official statistics not about ketamine is direct and fine",
    ),
    pytest.param(
        claim(
            cites(NEWS, "secondary_source"),
            claim_type="epidemiology",
            quote="107,941 drug overdose deaths were reported in 2022.",
            substances=("substance_use_general",),
        ),
        {},
        id="a statistic reported by a news page is not unverifiable",
    ),
    pytest.param(
        claim(
            cites(KRUPITSKY_2002, stance="supports"),
            substances=("alcohol",),
            wording="hedged",
            quote="Ketamine may help people stop drinking.",
        ),
        {"indirect_evidence": "warning"},
        id="an alcohol claim resting on a heroin trial is indirect evidence",
    ),
    pytest.param(
        claim(
            cites(BERMAN_2000),
            substances=("opioids",),
            wording="hedged",
            quote="Ketamine may ease opioid withdrawal.",
        ),
        {"indirect_evidence": "warning", "weak_design_only": "warning"},
        id="an addiction claim resting on a depression trial of 7 is indirect and weak",
    ),
    pytest.param(
        claim(
            cites(GROB_2011),
            substances=("substance_use_general",),
            wording="hedged",
            quote="Psychedelic therapy may help addiction.",
        ),
        {"indirect_evidence": "warning", "weak_design_only": "warning"},
        id="a ketamine claim resting on a psilocybin trial of 12 is indirect and weak",
    ),
    pytest.param(
        claim(
            cites(RAT_STUDY),
            substances=("alcohol",),
            claim_type="mechanism",
            wording="hedged",
            quote="Ketamine may reduce alcohol seeking.",
        ),
        {"indirect_evidence": "warning"},
        id="a claim about people resting on an animal study is indirect evidence",
    ),
    pytest.param(
        claim(
            cites(DAKWAR_2020, stance="supports"),
            cites(KRUPITSKY_2002, stance="supports"),
            substances=("alcohol",),
            wording="hedged",
            quote="Ketamine may help people stop drinking.",
        ),
        {"indirect_evidence": "info"},
        id="an indirect study next to a direct one is only an info flag",
    ),
    pytest.param(
        claim(
            cites(GRABSKI_2022, stance="supports"),
            substances=("substance_use_general",),
            wording="hedged",
            quote="Ketamine may help addiction.",
        ),
        {},
        id="a claim about substance use in general is directly served by an alcohol trial",
    ),
    pytest.param(
        claim(
            cites(UNKNOWN_SUBSTANCES, stance="supports"),
            substances=("opioids",),
            wording="hedged",
            quote="Ketamine may help opioid addiction.",
        ),
        {},
        id="a study whose substances are unknown is never called indirect",
    ),
    pytest.param(
        claim(
            cites(LALANNE_2016, stance="supports"),
            substances=("opioids",),
            wording="hedged",
            quote="Ketamine may ease opioid withdrawal.",
        ),
        {"weak_design_only": "warning"},
        id="an efficacy claim resting only on a case report has a weak design only",
    ),
    pytest.param(
        claim(
            cites(AZHARI_2021, stance="supports"),
            substances=("cannabis",),
            wording="hedged",
            quote="Ketamine may reduce cannabis use.",
        ),
        {"weak_design_only": "warning"},
        id="an efficacy claim resting only on an open-label trial of 8 has a weak design only",
    ),
    pytest.param(
        claim(
            cites(
                GROB_2011.__class__(
                    **{
                        **GROB_2011.__dict__,
                        "about_ketamine": True,
                        "about_substance_use": True,
                        "substances": ("cocaine",),
                    }
                ),
                stance="supports",
            ),
            wording="hedged",
            quote="Ketamine may reduce cocaine use.",
        ),
        {"weak_design_only": "warning"},
        id="an RCT of only 12 participants counts as weak",
    ),
    pytest.param(
        claim(
            cites(DAKWAR_2020, stance="supports"),
            substances=("alcohol",),
            wording="hedged",
            quote="Ketamine may help sustain abstinence from alcohol.",
        ),
        {"weak_design_only": "warning"},
        id="a lasting-abstinence claim resting on a trial followed for 21 days is weak",
    ),
    pytest.param(
        claim(
            cites(DAKWAR_2020, stance="supports"),
            substances=("alcohol",),
            wording="hedged",
            quote="Ketamine may reduce craving for alcohol.",
        ),
        {},
        id="a craving claim resting on the same 21-day trial is not weak",
    ),
    pytest.param(
        claim(
            cites(LALANNE_2016, stance="supports"),
            cites(KRUPITSKY_2002, stance="supports"),
            substances=("opioids",),
            wording="hedged",
            quote="Ketamine may help opioid addiction.",
        ),
        {},
        id="a case report next to a controlled trial is not weak design only",
    ),
    pytest.param(
        claim(
            cites(JONES_2018, stance="supports"),
            substances=("cocaine",),
            wording="hedged",
            quote="Ketamine may help cocaine addiction.",
        ),
        {},
        id="a systematic review is strong enough whatever its N",
    ),
    pytest.param(
        claim(
            cites(DAKWAR_2014, stance="supports"),
            claim_type="mechanism",
            quote="Ketamine increases motivation to quit cocaine.",
        ),
        {"wording_stronger_than_evidence": "warning"},
        id="a categorical mechanism claim on a lab study of 8 is worded beyond its evidence",
    ),
    pytest.param(
        claim(
            cites(DAKWAR_2014, stance="supports"),
            claim_type="mechanism",
            wording="hedged",
            quote="Ketamine may increase motivation to quit cocaine.",
        ),
        {},
        id="the same claim hedged raises nothing",
    ),
    pytest.param(
        claim(cites(BIG_RCT, stance="partly", rationale="Only craving fell, not use.")),
        {"wording_stronger_than_evidence": "warning"},
        id="a categorical claim only partly supported is worded beyond its evidence",
    ),
    pytest.param(
        claim(
            cites(
                BIG_RCT,
                stance="supports",
                misfit_reasons=["overstated_result"],
                rationale="The trial found 48% abstinence, not a cure.",
            ),
            wording="hedged",
        ),
        {"wording_stronger_than_evidence": "warning"},
        id="an editor's overstated result flags the wording even when hedged",
    ),
    pytest.param(
        claim(
            cites(KRUPITSKY_2002, reliance="context", stance="silent"),
            substances=("opioids",),
            quote="Administering ketamine intravenously (IV) is the most effective method.",
        ),
        {"misrepresentation": "warning"},
        id="an IV claim leaning on an intramuscular trial is caught by the route check",
    ),
    pytest.param(
        claim(
            cites(GRABSKI_2022, stance="supports"),
            substances=("alcohol",),
            quote="IV ketamine helps people with alcohol use disorder.",
            wording="hedged",
        ),
        {},
        id="an IV claim leaning on an IV trial passes the route check",
    ),
    pytest.param(
        claim(
            cites(
                KRUPITSKY_2002,
                stance="supports",
                misfit_reasons=["different_dose"],
                rationale="The trial gave 2.0 mg/kg once, not repeated low doses.",
            ),
            substances=("opioids",),
            wording="hedged",
            quote="Repeated low doses may help heroin addiction.",
        ),
        {"misrepresentation": "critical"},
        id="an editor's different dose is a critical misrepresentation",
    ),
    pytest.param(
        claim(cites(BIG_RCT, stance="silent", misfit_reasons=["different_outcome"])),
        {},
        id="a study judged silent for an outcome it did not measure raises no flag here",
    ),
]


@pytest.mark.parametrize("facts, expected", CLAIM_TABLE)
def test_claim_rules(facts, expected):
    assert codes(check_claim(facts)) == expected


def test_the_route_check_names_both_routes_in_words():
    facts = claim(
        cites(KRUPITSKY_2002, reliance="context", stance="silent"),
        substances=("opioids",),
        quote="Administering ketamine intravenously (IV) is the most effective method.",
    )
    (flag,) = check_claim(facts)
    assert (
        "cites Krupitsky et al. 2002, which gave ketamine intramuscularly (IM); "
        "the claim says IV" in flag.message
    )
    assert flag.evidence["findings"] == [
        {
            "citation": 102,
            "study": 2,
            "reason": "different_route",
            "source": "route_check",
            "study_route": "intramuscular",
            "claim_routes": ["intravenous"],
        }
    ]


def test_an_editors_misrepresentation_quotes_the_study_fact_it_rests_on():
    facts = claim(
        cites(
            KRUPITSKY_2002,
            stance="partly",
            misfit_reasons=["different_route"],
            rationale="Krupitsky gave 2.0 mg/kg IM.",
        ),
        substances=("opioids",),
        quote="IV ketamine cured heroin addiction in a landmark trial.",
    )
    flags = {f.code: f for f in check_claim(facts)}
    assert flags["misrepresentation"].severity == "critical"
    assert flags["misrepresentation"].message == (
        "Misrepresents the cited study: cites Krupitsky et al. 2002, which gave ketamine "
        "intramuscularly (IM); the claim says IV (Krupitsky gave 2.0 mg/kg IM)."
    )
    assert flags["misrepresentation"].evidence["findings"][0]["source"] == "editor"


def test_a_vague_attribution_names_the_phrase_it_found():
    (flag, vague) = check_claim(claim(quote="Research suggests that ketamine works."))
    assert (
        vague.message == "Says “Research suggests” but names no specific study and cites nothing."
    )
    assert vague.evidence["phrases"] == ["research suggests"]


def test_indirect_evidence_says_which_study_and_why():
    flags = check_claim(
        claim(cites(BERMAN_2000), substances=("opioids",), wording="hedged", quote="It may help.")
    )
    assert flags[0].message == (
        "Indirect evidence: cites Berman et al. 2000, but it is not about substance use "
        "(ketamine for major depression)."
    )


def test_weak_design_names_each_study_and_its_weakness():
    (flag,) = check_claim(
        claim(
            cites(LALANNE_2016, stance="supports"),
            substances=("opioids",),
            wording="hedged",
            quote="Ketamine may ease opioid withdrawal.",
        )
    )
    assert flag.message == (
        "Only weak designs behind it, no adequate controlled trial or systematic review: "
        "Lalanne et al. 2016 (a case report, N=1): a case report, with no control group or "
        "synthesis."
    )


@pytest.mark.parametrize(
    "quote, phrases",
    [
        pytest.param(
            "Studies have shown that it works.", ["Studies have shown"], id="studies have shown"
        ),
        pytest.param(
            "Recent studies suggest ketamine may help.",
            ["Recent studies suggest"],
            id="recent studies suggest",
        ),
        pytest.param(
            "Some studies have reported sustained benefits.",
            ["Some studies have reported"],
            id="some studies have reported",
        ),
        pytest.param(
            "Case reports have highlighted success stories.", ["Case reports"], id="case reports"
        ),
        pytest.param(
            "Dakwar et al. (2019) found lower relapse.", [], id="a named study is not vague"
        ),
        pytest.param(
            "Research on ketamine is at an early stage.",
            [],
            id="research as a topic is not an attribution",
        ),
    ],
)
def test_vague_phrases_in_a_quote(quote, phrases):
    assert vague_phrases(quote) == phrases


DAKWAR_DISCREPANCIES = (
    {"field": "year", "written": "2020", "canonical": "2019"},
    {"field": "volume", "written": "177", "canonical": "176"},
    {"field": "issue", "written": "9", "canonical": "11"},
    {"field": "pages", "written": "911-918", "canonical": "923-930"},
)

CITATION_TABLE = [
    pytest.param(citation("verified"), {}, id="a verified citation raises nothing"),
    pytest.param(citation("unchecked", None), {}, id="an unchecked citation raises nothing"),
    pytest.param(
        citation("metadata_mismatch", discrepancies=DAKWAR_DISCREPANCIES),
        {"citation_metadata_mismatch": "warning"},
        id="a reference with the wrong year and pages is a metadata mismatch warning",
    ),
    pytest.param(
        citation("identifier_mismatch", status_reason="The PubMed link points to another work."),
        {"citation_identifier_mismatch": "critical"},
        id="an identifier pointing to another work is critical",
    ),
    pytest.param(
        citation("off_topic"),
        {"citation_off_topic": "critical"},
        id="an off-topic work is critical",
    ),
    pytest.param(
        citation("secondary_source", NEWS),
        {"citation_secondary_source": "warning"},
        id="a news explainer is a secondary source warning",
    ),
    pytest.param(
        citation("not_found", None, status_reason="Nothing matches."),
        {"citation_not_found": "warning"},
        id="a reference not in the library, which alone was searched, is a warning",
    ),
    pytest.param(
        citation("not_found", None, status_reason="Nothing matches.", registries_searched=True),
        {"citation_not_found": "critical"},
        id="a reference found neither in the library nor in any registry is critical",
    ),
    pytest.param(
        citation("verified", study(standing="retracted", notice="Retraction of 2010-02-06")),
        {"citation_retracted": "critical"},
        id="a verified reference to a retracted work is critical",
    ),
    pytest.param(
        citation("metadata_mismatch", study(standing="corrected")),
        {"citation_metadata_mismatch": "warning", "citation_notice": "info"},
        id="a corrected work is noted beside the reference's own problem",
    ),
    pytest.param(
        citation("verified", study(standing="expression_of_concern")),
        {"citation_notice": "warning"},
        id="an expression of concern is a warning",
    ),
    pytest.param(
        citation("anonymous", None, status_reason="Study A is a placeholder."),
        {"citation_anonymous": "critical"},
        id="an anonymous reference is critical",
    ),
]


@pytest.mark.parametrize("facts, expected", CITATION_TABLE)
def test_citation_rules(facts, expected):
    assert codes(check_citation(facts)) == expected


def test_a_metadata_mismatch_names_each_field_written_and_recorded():
    (flag,) = check_citation(
        citation(
            "metadata_mismatch",
            label="[1] Dakwar, E., … (2020)",
            discrepancies=DAKWAR_DISCREPANCIES,
        )
    )
    assert flag.message == (
        "The reference as written differs from the record of Dakwar et al. 2019: "
        "year written 2020, record says 2019; volume written 177, record says 176; "
        "issue written 9, record says 11; pages written 911-918, record says 923-930."
    )
    assert flag.evidence["discrepancies"] == [dict(d) for d in DAKWAR_DISCREPANCIES]
    assert (flag.rule, flag.rule_version) == ("citation_status", 1)


def test_an_off_topic_citation_says_what_the_work_is_about():
    childcare = study(
        "McArthur et al. 2024",
        about_ketamine=False,
        about_substance_use=False,
        topic_summary="childcare as a barrier to healthcare access",
    )
    (flag,) = check_citation(citation("off_topic", childcare, label="[2] McArthur"))
    assert flag.message == (
        "The cited work, McArthur et al. 2024 (childcare as a barrier to healthcare access), "
        "is not about ketamine or substance use."
    )


def test_every_flag_code_has_exactly_one_rule_with_a_version():
    assert set(RULES) == {code for code, _ in c.FLAG_CODES}
    assert all(rule.version >= 1 and rule.name for rule in RULES.values())


def test_every_claim_flag_carries_its_rule_and_version():
    flags = check_claim(claim(quote="Studies show it works."))
    assert {(f.code, f.rule, f.rule_version) for f in flags} == {
        ("no_citation", "no_citation", 1),
        ("vague_attribution", "vague_attribution", 1),
    }


@pytest.mark.parametrize(
    "words, days",
    [
        pytest.param("2 years", 730, id="two years"),
        pytest.param(">1 year", 365, id="more than a year"),
        pytest.param("end of 5-week trial; 6-month telephone follow-up", 180,
                     id="the longest of two follow-ups"),
        pytest.param("24 h post-infusion", 1, id="hours"),
        pytest.param("21 days after infusion", 21, id="days"),
        pytest.param("", None, id="no follow-up stated is unknown"),
        pytest.param("not confirmed", None, id="words with no duration are unknown"),
    ],
)  # fmt: skip
def test_follow_up_is_read_in_days_from_the_records_words(words, days):
    assert follow_up_days(words) == days


@pytest.mark.parametrize(
    "quote, routes",
    [
        pytest.param("Administering ketamine intravenously (IV) works.", {"intravenous"},
                     id="intravenously and IV"),
        pytest.param("Patients receive ketamine infusions.", {"intravenous"},
                     id="an infusion is intravenous"),
        pytest.param("given intravenously or intranasally", {"intravenous", "intranasal"},
                     id="two routes"),
        pytest.param("Esketamine nasal spray is approved.", {"intranasal"}, id="nasal spray"),
        pytest.param("I'm sure it works; im not", set(), id="im in lower case is no route"),
        pytest.param("Ketamine reduced craving.", set(), id="no route named"),
    ],
)  # fmt: skip
def test_routes_named_in_a_claim(quote, routes):
    assert routes_named(quote) == routes


def test_a_claim_citing_only_secondary_sources_is_flagged_as_resting_on_them_not_as_unverifiable():
    (flag,) = [
        f
        for f in check_claim(claim(cites(NEWS, "secondary_source"), wording="hedged"))
        if f.code == "unverifiable_citations_only"
    ]
    assert flag.message == (
        "It cites only secondary sources, not research: Johns Hopkins 2024 is a news article "
        "or explainer."
    )
    assert flag.rule_version == 2


def test_the_unverifiable_flag_says_what_each_cited_work_is():
    (flag,) = [
        f
        for f in check_claim(claim(cites(NEWS, "secondary_source"), NOT_FOUND, OFF_TOPIC))
        if f.code == "unverifiable_citations_only"
    ]
    assert flag.message == (
        "None of the works it cites can be weighed as evidence for it: Johns Hopkins 2024 is "
        "a news article or explainer; [6] Olsson, E. M., … (2014) was not found; McArthur et "
        "al. 2024 is off-topic."
    )


def test_the_unverifiable_flag_says_a_verified_reference_is_to_a_retracted_work():
    retracted = study("Wakefield et al. 1998", id=21, standing="retracted",
                      notice="Retraction 2010-02-06 (Retraction Watch)")  # fmt: skip
    (flag,) = [f for f in check_claim(claim(cites(retracted))) if f.code == "unverifiable_citations_only"]
    assert flag.message == (
        "None of the works it cites can be weighed as evidence for it: Wakefield et al. 1998 is "
        "retracted (Retraction 2010-02-06 (Retraction Watch))."
    )


def test_the_wording_rule_grades_a_systematic_review_from_moderate():
    # Categorical and resting on a review rated down once: moderate less one is low.
    facts = claim(
        cites(JONES_2018, stance="supports", misfit_reasons=["different_population"]),
        substances=("alcohol",),
    )
    (flag,) = [f for f in check_claim(facts) if f.code == "wording_stronger_than_evidence"]
    assert flag.evidence["certainty"] == "low"
    assert flag.rule_version == 3  # 3: reports of findings are not weighed by certainty
