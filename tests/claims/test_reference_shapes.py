"""Shapes of reference that articles really write, checked end to end by `check_reference`.

Every known answer is a record of corpus/library.json; reference strings are written from
that record's own fields (or, where said, from a seed article's words), nothing invented.
"""

from functools import cache

import pytest

from claims.assessment.rules import check_citation
from claims.checking.reference import ReferenceContext, ReferenceIndex, check_reference
from claims.constants import FLAG_CODES
from studies.facts import StudyFacts
from studies.library.topics import classify_topic
from studies.references.matching import MatchIndex, StudyRecord
from tests.claims.builders import citation
from tests.studies.library_data import BERMAN_2000, OLSSON_2014, apa, library_records, record

RECORDS = library_records()
# Checking keys studies by database id: here, each record's place in library.json.
IDS = {r["key"]: position for position, r in enumerate(RECORDS, 1)}


def reference_index(topics: dict | None = None) -> ReferenceIndex:
    """The seed library as checking sees it; `topics` replaces some records' topic facts
    ({key: (about_ketamine, about_substance_use)}), as an importer's classifier sets them."""
    matcher = MatchIndex(
        StudyRecord.from_dict({**r, "id": IDS[r["key"]]}, id_field="id") for r in RECORDS
    )
    facts = {}
    for r in RECORDS:
        flat = {**r, "id": IDS[r["key"]]}
        if r["key"] in (topics or {}):
            about_ketamine, about_substance_use = topics[r["key"]]
            flat["topic"] = {
                "about_ketamine": about_ketamine,
                "about_substance_use": about_substance_use,
            }
        facts[IDS[r["key"]]] = StudyFacts.from_record(flat)
    return ReferenceIndex(matcher=matcher, facts=facts)


@cache
def seed_index() -> ReferenceIndex:
    return reference_index()


def check(raw: str, *, index: ReferenceIndex | None = None, **context):
    return check_reference(raw, index=index or seed_index(), context=ReferenceContext(**context))


def key_of(result) -> str | None:
    return RECORDS[result.study_id - 1]["key"] if result.study_id else None


def fields_of(result) -> list[str]:
    return [d["field"] for d in result.discrepancies]


# --- 1. "Author et al., Abbreviated Journal. Year;Vol(Issue):Pages" ----------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Dakwar et al., Am J Psychiatry. 2019;176(11):923-930", "dakwar2019"),
        ("Krupitsky et al., J Subst Abuse Treat. 2002;23(4):273-283", "krupitsky2002"),
        # ";Vol:ArticleNumber": Frontiers gives an article number, not pages.
        ("Shen et al., Front Psychiatry. 2025;16:1552084", "shen2025"),
        ("Krupitsky and Grinenko, J Psychoactive Drugs. 1997;29(2):165-183", "krupitsky1997"),
    ],
)
def test_it_verifies_an_in_text_journal_citation_without_a_title_mismatch(raw, key):
    result = check(raw)

    assert (result.status, key_of(result)) == ("verified", key), result.reason
    assert result.discrepancies == ()
    assert result.parsed.title is None
    assert result.parsed.authors[0][0] == record(key)["authors"][0]["family"]


def test_it_reads_an_in_text_journal_citation_as_author_journal_year_volume_and_pages():
    parsed = check("Dakwar et al., Am J Psychiatry. 2019;176(11):923-930").parsed

    assert (parsed.authors, parsed.et_al) == ((("Dakwar", ""),), True)
    assert (parsed.container_title, parsed.year) == ("Am J Psychiatry", 2019)
    assert (parsed.volume, parsed.issue, parsed.pages) == ("176", "11", "923-930")


def test_an_in_text_journal_citation_with_other_pages_is_still_not_matched():
    # Without a title, the pages are what tells two papers of one author in one volume apart.
    result = check("Dakwar et al., Am J Psychiatry. 2019;176(11):911-918")

    assert result.status == "not_found"


# --- 2. APA 7's ellipsis in a long author list -------------------------------------------------


def apa7(key: str, ellipsis: str) -> str:
    """APA 7 for more than 20 authors: the first 19, an ellipsis, then the last."""
    r = record(key)
    names = [f"{a['family']}, {a['given']}" for a in r["authors"]]
    authors = ", ".join(names[:19]) + f", {ellipsis} " + names[-1]
    return f"{authors} ({r['year']}). {r['title']}. {r['container_title']}."


@pytest.mark.parametrize("ellipsis", ["...", "\u2026", ". . ."])
def test_an_apa7_ellipsis_before_the_last_author_is_not_an_authors_mismatch(ellipsis):
    result = check(apa7("grabski2022", ellipsis))

    assert (result.status, key_of(result)) == ("verified", "grabski2022"), result.reason
    assert result.parsed.ellipsis_after == 19
    assert result.parsed.authors[-1] == ("Morgan", "CJA")


def test_an_ellipsis_against_a_record_that_keeps_only_the_first_author_is_no_mismatch():
    # The names are those seed 000 gives for this trial; the library confirms only Dakwar.
    r = record("dakwar2019")
    raw = (
        "Dakwar, E., Nunes, E. V., Hart, C. L., ... & Levin, F. R. (2019). "
        f"{r['title']}. American Journal of Psychiatry, 176(11), 923-930."
    )

    result = check(raw)

    assert (result.status, key_of(result)) == ("verified", "dakwar2019"), result.reason


def test_authors_before_the_ellipsis_are_still_compared_by_position():
    # McAndrew and Lawn, second and third in the record, written the other way round.
    raw = apa7("grabski2022", "...").replace(
        "McAndrew, A., Lawn, W.,", "Lawn, W., McAndrew, A.,"
    )

    result = check(raw)

    assert result.status == "metadata_mismatch"
    assert fields_of(result) == ["authors"]
    assert "Harris J, ..., Morgan CJA" in result.discrepancies[0]["written"]


# --- 3. An article number after the journal name -----------------------------------------------


@pytest.mark.parametrize(
    ("key", "number"),
    [("goldfine2023", "1141836"), ("shen2025", "1552084")],
)
def test_an_article_number_after_the_journal_is_not_a_journal_mismatch(key, number):
    raw = apa(key, volume=None, doi=None)
    assert raw.endswith(f"Frontiers in Psychiatry, {number}.")

    result = check(raw)

    assert (result.status, key_of(result)) == ("verified", key), result.reason
    assert (result.parsed.container_title, result.parsed.pages) == (
        "Frontiers in Psychiatry",
        number,
    )


# --- 4. A year one off: the online-first year ---------------------------------------------------


def test_a_year_one_before_the_records_is_reported_as_the_possible_online_first_year():
    # dakwar2020 was published online on 2 December 2019, in print in 2020 (its record's notes).
    r = record("dakwar2020")
    raw = f"Dakwar E, Levin F, Hart CL, et al. {r['title']}. Am J Psychiatry. 2019;177:125-133."

    result = check(raw)

    assert (result.status, key_of(result)) == ("metadata_mismatch", "dakwar2020")
    assert result.discrepancies == (
        {"field": "year", "written": "2019", "canonical": "2020"},
    )
    assert "year written 2019, record says 2020 (a year earlier: it may be the online-first year" in (
        result.reason
    )


def test_a_year_one_off_with_other_pages_and_volume_is_not_explained_as_online_first():
    # Seed 000's "Dakwar ... (2020) ... 177(9), 911-918" mixes two papers' details.
    from tests.studies.library_data import DAKWAR_2020_AS_WRITTEN

    result = check(DAKWAR_2020_AS_WRITTEN)

    assert result.status == "metadata_mismatch"
    assert "online-first" not in result.reason


def test_a_year_after_the_journal_is_the_year_not_part_of_the_journals_name():
    # "Am J Psychiatry. 2022.": grabski2022 cited by its online-first year alone.
    r = record("grabski2022")
    result = check(f"Grabski M, et al. {r['title']}. Am J Psychiatry. 2022.")

    assert (result.status, key_of(result)) == ("verified", "grabski2022"), result.reason
    assert (result.parsed.container_title, result.parsed.year) == ("Am J Psychiatry", 2022)


# --- 5. A replaced title, with everything else pointing at one study ---------------------------


def test_a_replaced_title_is_matched_by_authors_journal_year_volume_and_pages():
    # das2019 (Das RK, Gale G, Walsh K, ...; Nat Commun 2019;10:5187) under another title.
    result = check(
        "Das RK, Gale G, Walsh K, et al. Ketamine reduces harmful drinking. "
        "Nat Commun. 2019;10:5187."
    )

    assert (result.status, key_of(result)) == ("metadata_mismatch", "das2019"), result.reason
    assert fields_of(result) == ["title"]
    assert result.parsed.authors[:3] == (("Das", "RK"), ("Gale", "G"), ("Walsh", "K"))


# --- 6. Strings that name no work ---------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "Study C | 40 | 6 weeks | reduced cravings",
        "recent trials have shown that ketamine reduces cravings",
        "our case studies",
        "Ressource:\nwww.bbc.com",
        "CLICK HERE to read the full article!",
    ],
)
def test_a_string_that_names_no_work_is_anonymous_not_not_found(raw):
    result = check(raw)

    assert result.status == "anonymous"
    assert "There is no author, title, journal or identifier to search for." in result.reason
    assert result.study is None



def test_a_sentence_of_the_page_given_as_a_reference_is_anonymous_not_not_found():
    # A sentence of a news page about the KARE trial, given where a reference should be.
    result = check("A total of 96 patients with moderate to severe Alcohol Use Disorder were enrolled in the study.")

    assert result.status == "anonymous"
    assert "reads as running text" in result.reason
    assert "There is no author, title, journal or identifier to search for." in result.reason


def test_a_title_that_is_a_sentence_still_finds_its_work():
    # das2019's title is a sentence, with a finite verb and most words in lower case.
    title = record("das2019")["title"]
    assert title == "Ketamine can reduce harmful drinking by pharmacologically rewriting drinking memories"

    result = check(title + ".")

    assert (result.status, key_of(result)) == ("verified", "das2019")


def test_a_sentence_that_names_the_journal_a_study_appeared_in_is_still_looked_for():
    result = check(
        "Um estudo do New England Journal of Medicine concluiu que o spray nasal de escetamina "
        "é mais eficaz no tratamento da depressão do que tratamentos com quetiapina."
    )

    assert result.status == "not_found"

# --- 7. A topic the title is too thin to tell ---------------------------------------------------


def test_a_ketamine_review_for_alcoholism_whose_title_names_no_condition_is_not_off_topic():
    # krupitsky1997 reviews ketamine therapy of alcoholism; its title never says so.
    topic = classify_topic(title=record("krupitsky1997")["title"])
    assert topic == (True, None)
    index = reference_index({"krupitsky1997": topic})

    result = check(
        "Krupitsky EM, Grinenko AY. Ketamine psychedelic therapy (KPT): a review of the "
        "results of ten years of research. J Psychoactive Drugs. 1997;29(2):165-183.",
        index=index,
    )

    assert (result.status, key_of(result)) == ("verified", "krupitsky1997"), result.reason
    assert "off-topic" not in result.reason and "not about" not in result.reason


def test_a_title_that_names_another_condition_still_makes_the_work_off_topic():
    topic = classify_topic(title=record("berman2000")["title"])
    assert topic == (True, False)

    result = check(BERMAN_2000, index=reference_index({"berman2000": topic}))

    assert result.status == "off_topic"


# --- 8. Not in the library is not "cannot be found" ---------------------------------------------


def test_a_work_not_in_the_library_is_said_to_be_not_in_the_library():
    result = check(OLSSON_2014)

    assert result.status == "not_found"
    assert result.reason.startswith(
        f"The cited work is not in the local library of {len(RECORDS)} studies (searched by "
    )
    assert "does not show that the work does not exist" in result.reason
    assert "cannot be found" not in result.reason


def test_the_not_found_flag_says_not_in_the_library():
    assert dict(FLAG_CODES)["citation_not_found"] == "Cited work not in the library"
    result = check(OLSSON_2014)

    (flag,) = check_citation(citation("not_found", None, status_reason=result.reason))
    (bare,) = check_citation(citation("not_found", None))

    assert flag.code == "citation_not_found" and flag.message == result.reason
    assert bare.message.startswith("The cited work is not in the library")


@pytest.mark.parametrize(
    "raw, key",
    [
        ("(Krupitsky et al. 2002)", "krupitsky2002"),
        ("Grabski et al. (2022)", "grabski2022"),
        ("(Krupitsky & Grinenko 1997)", "krupitsky1997"),
    ],
)
def test_an_author_year_mention_names_the_one_work_with_that_author_and_year(raw, key):
    result = check(raw)
    assert result.status == "verified", result.reason
    assert result.match.study_id == str(IDS[key])


def test_an_author_year_mention_two_records_share_is_not_matched():
    # Two records with the same first author and year (here the one trial, held twice):
    # the mention cannot tell them apart, so it names neither.
    krupitsky = record("krupitsky2002")
    matcher = MatchIndex(
        StudyRecord.from_dict({**krupitsky, "id": number}, id_field="id") for number in (1, 2)
    )
    facts = {number: StudyFacts.from_record({**krupitsky, "id": number}) for number in (1, 2)}
    result = check_reference(
        "(Krupitsky et al. 2002)", index=ReferenceIndex(matcher=matcher, facts=facts)
    )
    assert result.match.study_id is None
    assert result.status != "verified"


# --- Authors, journal and year, no title ------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        # dakwar2019 in the library: Am J Psychiatry 2019, DOI 10.1176/appi.ajp.2019.18101123
        "Dakwar E et al. Am J Psychiatry 2019. doi:10.1176/appi.ajp.2019.18101123",
        "Dakwar E, et al. Am J Psychiatry. 2019. doi:10.1176/appi.ajp.2019.18101123",
    ],
)
def test_authors_journal_and_year_with_a_doi_verify_instead_of_an_identifier_mismatch(raw):
    result = check(raw)
    assert (key_of(result), result.status) == ("dakwar2019", "verified"), result.reason


def test_a_journal_and_year_after_the_authors_are_read_as_journal_and_year():
    from studies.references.parsing import parse_reference

    parsed = parse_reference("Wakefield AJ et al. Lancet 1998.")
    assert (parsed.title, parsed.container_title, parsed.year) == (None, "Lancet", 1998)
    parsed = parse_reference("Smith J, et al. JAMA. 2019.")
    assert (parsed.title, parsed.container_title, parsed.year) == (None, "JAMA", 2019)


# --- Shapes from real pages (bench/real_references/references.json, batches 4 and 5) -------


def test_a_journal_with_its_volume_and_first_page_identifies_a_work_without_a_title():
    result = check("Am J Psychiatry. 2019 Nov 1;176(11):923-930.")

    assert (result.status, key_of(result)) == ("verified", "dakwar2019")


def test_an_address_carrying_the_doi_identifies_the_work():
    result = check("https://www.nature.com/articles/s41467-019-13162-w")

    assert (result.status, key_of(result)) == ("verified", "das2019")


def test_a_doi_with_a_first_author_and_year_that_agree_is_not_an_identifier_mismatch():
    # The rest writes no title: too little to score high, nothing that contradicts.
    result = check("Dakwar E et al. Am J Psychiatry. 2019 Jul 1. doi: 10.1176/appi.ajp.2019.18101123.")

    assert (result.status, key_of(result)) == ("verified", "dakwar2019")


def test_a_doi_whose_reference_describes_another_work_is_still_an_identifier_mismatch():
    result = check(
        "Smith J, Jones K. Cannabis use and driving: a cohort study. Traffic Inj Prev. 2011. "
        "doi: 10.1176/appi.ajp.2019.18101123."
    )

    assert result.status == "identifier_mismatch"


def test_an_author_year_mention_in_a_table_row_names_its_work():
    result = check("Lalanne et al. [12] | 2016")

    assert (result.status, key_of(result)) == ("verified", "lalanne2016")


def test_a_description_of_a_study_is_anonymous_until_an_editor_identifies_it():
    # Seed 005's words for the study its text describes.
    words = "a landmark study published in the Journal of Substance Abuse Treatment"

    assert check(words).status == "anonymous"
    identified = check(words, editor_study_id=IDS["krupitsky2002"])
    assert (identified.status, key_of(identified)) == ("verified", "krupitsky2002")


def test_a_title_cut_short_is_matched_by_what_it_gives_and_reported_as_written():
    # Written from dakwar2019's record: authors, year, journal and volume, the title's first
    # words only, as a clinic's list of sources prints it.
    result = check(
        'Dakwar, E. et al. (2019). "A single ketamine infusion combined with mindfulness." '
        "American Journal of Psychiatry, 176(11)."
    )

    assert (result.status, key_of(result)) == ("metadata_mismatch", "dakwar2019"), result.reason
    assert fields_of(result) == ["title"]


def test_a_few_leading_words_of_a_title_are_not_taken_for_it():
    # Three words could open many titles: with the first author and the year alone they
    # do not name dakwar2019.
    result = check('Dakwar, E. et al. (2019). "A single ketamine." American Journal of Psychiatry.')

    assert (result.status, result.study) == ("not_found", None), result.reason


def test_a_first_author_and_journal_a_year_off_name_the_work_and_the_year_is_reported():
    # grabski2022 (Am J Psychiatry, 2022) with the year before it, as an online-first date.
    result = check("Grabski et al., American Journal of Psychiatry, 2021")

    assert (result.status, key_of(result)) == ("metadata_mismatch", "grabski2022"), result.reason
    assert fields_of(result) == ["year"]
    assert "it may be the online-first year" in result.reason


def test_a_first_author_a_year_off_without_the_journal_names_no_work():
    # The author may have another paper that year: nothing else says it is this one.
    result = check("Grabski et al. 2021")

    assert (result.status, result.study) == ("not_found", None), result.reason


# --- A reference copied from a PDF's text: words broken at line ends, a spaced DOI link -------


def test_a_reference_copied_from_a_pdf_with_broken_words_and_a_spaced_doi_is_verified():
    # Springer's layout of dakwar2019 as a PDF's text gives it: a word hyphenated at each
    # line's end, the DOI link spaced out.
    raw = (
        "Dakwar E (2019) A single ketamine infu-\n"
        "sion combined with mindfulness-based behavioral modification \n"
        "to treat cocaine dependence: a randomized clinical trial. Am J \n"
        "Psychiatry 176(11):923–930. https:// doi. org/ 10. 1176/ appi. ajp.  \n"
        "2019. 18101 123"
    )
    result = check(raw)

    assert result.parsed.doi == "10.1176/appi.ajp.2019.18101123"
    assert result.parsed.title.startswith("A single ketamine infusion combined with")
    assert result.parsed.container_title == "Am J Psychiatry"
    assert (result.status, key_of(result), fields_of(result)) == ("verified", "dakwar2019", [])


def test_a_journal_name_broken_at_a_line_end_is_the_journal_not_a_mismatch():
    raw = (
        "Krupitsky EM, Grinenko AY (1997) Ketamine psychedelic therapy \n"
        "(KPT): a review of the results of ten years of research. J Psy-\n"
        "choact Drugs 29(2):165–183. https:// doi. org/ 10. 1080/ 02791 072. \n"
        "1997. 10400 185"
    )
    result = check(raw)

    assert result.parsed.container_title == "J Psychoact Drugs"
    assert (result.status, key_of(result), fields_of(result)) == ("verified", "krupitsky1997", [])


def test_pages_after_a_colon_with_no_volume_are_the_pages():
    parsed = check(
        "Dakwar E (2019) A single ketamine infusion combined with mindfulness-based behavioral "
        "modification to treat cocaine dependence: a randomized clinical trial. Am J Psychiatry:923–930."
    ).parsed

    assert (parsed.container_title, parsed.volume, parsed.pages) == ("Am J Psychiatry", None, "923-930")


def test_a_trial_registration_number_alone_names_a_work_the_library_lacks():
    # A news page's "(NCT00088699)": a registered trial, not an anonymous string.
    result = check("(NCT00088699)")

    assert result.parsed.title == "NCT00088699"
    assert result.status == "not_found"


def test_a_trial_registration_number_in_a_sentence_describing_the_trial_names_the_trial():
    # A trial listing's summary, then its ClinicalTrials.gov number: the sentence names no
    # author or title, but the number names the trial, which the library lacks.
    result = check(
        "This pilot clinical trial aims to assess the preliminary efficacy of ketamine as an adjunct "
        "for a mindfulness-based intervention for opioid use disorder.NCT Number NCT04892251"
    )

    assert result.status == "not_found"


def test_a_chinese_clinical_trial_registry_number_names_a_registered_trial():
    # A Chinese article's registration line ("Chinese Clinical Trial Registry, ChiCTR…,
    # registered 22 December 2020"): the number names the trial, as an NCT number does.
    result = check("中国临床试验注册,ChiCTR2000041232.2020年12月22日注册。")

    assert result.parsed.title == "ChiCTR2000041232"
    assert result.status == "not_found"


def test_a_first_author_then_a_few_words_describing_the_study_then_its_year_names_the_work():
    # As a table of studies lists one ("Murrough et al. Ketamine vs. Midazolam MDD (2013)"),
    # written for dakwar2019: the words after "et al." describe the study; no title.
    result = check("Dakwar et al. Ketamine + MBRP cocaine (2019)")

    assert (result.parsed.authors, result.parsed.year, result.parsed.title) == ((("Dakwar", ""),), 2019, None)
    assert (result.status, key_of(result)) == ("verified", "dakwar2019")


def test_the_citing_papers_running_head_inside_a_reference_is_left_out():
    # A reference that ran over a page of the citing paper's PDF, its running head between.
    raw = (
        "Dakwar E (2019) A single ketamine infusion combined with mindfulness-based behavioral \n"
        "modification to treat\n\nPsychopharmacology (2023) 240:1547–1560\n\n"
        "cocaine dependence: a randomized clinical trial. Am J Psychiatry 176(11):923–930."
    )
    result = check(raw)

    assert "Psychopharmacology" not in result.parsed.title
    assert (result.status, key_of(result), fields_of(result)) == ("verified", "dakwar2019", [])


def test_a_journal_year_and_page_range_alone_name_the_article_they_locate():
    # The line an index of references prints under a title, taken alone; written from
    # dakwar2019's record.
    result = check("Journal: American Journal of Psychiatry, 2019, № 11, p. 923-930")

    assert (result.parsed.container_title, result.parsed.year, result.parsed.pages) == (
        "American Journal of Psychiatry", 2019, "923-930",
    )  # fmt: skip
    assert (result.status, key_of(result)) == ("verified", "dakwar2019")
    # Another page range of that year names another article, one the library lacks.
    assert check("Journal: American Journal of Psychiatry, 2019, № 11, p. 1001-1010").status == "not_found"


# --- A trial named by its acronym --------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        # As news pages name the KARE trial (bench/real_references, batches 13, 23, 40, 44).
        "the 2022 KARE alcohol trial in the UK",
        "The Ketamine for reduction of Alcohol Relapse (KARE) trial, led by the University of Exeter in the United Kingdom",
        "Die Studie Ketamine for reduction of Alcohol Relapse (KARE) wurde von der University of Exeter geleitet "
        "und vom Medical Research Council finanziert.",
        "Dr. Celia Morgan recently presented the results of the KARE study: Ketamine for Reduction of Alcoholic Relapse.",
    ],
)
def test_a_trial_named_by_its_acronym_names_the_report_the_library_has_of_it(raw):
    # grabski2022 is the KARE trial's report (corpus/library.json, trial_names).
    result = check(raw)

    assert (result.status, key_of(result)) == ("verified", "grabski2022"), result.reason
    assert "by the name of its trial" in result.reason


def test_a_title_given_for_a_trials_report_is_compared_with_the_reports():
    result = check(
        "the University of Exter’s 2022 study entitled “Ketamine for the Reduction of Alcoholic Relapse (KARE)”"
    )

    assert (result.status, key_of(result)) == ("metadata_mismatch", "grabski2022"), result.reason
    assert fields_of(result) == ["title"]


@pytest.mark.parametrize(
    ("raw", "status"),
    [
        # Another trial, whose name holds the first one's (its report is not in the library).
        ("The MORE-KARE study, or the Multicentre Investigation of Ketamine for Reduction of Alcohol Relapse", "not_found"),
        # A trial the library has no report of: still nothing to look up.
        ("the FOO-3 trial showed that ketamine reduced drinking", "anonymous"),
    ],
)
def test_a_trial_whose_report_the_library_lacks_names_no_study_of_it(raw, status):
    result = check(raw)

    assert (result.status, result.study) == (status, None), result.reason
