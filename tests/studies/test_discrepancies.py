import pytest

from studies.references.discrepancies import (
    FIELDS,
    describe_discrepancies,
    find_discrepancies,
    fold,
    initials_of,
    other_script,
    page_range,
    same_journal,
    same_pages,
    same_title,
)
from studies.references.matching import StudyRecord
from studies.references.parsing import parse_reference
from tests.studies.library_data import (
    BERMAN_2000,
    DAKWAR_2020_AS_WRITTEN,
    FLORES_2024,
    GRABSKI_LABELLED_TITLE,
    LALANNE_FIRST_PAGE,
    MCARTHUR_2024,
    STEINHAUSER_2024_AS_WRITTEN,
    apa,
    record,
    study_record,
    vancouver,
)


def discrepancies(raw: str, key: str) -> list[dict]:
    return find_discrepancies(parse_reference(raw), study_record(key))


def fields_of(found: list[dict]) -> set[str]:
    return {d["field"] for d in found}


@pytest.mark.parametrize(
    ("written", "canonical", "same"),
    [
        ("American Journal of Psychiatry", "American Journal of Psychiatry", True),
        ("Am J Psychiatry", "American Journal of Psychiatry", True),
        ("Am. J. Psychiatry", "American Journal of Psychiatry", True),
        ("AMERICAN JOURNAL OF PSYCHIATRY", "American Journal of Psychiatry", True),
        ("J Subst Abuse Treat", "Journal of Substance Abuse Treatment", True),
        ("Biol Psychiatry", "Biological Psychiatry", True),
        ("Neurosci Biobehav Rev", "Neuroscience and Biobehavioral Reviews", True),
        ("Am J Drug Alcohol Abuse", "The American Journal of Drug and Alcohol Abuse", True),
        ("Front Psychiatry", "Frontiers in Psychiatry", True),
        ("Nat Commun", "Nature Communications", True),
        ("Medicina", "Medicina (Kaunas)", True),
        # an Elsevier list's abbreviation, the place out of its brackets
        ("Med. Kaunas", "Medicina (Kaunas)", True),
        # PubMed's abbreviation, the place of publication after it (batch 52)
        ("J Psychopharmacol Oxf Engl", "Journal of Psychopharmacology", True),
        ("Med. Vilnius", "Medicina (Kaunas)", False),
        (
            "Johns Hopkins Bloomberg School of Public Health",
            "Johns Hopkins Bloomberg School of Public Health (web article)",
            True,
        ),
        # an organisation's name spelled out where the record uses its acronym
        (
            "Center for Behavioral Health Statistics and Quality, Substance Abuse and Mental Health Services Administration",
            "SAMHSA, Center for Behavioral Health Statistics and Quality (government report)",
            True,
        ),
        ("Addiction", "Addictive Behaviors", False),
        ("Psychiatry", "American Journal of Psychiatry", False),
        ("American Journal of Psychiatry", "Archives of General Psychiatry", False),
        ("Journal of Psychoactive Drugs", "Journal of Substance Abuse Treatment", False),
        ("Frontiers in Psychiatry", "Frontiers in Public Health", False),
        ("", "American Journal of Psychiatry", False),
    ],
)
def test_it_compares_journal_names_tolerating_abbreviations(written, canonical, same):
    assert same_journal(written, canonical) is same


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        ("923-930", ("923", "930")),
        ("923-30", ("923", "930")),
        ("40-6", ("40", "46")),
        ("1692-1701", ("1692", "1701")),
        ("1692-701", ("1692", "1701")),
        ("923\u2013930", ("923", "930")),
        ("S12-S15", ("s12", "s15")),
        ("S12-5", ("s12", "s15")),
        ("e0123", ("e0123", "")),
        ("354", ("354", "")),
        ("", ("", "")),
        (None, ("", "")),
    ],
)
def test_it_expands_short_page_ranges(pages, expected):
    assert page_range(pages) == expected


@pytest.mark.parametrize(
    ("written", "canonical", "expected"),
    [
        ("923-30", "923-930", True),
        ("40-6", "40-46", True),
        ("354-362", "354", True),  # krystal1998: the record confirms only the first page
        ("911-918", "923-930", False),
        ("923-931", "923-930", False),
        ("923-930", None, None),
        (None, "923-930", None),
    ],
)
def test_it_compares_pages_only_as_far_as_both_go(written, canonical, expected):
    assert same_pages(written, canonical) is expected


@pytest.mark.parametrize(
    ("written", "canonical", "same"),
    [
        # seed 000 writes dakwar2019's title in sentence case
        (
            "A single ketamine infusion combined with mindfulness-based behavioral modification to treat cocaine dependence: a randomized clinical trial",
            "A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral Modification to Treat Cocaine Dependence: A Randomized Clinical Trial",
            True,
        ),
        # the subtitle left out
        (
            "A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral Modification to Treat Cocaine Dependence",
            "A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral Modification to Treat Cocaine Dependence: A Randomized Clinical Trial",
            True,
        ),
        # a slip of two letters, and the subtitle left out
        (
            "A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral Modification to Treat Cocaine Dependnece",
            "A Single Ketamine Infusion Combined With Mindfulness-Based Behavioral Modification to Treat Cocaine Dependence: A Randomized Clinical Trial",
            True,
        ),
        # typographic quotes and a dash
        (
            "\u201cThis Is Something That Changed My Life\u201d \u2013 A Qualitative Study of Patients' Experiences in a Clinical Trial of Ketamine Treatment for Alcohol Use Disorders",
            '"This Is Something That Changed My Life": A Qualitative Study of Patients\' Experiences in a Clinical Trial of Ketamine Treatment for Alcohol Use Disorders',
            True,
        ),
        # jones2018 and janssenaguilar2025: one word apart, two papers
        (
            "Efficacy of Ketamine in the Treatment of Substance Use Disorders: A Systematic Review",
            "Role of ketamine in the treatment of substance use disorders: A systematic review",
            False,
        ),
        # seed 001's [1] against krupitsky2002
        (
            "The efficacy of ketamine in the treatment of alcohol dependence: A randomized controlled trial",
            "Ketamine psychotherapy for heroin addiction: immediate effects and two-year follow-up",
            False,
        ),
        # the same main title with another subtitle is another title
        (
            "Ketamine for the treatment of addiction: a randomized trial",
            "Ketamine for the treatment of addiction: Evidence and potential mechanisms",
            False,
        ),
        (
            "Ketamine",
            "Ketamine for the treatment of addiction: Evidence and potential mechanisms",
            False,
        ),
        # generated: a slip in a word the title also spells right elsewhere
        (
            "Cocaine craving and cocaien use after one infusion",
            "Cocaine craving and cocaine use after one infusion",
            True,
        ),
        (
            "Cocaine craving and alcohol use after one infusion",
            "Cocaine craving and cocaine use after one infusion",
            False,
        ),
    ],
)
def test_it_compares_titles_tolerating_case_punctuation_and_a_dropped_subtitle(
    written, canonical, same
):
    assert same_title(written, canonical) is same


def test_it_folds_diacritics_case_and_punctuation():
    assert fold("Jovai\u0161a, T.") == fold("JOVAISA T") == "jovaisa t"
    assert fold("Dependence & Relapse") == "dependence and relapse"


@pytest.mark.parametrize(
    ("given", "initials"),
    [
        ("E. M.", "EM"),
        ("E.", "E"),
        ("EV", "EV"),
        ("Y.-I.", "YI"),
        ("J.-P.", "JP"),
        ("C. A. Jr.", "CA"),
        ("Frances R.", "FR"),
        ("", ""),
    ],
)
def test_it_reads_initials_from_given_names_as_written(given, initials):
    assert initials_of(given) == initials


def test_the_seed_reference_to_dakwar2019_differs_in_year_volume_issue_and_pages():
    found = discrepancies(DAKWAR_2020_AS_WRITTEN, "dakwar2019")

    assert describe_discrepancies(found) == (
        "year written 2020, record says 2019; volume written 177, record says 176; "
        "issue written 9, record says 11; pages written 911-918, record says 923-930"
    )


def test_a_longer_author_list_than_the_record_confirms_is_not_a_discrepancy():
    # seed 000 lists six authors; the library confirms only dakwar2019's first.
    assert "authors" not in fields_of(discrepancies(DAKWAR_2020_AS_WRITTEN, "dakwar2019"))


def test_initials_for_full_or_fuller_names_are_not_a_discrepancy():
    # seed 002 writes "Kho, K." and "Skelton, W. P."; the library has "K. A." and "W.".
    assert discrepancies(MCARTHUR_2024, "mcarthur2024") == []
    assert "authors" not in fields_of(discrepancies(STEINHAUSER_2024_AS_WRITTEN, "steinhauser2024"))


def test_a_full_given_name_agrees_with_its_initial():
    record_ = StudyRecord(
        id="generated",
        title="A generated title for a test of names",
        authors=(("Example", "Alexandra B."),),
    )

    found = find_discrepancies(
        parse_reference("Example, A. B. (2001). A generated title for a test of names."), record_
    )

    assert found == []


def test_a_different_first_initial_is_a_discrepancy():
    record_ = StudyRecord(
        id="generated",
        title="A generated title for a test of names",
        authors=(("Example", "Alexandra B."),),
    )

    found = find_discrepancies(
        parse_reference("Example, C. (2001). A generated title for a test of names."), record_
    )

    assert fields_of(found) == {"authors"}


def test_et_al_after_the_first_author_is_not_a_discrepancy():
    assert discrepancies(BERMAN_2000, "berman2000") == []


def test_a_different_first_author_is_a_discrepancy_with_both_lists():
    raw = apa("berman2000").replace("Berman, Robert M.", "Bergman, Robert M.")

    found = discrepancies(raw, "berman2000")

    assert fields_of(found) == {"authors"}
    assert found[0]["written"].startswith("Bergman RM, Cappiello A")
    assert found[0]["canonical"].startswith("Berman RM, Cappiello A")
    assert found[0]["canonical"].endswith(", et al.")  # seven authors, six shown


def test_authors_out_of_order_are_a_discrepancy():
    raw = apa("worrell2021").replace(
        "Worrell, S. D., & Gould, T. J.", "Gould, T. J., & Worrell, S. D."
    )

    assert fields_of(discrepancies(raw, "worrell2021")) == {"authors"}


def test_diacritics_written_or_left_out_are_not_a_discrepancy():
    raw = apa("jovaisa2006").replace("Jovaisa", "Jovai\u0161a")

    assert discrepancies(raw, "jovaisa2006") == []


def test_an_abbreviated_journal_is_not_a_discrepancy():
    raw = vancouver("krupitsky2002").replace(
        "Journal of Substance Abuse Treatment", "J Subst Abuse Treat"
    )

    assert discrepancies(raw, "krupitsky2002") == []


def test_a_field_the_reference_does_not_give_is_not_a_discrepancy():
    # seed 002's McArthur and Flores references give no volume or pages.
    assert discrepancies(FLORES_2024, "flores2024") == []


def test_a_field_the_record_does_not_confirm_is_not_a_discrepancy():
    # grabski2022 has no confirmed volume, issue or pages.
    raw = apa("grabski2022", volume="179", issue="2", pages="152-162")

    assert discrepancies(raw, "grabski2022") == []


def test_a_label_before_the_title_is_not_a_discrepancy():
    assert discrepancies(GRABSKI_LABELLED_TITLE, "grabski2022") == []


def test_a_different_journal_is_a_discrepancy():
    raw = apa("krupitsky2007", container_title="Journal of Substance Abuse Treatment")

    assert discrepancies(raw, "krupitsky2007") == [
        {
            "field": "container_title",
            "written": "Journal of Substance Abuse Treatment",
            "canonical": "Journal of Psychoactive Drugs",
        }
    ]


def test_a_different_title_is_a_discrepancy_with_both_titles():
    raw = apa(
        "krupitsky2002", title="The efficacy of ketamine in the treatment of alcohol dependence"
    )

    assert discrepancies(raw, "krupitsky2002") == [
        {
            "field": "title",
            "written": "The efficacy of ketamine in the treatment of alcohol dependence",
            "canonical": record("krupitsky2002")["title"],
        }
    ]


ROTHBERG_2021_MAIN_TITLE = "Mystical-type experiences occasioned by ketamine mediate its impact on at-risk drinking"


@pytest.mark.parametrize(
    "raw",
    [
        # a clinic's blog post (bench/real_references, batch 23), quoting the main title only
        f"the scientific article, \u201c{ROTHBERG_2021_MAIN_TITLE}\u201d",
        apa("rothberg2021", title=ROTHBERG_2021_MAIN_TITLE),
        # the title alone: a part of the record's title, not the whole of it
        ROTHBERG_2021_MAIN_TITLE,
        # with a slip in what is left
        apa("rothberg2021", title=ROTHBERG_2021_MAIN_TITLE.replace("occasioned", "ocacsioned")),
    ],
    ids=["quoted", "apa", "bare", "apa-with-a-slip"],
)
def test_a_title_given_without_its_subtitle_is_a_discrepancy(raw):
    written = parse_reference(raw)
    assert same_title(written.title, record("rothberg2021")["title"])  # the same work
    found = discrepancies(raw, "rothberg2021")
    assert [(d["field"], d["canonical"]) for d in found] == [("title", record("rothberg2021")["title"])]
    assert describe_discrepancies(found).endswith("(the same title without its subtitle)")


def test_the_whole_title_with_its_subtitle_is_no_discrepancy():
    assert discrepancies(apa("rothberg2021"), "rothberg2021") == []


DAKWAR_2014_CUT = (
    "The effects of subanesthetic ketamine infusions on motivation to quit and cue-induced craving"
)


@pytest.mark.parametrize(
    "raw",
    [
        apa("dakwar2014", title=DAKWAR_2014_CUT),
        f"Dakwar et al. (2014). \u201c{DAKWAR_2014_CUT}.\u201d",
    ],
    ids=["apa", "author-year-quoted"],
)
def test_a_title_cut_short_is_a_discrepancy_even_when_most_of_it_is_left(raw):
    # 14 of its 18 words: the same work, but the reference leaves out "in cocaine-dependent
    # research volunteers".
    assert same_title(DAKWAR_2014_CUT, record("dakwar2014")["title"])
    found = discrepancies(raw, "dakwar2014")
    assert [(d["field"], d["written"]) for d in found] == [("title", DAKWAR_2014_CUT)]
    assert describe_discrepancies(found).endswith("(the title cut short)")


def test_a_title_short_of_one_or_two_last_words_is_a_slip_not_a_cut():
    title = record("dakwar2014")["title"].removesuffix(" research volunteers")

    assert discrepancies(apa("dakwar2014", title=title), "dakwar2014") == []


def test_a_different_doi_and_pmid_are_discrepancies():
    raw = apa("dakwar2019", doi="10.1176/appi.ajp.2019.19070684") + " PMID: 31230465"

    found = discrepancies(raw, "dakwar2019")

    assert found == [
        {
            "field": "doi",
            "written": "10.1176/appi.ajp.2019.19070684",
            "canonical": "10.1176/appi.ajp.2019.18101123",
        },
        {"field": "pmid", "written": "31230465", "canonical": "31230464"},
    ]


def test_the_same_doi_in_another_case_is_not_a_discrepancy():
    raw = apa("dakwar2019", doi="10.1176/APPI.AJP.2019.18101123")

    assert discrepancies(raw, "dakwar2019") == []


def test_every_field_named_is_one_of_the_documented_fields():
    found = discrepancies(
        "Smith, J. (1999). Another title altogether about something. Other Journal, 1(2), 3-4. doi:10.1000/xyz PMID: 1",
        "dakwar2019",
    )

    assert {d["field"] for d in found} == set(FIELDS)
    assert [d["field"] for d in found] == list(FIELDS)
    assert all(set(d) == {"field", "written", "canonical"} for d in found)


def test_an_unparseable_reference_has_no_discrepancies():
    assert discrepancies("Study A", "dakwar2019") == []


def test_describe_quotes_phrases_and_names_the_journal_plainly():
    text = describe_discrepancies(
        [
            {
                "field": "container_title",
                "written": "Addiction",
                "canonical": "Addictive Behaviors",
            },
            {"field": "year", "written": "2020", "canonical": "2019"},
        ]
    )

    assert (
        text
        == 'journal written "Addiction", record says "Addictive Behaviors"; year written 2020, record says 2019'
    )


# --- APA 7 ellipses and online-first years -------------------------------------------------


def test_the_last_author_after_an_apa7_ellipsis_is_not_compared_by_position():
    r = record("grabski2022")
    names = [f"{a['family']}, {a['given']}" for a in r["authors"]]
    raw = ", ".join(names[:19]) + f", ... {names[-1]} ({r['year']}). {r['title']}. {r['container_title']}."

    assert discrepancies(raw, "grabski2022") == []


@pytest.mark.parametrize(
    ("written", "canonical", "note"),
    [
        ("2019", "2020", " (a year earlier: it may be the online-first year, the record's the print year)"),
        ("2020", "2019", " (a year later: the record's year may be the online-first year, this the print year)"),
        ("2018", "2020", ""),
    ],
)
def test_a_year_one_apart_is_described_as_perhaps_the_online_first_year(written, canonical, note):
    text = describe_discrepancies([{"field": "year", "written": written, "canonical": canonical}])

    assert text == f"year written {written}, record says {canonical}{note}"


def test_a_year_one_apart_with_other_pages_is_not_explained_as_online_first():
    found = discrepancies(DAKWAR_2020_AS_WRITTEN, "dakwar2019")

    assert "online-first" not in describe_discrepancies(found)


@pytest.mark.parametrize(
    ("written", "canonical"),
    [
        # From real pages (bench/real_references/references.json, batches 1 and 4).
        ("1965. Anesthesiology", "Anesthesiology"),
        ("In press, J. Substance Abuse Treatment", "Journal of Substance Abuse Treatment"),
        ("Lancet 391:1357", "The Lancet"),
    ],
)
def test_a_year_volume_or_lead_in_run_into_the_journal_is_not_a_different_journal(written, canonical):
    assert same_journal(written, canonical)


def test_a_different_journal_with_numbers_is_still_different():
    assert not same_journal("Addiction 2019", "Addictive Behaviors")


def test_a_title_with_nmda_spelled_out_is_the_same_title():
    assert same_title(
        "Rapid resolution of suicidal ideation after a single infusion of an NMDA antagonist",
        "Rapid Resolution of Suicidal Ideation After a Single Infusion of an N-Methyl-D-Aspartate Antagonist",
    )


@pytest.mark.parametrize(
    "written",
    [
        "Pilot study of the 5-HT2A receptor agonist psilocybin in the treatment of tobacco addiction",
        "Pilot study of the 5-HT2A R agonist psilocybin in the treatment of tobacco addiction",
    ],
)
def test_a_title_with_a_serotonin_receptor_spelled_out_or_spaced_is_the_same_title(written):
    # As a research page and a PDF's text give johnson2014 (bench/real_references, batches 48, 50).
    assert same_title(written, "Pilot study of the 5-HT2AR agonist psilocybin in the treatment of tobacco addiction")


def test_pnas_abbreviated_with_its_usa_suffix_is_the_same_journal():
    # From a real file (batch 37).
    from studies.references.discrepancies import same_journal

    assert same_journal("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences")
    assert same_journal(
        "Proceedings of the National Academy of Sciences of the United States of America",
        "Proceedings of the National Academy of Sciences",
    )


@pytest.mark.parametrize(
    ("written", "canonical", "expected"),
    [
        ("氯胺酮治疗酒精使用障碍患者的安全性和有效性", "Safety and efficacy of ketamine", True),
        ("Кетамин при алкогольной зависимости", "Ketamine for alcohol use disorder", True),
        ("Kétamine et dépendance à l'alcool", "Ketamine for alcohol use disorder", False),
        ("Ketamine (氯胺酮) for alcohol use disorder", "Ketamine for alcohol use disorder", False),
        ("2019", "Ketamine for alcohol use disorder", False),
    ],
)
def test_a_title_in_another_script_is_told_from_one_in_another_language(written, canonical, expected):
    assert other_script(written, canonical) is expected


def test_a_pdfs_first_page_differs_from_lalanne2016_in_its_journal_and_title_not_its_volume():
    found = discrepancies(LALANNE_FIRST_PAGE, "lalanne2016")

    assert fields_of(found) == {"container_title", "title"}


# The two exports are real: a BibTeX entry and a RIS record of Berman et al. 2000, copied
# from a public repository of references (bench/real_references, batches 36 and 37). The
# record's given names are the ones its pages print (corpus/library.json).
BERMAN_BIBTEX = (
    "@article{berman2000antidepressant,\n"
    "  title={Antidepressant effects of ketamine in depressed patients},\n"
    "  author={Berman, Robert M and Cappiello, Andrea and Anand, Amit and Oren, David A and "
    "Heninger, George R and Charney, Dennis S and Krystal, John H},\n"
    "  journal={Biological psychiatry},\n  volume={47},\n  number={4},\n  pages={351--354},\n"
    "  year={2000}\n}"
)


def test_a_given_name_written_out_differently_from_the_records_is_an_authors_discrepancy():
    found = discrepancies(BERMAN_BIBTEX, "berman2000")

    assert found == [
        {
            "field": "authors",
            "written": "Cappiello, Andrea; Oren, David A",
            "canonical": "Cappiello, Angela; Oren, Dan A.",
        }
    ]
    assert describe_discrepancies(found) == (
        'authors written "Cappiello, Andrea; Oren, David A", '
        'record says "Cappiello, Angela; Oren, Dan A."'
    )


def test_a_ris_record_with_others_for_the_rest_compares_the_given_names_it_writes():
    raw = (
        "TY  - JOUR\nAU  - Berman, Robert M\nAU  - Cappiello, Andrea\nAU  - others\n"
        "PY  - 2000\nTI  - Antidepressant effects of ketamine in depressed patients\n"
        "JO  - Biological psychiatry\nVL  - 47\nIS  - 4\nSP  - 351\nEP  - 354\nER  - "
    )
    parsed = parse_reference(raw)

    assert parsed.authors == (("Berman", "RM"), ("Cappiello", "A")) and parsed.et_al
    assert parsed.given_names == ("Robert M", "Andrea")
    assert fields_of(discrepancies(raw, "berman2000")) == {"authors"}


@pytest.mark.parametrize(
    "names",
    [
        "Berman, Robert M and Cappiello, Angela and Anand, Amit",  # as the record has them
        "Berman, Rob and Cappiello, Angela and Anand, Amit",  # one short for the other
        "Berman, R. M. and Cappiello, A. and Anand, A.",  # initials: nothing more to compare
        "Berman, Robert M and Cappiello, Angella and Anand, Amit",  # a slip in a letter
    ],
)
def test_given_names_that_may_be_the_same_person_are_no_discrepancy(names):
    raw = BERMAN_BIBTEX.replace(BERMAN_BIBTEX.split("author={")[1].split("}")[0], names)

    assert "authors" not in fields_of(discrepancies(raw, "berman2000"))


def test_a_list_not_written_family_comma_given_keeps_no_given_names():
    parsed = parse_reference(
        "Berman RM, Cappiello A, Anand A, et al. Antidepressant effects of ketamine in depressed "
        "patients. Biol Psychiatry. 2000;47(4):351-354."
    )

    assert parsed.authors[:2] == (("Berman", "RM"), ("Cappiello", "A"))
    assert parsed.given_names == ()
