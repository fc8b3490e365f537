"""Intake's extraction, on plain text: reference lists, markers and mentions, candidates."""

from claims.intake.candidates import classify, wording
from claims.intake.pipeline import extract
from claims.intake.sections import find_reference_list

APA_PAGE = """Ketamine for addiction

Studies have shown that ketamine helps. In a study published in the American Journal of \
Psychiatry [1], Dakwar et al. (2020) found that one infusion reduced cocaine use.
A meta-analysis by Chan et al. (2021) [2] found fewer relapses.

References

[1] Dakwar, E., Nunes, E. V., Hart, C. L. (2020). A single ketamine infusion. American \
Journal of Psychiatry, 177(9), 911-918.

[2] Chan, H. K., Leung, P. W. (2021). Efficacy of ketamine in alcohol use disorders. \
Addiction, 116(7), 1692-1701.

Commentary

Ketamine is often a promising option.
"""


def spans_hold(text, items, field="raw"):
    return all(text[item["start"] : item["end"]] == item[field] for item in items)


def test_it_finds_the_reference_list_under_its_heading_and_stops_at_the_next_section():
    found = find_reference_list(APA_PAGE)
    assert found.heading == "References"
    assert [e.label for e in found.entries] == ["[1]", "[2]"]
    assert found.entries[0].raw.startswith("Dakwar, E.")
    assert all(APA_PAGE[e.start : e.end] == e.raw for e in found.entries)


def test_it_reads_entries_whose_bullet_stands_alone_on_the_line_before():
    text = (
        "Ketamine may help (1). A review found small samples (2).\nReferences\n-\n"
        "What to Know About Ketamine. (2024). Johns Hopkins. Retrieved from https://jhu.edu/k\n"
        "-\nMcArthur, M., Tian, P. (2024). Childcare as a social determinant. Frontiers.\n"
    )
    result = extract(text).as_json()
    assert [r["raw"][:12] for r in result["references"]] == ["What to Know", "McArthur, M."]
    # The text cites bulleted entries by their place: (1) is the first.
    assert [m["reference"] for m in result["markers"] if m["kind"] == "number"] == ["1", "2"]
    assert [c["marker"] for c in result["citations"]] == ["(1)", "(2)"]


def test_it_reads_a_resources_section_of_titles_and_addresses_with_summaries_between():
    text = (
        "Our program works.\nResources and Relevant Studies\nKetamine for Addiction: What to Know\n"
        "\u00a0\nWhat Is Ketamine?\nKetamine is an anesthetic approved by the FDA for surgery.\n"
        "https://www.webmd.com/ketamine-for-addiction\n\n"
        "Efficacy of Ketamine in the Treatment of Substance Use Disorders: A Systematic Review\n"
        "Background: Despite advances in treatment, substance use disorders are refractory. "
        "Here we review the literature.\n"
    )
    result = extract(text).as_json()
    assert [(r["kind"], r["raw"][:20]) for r in result["references"]] == [
        ("title", "Ketamine for Addicti"),
        ("url", "https://www.webmd.co"),
        ("title", "Efficacy of Ketamine"),
    ]
    assert [c["location"] for c in result["citations"]] == [
        "reference_list",
        "link",
        "reference_list",
    ]
    # The summaries between the entries are read for claims.
    assert any("approved by the FDA" in c["quote"] for c in result["claims"])


def test_it_finds_a_trailing_run_of_references_with_no_heading():
    text = (
        "Ketamine reduced relapse in two trials.\n\n"
        "Krupitsky, E. M., et al. (2002). The efficacy of ketamine in heroin addicts. J Subst Abuse Treat, 23(4), 273-283.\n"
        "Grabski, M., et al. (2022). Adjunctive ketamine. Am J Psychiatry, 179(2), 152-162.\n"
        "Share\n"
    )
    found = find_reference_list(text)
    assert found is not None and found.heading == ""
    assert [e.raw[:9] for e in found.entries] == ["Krupitsky", "Grabski, "]


def test_closing_paragraphs_that_cite_authors_in_running_text_are_not_a_reference_list():
    # A forum post's last two paragraphs, as printed: each names its study by author and
    # year and goes on with what the study did. Read as a list, they hid two claims and
    # both mentions.
    text = (
        "What the science says about ketamine for opioid detoxification.\n"
        "To investigate ketamine's potential to assist with opioid detoxification, Jovaisa et "
        "al. (2006) conducted a randomized controlled trial. The authors found that ketamine "
        "could suppress the physiologic response to opioid withdrawal.\n"
        "Malchow et al. (2020) considered ketamine's anti-hyperalgesic effects. However, this "
        "was unrelated to treatment outcome at 4-month follow-up.\n"
    )
    assert find_reference_list(text) is None
    result = extract(text).as_json()
    assert [(m["kind"], m["marker"]) for m in result["markers"] if m["kind"] == "author_year"] == [
        ("author_year", "Jovaisa et al. (2006)"),
        ("author_year", "Malchow et al. (2020)"),
    ]
    quotes = [c["quote"] for c in result["claims"]]
    assert any(q.startswith("The authors found that ketamine could suppress") for q in quotes)
    assert any("unrelated to treatment outcome" in q for q in quotes)


def test_it_keeps_a_reference_whose_formatting_is_broken():
    text = "Ketamine works [1].\nReferences\n1. Smith J 2019 ketamine thing no punctuation at all\n"
    found = find_reference_list(text)
    assert [e.raw for e in found.entries] == ["Smith J 2019 ketamine thing no punctuation at all"]


def test_it_does_not_take_a_numbered_list_of_points_for_references():
    text = (
        "Why ketamine works:\n1. It blocks NMDA receptors in the brain.\n"
        "2. It promotes new synapses within hours.\n3. It lifts mood quickly.\n"
    )
    assert find_reference_list(text) is None
    assert not extract(text).as_json()["markers"]


def test_markers_resolve_to_entries_and_mentions_to_their_authors():
    result = extract(APA_PAGE).as_json()
    markers = {(m["marker"], m["kind"], m["reference"]) for m in result["markers"]}
    assert ("[1]", "number", "1") in markers
    assert ("Dakwar et al. (2020)", "author_year", "1") in markers
    assert ("Chan et al. (2021)", "author_year", "2") in markers
    assert ("Studies have shown", "vague", None) in markers
    assert spans_hold(APA_PAGE, result["markers"], field="marker")


def test_a_journal_named_beside_a_marker_describes_that_entry_and_is_no_citation_of_its_own():
    result = extract(APA_PAGE).as_json()
    assert [c["location"] for c in result["citations"]] == ["reference_list", "reference_list"]
    dakwar = next(c for c in result["claims"] if "Dakwar" in c["quote"])
    assert dakwar["citation_keys"] == ["r1"]


def test_digits_glued_to_a_word_are_markers_when_they_resolve():
    text = (
        "Early clinical trials2 showed fewer cravings. It helped heroin users.3\n"
        "Version B12 and COVID19 are names.\n"
        "Sources\n1. Jones A. (2019). One. J X.\n2. Lee B. (2020). Two. J Y.\n3. Kim C. (2021). Three. J Z.\n"
    )
    result = extract(text).as_json()
    numbers = [(m["marker"], m["reference"]) for m in result["markers"] if m["kind"] == "number"]
    assert numbers == [("2", "2"), ("3", "3")]


def test_years_and_item_numbers_in_brackets_are_not_markers():
    text = (
        "The program has three aspects: (1) Biological: medication, (2) Psychological: therapy, "
        "and (3) Social: family. Ketamine helped in 2020 (2020) trials and cut relapse (2).\n"
        "References\n1. Jones A. (2019). One. J X.\n2. Lee B. (2020). Two. J Y.\n3. Kim C. (2021). Three. J Z.\n"
    )
    markers = [m for m in extract(text).as_json()["markers"] if m["kind"] == "number"]
    assert [(m["marker"], text[m["start"] - 12 : m["start"]]) for m in markers] == [
        ("(2)", "cut relapse ")
    ]


def test_a_journal_or_institution_with_no_entry_becomes_a_citation_in_the_text():
    text = (
        "Ketamine shows significant promise, according to a landmark study published in the "
        "Journal of Substance Abuse Treatment. According to the National Institute on Drug Abuse, "
        "107,941 drug overdose deaths were reported in 2022.\n"
    )
    result = extract(text).as_json()
    assert [(c["location"], c["raw"]) for c in result["citations"]] == [
        ("in_text", "a landmark study published in the Journal of Substance Abuse Treatment"),
        ("in_text", "the National Institute on Drug Abuse"),
    ]
    assert [c["citation_keys"] for c in result["claims"]] == [["t1"], ["t2"]]


def test_a_parenthetical_citation_with_a_journal_and_volume_is_one_author_year_mention():
    text = (
        "A trial (Grabski et al., Am J Psychiatry. 2022;179(2):152-162) of 96 people found more "
        "days abstinent.\n"
    )
    markers = extract(text).as_json()["markers"]
    assert [(m["marker"], m["kind"]) for m in markers if m["kind"] != "vague"] == [
        ("(Grabski et al., Am J Psychiatry. 2022;179(2):152-162)", "author_year")
    ]


def test_each_row_of_a_table_of_studies_is_a_citation_and_a_candidate():
    text = (
        "Study | Sample Size | Duration | Outcomes |\n---|---|---|---|\n"
        "A | 30 | 4 weeks | Reduced cravings, improved mood |\n"
        "B | 50 | 8 weeks | Significant decrease in withdrawal symptoms |\n"
    )
    result = extract(text).as_json()
    assert [(c["marker"], c["location"]) for c in result["citations"]] == [
        ("A", "in_text"),
        ("B", "in_text"),
    ]
    assert [c["quote"] for c in result["claims"]] == [
        "A | 30 | 4 weeks | Reduced cravings, improved mood |",
        "B | 50 | 8 weeks | Significant decrease in withdrawal symptoms |",
    ]


def test_a_sentence_describing_one_study_protocol_is_a_citation_in_the_text():
    text = (
        "Two trials showed benefits.\nThe people who had cocaine addictions got ketamine through "
        "an IV for 5 days, in addition to therapy.\n"
    )
    result = extract(text).as_json()
    assert [c["raw"][:24] for c in result["citations"]] == ["people who had cocaine a"]


def test_headings_questions_navigation_and_calls_to_action_are_not_candidates():
    text = (
        "Table of Contents\nHow Ketamine Works\nIs ketamine safe for everyone with addiction?\n"
        "Call us today to book your consultation.\nThis blog delves into ketamine and addiction.\n"
        "Ketamine reduced cravings in 70 detoxified heroin users.\n"
    )
    quotes = [c["quote"] for c in extract(text).as_json()["claims"]]
    assert quotes == ["Ketamine reduced cravings in 70 detoxified heroin users."]


def test_a_list_item_is_quoted_without_its_bullet_and_an_answer_without_its_label():
    text = "- Ketamine can cause nausea and raised blood pressure.\nA: No, ketamine is only FDA-approved as an anesthetic.\n"
    quotes = [c["quote"] for c in extract(text).as_json()["claims"]]
    assert quotes == [
        "Ketamine can cause nausea and raised blood pressure.",
        "No, ketamine is only FDA-approved as an anesthetic.",
    ]


def test_two_checkable_claims_joined_by_a_semicolon_are_split():
    text = "Ketamine reduced drinking days in the trial; side effects were mild and brief in most patients.\n"
    quotes = [c["quote"] for c in extract(text).as_json()["claims"]]
    assert quotes == [
        "Ketamine reduced drinking days in the trial",
        "side effects were mild and brief in most patients.",
    ]


def test_a_marker_just_after_the_full_stop_belongs_to_the_sentence():
    text = "Ketamine cut relapse rates in detoxified alcoholics.[1]\nReferences\n[1] Krupitsky E. (2002). Title. J X.\n"
    claim = extract(text).as_json()["claims"][0]
    assert claim["citations"] == ["[1]"]
    assert claim["citation_keys"] == ["r1"]


def test_candidates_carry_type_wording_and_substances():
    text = "Ketamine may reduce cravings for alcohol.\nThe FDA approved ketamine as an anesthetic in 1970.\n"
    claims = extract(text).as_json()["claims"]
    assert [(c["claim_type"], c["wording"], c["substances"]) for c in claims] == [
        ("efficacy", "hedged", ["alcohol"]),
        ("regulatory", "categorical", ["none"]),
    ]
    assert classify("Ketamine blocks NMDA receptors in the brain.") == "mechanism"
    assert wording("Ketamine cures addiction.") == "categorical"


def test_every_offset_points_at_what_it_names():
    result = extract(APA_PAGE).as_json()
    assert spans_hold(APA_PAGE, result["references"])
    assert spans_hold(APA_PAGE, result["citations"])
    assert spans_hold(APA_PAGE, result["claims"], field="quote")


FOOTNOTED = (
    "Ketamine reduced cravings by 40% in a 2019 RCT [^1].\n\n"
    "[^1]: Krupitsky E, et al. Ketamine psychotherapy for heroin addiction: immediate effects "
    "and two-year follow-up. J Subst Abuse Treat. 2002;23(4):273-283.\n"
)


def test_it_keeps_markdown_footnotes_as_references():
    result = extract(FOOTNOTED).as_json()
    assert [(r["label"], r["marker"], r["raw"][:12]) for r in result["references"]] == [
        ("[^1]", "1", "Krupitsky E,")
    ]
    assert [(m["marker"], m["reference"]) for m in result["markers"]] == [("[^1]", "1")]
    assert [(c["key"], c["location"], c["marker"]) for c in result["citations"]] == [
        ("r1", "reference_list", "[^1]")
    ]
    assert [(c["quote"], c["citation_keys"]) for c in result["claims"]] == [
        ("Ketamine reduced cravings by 40% in a 2019 RCT [^1].", ["r1"])
    ]
    assert spans_hold(FOOTNOTED, result["references"])
    assert spans_hold(FOOTNOTED, result["markers"], field="marker")


def test_footnote_labels_may_be_words_and_definitions_may_stand_anywhere():
    text = (
        "Psilocybin helped smokers quit in a pilot trial.[^griffiths] Ketamine cut relapse in "
        "detoxified alcoholics [^kr-2002].\n\n"
        "[^kr-2002]: Krupitsky EM, et al. Ketamine psychedelic therapy (KPT): a review of the "
        "results of ten years of research. J Psychoactive Drugs. 1997;29(2):165-183.\n\n"
        "Ketamine also blocks NMDA receptors in the brain.\n\n"
        "[^griffiths]: Johnson MW, Garcia-Romeu A, Griffiths RR. Long-term follow-up of "
        "psilocybin-facilitated smoking cessation. Am J Drug Alcohol Abuse. 2017;43(1):55-60.\n"
    )
    result = extract(text).as_json()
    assert [(r["label"], r["marker"]) for r in result["references"]] == [
        ("[^kr-2002]", "kr-2002"),
        ("[^griffiths]", "griffiths"),
    ]
    assert [(m["marker"], m["reference"]) for m in result["markers"] if m["reference"]] == [
        ("[^griffiths]", "griffiths"),
        ("[^kr-2002]", "kr-2002"),
    ]
    by_quote = {c["quote"][:20]: c["citation_keys"] for c in result["claims"]}
    assert by_quote == {
        "Psilocybin helped sm": ["r2"],
        "Ketamine cut relapse": ["r1"],
        "Ketamine also blocks": [],
    }


def test_footnote_definitions_are_never_claim_candidates():
    text = (
        "# Ketamine and alcohol\n\nKetamine reduced drinking days in a trial of 96 patients "
        "[^1].\n\n## Notes\n\n[^1]: Grabski M, et al. Adjunctive ketamine with relapse "
        "prevention-based psychological therapy in the treatment of alcohol use disorder. Am J "
        "Psychiatry. 2022;179(2):152-162.\n    The trial found that ketamine improved abstinence "
        "in 96 patients.\n[^2]: Studies show that ketamine is safe when given by a doctor.\n"
    )
    result = extract(text).as_json()
    assert result["heading"] == "## Notes"
    assert [r["label"] for r in result["references"]] == ["[^1]", "[^2]"]
    # An indented line after a definition goes on with it.
    assert result["references"][0]["raw"].endswith("abstinence in 96 patients.")
    assert [c["quote"][:24] for c in result["claims"]] == ["Ketamine reduced drinkin"]
    assert spans_hold(text, result["references"])


def test_a_footnote_label_too_long_for_a_citations_marker_is_left_out_not_cut():
    text = (
        "Ketamine cut relapse in detoxified alcoholics [^krupitsky-et-al-2002].\n\n"
        "[^krupitsky-et-al-2002]: Krupitsky EM, et al. Ketamine psychotherapy for heroin "
        "addiction. J Subst Abuse Treat. 2002;23(4):273-283.\n"
    )
    result = extract(text).as_json()
    assert [c["marker"] for c in result["citations"]] == [""]
    assert result["claims"][0]["citation_keys"] == ["r1"]
