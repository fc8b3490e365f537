import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studies.constants import MAX_YEAR, MIN_YEAR
from studies.references.parsing import (
    MAX_CHARS,
    STYLES,
    ParsedReference,
    _parse,
    looks_like_journal,
    parse_author_list,
    parse_authors,
    parse_reference,
)
from studies.references.unnamed import reads_as_running_text
from tests.studies.library_data import (
    BERMAN_2000,
    DAKWAR_2020_AS_WRITTEN,
    EZQUERRA_PUBMED_LINK,
    FLORES_2024,
    GRABSKI_LABELLED_TITLE,
    JHU_2024,
    JONES_TITLE,
    KRUPITSKY_2002_AS_WRITTEN,
    LALANNE_FIRST_PAGE,
    MCARTHUR_2024,
    SEED_REFERENCES,
    STEINHAUSER_2024_AS_WRITTEN,
    STUDY_A,
    TEXTS,
    WEBMD_LINK,
    ZARATE_2006_AS_WRITTEN,
    library_records,
    record,
    vancouver,
)


def fields(parsed: ParsedReference) -> dict:
    """The fields a test states, leaving out the echo of the input (and its words in
    capitals, which only a trial of the library gives a meaning: tests of their own)."""
    data = parsed.as_dict()
    data.pop("raw")
    data.pop("identifier_problems")
    data.pop("trials")
    return {k: v for k, v in data.items() if v not in (None, "", [], False)}


def test_the_seed_references_are_quoted_verbatim_from_the_seed_articles():
    for name, references in SEED_REFERENCES.items():
        text = (TEXTS / name).read_text(encoding="utf-8")
        for reference in references:
            assert reference in text, (name, reference[:40])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            DAKWAR_2020_AS_WRITTEN,
            {
                "marker": "[1]",
                "authors": [
                    ["Dakwar", "E"],
                    ["Nunes", "EV"],
                    ["Hart", "CL"],
                    ["Hu", "MC"],
                    ["Foltin", "RW"],
                    ["Levin", "FR"],
                ],
                "year": 2020,
                "title": "A single ketamine infusion combined with mindfulness-based behavioral modification "
                "to treat cocaine dependence: a randomized clinical trial",
                "container_title": "American Journal of Psychiatry",
                "volume": "177",
                "issue": "9",
                "pages": "911-918",
                "style": "apa",
            },
        ),
        (
            KRUPITSKY_2002_AS_WRITTEN,
            {
                "marker": "1.",
                "authors": [["Krupitsky", "EM"]],
                "et_al": True,
                "year": 2002,
                "title": "The efficacy of ketamine in the treatment of alcohol dependence: A randomized controlled trial",
                "container_title": "Journal of Substance Abuse Treatment",
                "volume": "23",
                "issue": "1",
                "pages": "89-96",
                "style": "apa",
            },
        ),
        (
            ZARATE_2006_AS_WRITTEN,
            {
                "marker": "9.",
                "authors": [["Zarate", "CA"]],
                "et_al": True,
                "year": 2006,
                "title": "Replication of ketamine's antidepressant efficacy in major depression using an intravenous infusion",
                "container_title": "Archives of General Psychiatry",
                "volume": "63",
                "issue": "6",
                "pages": "756-764",
                "style": "apa",
            },
        ),
        (
            JHU_2024,
            {
                "year": 2024,
                "title": "What to Know About Ketamine",
                "container_title": "Johns Hopkins Bloomberg School of Public Health",
                "url": "https://publichealth.jhu.edu/2024/what-to-know-about-ketamine",
                "style": "apa",
            },
        ),
        (
            MCARTHUR_2024,
            {
                "authors": [
                    ["McArthur", "M"],
                    ["Tian", "P"],
                    ["Kho", "K"],
                    ["Bhavan", "KP"],
                    ["Balasubramanian", "BA"],
                    ["Ganguly", "AP"],
                ],
                "year": 2024,
                "title": "Childcare as a social determinant of access to healthcare: a scoping review",
                "container_title": "Frontiers in Public Health",
                "doi": "10.3389/fpubh.2024.1443992",
                "url": "https://doi.org/10.3389/fpubh.2024.1443992",
                "style": "apa",
            },
        ),
        (
            STEINHAUSER_2024_AS_WRITTEN,
            {
                "authors": [
                    ["Steinhauser", "S"],
                    ["Haroz", "R"],
                    ["Jones", "I"],
                    ["Skelton", "WP"],
                    ["Fuller", "BM"],
                    ["Roberts", "MB"],
                    ["Jones", "CW"],
                    ["Trzeciak", "S"],
                    ["Roberts", "BW"],
                ],
                "year": 2024,
                "title": "Emergency department staff compassion is associated with lower fear of enacted "
                "stigma among patients with opioid use disorder",
                "container_title": "Academic Emergency Medicine",
                "pmid": "11649595",
                "url": "https://pubmed.ncbi.nlm.nih.gov/11649595/",
                "style": "apa",
            },
        ),
        (WEBMD_LINK, {"url": WEBMD_LINK, "style": "identifier"}),
        (
            EZQUERRA_PUBMED_LINK,
            {"pmid": "29339294", "url": EZQUERRA_PUBMED_LINK, "style": "identifier"},
        ),
        (JONES_TITLE, {"title": JONES_TITLE, "style": "bare_title"}),
        (
            GRABSKI_LABELLED_TITLE,
            {
                "title": "Ketamine in AUD 2022 - Adjunctive Ketamine With Relapse Prevention-Based "
                "Psychological Therapy in the Treatment of Alcohol Use Disorder",
                "style": "bare_title",
            },
        ),
    ],
)
def test_it_parses_the_seed_references_field_by_field(raw, expected):
    assert fields(parse_reference(raw)) == expected


def test_it_keeps_the_flores_title_as_written_and_the_hyphenated_initials():
    parsed = parse_reference(FLORES_2024)

    assert parsed.title.startswith("medications for Opioid Use Disorder")
    assert parsed.authors[-1] == ("Hser", "YI")
    assert parsed.doi == "10.1016/j.jaacop.2024.02.001"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # Vancouver/NLM, as PubMed writes dakwar2014 (fields from library.json and its notes)
        (
            "Dakwar E, Levin F, Foltin RW, Nunes EV, Hart CL. The effects of subanesthetic ketamine "
            "infusions on motivation to quit and cue-induced craving in cocaine-dependent research "
            "volunteers. Biol Psychiatry. 2014 Jul 1;76(1):40-6. doi: 10.1016/j.biopsych.2013.08.009. "
            "Epub 2013 Sep 12. PMID: 24035344; PMCID: PMC4105157.",
            {
                "authors": [
                    ["Dakwar", "E"],
                    ["Levin", "F"],
                    ["Foltin", "RW"],
                    ["Nunes", "EV"],
                    ["Hart", "CL"],
                ],
                "year": 2014,
                "title": "The effects of subanesthetic ketamine infusions on motivation to quit and "
                "cue-induced craving in cocaine-dependent research volunteers",
                "container_title": "Biol Psychiatry",
                "volume": "76",
                "issue": "1",
                "pages": "40-6",
                "doi": "10.1016/j.biopsych.2013.08.009",
                "pmid": "24035344",
                "pmcid": "PMC4105157",
                "style": "vancouver",
            },
        ),
        # AMA, "et al." after three authors
        (
            "(3) Jones JL, Mateus CF, Malcolm RJ, et al. Efficacy of Ketamine in the Treatment of "
            "Substance Use Disorders: A Systematic Review. Front Psychiatry. 2018;9:277. "
            "doi:10.3389/fpsyt.2018.00277",
            {
                "marker": "(3)",
                "authors": [["Jones", "JL"], ["Mateus", "CF"], ["Malcolm", "RJ"]],
                "et_al": True,
                "year": 2018,
                "title": "Efficacy of Ketamine in the Treatment of Substance Use Disorders: A Systematic Review",
                "container_title": "Front Psychiatry",
                "volume": "9",
                "pages": "277",
                "doi": "10.3389/fpsyt.2018.00277",
                "style": "vancouver",
            },
        ),
        # Harvard: quoted title, "pp."
        (
            "Krupitsky, E. et al. (2002) 'Ketamine psychotherapy for heroin addiction: immediate "
            "effects and two-year follow-up', Journal of Substance Abuse Treatment, 23(4), pp. 273-283.",
            {
                "authors": [["Krupitsky", "E"]],
                "et_al": True,
                "year": 2002,
                "title": "Ketamine psychotherapy for heroin addiction: immediate effects and two-year follow-up",
                "container_title": "Journal of Substance Abuse Treatment",
                "volume": "23",
                "issue": "4",
                "pages": "273-283",
                "style": "harvard",
            },
        ),
        # Harvard without brackets round the year, "and" before the last author
        (
            "Worrell, S.D. and Gould, T.J., 2021. Therapeutic potential of ketamine for alcohol use "
            "disorder. Neuroscience and Biobehavioral Reviews, pp.573-589.",
            {
                "authors": [["Worrell", "SD"], ["Gould", "TJ"]],
                "year": 2021,
                "title": "Therapeutic potential of ketamine for alcohol use disorder",
                "container_title": "Neuroscience and Biobehavioral Reviews",
                "pages": "573-589",
                "style": "harvard",
            },
        ),
        # an organisation as author
        (
            "Substance Abuse and Mental Health Services Administration. (2021). Key substance use and "
            "mental health indicators in the United States: Results from the 2020 National Survey on "
            "Drug Use and Health (HHS Publication No. PEP21-07-01-003, NSDUH Series H-56). Center for "
            "Behavioral Health Statistics and Quality, Substance Abuse and Mental Health Services Administration.",
            {
                "authors": [["Substance Abuse and Mental Health Services Administration", ""]],
                "year": 2021,
                "title": "Key substance use and mental health indicators in the United States: Results from "
                "the 2020 National Survey on Drug Use and Health (HHS Publication No. PEP21-07-01-003, "
                "NSDUH Series H-56)",
                "container_title": "Center for Behavioral Health Statistics and Quality, Substance Abuse "
                "and Mental Health Services Administration",
                "style": "apa",
            },
        ),
        (
            "Dakwar et al. (2020)",
            {"authors": [["Dakwar", ""]], "et_al": True, "year": 2020, "style": "author_year"},
        ),
        (
            "doi:10.1016/S0740-5472(02)00275-1.",
            {"doi": "10.1016/s0740-5472(02)00275-1", "style": "identifier"},
        ),
        (
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC11649595/",
            {
                "pmcid": "PMC11649595",
                "url": "https://pmc.ncbi.nlm.nih.gov/articles/PMC11649595/",
                "style": "identifier",
            },
        ),
    ],
)
def test_it_parses_each_style_of_reference(raw, expected):
    assert fields(parse_reference(raw)) == expected


@pytest.mark.parametrize(
    ("raw", "marker"),
    [
        ("[12] " + JONES_TITLE, "[12]"),
        ("12. " + JONES_TITLE, "12."),
        ("(12) " + JONES_TITLE, "(12)"),
        ("12) " + JONES_TITLE, "12)"),
        ("- " + JONES_TITLE, None),
        (JONES_TITLE, None),
    ],
)
def test_it_takes_a_list_marker_off_the_reference(raw, marker):
    parsed = parse_reference(raw)

    assert parsed.marker == marker
    assert parsed.title == JONES_TITLE


def test_a_year_in_brackets_is_not_a_list_marker():
    parsed = parse_reference("(2019) " + JONES_TITLE)

    assert parsed.marker is None


def test_it_reads_vancouver_built_from_the_library_like_the_library():
    parsed = parse_reference(vancouver("dakwar2019"))

    assert parsed.authors == (("Dakwar", "E"),)
    assert (parsed.year, parsed.volume, parsed.issue, parsed.pages) == (
        2019,
        "176",
        "11",
        "923-930",
    )
    assert parsed.container_title == "American Journal of Psychiatry"
    assert parsed.doi == "10.1176/appi.ajp.2019.18101123"


def test_it_reads_the_2019_from_an_apa_date_with_a_month():
    parsed = parse_reference(BERMAN_2000.replace("(2000)", "(2000, February 15)"))

    assert parsed.year == 2000
    assert parsed.title == "Antidepressant effects of ketamine in depressed patients"


def test_it_notes_a_pmid_too_low_for_the_year_as_written():
    parsed = parse_reference(STEINHAUSER_2024_AS_WRITTEN)

    assert [p.code for p in parsed.identifier_problems] == ["pmid_implausible_for_year"]


def test_it_notes_a_pmc_number_written_as_a_pmid():
    parsed = parse_reference("PMID: PMC11649595")

    assert parsed.usable
    assert parsed.pmid is None and parsed.pmcid == "PMC11649595"
    assert [p.code for p in parsed.identifier_problems] == ["pmcid_as_pmid"]


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (STUDY_A, "placeholder"),
        ("Trial 3", "placeholder"),
        ("Ibid.", "placeholder"),
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01\x02", "empty"),
        ("!!! ??? ...", "no letters or digits"),
        ("junk", "too little to identify"),
        ("x" * (MAX_CHARS + 1), "too long"),
        (b"\xff\xfe", "empty"),  # undecodable bytes are dropped, leaving nothing
        (b"Study B", "placeholder"),
        (None, "not text"),
        (12, "not text"),
    ],
)
def test_it_says_why_a_reference_cannot_be_used(raw, reason):
    parsed = parse_reference(raw)

    assert not parsed.usable
    assert reason in parsed.unparseable


def test_it_refuses_100_kb_with_a_reason():
    raw = ("Dakwar, E. (2019). A title. Journal, 1(2), 3-4. " * 2100)[:100_000]

    parsed = parse_reference(raw)

    assert "too long" in parsed.unparseable and "100000 characters" in parsed.unparseable


def test_it_survives_broken_surrogates_and_control_characters():
    parsed = parse_reference(
        "Dakwar, E. (2019).\ud800 A single \udcff ketamine infusion\x00. Am J Psychiatry, 176(11), 923-930."
    )

    assert parsed.year == 2019
    assert parsed.volume == "176"
    assert "\ud800" not in parsed.raw and "\x00" not in parsed.raw


def test_it_folds_unicode_look_alikes_to_plain_text():
    # full-width digits, a no-break space, typographic quotes and an en dash
    parsed = parse_reference(
        "Berman, R. M. (\uff12\uff10\uff10\uff10).\u00a0Antidepressant effects of ketamine in depressed patients. Biological Psychiatry, 47(4), 351\u2013354."
    )

    assert parsed.year == 2000
    assert parsed.pages == "351-354"


@pytest.mark.parametrize(
    "raw",
    [
        "(" * 4000,
        "a, " * 1600,
        "A. " * 1600,
        "Dakwar E, " * 480,
        "10." * 1600,
        "http://" * 700,
        "[1] " * 1200,
        "'" * 4000 + "x",
        "(2019)" * 800,
        "2019;" * 900,
        "Retrieved from " * 300,
    ],
)
def test_it_parses_pathological_input_without_raising(raw):
    # How fast is measured in `make bench` (bench/bench_matching.py), not asserted here.
    parsed = parse_reference(raw)

    assert parsed.raw is not None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Dakwar, E., Nunes, E. V., & Levin, F. R.",
            ((("Dakwar", "E"), ("Nunes", "EV"), ("Levin", "FR")), False),
        ),
        ("Dakwar E, Nunes EV, et al", ((("Dakwar", "E"), ("Nunes", "EV")), True)),
        ("Worrell, S.D. and Gould, T.J.", ((("Worrell", "SD"), ("Gould", "TJ")), False)),
        ("E. Dakwar, R. W. Foltin", ((("Dakwar", "E"), ("Foltin", "RW")), False)),
        ("Zarate, C. A., Jr., et al.", ((("Zarate", "CA"),), True)),
        ("Zarate CA Jr", ((("Zarate", "CA"),), False)),
        ("Ezquerra-Romano II, Lawn W", ((("Ezquerra-Romano", "II"), ("Lawn", "W")), False)),
        (
            "Almog, S., Rodriguez Perez, M., & Varma, D. S.",
            ((("Almog", "S"), ("Rodriguez Perez", "M"), ("Varma", "DS")), False),
        ),
        (
            "Martinotti G, Di Carlo F, D'Andrea G",
            ((("Martinotti", "G"), ("Di Carlo", "F"), ("D'Andrea", "G")), False),
        ),
        ("Dakwar and Levin", ((("Dakwar", ""), ("Levin", "")), False)),
        # PubMed's full names, family first: the bare initial at the end tells the order.
        (
            "Dakwar Elias, Levin Frances, Foltin Richard W, Nunes Edward V, Hart Carl L",
            ((("Dakwar", "E"), ("Levin", "F"), ("Foltin", "RW"), ("Nunes", "EV"), ("Hart", "CL")), False),
        ),
        ("Elias Dakwar, Frances Levin, Richard W Foltin", ((("Dakwar", "E"), ("Levin", "F"), ("Foltin", "RW")), False)),
        # Two family names of two words each, Vancouver's way: not given names.
        ("Castro Santos H, Gama Marques J", ((("Castro Santos", "H"), ("Gama Marques", "J")), False)),
        ("What to Know About Ketamine", None),
        ("Johns Hopkins Bloomberg School of Public Health", None),
        ("Ketamine", None),
        ("", None),
    ],
)
def test_it_parses_author_lists_and_refuses_what_is_not_one(text, expected):
    assert parse_authors(text) == expected


# --- Properties: any input gives a result, never an exception -----------------------------

_FRAGMENTS = st.sampled_from(
    [
        "Dakwar, E.",
        "Nunes, E. V.",
        "&",
        "and",
        "et al.",
        "Dakwar E",
        "Hart CL",
        ",",
        ".",
        ";",
        ":",
        " ",
        "(",
        ")",
        "[1]",
        "1.",
        "(2019)",
        "(n.d.)",
        "2019;176(11):923-30",
        "176(11)",
        "pp. 923-930",
        "'",
        '"',
        "A single ketamine infusion",
        "Am J Psychiatry",
        "American Journal of Psychiatry",
        "doi:10.1176/appi.ajp.2019.18101123",
        "https://doi.org/10.1016/S0740-5472(02)00275-1",
        "https://pubmed.ncbi.nlm.nih.gov/11649595/",
        "PMID: PMC123",
        "PMCID: PMC4105157",
        "Retrieved from",
        "Available at:",
        "[Internet]",
        "Epub 2013 Sep 12.",
        "\u2013",
        "\u2019",
        "\ud800",
        "\x00",
        "\ufeff",
        "\u0301",
        "Study A",
        "...",
    ]
)
reference_like = st.lists(_FRAGMENTS, max_size=40).map(" ".join)
any_text = st.one_of(
    st.text(max_size=600),
    st.text(
        st.characters(
            codec=None, categories=["Cs", "Cc", "Zs", "Lu", "Ll", "Nd", "Po", "Ps", "Pe"]
        ),
        max_size=300,
    ),
    st.binary(max_size=400).map(lambda b: b.decode("utf-8", errors="surrogateescape")),
    reference_like,
)


def _check_result(parsed):
    assert isinstance(parsed, ParsedReference)
    assert parsed.usable or parsed.unparseable
    assert parsed.style in STYLES
    if parsed.year is not None:
        assert MIN_YEAR <= parsed.year <= MAX_YEAR
    if parsed.doi is not None:
        assert parsed.doi.startswith("10.") and parsed.doi == parsed.doi.lower()
    if parsed.pmid is not None:
        assert parsed.pmid.isdigit()
    if parsed.pmcid is not None:
        assert parsed.pmcid.startswith("PMC") and parsed.pmcid[3:].isdigit()
    for family, initials in parsed.authors:
        assert family and (initials == "" or initials.isupper())
    json.dumps(parsed.as_dict())


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_text)
def test_the_parser_never_raises_on_any_input(raw):
    # `_parse` has no safety net: an exception here is a bug that parse_reference would hide.
    _check_result(_parse(raw))
    _check_result(parse_reference(raw))


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.text(min_size=1, max_size=200), reference_like.filter(bool)))
def test_the_parser_never_raises_on_input_near_the_length_limit(chunk):
    raw = (chunk * (MAX_CHARS // len(chunk) + 1))[:MAX_CHARS]
    _check_result(_parse(raw))


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        ("Study A, 30 participants", "Study A"),
        ("Trial 2 (n=50) showed benefit", "Trial 2"),
        ("A | 30 | 4 weeks | Reduced cravings, improved mood |", "A"),
        ("D | 40 | 12 weeks | Long-term abstinence not established |", "D"),
    ],
)
def test_a_label_with_only_a_description_is_unparseable(raw, label):
    parsed = parse_reference(raw)
    assert parsed.unparseable == f"{label!r} is a label with a description, naming no author, year or identifier"
    assert parsed.title is None


@pytest.mark.parametrize(
    "raw",
    [
        "Krupitsky E, et al. (2002). Study 2 of ketamine. J Subst Abuse Treat.",
        "Case 3: a 2016 report of oral ketamine",
        "Study A, https://pubmed.ncbi.nlm.nih.gov/29339294/",
    ],
)
def test_a_label_with_a_year_or_identifier_is_still_parsed(raw):
    assert parse_reference(raw).unparseable == ""


# --- Vancouver without a title --------------------------------------------------------------

# Title-less Vancouver short forms, as the code review reported them (news and clinic pages
# cite this way). The library confirms each work's first author, journal and year
# (dakwar2019 also its volume, issue and pages).
DAKWAR_2019_NO_TITLE = "Dakwar E, et al. Am J Psychiatry. 2019;176(11):923-930."
GRABSKI_2022_NO_TITLE = "Grabski M, et al. Am J Psychiatry. 2022;179(2):152-162."


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            DAKWAR_2019_NO_TITLE,
            {
                "authors": [["Dakwar", "E"]],
                "et_al": True,
                "year": 2019,
                "container_title": "Am J Psychiatry",
                "volume": "176",
                "issue": "11",
                "pages": "923-930",
                "style": "vancouver",
            },
        ),
        (
            GRABSKI_2022_NO_TITLE,
            {
                "authors": [["Grabski", "M"]],
                "et_al": True,
                "year": 2022,
                "container_title": "Am J Psychiatry",
                "volume": "179",
                "issue": "2",
                "pages": "152-162",
                "style": "vancouver",
            },
        ),
        (
            # dakwar2020 from its record, the journal's full name, no issue (not confirmed).
            "Dakwar E, Levin F, Hart CL. American Journal of Psychiatry. 2020;177:125-133.",
            {
                "authors": [["Dakwar", "E"], ["Levin", "F"], ["Hart", "CL"]],
                "year": 2020,
                "container_title": "American Journal of Psychiatry",
                "volume": "177",
                "pages": "125-133",
                "style": "vancouver",
            },
        ),
    ],
)
def test_a_vancouver_reference_without_a_title_has_a_journal_and_no_title(raw, expected):
    assert fields(parse_reference(raw)) == expected


def test_authors_followed_by_a_journal_with_and_in_its_name_stay_authors():
    # almog2025 from its record, written without a title; "Varma DS. Experimental" is not
    # a family name with the initials "CP".
    r = record("almog2025")
    raw = (
        "Almog S, Rodriguez Perez M, Varma DS, et al. Experimental and Clinical "
        f"Psychopharmacology. {r['year']};{r['volume']}({r['issue']}):{r['pages']}."
    )
    parsed = parse_reference(raw)
    assert parsed.authors == (("Almog", "S"), ("Rodriguez Perez", "M"), ("Varma", "DS"))
    assert (parsed.title, parsed.container_title) == (None, r["container_title"])


def test_a_lone_sentence_case_title_before_the_source_stays_the_title():
    # berman2000 written without its journal: the one segment is its title.
    r = record("berman2000")
    raw = f"Berman RM, et al. {r['title']}. {r['year']};{r['volume']}({r['issue']}):{r['pages']}."
    parsed = parse_reference(raw)
    assert (parsed.title, parsed.container_title) == (r["title"], None)


@pytest.mark.parametrize(
    "work",
    [r for r in library_records() if r["type"] == "article-journal"],
    ids=lambda r: r["key"],
)
def test_every_journal_in_the_library_reads_as_a_journal_and_no_title_does(work):
    assert looks_like_journal(work["container_title"])
    assert not looks_like_journal(work["title"])


# --- Shapes articles write: in-text journal forms, APA 7 ellipses, article numbers ---------


def test_an_in_text_citation_before_the_journal_is_authors_not_a_title():
    r = record("krupitsky2002")
    parsed = parse_reference("Krupitsky et al., J Subst Abuse Treat. 2002;23(4):273-283")

    assert fields(parsed) == {
        "authors": [["Krupitsky", ""]],
        "et_al": True,
        "container_title": "J Subst Abuse Treat",
        "year": r["year"],
        "volume": r["volume"],
        "issue": r["issue"],
        "pages": r["pages"],
        "style": "vancouver",
    }


def test_two_capitalised_words_before_a_title_are_not_read_as_in_text_authors():
    # A title with "and" and a comma in it (written for this test, not a real work).
    parsed = parse_reference("Ketamine and Depression, a review. Biol Psychiatry. 2000;47(4):351-354")

    assert parsed.authors == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # grabski2022's authors 19 and 24 (its last), as APA 7 writes them.
        ("Harris, J., ... Morgan, C. J. A.", ((("Harris", "J"), ("Morgan", "CJA")), False, 1)),
        ("Harris, J., . . . Morgan, C. J. A.", ((("Harris", "J"), ("Morgan", "CJA")), False, 1)),
        ("Harris J, \u2026 Morgan CJA", ((("Harris", "J"), ("Morgan", "CJA")), False, 1)),
        # An ellipsis that ends the list stands for "et al.".
        ("Grabski M, McAndrew A, ...", ((("Grabski", "M"), ("McAndrew", "A")), True, None)),
        ("Grabski M, McAndrew A", ((("Grabski", "M"), ("McAndrew", "A")), False, None)),
    ],
)
def test_it_says_how_many_authors_precede_an_ellipsis(text, expected):
    assert parse_author_list(text) == expected
    assert parse_authors(text) == expected[:2]


def test_a_family_name_that_is_elsewhere_a_particle_is_a_family_name_alone():
    # das2019's first author; Le is le2022's.
    assert parse_authors("Das RK, Gale G, Walsh K, et al.") == (
        (("Das", "RK"), ("Gale", "G"), ("Walsh", "K")),
        True,
    )
    assert parse_authors("Le et al.") == ((("Le", ""),), True)


@pytest.mark.parametrize(
    ("tail", "pages"),
    [
        ("Frontiers in Psychiatry, 1141836.", "1141836"),
        ("Frontiers in Psychiatry, Article 1141836.", "1141836"),
    ],
)
def test_an_article_number_after_the_journal_is_read_as_its_pages(tail, pages):
    # goldfine2023 gives an article number and no confirmed volume.
    r = record("goldfine2023")
    parsed = parse_reference(f"Goldfine, C. E., et al. ({r['year']}). {r['title']}. {tail}")

    assert (parsed.container_title, parsed.volume, parsed.pages) == (
        "Frontiers in Psychiatry",
        None,
        pages,
    )


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("Study C | 40 | 6 weeks | reduced cravings", "'Study C' is a label with a description"),
        # A German journal's note where its list would be (batch 53).
        ("Literatur bei den Verfassern.", "is a placeholder name, not a reference"),
        # A primer's table of evidence (bench/real_references, batch 48).
        (
            "| Observational | n=30 | 50% abstinent from heroin at 1-month follow-up |",
            "a row of a table giving a study's design ('Observational')",
        ),
        ("recent trials have shown that ketamine reduces cravings", "credits unnamed research"),
        ("Studies suggest ketamine reduces relapse", "credits unnamed research"),
        ("our case studies", "the source's own unpublished work"),
        ("Our own patients have done well on ketamine", "the source's own unpublished work"),
        # As printed under a news item, and as a clinic ends its excerpt of one.
        ("Ressource:\nwww.bbc.com", "names a website (www.bbc.com), not a page or a work on it"),
        ("Source: https://www.bbc.co.uk/", "names a website (https://www.bbc.co.uk), not a page"),
        ("CLICK HERE to read the full article!", "is a link's words, naming no work"),
        ("Read more.", "is a link's words, naming no work"),
    ],
)
def test_a_string_that_names_no_work_is_unparseable_with_a_reason(raw, says):
    parsed = parse_reference(raw)

    assert says in parsed.unparseable
    assert parsed.title is None


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.bbc.com/news/health-50495155",  # a page of the site: it may be the work
        "(ClinicalTrials.gov, Identifier: NCT01558063)",  # the site's number for the work
        "Source: nature.com, 2019",
        "Source: bbc.com, by Ravi Das",  # a person's name beside it
        "Read more about the Dakwar 2019 study",  # a link's words that name the work
    ],
)
def test_a_website_or_a_link_with_a_page_a_number_or_a_year_beside_it_may_name_a_work(raw):
    unparseable = parse_reference(raw).unparseable
    assert not unparseable.startswith("it names a website") and "a link's words" not in unparseable


def test_a_published_case_series_title_beginning_our_experience_is_still_a_title():
    # Case series are published under such titles; this one is written for the test.
    parsed = parse_reference("Our experience with ketamine for alcohol withdrawal in intensive care")

    assert parsed.usable and parsed.style == "bare_title"


def test_it_reads_mla_as_google_scholar_writes_it():
    # From a reference list printed on a real page (bench/real_references/references.json).
    parsed = parse_reference(
        'Krystal, John H., et al. „Ketamine: a paradigm shift for depression research and '
        'treatment.“ Neuron 101.5 (2019): 774-778.'
    )
    assert parsed.style == "mla"
    assert (parsed.authors, parsed.et_al) == ((("Krystal", "JH"),), True)
    assert parsed.title == "Ketamine: a paradigm shift for depression research and treatment"
    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages, parsed.year) == (
        "Neuron", "101", "5", "774-778", 2019,
    )


def test_it_reads_an_author_year_mention():
    parsed = parse_reference("(Krupitsky & Grinenko 1996)")
    assert parsed.style == "author_year"
    assert (parsed.authors, parsed.year, parsed.title) == (
        (("Krupitsky", ""), ("Grinenko", "")), 1996, None,
    )


@pytest.mark.parametrize(
    "raw",
    [
        # From real pages (bench/real_references/references.json, batches 2 and 4).
        "a study published in the journal Nature Communications found",
        "according to a study published in The Journal of Substance Abuse Treatment",
        "according to a new clinical trial published in The American Journal of Psychiatry",
        "published July 12 in Nature",
        "a study published by The Lancet found",
        "A 2006 study from the National Institute of Mental Health found that 18 people who used "
        "the drug reported a drastic shift in mood within hours.",
    ],
)
def test_a_sentence_about_a_study_that_names_only_where_or_when_it_appeared_is_anonymous(raw):
    parsed = parse_reference(raw)

    assert "describes a study without naming its authors or title" in parsed.unparseable


@pytest.mark.parametrize(
    "raw",
    [
        "A 2019 study by Dakwar et al. found that one infusion helped",
        "A 2002 study by Krupitsky and colleagues",
        "Published in Nature 2019; Das RK, Gale G, Hennessy V",
    ],
)
def test_a_sentence_about_a_study_that_names_its_author_is_still_searched(raw):
    assert parse_reference(raw).unparseable == ""


@pytest.mark.parametrize(
    ("raw", "authors", "et_al", "year"),
    [
        # From real pages (bench/real_references/references.json, batch 4).
        ("Domino 2010", (("Domino", ""),), False, 2010),
        ("Dakwar et al. [65] | 2014", (("Dakwar", ""),), True, 2014),
        ("Krystal et al.[2] | 1994", (("Krystal", ""),), True, 1994),
        ("Price & Mathew 2015", (("Price", ""), ("Mathew", "")), False, 2015),
    ],
)
def test_an_author_year_mention_is_read_with_bare_family_names_and_table_cells(raw, authors, et_al, year):
    parsed = parse_reference(raw)

    assert (parsed.style, parsed.authors, parsed.et_al, parsed.year) == ("author_year", authors, et_al, year)


def test_a_topic_word_and_a_year_are_not_an_author_year_mention():
    assert parse_reference("Ketamine 2010").style != "author_year"


def test_markdown_marks_in_a_copied_reference_are_read_as_plain_text():
    # From a Markdown reference list (bench/real_references/references.json, batch 5).
    parsed = parse_reference(
        "Berman, R. M., Cappiello, A., Anand, A., Oren, D. A., Heninger, G. R., Charney, D. S., & "
        "Krystal, J. H. (2000). Antidepressant effects of ketamine in depressed patients. "
        "*Biological Psychiatry*, *47* (4), 351-354. "
        "[https://doi.org/10.1016/s0006-3223(99)00230-9](https://doi.org/10.1016/s0006-3223(99)00230-9)"
    )
    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages) == ("Biological Psychiatry", "47", "4", "351-354")
    assert parsed.doi == "10.1016/s0006-3223(99)00230-9"


def test_a_reference_wrapped_in_brackets_is_read_without_them():
    # From a real page (bench/real_references/references.json, batch 4).
    parsed = parse_reference("[Murrough JA et al. Am J Psychiatry 2013]")

    assert (parsed.authors, parsed.container_title, parsed.year) == ((("Murrough", "JA"),), "Am J Psychiatry", 2013)
    # Brackets that do not enclose the whole stay.
    assert parse_reference("(2019) Ketamine and alcohol (a review)").title == "Ketamine and alcohol (a review)"


def test_natures_own_citation_line_gives_journal_volume_article_number_and_year():
    # From a real page (bench/real_references/references.json, batch 4).
    parsed = parse_reference("Nature Communications volume 10, Article number: 5187 (2019)")

    assert (parsed.container_title, parsed.volume, parsed.pages, parsed.year) == ("Nature Communications", "10", "5187", 2019)


def test_a_journal_in_the_place_of_the_title_before_a_date_is_read_as_the_journal():
    # From a real page (bench/real_references/references.json, batch 4).
    parsed = parse_reference("Daly E et al. JAMA Psychiatry. 2019 Jun 5. doi: 10.1001/jamapsychiatry.2019.1189.")

    assert (parsed.title, parsed.container_title, parsed.year) == (None, "JAMA Psychiatry", 2019)


def test_a_sentence_crediting_studies_after_a_lead_phrase_names_no_work():
    # From a real page (bench/real_references/references.json, batch 21).
    parsed = parse_reference(
        "First and most important, several studies demonstrate that ketamine reduces depression "
        "within six hours, with effects that are equal to or greater than the effects of six "
        "weeks of treatment with other antidepressant medications."
    )

    assert "credits unnamed research" in parsed.unparseable
    # A lead phrase alone does not make a reference anonymous.
    assert not parse_reference("In fact, Dakwar E. Ketamine for cocaine. Am J Psychiatry. 2019").unparseable


def test_a_sentence_giving_a_year_and_the_journal_is_looked_up_not_dismissed():
    # From a real page (bench/real_references/references.json, batch 21).
    written = (
        "A small but eye-opening 2022 study in JAMA Psychiatry found that just two doses of "
        "psilocybin (along with talk therapy) led to an 83% decline in heavy drinking."
    )
    assert not parse_reference(written).unparseable
    # A place is not a journal: that sentence still names no work.
    assert parse_reference(
        "A small but eye-opening 2022 study in Ohio found that just two doses of psilocybin "
        "led to an 83% decline in heavy drinking."
    ).unparseable


def test_degrees_after_each_family_and_given_name_are_not_names():
    # From a real page (bench/real_references/references.json, batch 21).
    authors, _et_al = parse_authors(
        "Bard, Michael R. MD, FACS; Goettler, Claudia E. MD, FACS; Fugate, Mark MD; "
        "Rotondo, Michael F. MD, FACS"
    )

    assert authors == (("Bard", "MR"), ("Goettler", "CE"), ("Fugate", "M"), ("Rotondo", "MF"))


def test_a_title_wrapped_over_two_lines_above_a_headers_authors_is_one_title():
    # From a real page (bench/real_references/references.json, batch 21).
    parsed = parse_reference(
        "Antidepressant Efficacy of Ketamine in Treatment-Resistant\n\n"
        "    Major Depression: A Two-Site Randomized Controlled Trial\n\n"
        "    James W. Murrough, M.D., Dan V. Iosifescu, M.D., Lee C. Chang, M.D., Rayan K. Al Jurdi,\n\n"
        "    M.D., Charles M. Green, Ph.D., and Sanjay J.\n\n"
        "    Mathew, M.D."
    )

    assert parsed.title == (
        "Antidepressant Efficacy of Ketamine in Treatment-Resistant Major Depression: "
        "A Two-Site Randomized Controlled Trial"
    )
    assert parsed.authors[0] == ("Murrough", "JW") and parsed.container_title is None
    # A journal's name above the title stays the journal.
    journal_first = parse_reference(
        "American Journal of Psychiatry\nKetamine for cocaine dependence\n"
        "Elias Dakwar, M.D., Edward V. Nunes, M.D., Carl L. Hart, Ph.D."
    )
    assert (journal_first.title, journal_first.container_title) == (
        "Ketamine for cocaine dependence", "American Journal of Psychiatry",
    )  # fmt: skip


def test_a_name_with_its_degrees_below_a_title_is_not_taken_for_the_journal():
    # From a real page (bench/real_references/references.json, batch 21).
    parsed = parse_reference(
        "Alcohol Withdrawal Syndrome: Turning Minor Injuries Into a Major Problem\n\n"
        "Bard, Michael R. MD, FACS; Goettler, Claudia E. MD, FACS; Fugate, Mark MD; "
        "Rotondo, Michael F. MD, FACS\n\n"
        "Journal of Trauma-Injury Infection & Critical Care: December 2006 - Volume 61 - Issue 6 - "
        "pp 1441-1446\ndoi: 10.1097/01.ta.0000245981.22931.43"
    )

    assert parsed.title == "Alcohol Withdrawal Syndrome: Turning Minor Injuries Into a Major Problem"
    assert (parsed.volume, parsed.issue, parsed.pages, parsed.year) == ("61", "6", "1441-1446", 2006)
    assert "Bard" not in (parsed.container_title or "") and "Fugate" not in (parsed.container_title or "")


def test_elseviers_online_pages_after_the_printed_ones_are_part_of_the_range():
    # From a real page (bench/real_references/references.json, batch 22).
    parsed = parse_reference(
        "Ann Emerg Med. 2014 Oct;64(4):385-388.e1. doi: 10.1016/j.annemergmed.2014.01.029. Epub 2014 Feb 28."
    )

    assert (parsed.volume, parsed.issue, parsed.pages) == ("64", "4", "385-388.e1")


def test_a_name_that_opens_with_an_initial_and_a_footnote_mark_is_one_author():
    # From a real page (bench/real_references/references.json, batch 22).
    parsed = parse_reference(
        "Hypotension, hypoxia, and head injury: Frequency, duration, and consequences\n\n"
        "Geoffrey Manley, M. Margaret Knudson*, Diane Morabito, Susan Damron, Vanessa Erickson, "
        "Lawrence Pitts"
    )

    assert parsed.authors == (
        ("Manley", "G"), ("Knudson", "MM"), ("Morabito", "D"), ("Damron", "S"), ("Erickson", "V"),
        ("Pitts", "L"),
    )  # fmt: skip


def test_the_links_a_publisher_prints_after_a_reference_are_not_part_of_its_journal():
    # From a real page (bench/real_references/references.json, batch 22).
    parsed = parse_reference(
        "Anis NA, Berry SC, Burton, N, et al (1983) The dissociative anesthetics ketamine and "
        "phencyclidine selectively reduce excitation of central mammalian neurons by "
        "N-methyl-D-aspartate. Br J Pharmacol 79:565–575PubMedCrossRefGoogle Scholar"
    )

    assert (parsed.container_title, parsed.volume, parsed.pages, parsed.year) == (
        "Br J Pharmacol", "79", "565-575", 1983,
    )  # fmt: skip
    # Springer's volume and pages after the journal, with an issue and without the links.
    issued = parse_reference(
        "Dakwar E, Levin F, Hart CL, et al (2016) Ketamine and cocaine. Psychopharmacology 233(3):401–410"
    )
    assert (issued.container_title, issued.volume, issued.issue, issued.pages) == (
        "Psychopharmacology", "233", "3", "401-410",
    )  # fmt: skip


def test_a_named_author_with_a_long_affiliation_and_colleagues_is_read_as_the_first_author():
    # From a real page (bench/real_references/references.json, batch 22).
    parsed = parse_reference(
        "Roland R Griffiths, PhD, from the Department of Psychiatry and Behavioral Sciences and "
        "the Department of Neuroscience at Johns Hopkins University School of Medicine, and "
        "colleagues studied the effect of a very low dose of psilocybin compared with a high dose "
        "in 51 individuals with life-threatening cancer."
    )

    assert (parsed.style, parsed.authors) == ("narrative", (("Griffiths", "R"),))


@pytest.mark.parametrize(
    "raw, why",
    [
        # From real pages (bench/real_references/references.json, batch 22).
        (
            "An earlier study’s findings were that participants who had ketamine combined with "
            "therapy stayed sober.",
            "describes a study without naming its authors or title",
        ),
        (
            "More than 6 percent of adults in the U.S. have an alcohol use disorder, about 1 in 12 "
            "men and 1 in 25 women. An additional 623,000 people between 12 and 17 have alcohol "
            "use disorders[i].",
            "its own citation marker",
        ),
        (
            "“Ketamine, combined with psychotherapy, reduces the six-month relapse rates by nearly "
            "60% compared to placebo. That’s phenomenal.”",
            "quotes someone's words",
        ),
    ],
)
def test_a_remark_a_sentence_with_an_endnote_and_an_earlier_study_name_no_work(raw, why):
    assert why in parse_reference(raw).unparseable


def test_a_title_in_quotation_marks_is_still_a_title():
    parsed = parse_reference("“Ketamine for Depression: Where Do We Go from Here?”")
    assert not parsed.unparseable and parsed.title
    assert not parse_reference('"Ketamine for depression. A review of the evidence in 2019"').unparseable
    assert not parse_reference("“Ketamine and cocaine dependence. A randomised trial.”").unparseable


def test_a_journals_first_page_gives_its_title_around_the_journals_name_and_its_numbers():
    # From a real page (bench/real_references/references.json, batch 21): a SAGE PDF's first
    # page, the journal's name printed beside the title's third line.
    parsed = parse_reference(
        "Psilocybin produces substantial and\n\n\nsustained decreases in depression and\n"
        "anxiety in patients with life-threatening Journal of Psychopharmacology\n\n"
        "cancer: A randomized double-blind trial\n\n\n2016, Vol. 30(12) 1181–1197"
    )

    assert parsed.title == (
        "Psilocybin produces substantial and sustained decreases in depression and anxiety in "
        "patients with life-threatening cancer: A randomized double-blind trial"
    )
    assert (parsed.container_title, parsed.year, parsed.volume, parsed.issue, parsed.pages) == (
        "Journal of Psychopharmacology", 2016, "30", "12", "1181-1197",
    )  # fmt: skip


@pytest.mark.parametrize(
    "raw, family, year",
    [
        # From real pages (bench/real_references/references.json, batch 23).
        (
            "Jones et al. (2018) conducted a systematic review of seven completed studies on the "
            "efficacy of ketamine in treating substance use disorders, including alcohol, cocaine, "
            "and opioid use disorders.",
            "Jones", 2018,
        ),
        ("## 1. Griffiths et al. (2016) — Cancer Patients RCT", "Griffiths", 2016),
    ],
)  # fmt: skip
def test_an_author_year_mention_followed_by_running_text_or_a_label_has_no_title(raw, family, year):
    parsed = parse_reference(raw)

    assert (parsed.authors[0][0], parsed.year, parsed.title) == (family, year, None)


def test_running_text_naming_a_work_then_its_first_author_and_year_gives_all_three():
    # From a real page (bench/real_references/references.json, batch 23).
    parsed = parse_reference(
        "In a Review of the Current Literature on the Therapeutic Potentials of Ketamine and "
        "Esketamine in Substance Use Disorders (SUD), Martinotti et al. (2021)"
    )

    assert parsed.title == (
        "Review of the Current Literature on the Therapeutic Potentials of Ketamine and "
        "Esketamine in Substance Use Disorders (SUD)"
    )
    assert (parsed.authors, parsed.et_al, parsed.year) == ((("Martinotti", ""),), True, 2021)


def test_a_title_quoted_after_the_word_article_is_the_title():
    # From a real page (bench/real_references/references.json, batch 23).
    parsed = parse_reference(
        "the scientific article, “Mystical-type experiences occasioned by ketamine mediate its "
        "impact on at-risk drinking”"
    )

    assert parsed.title == "Mystical-type experiences occasioned by ketamine mediate its impact on at-risk drinking"


def test_a_catalogues_label_before_its_links_is_no_part_of_the_reference():
    # From a real page (bench/real_references/references.json, batch 23).
    parsed = parse_reference(
        "Acceso en línea: | https://www.ncbi.nlm.nih.gov/pmc/articles/PMC10237681/ "
        "https://www.ncbi.nlm.nih.gov/pubmed/37273364 http://dx.doi.org/10.7759/cureus.38498 |"
    )

    assert (parsed.style, parsed.title, parsed.doi) == ("identifier", None, "10.7759/cureus.38498")


@pytest.mark.parametrize(
    "raw",
    [
        # From a real page (bench/real_references/references.json, batch 23).
        "L'étude précédente a révélé que les participants qui avaient de la kétamine combinée à "
        "une thérapie restaient complètement sobres.",
        "A Phase 2 trial found that psilocybin reduced heavy drinking.",
        "A recent phase IIb double-blind study showed fewer relapses.",
    ],
)
def test_a_previous_or_phased_study_described_without_its_authors_names_no_work(raw):
    assert "describes a study without naming its authors or title" in parse_reference(raw).unparseable


def test_a_french_study_led_by_a_named_researcher_is_still_looked_up():
    parsed = parse_reference(
        "L'étude, menée par Elias Dakwar, professeur agrégé de psychiatrie clinique à "
        "l'université de Columbia, a été publiée le 2 décembre dans la revue American Journal of "
        "Psychiatry."
    )

    assert not parsed.unparseable and parsed.authors[0][0] == "Dakwar"


# From real pages (bench/real_references/references.json, batch 24; some shortened): news in
# Spanish, Portuguese, German, Italian, French and Russian naming the study's lead author.
@pytest.mark.parametrize(
    "raw, family, given",
    [
        ("Ravi Das, primer autor del estudio, afirma que la adicción al alcohol y a las drogas es un "
         "proceso de aprendizaje.", "Das", "R"),
        ("\"Estamos tentando desmontar essas memórias para parar esse processo\", disse o co-autor do "
         "estudo, Ravi Das, da University College London.", "Das", "R"),
        ("Diese positiven Erinnerungen sind es, die nach einer Entgiftung für Rückfälle sorgen können, "
         "erklären Dr. Ravi K. Das vom University College London und Kollegen.", "Das", "R"),
        ("sagt die Leiterin der Studie, Celia Morgan", "Morgan", "C"),
        ("el estudio liderado por el doctor Ravi Das", "Das", "R"),
        ("Das haben britische Wissenschaftler um Ravi K. Das von der Abteilung für Klinische "
         "Psychopharmakologie des University College London herausgefunden.", "Das", "R"),
        ("Em um estudo anterior, Dakwar e seus colegas mostraram que uma dose da cetamina anestésica "
         "combinada com terapia promoveu abstinência.", "Dakwar", ""),
        ("Il dottor Elias Dakwar, professore associato di psichiatria clinica presso il Columbia "
         "University Medical Center e primo autore del studio", "Dakwar", "E"),
        ("« Ces nouveaux résultats ajoutent à la preuve », résume l’auteur principal, le Dr Elias "
         "Dakwar, professeur agrégé de psychiatrie clinique à l'Université Columbia.", "Dakwar", "E"),
        ("«Мы обнаружили, что после очень быстрого и простого экспериментального лечения зависимые от "
         "алкоголя люди испытывали длительное улучшение», — комментирует автор исследования Рави Дас "
         "(Ravi Das).", "Das", "R"),
    ],
)
def test_news_in_other_languages_naming_the_lead_author_names_the_work_by_that_author(raw, family, given):
    parsed = parse_reference(raw)

    assert not parsed.unparseable
    assert parsed.authors[0] == (family, given)


@pytest.mark.parametrize(
    "raw, families, year",
    [
        # From real pages (batch 24).
        ("Krupitsky y Grinenko (1997)", ["Krupitsky", "Grinenko"], 1997),
        ("(Domino y Warner, 2010)", ["Domino", "Warner"], 2010),
        ("Noller, Frampton, & Yazar-Klosinski, 2018", ["Noller", "Frampton", "Yazar-Klosinski"], 2018),
        # Chicago's author-date, the serial comma before "and" (batch 49).
        ("(Noller, Frampton, and Yazar-Klosinski 2018)", ["Noller", "Frampton", "Yazar-Klosinski"], 2018),
    ],
)
def test_an_author_year_mention_joins_its_families_with_and_in_any_language_or_lists_them_all(raw, families, year):
    parsed = parse_reference(raw)

    assert [family for family, _initials in parsed.authors] == families
    assert parsed.year == year


def test_an_author_year_mention_of_words_that_are_no_names_is_not_read_as_authors():
    assert parse_reference("Ketamine, Alcohol, and Opioids, 2019").authors == ()


def test_taylor_and_francis_link_label_is_no_part_of_the_reference():
    # From a real page (batch 24).
    parsed = parse_reference("To link to this article: https://doi.org/10.1080/00952990.2017.1310218")

    assert (parsed.style, parsed.title, parsed.doi) == ("identifier", None, "10.1080/00952990.2017.1310218")


@pytest.mark.parametrize(
    "raw",
    [
        # From real pages (batch 24; some shortened).
        "Los resultados de un estudio de las universidades College London y de Amsterdam indican que un "
        "rápido y sencillo tratamiento con ketamina reduce el consumo de alcohol en grandes bebedores.",
        "Una investigación reciente apunta a que la administración de una dosis única de ketamina podría "
        "ayudar a reducir el consumo de alcohol en individuos que abusan de la bebida.",
        "Segundo matéria da BBC News, uma única dose de cetamina pode ajudar os consumidores a reduzir o "
        "álcool. Foi o que sugeriu um estudo experimental da University College London.",
        "Согласно исследованию, опубликованному в Nature Communications, прием кетамина привел к быстрому "
        "уменьшению побуждений и длительному снижению потребления алкоголя в течение девяти месяцев.",
        "Now, scientists in the U.S. think that intravenous ketamine has the potential to successfully "
        "treat cocaine dependency in some people.",
    ],
)
def test_a_sentence_reporting_research_in_any_of_several_languages_names_no_work(raw):
    assert "reads as a sentence about research" in parse_reference(raw).unparseable


def test_a_sentence_ending_on_superscript_markers_with_a_space_between_them_names_no_work():
    # From a real page (batch 24): "abstinence.¹ ²".
    parsed = parse_reference(
        "Ketamine for AUD is investigational but promising: randomized trials suggest a ketamine "
        "infusion plus psychological therapy can increase abstinence.¹ ²"
    )

    assert "with its own citation marker" in parsed.unparseable


def test_markdown_italics_after_a_colon_are_the_journal_not_the_rest_of_the_title():
    # From a real file (bench/real_references/references.json, batch 5).
    parsed = parse_reference(
        "Domino, Edward F. (2010). Taming the Ketamine Tiger: *Anesthesiology* , 1. "
        "[https://doi.org/10.1097/ALN.0b013e3181ed09a2](https://doi.org/10.1097/ALN.0b013e3181ed09a2)"
    )

    assert (parsed.title, parsed.container_title) == ("Taming the Ketamine Tiger", "Anesthesiology")


def test_italics_after_a_colon_that_are_no_journal_stay_in_the_title():
    parsed = parse_reference("Smith, J. (2010). Ketamine: *A Review of the Evidence*. Oxford.")

    assert parsed.title == "Ketamine: A Review of the Evidence"


def test_a_sentence_naming_the_studys_lead_author_is_looked_up_though_it_reports_research():
    # From a real page (batch 20).
    parsed = parse_reference(
        "Dr Ravi Das, the study's lead author, said the research aimed to explore how memories "
        "associating alcohol with reward can lead to addiction."
    )

    assert not parsed.unparseable and parsed.authors[0] == ("Das", "R")


def test_a_journal_without_a_letter_is_no_journal():
    # From a real page (bench/real_references/references.json): the "(" of a publisher's
    # "(www.drugtestinganalysis.com)" was read as the journal and reported as a wrong one.
    parsed = parse_reference(
        "(www.drugtestinganalysis.com) DOI 10.1002/dta.1620\n\nFrom PCP to MXE: a comprehensive "
        "review of\n\n\nthe non-medical use of dissociative drugs\nHamilton Morrisa and Jason Wallachb*"
    )

    assert parsed.doi == "10.1002/dta.1620"
    assert parsed.container_title is None


@pytest.mark.parametrize(
    "raw",
    [
        # From real pages (batches 25 and 26).
        "To address the common belief that ketamine increases intraocular pressure, researchers "
        "prospectively evaluated the effect of intravenous ketamine on intraocular pressure in previously "
        "healthy children ages 1 to15 years who underwent procedural sedation for nonocular complaints at a "
        "tertiary care pediatric emergency department.",
        "Australian researchers completed the world’s first randomized control trial (RCT), assessing the "
        "efficacy and safety of ketamine as a treatment for depression in elderly patients.",
        "When scientists learned that PCP can cause every single symptom of schizophrenia, they wondered if "
        "chemicals that have the opposite effect could fight mental disorders.",
        "Durante una década, los científicos han estado tratando de explicar la primera observación hecha en "
        "la Universidad de Yale.",
    ],
)
def test_a_sentence_about_what_unnamed_researchers_did_names_no_work(raw):
    assert "reads as a sentence about research" in parse_reference(raw).unparseable


def test_a_title_about_researchers_is_still_a_title():
    parsed = parse_reference("Researchers Evaluated: Ketamine in Alcohol Use Disorder. J Psychopharmacol. 2019;33(4):1-9.")

    assert not parsed.unparseable and parsed.container_title == "J Psychopharmacol"


def test_a_sentence_ending_on_numbered_citations_in_brackets_names_no_work():
    # From a real page (batch 26).
    parsed = parse_reference(
        "The application of psychedelic therapy for a range of psychiatric illnesses is undergoing examination (1, 2)."
    )

    assert "with its own citation marker" in parsed.unparseable


def test_a_volume_and_issue_in_brackets_are_no_citation_markers():
    parsed = parse_reference("Dakwar E, Levin F. Ketamine for cocaine dependence. Addiction Research 12 (1, 2).")

    assert not parsed.unparseable


def test_a_literature_review_described_without_its_authors_names_no_work():
    # From a real page (batch 25).
    parsed = parse_reference(
        "This systematic literature review summarizes the evidence that psychedelics induce neuroplasticity "
        "by focusing on psychedelics’ cellular and molecular neuroplasticity effects after single and "
        "repeated administration, as investigated in n=20 studies."
    )

    assert "describes a study without naming its authors or title" in parsed.unparseable


def test_a_citation_label_on_its_own_line_and_names_written_given_name_first_are_read():
    # From a real page (batch 26): ScienceDaily's form, middle initials without full stops.
    parsed = parse_reference(
        "Citation\n\nAndre F Carvalho, Markus Heilig, Augusto Perez, Charlotte Probst, Jürgen Rehm. Alcohol use "
        "disorders. The Lancet, 2019; 394 (10200): 781 DOI: 10.1016/S0140-6736(19)31775-1"
    )

    assert parsed.authors[:2] == (("Carvalho", "AF"), ("Heilig", "M"))
    assert (parsed.title, parsed.container_title, parsed.volume, parsed.pages) == (
        "Alcohol use disorders", "The Lancet", "394", "781"
    )


def test_a_field_label_on_its_own_line_still_starts_labelled_lines():
    parsed = parse_reference(
        "Authors:\nRafael G. dos Santos, José Carlos Bouso, and Jaime E. C. Hallak.\nJournal:\n"
        "Journal of Psychedelic Studies\nYear:\n2017"
    )

    assert (parsed.authors[0][0], parsed.container_title, parsed.year) == ("dos Santos", "Journal of Psychedelic Studies", 2017)


def test_an_organisation_before_the_year_in_brackets_is_the_author():
    # From a real page (batch 25): a repository's "Recommended Citation", run into the reference.
    parsed = parse_reference(
        "Recommended Citation Substance Abuse and Mental Health Services Administration. (2021). Key "
        "substance use and mental health indicators in the United States: Results from the 2020 National "
        "Survey on Drug Use and Health (HHS Publication No. PEP21-07-01-003, NSDUH Series H-56)."
    )

    assert parsed.authors == (("Substance Abuse and Mental Health Services Administration", ""),)
    assert parsed.title.startswith("Key substance use and mental health indicators")
    assert parsed.container_title is None


def test_a_title_before_the_year_in_brackets_stays_the_title_when_it_names_no_organisation():
    parsed = parse_reference("Ketamine for Alcohol Use Disorder. (2024). Clinic Blog.")

    assert parsed.title == "Ketamine for Alcohol Use Disorder" and not parsed.authors


def test_a_row_of_an_evidence_table_is_its_first_authors_study_of_that_year():
    # From a real page (batch 26).
    parsed = parse_reference("| **Krupitsky 2002** | 70 | Alkohol | RCT | Signifikantni redukce |")

    assert (parsed.authors, parsed.year) == ((("Krupitsky", ""),), 2002)
    assert parse_reference("| Ketamine 2019 | 40 | 6 weeks |").authors == ()


def test_a_few_words_on_who_the_author_is_may_stand_between_the_name_and_colleagues():
    # From a real page (batch 25).
    parsed = parse_reference(
        "Die Wahl des Antidepressivums sollte auf Basis der besten verfügbaren Evidenz erfolgen, weshalb "
        "Andrea Cipriani, Psychiater an der Universität Oxford, und Kollegen eine aktuelle systematische "
        "Übersicht und Netzwerk-Metaanalyse durchgeführt haben."
    )

    assert (parsed.authors, parsed.et_al) == ((("Cipriani", "A"),), True)


def test_a_blank_line_between_a_title_and_its_journals_line_ends_the_title():
    # From a real page (batch 26): PubMed's title, then its citation line.
    parsed = parse_reference(
        "What is the clinical evidence on psilocybin for the treatment of psychiatric disorders? A systematic "
        "review\n\nPorto Biomed J. 2021 Feb 11;6(1):e128. doi: 10.1097/j.pbj.0000000000000128. eCollection 2021 Jan-Feb."
    )

    assert parsed.title.endswith("psychiatric disorders? A systematic review")
    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages) == ("Porto Biomed J", "6", "1", "e128")


@pytest.mark.parametrize(
    "raw",
    [
        # From real pages (batch 27).
        "Previous studies of treatment-resistant depression reveal that ketamine infusions may result in a rapid "
        "antidepressant response with improvement usually sustained for several days.",
        "Amazingly, 12 months after the therapeutic sessions, 80% of participants remained completely abstinent "
        "from smoking.",
    ],
)
def test_a_sentence_giving_what_unnamed_research_revealed_or_how_many_it_helped_names_no_work(raw):
    assert "reads as a sentence about research" in parse_reference(raw).unparseable


def test_a_cochrane_review_described_by_its_size_names_no_work():
    # From a real page (batch 27).
    parsed = parse_reference(
        "A Cochrane review of 267 studies provided further support that NRT, bupropion and varenicline are "
        "superior to placebo for quitting smoking."
    )

    assert "describes a study without naming its authors or title" in parsed.unparseable


def test_a_title_then_by_its_first_author_and_year_gives_all_three():
    # From a real page (batch 27).
    parsed = parse_reference(
        "In the landmark meta-analysis The Effect of a Single Dose of Intravenous Ketamine on Suicidal Ideation "
        "by Wilkinson et al. (2018), researchers investigated whether a single intravenous (IV) dose of ketamine "
        "could reduce suicidal ideation in individuals suffering from depression."
    )

    assert (parsed.authors, parsed.et_al, parsed.year) == ((("Wilkinson", ""),), True, 2018)
    assert parsed.title.endswith("The Effect of a Single Dose of Intravenous Ketamine on Suicidal Ideation")


def test_a_study_led_by_its_principal_investigator_names_that_author():
    # From a real page (batch 27).
    parsed = parse_reference(
        "Led by Principal Investigator Matthew W. Johnson, Ph.D., and Co-Investigator Roland R. Griffiths, Ph.D., "
        "an initial pilot study found that combining cognitive behavioral therapy and controlled administration "
        "of psilocybin in the laboratory was a safe and feasible approach for helping people who were seeking to "
        "quit smoking, and for whom other treatments had failed."
    )

    assert (parsed.authors, parsed.et_al) == ((("Johnson", "M"),), True)


# From a real file (batch 28): a wiki's citation rendered as Markdown, its parts run together.
WIKI_CITATION = (
    "29. ↑ Johnson, M. W., Garcia-Romeu, A., Cosimano, M. P., Griffiths, R. R. (November 2014).[\"Pilot study "
    "of the 5-HT 2A R agonist psilocybin in the treatment of tobacco addiction\"](http://journals.sagepub.com/"
    "doi/10.1177/0269881114548296).*Journal of Psychopharmacology*.**28**(11): 983–992.[doi](http://en.wikipedia"
    ".org/wiki/Digital_object_identifier):[10.1177/0269881114548296](//doi.org/10.1177%2F0269881114548296)."
    "[ISSN](http://en.wikipedia.org/wiki/International_Standard_Serial_Number)[0269-8811](//www.worldcat.org/"
    "issn/0269-8811)."
)


def test_a_wiki_citation_rendered_as_markdown_is_read_part_by_part():
    parsed = parse_reference(WIKI_CITATION)

    assert parsed.authors[0] == ("Johnson", "MW") and len(parsed.authors) == 4
    assert (parsed.year, parsed.doi) == (2014, "10.1177/0269881114548296")
    assert parsed.title == "Pilot study of the 5-HT 2A R agonist psilocybin in the treatment of tobacco addiction"
    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages) == (
        "Journal of Psychopharmacology", "28", "11", "983-992"
    )


def test_a_wikis_backlinks_before_a_reference_are_no_part_of_it():
    parsed = parse_reference("↑ 37.0 37.1 Carhart-Harris, R. L., Nutt, D. J. (7 February 2012). Neural correlates "
                             "of the psychedelic state. PNAS, 109(6), 2138-2143.")

    assert (parsed.authors[0], parsed.year) == (("Carhart-Harris", "RL"), 2012)


def test_a_journal_reported_in_by_the_named_author_is_the_journal():
    # From a real page (batch 28).
    parsed = parse_reference(
        "Similar abstention occurred among just 10.5 percent of those treated with an inactive placebo, Dr. Jon "
        "E. Grant of the University of Minnesota in Minneapolis and colleagues report in the Journal of Clinical "
        "Psychiatry."
    )

    assert (parsed.authors[0][0], parsed.container_title) == ("Grant", "Journal of Clinical Psychiatry")


def test_a_journal_and_year_line_above_a_title_give_all_three():
    # From a real page (batch 28).
    parsed = parse_reference(
        "The New England journal of medicine | 2021\n\nBupropion and Naltrexone in Methamphetamine Use Disorder."
    )

    assert (parsed.container_title, parsed.year, parsed.title) == (
        "The New England journal of medicine", 2021, "Bupropion and Naltrexone in Methamphetamine Use Disorder"
    )


def test_a_wikis_identifier_links_give_the_identifiers_and_its_upkeep_note_is_dropped():
    # From a real file (batch 28).
    parsed = parse_reference(
        "22. ↑ 22.0 22.1 Dos Santos, RG; Osório, FL; Crippa, JA; Riba, J; Zuardi, AW; Hallak, JE (June 2016).["
        "\"Antidepressive, anxiolytic, and antiaddictive effects of ayahuasca, psilocybin and lysergic acid "
        "diethylamide (LSD): a systematic review of clinical trials published in the last 25 years\"](//www.ncbi.nlm"
        ".nih.gov/pmc/articles/PMCPMC4910400).*Therapeutic advances in psychopharmacology*.**6**(3): 193–213.[doi]"
        "(http://en.wikipedia.org/wiki/Digital_object_identifier):[10.1177/2045125316638008](//doi.org/10.1177%2F"
        "2045125316638008).[PMC](http://en.wikipedia.org/wiki/PubMed_Central)[4910400](//www.ncbi.nlm.nih.gov/pmc/"
        "articles/PMC4910400).[PMID](http://en.wikipedia.org/wiki/PubMed_Identifier)[27354908](//www.ncbi.nlm.nih."
        "gov/pubmed/27354908). CS1 maint: PMC format ( [link](/w/index.php?title=Category:CS1_maint:_PMC_format&"
        "action=edit&redlink=1) )"
    )

    assert (parsed.doi, parsed.pmid, parsed.pmcid) == ("10.1177/2045125316638008", "27354908", "PMC4910400")
    assert (parsed.container_title, parsed.volume, parsed.pages) == ("Therapeutic advances in psychopharmacology", "6", "193-213")


@pytest.mark.parametrize(
    "raw",
    [
        # From real pages (batch 29).
        "In a 1965 JAMA article, Dole and Nyswander1 presented an initial evaluation of what was then a new "
        "treatment for heroin addiction: methadone maintenance.",
        "The Dole-Nyswander treatment of heroin addiction, reported in the Aug 23, 1965, issue of JAMA1 raises "
        "many important issues, both medical and sociological, about the treatment of drug addiction in the "
        "United States.",
    ],
)
def test_a_sentence_naming_a_year_beside_its_journal_is_looked_up(raw):
    assert not parse_reference(raw).unparseable


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # From real pages (batch 29).
        ("In a 2012 epidemiological study of mental health in Canada, the lifetime prevalence of MDD was noted "
         "at 11.3%.2", "describes a study without naming its authors or title"),
        ("Several placebo-controlled, randomized clinical trials have been conducted, but\nresults have been "
         "limited by small sample sizes, short durations, exclusion of individuals\nwith co-occurring disorders.",
         "credits unnamed research"),
    ],
)
def test_an_epidemiological_study_or_several_trials_described_name_no_work(raw, reason):
    assert reason in parse_reference(raw).unparseable


def test_an_endnote_citation_left_unformatted_is_its_authors_year():
    # From a real manuscript draft (batch 30).
    parsed = parse_reference("{Beaglehole, 2023 #61}")

    assert (parsed.authors, parsed.year) == ((("Beaglehole", ""),), 2023)


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # From real pages (batch 30).
        ("Since the mid‐2000s, and most recently in the past 5 years, increasing volumes of literature, resources, "
         "and clinical practice have involved this medication. 15", "with its own citation marker"),
        ("In primary care settings, the prevalence of alcohol use disorders ranges from 20% to 36%5",
         "with its own citation marker"),
        ("Many of the original trials examining methadone and buprenorphine (+/- naloxone) were conducted in people "
         "dependent on heroin.", "credits unnamed research"),
        ("Numerous clinical investigators have claimed that treating alcoholics with individual doses of lysergic "
         "acid diethylamide (LSD), in combination with psychosocial interventions, can help to prevent a relapse "
         "of alcohol misuse", "credits unnamed research"),
    ],
)
def test_sentences_with_a_spaced_or_percent_marker_or_crediting_unnamed_trials_name_no_work(raw, reason):
    assert reason in parse_reference(raw).unparseable


def test_a_reference_ending_on_its_volume_after_a_year_keeps_it():
    parsed = parse_reference("Smith J, Jones K. Ketamine for alcohol use disorder in adults. J Psychopharmacol. 2019. 15")

    assert not parsed.unparseable


def test_a_group_credited_after_the_people_is_not_read_into_the_title():
    # From a real file (batch 31).
    parsed = parse_reference(
        "Sanacora G , Frye MA, McDonald W, Mathew SJ, Turner MS, Schatzberg AF, Summergrad P, Nemeroff CB; American "
        "Psychiatric Association (APA) Council of Research Task Force on Novel Biomarkers and Treatments. A Consensus "
        "Statement on the Use of Ketamine in the Treatment of Mood Disorders. JAMA Psychiatry 2017; 74 : 399-405 "
        "[PMID: 28249076 DOI: 10.1001/jamapsychiatry.2017.0080]"
    )

    assert parsed.authors[0] == ("Sanacora", "G") and parsed.authors[-1] == ("Nemeroff", "CB")
    assert parsed.title == "A Consensus Statement on the Use of Ketamine in the Treatment of Mood Disorders"
    assert parsed.container_title == "JAMA Psychiatry"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        # From real pages (batch 31).
        ("La dépression majeure est une affection fréquente, avec une prévalence à vie estimée à 11,3 % [ 1 ].",
         "with its own citation marker"),
        ("Pero gracias a estas cualidades amnésicas, los investigadores del Colegio Universitario de Londres (UCL) "
         "han empezado a interesarse por el uso terapéutico de la droga, más allá de usarla para fiestas.",
         "reads as a sentence about research"),
    ],
)
def test_a_spaced_bracket_marker_or_researchers_of_a_place_doing_something_name_no_work(raw, reason):
    assert reason in parse_reference(raw).unparseable


def test_a_reference_whose_title_gives_its_sample_size_is_still_a_reference():
    parsed = parse_reference(
        "Smith J, Jones K. Ketamine for cocaine use disorder in a randomized trial (n=55) of adults treated in the "
        "community. J Psychoactive Drugs. 2019;51(3):1-9."
    )

    assert not parsed.unparseable and parsed.container_title == "J Psychoactive Drugs"


def test_who_led_a_study_is_no_university():
    parsed = parse_reference("A study led by Johns Hopkins University researchers found that psilocybin helps.")

    assert not any(family == "Hopkins" for family, _given in parsed.authors)


def test_a_study_credited_to_its_lead_author_at_the_end_is_still_looked_up():
    parsed = parse_reference("Ketamine reduced drinking for months, a study by Ravi Das and colleagues found.")

    assert not parsed.unparseable and parsed.authors[0][0] == "Das"


def test_a_title_then_the_year_then_the_authors_then_the_journal_is_read_in_that_order():
    # From a real page (batch 33).
    parsed = parse_reference(
        "Pilot Study of Psilocybin Treatment for Anxiety in Patients With Advanced-Stage Cancer. 2011. Grob CS, "
        "Danforth AL, Chopra GS, Hagerty M, McKay CR, Halberstadt AL, Greer GR. Arch Gen Psychiatry. Jan 2011, "
        "68(1):71-8."
    )

    assert parsed.title == "Pilot Study of Psilocybin Treatment for Anxiety in Patients With Advanced-Stage Cancer"
    assert (parsed.authors[0], parsed.authors[-1], len(parsed.authors)) == (("Grob", "CS"), ("Greer", "GR"), 7)
    assert parsed.container_title.startswith("Arch Gen Psychiatry")
    assert (parsed.year, parsed.volume, parsed.issue, parsed.pages) == (2011, "68", "1", "71-8")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # From real pages (batches 7, 23 and 33).
        ("{{cite journal | vauthors=((Kapur, S.)), ((Seeman, P.)) | journal=Molecular Psychiatry | title=NMDA "
         "receptor antagonists ketamine and PCP have direct effects on the dopamine D2 and serotonin 5-HT2 "
         "receptors—implications for models of schizophrenia | volume=7 | issue=8 | pages=837–844 | date= September "
         "2002 | url=https://www.nature.com/articles/4001093 | issn=1476-5578 | doi=10.1038/sj.mp.4001093}}",
         (("Kapur", "S"), 2002, "Molecular Psychiatry", "7", "8", "837–844", "10.1038/sj.mp.4001093")),
        ("{{Cite journal|last=Hutchinson|first=Courtney | name-list-style =vanc |date=2018|title=MDMA-Assisted "
         "Psychotherapy for Posttraumatic Stress Disorder: Implications for Social Work Practice and "
         "Research|journal=Clinical Social Work Journal|volume=25|issue=4|pages=421–430|doi=10.1007/s10615-018-0676-3"
         "|s2cid=150130179}}",
         (("Hutchinson", "C"), 2018, "Clinical Social Work Journal", "25", "4", "421–430", "10.1007/s10615-018-0676-3")),
        ("{{cite journal | vauthors = Siegel JS, Subramanian S, Perry D | title = Psilocybin desynchronizes the "
         "human brain | journal = Nature | volume = 632 | issue = 8023 | pages = 131–138 | date = August 2024 | "
         "pmid = 39020167 | doi = 10.1038/s41586-024-07624-5",
         (("Siegel", "JS"), 2024, "Nature", "632", "8023", "131–138", "10.1038/s41586-024-07624-5")),
    ],
)
def test_a_wiki_citation_template_is_read_by_its_parameters(raw, expected):
    parsed = parse_reference(raw)

    assert parsed.style == "wiki" and parsed.title and "|" not in parsed.title
    assert (
        parsed.authors[0], parsed.year, parsed.container_title, parsed.volume, parsed.issue, parsed.pages, parsed.doi
    ) == expected  # fmt: skip


def test_biblatex_dates_journal_titles_protected_capitals_and_latex_accents_are_read():
    # From real files (batch 27): Zotero's Better BibTeX export.
    anton = parse_reference(
        "@article{anton1996ObsessiveCompulsiveDrinking,\n  title = {The Obsessive Compulsive Drinking Scale: {{A}} New "
        "Method of Assessing Outcome in Alcoholism Treatment Studies},\n  author = {Anton, R. F. and Moak, D. H. and "
        "Latham, P. K.},\n  date = {1996-03},\n  journaltitle = {Archives of General Psychiatry},\n  volume = {53},\n"
        "  number = {3},\n  pages = {225--231}\n}"
    )
    correa = parse_reference(
        "@article{correafilho2013PilotStudyFulldosea,\n  title = {A Pilot Study of Full-Dose Ondansetron to Treat "
        "Heavy-Drinking Men Withdrawing from Alcohol in {{Brazil}}},\n  author = {Corr{\\^e}a Filho, Jo{\\~a}o Maria "
        "and Baltieri, Danilo Antonio},\n  year = {2013},\n  journal = {Addictive Behaviors}\n}"
    )

    assert anton.title.startswith("The Obsessive Compulsive Drinking Scale: A New Method")
    assert (anton.year, anton.container_title) == (1996, "Archives of General Psychiatry")
    assert correa.title.endswith("Withdrawing from Alcohol in Brazil")
    assert correa.authors == (("Corrêa Filho", "JM"), ("Baltieri", "DA"))


def test_a_title_wrapped_after_a_capitalised_word_is_still_read_from_its_first_line():
    # From a real page (batch 34): the blank lines are the page's.
    parsed = parse_reference(
        "“Pain in the Emergency Department: Results of the Pain\n\nand Emergency Medicine Initiative (PEMI) "
        "Multicenter\n\nStudy”"
    )

    assert not parsed.unparseable and "Pain in the Emergency Department" in parsed.title


def test_two_author_year_citations_in_brackets_name_no_single_work():
    parsed = parse_reference("Ketamine is an NMDA antagonist (Zarate 2006) with rapid effects (Berman 2000) in depression")

    assert not any(family in ("Zarate", "Berman") for family, _given in parsed.authors)


def test_a_month_before_the_year_is_no_author():
    # From a real file (batch 35).
    parsed = parse_reference(
        "He is a co-author of “Rapid and Sustained Symptom Reduction Following Psilocybin Treatment for Anxiety and "
        "Depression in Patients with Life-Threatening Cancer: A Randomized Clinical Trial” published in Journal of "
        "Psychopharmacology, December 2016."
    )

    assert parsed.title.startswith("Rapid and Sustained Symptom Reduction")
    assert not any(family == "December" for family, _given in parsed.authors)


def test_a_study_co_authored_with_a_named_researcher_and_its_journal_is_looked_up():
    # From a real file (batch 35).
    parsed = parse_reference(
        "That study is complete and the first research article on the study, co-authored with Dr. Kenneth Alper, "
        "has been published (American Journal of Drug and Alcohol Abuse, 2017)."
    )

    assert not parsed.unparseable


def test_a_sentence_giving_its_journal_then_its_year_is_looked_up_but_two_journals_are_not():
    # From real pages (batches 36 and 28).
    one = parse_reference(
        "The ELEKT-D trial (N=403), published in the New England Journal of Medicine in 2023, found that intravenous "
        "ketamine was non-inferior to ECT for non-psychotic TRD, with response rates of 55.4% versus 41.2% "
        "respectively [13]."
    )
    two = parse_reference(
        "The findings of this pilot study were published in Biological Psychiatry and International Clinical "
        "Psychopharmacology in 2001."
    )

    assert not one.unparseable
    assert two.unparseable


def test_bibtex_values_with_a_comma_left_inside_the_outer_braces_are_read_without_it():
    # From a real file (batch 37).
    parsed = parse_reference(
        "@article{ref01,\n  title = {{Acute and longer-term outcomes in depressed outpatients requiring one or several "
        "treatment steps: a STAR*D report},}\n  author = {{Rush, Augustus John and Trivedi, Madhukar H and others},}\n"
        "  journal = {{The American journal of psychiatry},}\n  volume = {{163},}\n  number = {{11},}\n"
        "  pages = {{1905--1917},}\n  year = {{2006},}\n}"
    )

    assert (parsed.pages, parsed.volume, parsed.issue, parsed.year) == ("1905-1917", "163", "11", 2006)
    assert parsed.container_title == "The American journal of psychiatry"
    assert parsed.title.endswith("a STAR*D report")


# Strings from real pages and files that name no work (batches 32 to 37), each with the
# reason the parser gives: one row per rule.
@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(
            "Drug abusers had significantly more involvement in serious crashes than non-abusers in a study by the "
            "University of Queensland.", "reads as a sentence about research", id="a-study-by-an-institution"),
        pytest.param(
            "First, in the RCT (N=74) with 12 weeks topiramate (200mg/day) versus placebo, no indication of success "
            "was identified, despite some previous positive findings in the literature.",
            "reads as a sentence about research", id="a-trial-by-its-size"),
        pytest.param(
            "In the mid-1990s they decided to conduct a single-dose study of ketamine on nine patients (two "
            "ultimately dropped out) at the Yale-affiliated VA Connecticut Healthcare System in West Haven to see how "
            "depressed people would react to the drug.", "reads as a sentence about research",
            id="a-study-on-nine-patients"),
        pytest.param(
            "In klinischen Studien ging es einigen Patienten innerhalb von 24 Stunden deutlich besser.",
            "credits several works together", id="studies-in-the-plural-german"),
        pytest.param(
            "Across modern controlled trials, serotonergic psychedelics are generally well tolerated under "
            "supervision.", "credits several works together", id="across-trials-of-a-kind"),
        pytest.param(
            "La ketamina se relacionó con mejores resultados cuando se utilizó junto con una terapia conductual y "
            "motivacional en dos ensayos clínicos sobre el tratamiento del abuso de sustancias.",
            "reads as a sentence about research", id="two-trials-spanish"),
        pytest.param(
            "A cetamina foi associada a melhores resultados quando usada juntamente com terapia comportamental e "
            "motivacional em dois ensaios clínicos sobre o tratamento do uso indevido de substâncias.",
            "reads as a sentence about research", id="two-trials-portuguese"),
        pytest.param(
            "London: A one-off dose of party drug ketamine may help heavy drinkers significantly reduce their alcohol "
            "intake, an experimental study claims.", "credits unnamed research", id="an-unnamed-study-at-the-end"),
        pytest.param(
            "Hallucinogen eases depression in cancer patients, studies find", "credits unnamed research",
            id="studies-find-at-the-end"),
        pytest.param(
            "Los últimos estudios demuestran que los rapidísimos efectos antidepresivos de la ketamina no son simples "
            "efectos secundarios de su uso como sedante o como anestesia.", "credits unnamed research",
            id="the-latest-studies-spanish"),
        pytest.param(
            "There has been some indication that ketamine, in low doses (20-30mg), can be an effective "
            "anti-depressant.", "credits unnamed research", id="some-indication"),
        pytest.param(
            "Remission rates in major depression are reportedly less than 15% among patients with two prior "
            "conventional treatment or augmentation failures, that is, with treatment-resistant depression (TRD) "
            "(27).", "with its own citation marker", id="a-marker-after-an-abbreviation-in-brackets"),
        pytest.param(
            "Recent RCTs compared ICP and CPP in patients receiving ketamine and sufentanil infusion in the ICU with "
            "severe TBI and found no difference in ICP or CPP.4", "with its own citation marker",
            id="a-marker-after-capitals"),
        pytest.param(
            "The dissociative anesthetic ketamine may represent an exception. Ketamine has been widely demonstrated "
            "to have robust antidepressant properties when administered at subanesthetic doses (\n9), and its "
            "psychiatric mechanisms are hypothesized to extend beyond NMDAR modulation to include downstream effects "
            "on other neurotransmitter systems and on prefrontal synaptogenesis (\n9).", "with its own citation marker",
            id="a-first-line-cut-mid-bracket"),
        pytest.param(
            "La situation en Amérique du nord a fait l’objet de nombreux articles ces derniers mois et la ‘crise’ a\n"
            "atteint des proportions incroyables, avec plus de 64 000 décès en 2016 par overdose d'opioïdes, dont\n"
            "plus de la moitié des cas est liée à une prescription d’opioïde antalgique (2).",
            "with its own citation marker", id="a-sentence-wrapped-over-lines-french"),
        pytest.param(
            "Person-centered language is shown to improve \ntreatment outcomes and reduce stigma [11, 12].",
            "with its own citation marker", id="a-sentence-wrapped-onto-the-next-line"),
        # batch 38
        pytest.param(
            "A landmark German study using ketamine coma (high-dose, prolonged infusion under anesthesia) showed "
            "dramatic improvements in some patients", "describes a study by what it found", id="a-study-told-by-its-finding"),
        pytest.param(
            "Research and clinical experience have identified profiles of patients who tend to respond well to "
            "ketamine therapy.", "credits unnamed research", id="research-and-clinical-experience"),
    ],
)
def test_a_string_naming_no_work_says_why(raw, reason):
    assert reason in parse_reference(raw).unparseable


def test_a_latin_name_in_chinese_text_that_no_role_names_is_no_author():
    # the same news, a person quoted without a researcher's role
    parsed = parse_reference("伦敦大学学院的发言人John Smith表示,这项研究很重要。")

    assert not parsed.authors


def test_the_next_items_number_on_a_line_inside_a_title_is_no_part_of_it():
    # A Cureus review's list as its PDF prints it (bench/real_references, batch 38): item 26's
    # number stands inside the title of item 25.
    parsed = parse_reference(
        "Zarate CA Jr, Singh JB, Carlson PJ, et al.:  A randomized trial of an N-methyl-D-aspartate antagonist in"
        "\n\n26. \n\ntreatment-resistant major depression. Arch Gen Psychiatry. 2006, 63:856-64.  "
        "10.1001/archpsyc.63.8.856"
    )

    assert "antagonist in treatment-resistant major depression" in parsed.title
    assert "26" not in parsed.title
    assert (parsed.year, parsed.doi) == (2006, "10.1001/archpsyc.63.8.856")


# Running text from real pages and files (batches 33 to 37) that names a work's first author,
# and the year when it gives one: one row per way of naming them.
@pytest.mark.parametrize(
    ("raw", "family", "year"),
    [
        pytest.param(
            '"We found that heavy drinkers experienced a long-term improvement after a very quick and simple '
            'experimental treatment," said the study\'s lead author, Ravi Das, from University College London (UCL) '
            "in the UK.", "Das", None, id="the-lead-author-after-the-role"),
        pytest.param(
            "Network meta-analysis led by Dr Andrea Cipriani of 522 trials includes the largest amount of "
            "unpublished data to date.", "Cipriani", None, id="led-by"),
        pytest.param(
            "Patients with treatment-resistant depression are more likely to relapse, wrote Ella J. Daly, MD, of "
            "Janssen Research and Development, Titusville, N.J., and colleagues.", "Daly", None, id="who-wrote"),
        pytest.param(
            "“We’re trying to break down those memories to stop that process from happening, and to stop people "
            "from relapsing,” Ravi Das, study co-author and a psychopharmacologist at University College London, "
            "said.", "Das", None, id="a-study-co-author"),
        pytest.param(
            "“Abbiamo scoperto che i forti bevitori hanno sperimentato un miglioramento a lungo termine dopo un "
            "trattamento sperimentale molto rapido e semplice”, ha affermato l’autore principale dello studio, il "
            "Dottor Ravi Das (UCL Clinical Psychopharmacology Unit).", "Das", None, id="the-lead-author-italian"),
        pytest.param(
            "Ako uviedol hlavný autor štúide Ravi Das, učenie je základom toho, prečo sa ľudia stávajú závislými od "
            "drog alebo alkoholu.", "Das", None, id="the-lead-author-slovak"),
        pytest.param(
            "Yarkoni and Westfall [2] suggest taking into account a range of epistemological levels, including "
            "environmental and behavioral, while modeling psychiatric disorders; and subsequently evaluating the "
            "capacity of these models to predict disorder-specific symptoms.", "Yarkoni", None,
            id="two-authors-and-a-marker"),
        pytest.param(
            "In two separate trials, we tested riluzole (an inhibitor of glutamate release) and found it to have "
            "antidepressant properties in patients with unipolar and bipolar depression (Zarate et al.\n\n 2004, "
            "2005).", "Zarate", 2004, id="one-authors-works-of-several-years"),
        pytest.param(
            "**Ketamine 2-hour antidepressant onset** (Zarate 2006); Spravato FDA 2019", "Zarate", 2006,
            id="author-year-in-brackets-in-a-note"),
        pytest.param("Ketamine = NMDA antagonist (Zarate 2006) ★", "Zarate", 2006, id="author-year-in-a-heading"),
        pytest.param(
            "Transient increases in blood pressure and heart rate occur [Source 1: Griffiths 2016].", "Griffiths",
            2016, id="author-year-in-labelled-brackets"),
        pytest.param(
            "A head-to-head comparison found broadly overlapping subjective and physiological effects between "
            "psilocybin and LSD, though LSD’s longer duration may increase logistical and cardiovascular demands "
            "\\cite{holze2022direct}.", "Holze", 2022, id="a-latex-key"),
        pytest.param(
            "More recently, classical psychedelics such as psilocybin have shown transformative potential in "
            "treating depression, particularly when combined with psychological support {Griffiths, 2016 \\#11}.",
            "Griffiths", 2016, id="an-endnote-citation"),
        # batch 11: Chinese news, the name in Latin letters beside the role given to it
        pytest.param(
            "联合王国伦敦大学学院临床精神药理学单元的首席研究员Ravi Das博士", "Das", None,
            id="chinese-role-then-name"),
        pytest.param(
            "来自英国伦敦大学学院(UCL)临床心理药理学组的Ravi Das是《自然通讯》可信资源文件的主要作者,该文件详细介绍了这一发现。",
            "Das", None, id="chinese-name-is-the-lead-author"),
    ],
)
def test_running_text_naming_a_first_author_is_looked_up_by_them(raw, family, year):
    parsed = parse_reference(raw)

    assert not parsed.unparseable
    assert (parsed.authors[0][0], parsed.year) == (family, year)


def test_where_the_lead_author_works_in_brackets_is_no_journal():
    # From a real page (batch 34).
    parsed = parse_reference(
        "“Abbiamo scoperto che i forti bevitori hanno sperimentato un miglioramento a lungo termine”, ha affermato "
        "l’autore principale dello studio, il Dottor Ravi Das (UCL Clinical Psychopharmacology Unit)."
    )

    assert parsed.authors[0][0] == "Das" and parsed.container_title is None



def test_a_process_keeps_the_answers_for_short_names_only():
    # Names recur, and their answers are kept; a long run of text sent as a name is judged
    # without keeping it, so that what a process keeps stays small whatever it is sent.
    from studies.references import parsing

    parsing._kept_family.cache_clear()
    parsing._kept_name_word.cache_clear()
    long_name = "Dakwar" + "x" * 5000
    assert parsing._is_family(long_name + " Nunes")  # two capitalised words
    assert not parsing._is_name_word(long_name + "1")
    assert parsing._kept_family.cache_info().currsize == 0
    assert parsing._kept_name_word.cache_info().currsize == 1  # "Nunes", not the long word
    assert parsing._is_family("Dakwar") and parsing._is_family("van der Berg")
    assert parsing._kept_family.cache_info().currsize == 2
    assert parsing._kept_family.cache_info().maxsize == parsing._KEPT_ANSWERS


@pytest.mark.parametrize(
    "text, running",
    [
        ("A total of 96 patients with moderate to severe Alcohol Use Disorder were enrolled in the study.", True),
        ("Los resultados fueron divulgados semanas después de un estudio sobre la psilocibina en pacientes.", True),
        # Titles: no finite verb, title case, a subtitle, a question, or a year.
        ("Evaluation of adjunctive ketamine to benzodiazepines for management of alcohol withdrawal syndrome.", False),
        ("Scientists Discover a Brain Signal Linked to Ketamine’s Antidepressant Effects", False),
        ("Ketamine plus alcohol: what we know and what we can expect about this", False),
        ("Are we repeating mistakes of the past? A review of the evidence for esketamine", False),
        ("In 2014 it was shown that ketamine is safe and well tolerated in people who drink heavily.", False),
        # A person who may be the author, or a journal where the study appeared.
        ("Ketamine was studied by Dakwar and colleagues in people who were dependent on cocaine.", False),
        ("A study in the Journal of Psychopharmacology has shown that psilocybin helps smokers quit.", False),
        ("Ketamine is safe.", False),  # too short to tell from a title
    ],
)
def test_it_tells_running_text_from_a_title(text, running):
    assert reads_as_running_text(text) is running


def test_a_citation_in_brackets_names_the_work_of_a_sentence_not_the_words_before_it():
    # A news page's sentence: "by the Journal" is no author.
    parsed = parse_reference(
        "A consensus statement published by the Journal of the American Medical Association "
        "(Sanacora et al., 2017), the preeminent medical journal of the U.S. highlights the need "
        "for longitudinal data for ketamine use for depression and mood disorders"
    )

    assert (parsed.authors, parsed.year) == ((("Sanacora", ""),), 2017)
    assert parsed.container_title == "Journal of the American Medical Association"


def test_a_table_row_that_names_its_study_in_a_cell_after_the_design_is_still_looked_up():
    parsed = parse_reference("| RCT | 40 | Krupitsky 2002 |")

    assert parsed.usable


# Reference lists copied from PDFs of papers (bench/real_references, batch 48): the ACS
# style, the year after the authors and the volume before a comma and the pages, wrapped
# over lines after the item's number; and Nature's, the year last.
@pytest.mark.parametrize(
    ("raw", "first", "authors", "title_start", "journal", "year", "volume", "pages"),
    [
        pytest.param(
            "(13) Ross, S., Bossis, A., Guss, J., Agin-Liebes, G., Malone, T.,\nCohen, B., Mennenga, S. E., "
            "Belser, A., Kalliontzi, K., Babb, J., Su, Z.,\nCorby, P., and Schmidt, B. L. (2016) Rapid and "
            "sustained symptom\nreduction following psilocybin treatment for anxiety and depression in\n"
            "patients with life-threatening cancer: a randomized controlled trial. J.\nPsychopharmacol. 30, "
            "1165\u22121180.",
            ("Ross", "S"), 13, "Rapid and sustained symptom reduction", "J. Psychopharmacol", 2016, "30",
            "1165-1180", id="acs-wrapped-after-its-number"),
        pytest.param(
            "11.\t Johnson, M. W., Garcia-Romeu, A., Cosimano, M. P. & Griffiths, R. R. Pilot study of the "
            "5-HT2A R agonist psilocybin in the treat-\nment of tobacco addiction. J. Psychopharmacol. 28, "
            "983\u2013992 (2014).",
            ("Johnson", "MW"), 4, "Pilot study of the 5-HT2A R agonist psilocybin in the treatment",
            "J. Psychopharmacol", 2014, "28", "983-992", id="nature-the-year-last"),
    ],
)
def test_a_papers_reference_with_the_volume_before_a_comma_and_the_pages_is_read(
    raw, first, authors, title_start, journal, year, volume, pages
):
    parsed = parse_reference(raw)

    assert (parsed.authors[0], len(parsed.authors)) == (first, authors)
    assert parsed.title.startswith(title_start)
    assert (parsed.container_title, parsed.year, parsed.volume, parsed.pages) == (journal, year, volume, pages)


def test_a_year_after_the_journal_is_no_volume():
    parsed = parse_reference("Smith, J. (2016) A title of a paper. Some Journal 2016, 12-19.")

    assert parsed.volume is None


# Real strings of batches 50 and 51 (bench/real_references): a page's source with its HTML
# entities, a DOI broken at a line's end, and a PDF's page break inside a reference.
def test_html_entities_of_a_pages_source_are_read_as_their_characters():
    parsed = parse_reference(
        "[IF3](Noller, Frampton, &amp; Yazar-Klosinski, 2017)\nhttp://dx.doi.org/10.1080/00952990.2017.1310218"
    )

    assert [family for family, _ in parsed.authors] == ["Noller", "Frampton", "Yazar-Klosinski"]
    assert (parsed.year, parsed.doi) == (2017, "10.1080/00952990.2017.1310218")


@pytest.mark.parametrize(
    ("tail", "doi"),
    [
        ("doi:10.1001/\narchgenpsychiatry.2010.116", "10.1001/archgenpsychiatry.2010.116"),
        ("doi:10.1016/S0740-\n5472(02)00275-1", "10.1016/s0740-5472(02)00275-1"),
    ],
)
def test_a_doi_broken_at_a_lines_end_after_a_slash_or_a_hyphen_is_one_doi(tail, doi):
    parsed = parse_reference(
        "Grob, C. S., Danforth, A., Chopra, G., Hagerty, M., McKay, C., Halberstadt, A., & \nGreer, G. (2011). "
        "Pilot study of psilocybin treatment for anxiety in patients with \nadvanced-stage cancer. Archives of "
        f"General Psychiatry, 68, 71-78. {tail}"
    )

    assert (parsed.doi, parsed.container_title, parsed.pages) == (doi, "Archives of General Psychiatry", "71-78")


@pytest.mark.parametrize(
    "raw",
    [
        # the citing paper's page number, then its authors as its running head
        "14.\t Griffiths RR, Johnson MW, Carducci MA, Umbricht A, Rich-\nards WA, Richards BD, et al. Psilocybin "
        "produces substantial \nand sustained decreases in depression and anxiety in patients \n\n\n944\n\t\nJ. J. "
        "Breeksema et al.\nwith life-threatening cancer: a randomized double-blind trial. J \nPsychopharmacol. "
        "2016;30(12):1181\u201397.",
        # the page number, then the journal's running head
        "Griffiths, R. R., Johnson, M., Carducci, M., Umbricht, A., Richards, W., Richards, \nB., . . . Klinedinst, "
        "M. A. (2016). Psilocybin produces substantial and sustained \n\n\n32\t\nJournal of Humanistic Psychology "
        "00(0)\ndecreases in depression and anxiety in patients with life-threatening cancer: A \nrandomized "
        "double-blind trial. Journal of Psychopharmacology, 30, 1181-1197. \ndoi:10.1177/0269881116675513",
    ],
)
def test_a_pdfs_page_break_inside_a_reference_is_no_part_of_it(raw):
    parsed = parse_reference(raw)

    assert parsed.authors[0] == ("Griffiths", "RR")
    assert parsed.title.lower() == (
        "psilocybin produces substantial and sustained decreases in depression and anxiety in patients "
        "with life-threatening cancer: a randomized double-blind trial"
    )
    assert (parsed.year, parsed.volume) == (2016, "30")


@pytest.mark.parametrize(
    ("raw", "authors", "et_al", "year"),
    [
        (
            "In a related study Ross et al. (2016) measured the effects of psilocybin-\nassisted therapy for 29 "
            "patients with cancer-related psychological distress.",
            ["Ross"], True, 2016,
        ),
        (
            "In a psilocybin-assisted therapy pilot study on smoking cessation, Johnson, \nGarcia-Romeu, Cosimano, "
            "and Griffiths (2014) reported remarkable findings at \n6 months\u2019 follow-up.",
            ["Johnson", "Garcia-Romeu", "Cosimano", "Griffiths"], False, 2014,
        ),
    ],
)
def test_running_text_that_names_the_authors_before_the_year_then_what_they_did_is_read_by_them(
    raw, authors, et_al, year
):
    parsed = parse_reference(raw)

    assert ([family for family, _ in parsed.authors], parsed.et_al, parsed.year) == (authors, et_al, year)
    assert parsed.title is None


# Batches 52 to 54 of bench/real_references: DOIs as PDFs and CSV files leave them, an
# author-year mention with its list number or a given name, and sources of other shapes.
def test_a_doi_broken_over_the_last_two_lines_of_a_reference_is_one_doi():
    parsed = parse_reference(
        "22.\t Ross S, Bossis A, Guss J (2016) Rapid and sustained symptom reduction. J \nPsychopharmacol "
        "30:1165\u20131180. https://doi.org/10.1177/02698\n81116675512"
    )

    assert parsed.doi == "10.1177/0269881116675512"


def test_a_ris_records_end_is_no_part_of_the_doi_before_it():
    parsed = parse_reference(
        "TY  - JOUR\nAU  - Griffiths, Roland R\nT1  - Psilocybin produces substantial and sustained decreases\n"
        "PY  - 2016\nDO  - 10.1177/0269881116675513\nUR  - https://doi.org/10.1177/0269881116675513\nER"
    )

    assert (parsed.doi, parsed.identifier_problems) == ("10.1177/0269881116675513", ())


def test_a_comma_ends_a_doi_in_a_row_of_a_csv_file():
    parsed = parse_reference(
        "Psilocybin,Tobacco use disorder,clinical,10.1177/0269881114548296,,Pilot study of the 5-HT2AR agonist "
        "psilocybin in the treatment of tobacco addiction,Matthew W. Johnson; Roland R. Griffiths,2014"
    )

    assert parsed.doi == "10.1177/0269881114548296"


def test_a_pmid_after_a_doi_link_spaced_by_a_pdf_stays_a_pmid():
    parsed = parse_reference(
        "Johnson MW, Garcia-Romeu A. Pilot study. J Psychopharmacol. 2014;28(11):983\u201392. https://doi.\n"
        "org/10.1177/0269881114548296 PMID: 25213996"
    )

    assert (parsed.doi, parsed.pmid) == ("10.1177/0269881114548296", "25213996")


@pytest.mark.parametrize(
    ("raw", "family", "year"),
    [("Alper 1999 (11)", "Alper", 1999), ("Sheppard 1994 [33]", "Sheppard", 1994), ("Roland Griffiths (2016)", "Griffiths", 2016)],
)
def test_an_author_year_mention_with_its_list_number_or_a_given_name_is_read_by_them(raw, family, year):
    parsed = parse_reference(raw)

    assert (parsed.authors[0][0], parsed.year) == (family, year)


@pytest.mark.parametrize(
    ("raw", "volume", "issue", "pages"),
    [
        ("J Clin Psychiatry. 1995;56 Suppl 7:24-9.", "56", None, "24-9"),
        ("Psychiatry 2021; 18, 4: 289\u2013298", "18", "4", "289-298"),
    ],
)
def test_a_journal_line_with_a_supplement_or_the_issue_after_a_comma_is_read(raw, volume, issue, pages):
    parsed = parse_reference(raw)

    assert (parsed.volume, parsed.issue, parsed.pages) == (volume, issue, pages)


def test_harvard_without_a_full_stop_after_the_year_is_read():
    parsed = parse_reference(
        "Noller GE, Frampton CM, & Yazar-Klosinski B 2017 Ibogaine treatment outcomes for opioid \ndependence "
        "from a twelve-month follow-up observational study. The American Journal of Drug \nand Alcohol Abuse "
        "0: 1\u201310. http://doi.org/10.1080/00952990.2017.1310218"
    )

    assert [family for family, _ in parsed.authors] == ["Noller", "Frampton", "Yazar-Klosinski"]
    assert (parsed.year, parsed.volume, parsed.pages) == (2017, "0", "1-10")
    assert parsed.title.startswith("Ibogaine treatment outcomes")


def test_an_author_line_with_degrees_and_a_spanish_y_before_the_last_name_is_read():
    # A Spanish page's byline of johnson2014 (bench/real_references, batch 45).
    parsed = parse_reference(
        "Matthew W. Johnson, PhD, Albert Garcia-Romeu, PhD, Mary P. Cosimano, MSW, y Roland R. Griffiths, PhD"
    )

    assert parsed.authors == (("Johnson", "MW"), ("Garcia-Romeu", "A"), ("Cosimano", "MP"), ("Griffiths", "RR"))


# Links between the notes of a vault of paper summaries (bench/real_references, batches 42
# and 49): the note's name gives the first author, year and title words.
@pytest.mark.parametrize(
    ("raw", "family", "year", "title"),
    [
        (
            "- [[2023/Rocha2023_Setting_Factors_Associated_With_Improved_Ibogaine_Safety]] \u2014 Companion paper on "
            "setting factors from same research group",
            "Rocha", 2023, "Setting Factors Associated With Improved Ibogaine Safety",
        ),
        # The label shown names the author and year; a nickname after them is no title.
        (
            "[Rocha 2023: Setting Factors](../2023/Rocha2023_Setting_Factors_Associated_With_Improved_Ibogaine_Safety.md)",
            "Rocha", 2023, "Setting Factors Associated With Improved Ibogaine Safety",
        ),
        ("[[2018/Knuijver2018_HPPD_Ibogaine_Case_Report|Knuijver 2018]]", "Knuijver", 2018, "HPPD Ibogaine Case Report"),
        # The label's own title, when it gives one.
        (
            "### [Noller et al. 2016: Ibogaine Treatment for Opioid Dependence in New Zealand]"
            "(../2017/Noller2017_Ibogaine_Opioid_12Month_Outcomes.md)",
            "Noller", 2016, "Ibogaine Treatment for Opioid Dependence in New Zealand",
        ),
    ],
)
def test_a_link_to_the_note_of_a_paper_is_read_as_its_author_year_and_title(raw, family, year, title):
    parsed = parse_reference(raw)

    assert (parsed.authors[0][0], parsed.year, parsed.title) == (family, year, title)


def test_a_link_to_a_note_whose_label_is_a_title_keeps_the_label():
    parsed = parse_reference(
        "Popik, P., et al. (1995). [[1995/Popik1995_100Years_Ibogaine_Review|100 years of ibogaine: neurochemical "
        "and pharmacological actions]]. Pharmacological Reviews"
    )

    assert parsed.title == "100 years of ibogaine: neurochemical and pharmacological actions"


def test_it_reads_mla_as_the_mla_handbook_writes_it():
    parsed = parse_reference(
        'Dakwar, Elias, et al. "A Single Ketamine Infusion Combined With Motivational Enhancement '
        'Therapy for Alcohol Use Disorder: A Randomized Midazolam-Controlled Pilot Trial." The American '
        "Journal of Psychiatry, vol. 177, no. 2, Feb. 2020, pp. 125–33. https://doi.org/10.1176/appi.ajp.2019.19070684."
    )
    assert parsed.style == "mla"
    assert (parsed.authors, parsed.et_al) == ((("Dakwar", "E"),), True)
    assert parsed.title.endswith("A Randomized Midazolam-Controlled Pilot Trial")
    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages, parsed.year) == (
        "The American Journal of Psychiatry", "177", "2", "125-33", 2020,
    )


def test_it_reads_a_row_of_a_reference_managers_csv_export():
    # As printed on a real page (bench/real_references batch 50): title, authors, year, DOI.
    parsed = parse_reference(
        'Ibogaine treatment outcomes for opioid dependence from a twelve-month follow-up observational study,'
        '"Noller, Geoffrey E.; Frampton, Chris M.; Yazar-Klosinski, Berra",2017,10.1080/00952990.2017.1310218'
    )
    assert parsed.authors == (("Noller", "GE"), ("Frampton", "CM"), ("Yazar-Klosinski", "B"))
    assert parsed.title == "Ibogaine treatment outcomes for opioid dependence from a twelve-month follow-up observational study"
    assert (parsed.year, parsed.doi) == (2017, "10.1080/00952990.2017.1310218")


def test_a_csv_row_with_an_abstract_and_a_month_keeps_the_title_and_the_journal():
    # The shape of a real export row (bench/real_references), its abstract cut short here.
    parsed = parse_reference(
        "Trial of Psilocybin versus Escitalopram for Depression.,Carhart-Harris R; Giribaldi B; Watts R; "
        'Nutt DJ,"BACKGROUND: Psilocybin may have antidepressant properties, but direct comparisons; are '
        'lacking.",2021,Apr,N Engl J Med,384,15,1402-1411,10.1056/NEJMoa2032994'
    )
    assert parsed.title == "Trial of Psilocybin versus Escitalopram for Depression"
    assert (parsed.container_title, parsed.year, parsed.volume, parsed.issue, parsed.pages) == (
        "N Engl J Med", 2021, "384", "15", "1402-1411",
    )


def test_pubmeds_csv_row_takes_the_journal_cell_not_the_first_authors_name():
    parsed = parse_reference(
        '"36123427","Towards an understanding of psychedelic-induced neuroplasticity","Calder AE, Hasler G.",'
        '"Neuropsychopharmacology. 2023 Jan;48(1):104-112. doi: 10.1038/s41386-022-01389-z. Epub 2022 Sep 19.",'
        '"Calder AE","Neuropsychopharmacology","2023","2022/09/19","PMC9700802","","10.1038/s41386-022-01389-z"'
    )
    assert (parsed.authors, parsed.title) == (
        (("Calder", "AE"), ("Hasler", "G")), "Towards an understanding of psychedelic-induced neuroplasticity",
    )
    assert (parsed.container_title, parsed.year, parsed.volume) == ("Neuropsychopharmacology", 2023, None)


def test_a_field_named_in_snake_case_is_a_label():
    # A page's source code (bench/real_references batch 53): "publication_date" as written.
    parsed = parse_reference(
        'doi: "10.1080/00952990.2017.1310218"\npmid: "28402682"\n'
        'journal: "The American Journal of Drug and Alcohol Abuse"\npublication_date: "2017-04-12"'
    )
    assert (parsed.container_title, parsed.year, parsed.title) == (
        "The American Journal of Drug and Alcohol Abuse", 2017, None,
    )


def test_a_json_record_from_a_pages_source_is_read_by_its_keys():
    parsed = parse_reference(
        '{"title": "Ketamine for the treatment of alcohol use disorder", "authors": "Dakwar E, Levin F", '
        '"journal": "Am J Psychiatry", "year": 2020, "doi": "10.1176/appi.ajp.2019.19070684"}'
    )
    assert (parsed.title, parsed.authors, parsed.container_title, parsed.year, parsed.doi) == (
        "Ketamine for the treatment of alcohol use disorder", (("Dakwar", "E"), ("Levin", "F")),
        "Am J Psychiatry", 2020, "10.1176/appi.ajp.2019.19070684",
    )


def test_a_json_record_is_read_with_its_escapes():
    # A page's source escapes the slashes of a DOI and writes letters as codes.
    parsed = parse_reference(
        r'{"title":"Ketamine for the treatment of addiction: Evidence and potential mechanisms",'
        r'"authors":"Ezquerra-Romano II, Lawn W, Krupitsky E, Morgan CJA","year":"2018",'
        r'"journal":"Neuropharmacology \u2013 special issue","doi":"10.1016\/j.neuropharm.2018.01.017"}'
    )
    assert (parsed.title, parsed.year, parsed.doi) == (
        "Ketamine for the treatment of addiction: Evidence and potential mechanisms", 2018,
        "10.1016/j.neuropharm.2018.01.017",
    )
    assert parsed.container_title == "Neuropharmacology - special issue"  # the dash decoded


def test_a_quotation_mark_escaped_in_a_json_title_does_not_end_it():
    parsed = parse_reference(
        r'{"title":"A \"landmark\" trial of ketamine for alcohol use disorder","authors":"Grabski M","year":2022}'
    )
    assert (parsed.title, parsed.year) == ("A 'landmark' trial of ketamine for alcohol use disorder", 2022)


@pytest.mark.parametrize(
    "et_al",
    ["u. a.", "u.a.", "i wsp.", "i in.", "и др.", "и соавт.", "m.fl.", "ym.", "e.a.", "y cols.", "e col.", "e coll.", "a kol."],
)
def test_et_al_as_references_in_other_languages_write_it(et_al):
    parsed = parse_reference(
        f"Berman RM, Cappiello A, Anand A {et_al} Antidepressant effects of ketamine in depressed patients. "
        "Biol Psychiatry 2000;47:351-4."
    )
    assert (parsed.authors, parsed.et_al) == ((("Berman", "RM"), ("Cappiello", "A"), ("Anand", "A")), True)
    assert parsed.title == "Antidepressant effects of ketamine in depressed patients"


def test_a_title_with_the_letters_of_a_foreign_et_al_keeps_them():
    parsed = parse_reference("Ketamine treatment in the clinic and at home, i.e. a. review. Journal 2019;1:1-2.")
    assert parsed.title == "Ketamine treatment in the clinic and at home, i.e. a. review"


def test_a_whole_reference_in_guillemets_with_a_note_number_is_read_without_them():
    # As printed on a Finnish page (bench/real_references): the title cut short there.
    parsed = parse_reference("«Berman RM, Cappiello A, Anand A ym. Antidepressant...»1")
    assert (parsed.authors, parsed.et_al) == ((("Berman", "RM"), ("Cappiello", "A"), ("Anand", "A")), True)


def test_a_quoted_sentence_is_not_unwrapped_into_a_reference():
    parsed = parse_reference(
        "“Ketamine, combined with psychotherapy, reduces the six-month relapse rates by nearly 60% compared "
        "to placebo. That’s phenomenal.”"
    )
    assert parsed.unparseable


def test_a_csv_rows_journal_of_one_word_is_not_taken_for_a_month():
    # Written from krystal2019's record, as a reference manager exports it.
    parsed = parse_reference(
        'Ketamine: a paradigm shift for depression research and treatment,"Krystal JH; Abdallah CG; '
        'Sanacora G",2019,Neuron,101,5,774-778'
    )
    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages) == ("Neuron", "101", "5", "774-778")



def test_a_pdfs_first_page_is_read_by_its_running_head_with_the_title_printed_below_it():
    parsed = parse_reference(LALANNE_FIRST_PAGE)

    assert (parsed.year, parsed.volume, parsed.pages) == (2016, "16", "395")
    assert (parsed.container_title, parsed.doi) == ("BMC", "10.1186/s12888-016-1112-2")
    assert parsed.title == "Experience of the use of to manage withdrawal in an addicted woman: a case report"
    assert parsed.authors == (("Lalanne", ""),) and parsed.et_al


def test_a_first_page_whose_first_author_is_not_found_below_its_running_head_is_read_whole():
    # The authors' line lost: nothing tells where the title would end.
    raw = LALANNE_FIRST_PAGE.split(" Laurence Lalanne")[0]

    parsed = parse_reference(raw)

    assert parsed.title != "Experience of the use of to manage withdrawal in an addicted woman: a case report"
    assert parsed.doi == "10.1186/s12888-016-1112-2"


def test_its_fields_are_stored_as_the_json_field_gives_them_back():
    # Citation.parsed compares what a check finds with what it stored: a tuple left in the
    # dict would never equal the list the JSON field gives back.
    raw = (
        "Grabski M, et al. Adjunctive ketamine with relapse prevention-based psychological "
        "therapy in the treatment of alcohol use disorder: the KARE trial. Am J Psychiatry. "
        "2022;179(2):152-162. PMID: PMC8812345"
    )
    data = parse_reference(raw).as_dict()
    assert data == json.loads(json.dumps(data))
    assert data["authors"] == [["Grabski", "M"]]
    assert data["identifier_problems"][0]["code"] == "pmcid_as_pmid"
    assert "kare" in data["trials"]
    assert set(data) == {
        "raw", "marker", "authors", "et_al", "ellipsis_after", "year", "title", "container_title",
        "volume", "issue", "pages", "doi", "pmid", "pmcid", "url", "style", "identifier_problems",
        "unparseable", "trials", "given_names",
    }  # fmt: skip
