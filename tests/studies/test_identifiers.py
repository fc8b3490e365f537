import pytest

from studies.references import identifiers
from studies.references.identifiers import (
    extract_identifiers,
    normalise_doi,
    normalise_pmcid,
    normalise_pmid,
    normalise_url,
    pmid_plausible_for_year,
    problems_with_pmid,
)
from tests.studies.library_data import library_records


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("10.1176/appi.ajp.2019.18101123", "10.1176/appi.ajp.2019.18101123"),
        ("https://doi.org/10.1176/APPI.AJP.2019.18101123.", "10.1176/appi.ajp.2019.18101123"),
        ("http://dx.doi.org/10.1192/bjo.2021.1061", "10.1192/bjo.2021.1061"),
        ("doi:10.3389/fpsyt.2018.00277,", "10.3389/fpsyt.2018.00277"),
        ("DOI: 10.1016/j.neuropharm.2018.01.017", "10.1016/j.neuropharm.2018.01.017"),
        ("(doi:10.1038/mp.2016.39)", "10.1038/mp.2016.39"),
        ("10.1186/s12888-016-1112-2]", "10.1186/s12888-016-1112-2"),
        # A DOI with brackets of its own keeps them; only an unmatched closer is dropped.
        ("doi:10.1016/S0740-5472(02)00275-1.", "10.1016/s0740-5472(02)00275-1"),
        ("(10.1016/S0740-5472(02)00275-1)", "10.1016/s0740-5472(02)00275-1"),
        ("https://doi.org/10.1016%2Fj.josat.2025.209705", "10.1016/j.josat.2025.209705"),
        (
            "https://psychiatryonline.org/doi/full/10.1176/appi.ajp.2019.19070684",
            "10.1176/appi.ajp.2019.19070684",
        ),
        ("10.1176/", None),
        ("not a doi", None),
        ("", None),
        (None, None),
    ],
)
def test_it_normalises_a_doi_however_it_is_written(written, expected):
    assert normalise_doi(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("24035344", "24035344"),
        ("PMID: 24035344", "24035344"),
        ("pmid 31230464", "31230464"),
        (38881343, "38881343"),
        ("https://pubmed.ncbi.nlm.nih.gov/29339294/", "29339294"),
        ("http://www.ncbi.nlm.nih.gov/pubmed/31230464", "31230464"),
        ("000123", "123"),
        ("PMC11649595", None),
        ("https://pubmed.ncbi.nlm.nih.gov/PMC11649595/", None),
        ("1234567890", None),
        ("abc", None),
        ("", None),
        (None, None),
        (True, None),
    ],
)
def test_it_normalises_a_pmid_and_refuses_a_pmc_number(written, expected):
    assert normalise_pmid(written) == expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("PMC4105157", "PMC4105157"),
        ("PMCID: PMC6879579", "PMC6879579"),
        ("pmc 10237681", "PMC10237681"),
        ("https://pmc.ncbi.nlm.nih.gov/articles/PMC11649595/", "PMC11649595"),
        ("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC12554366/", "PMC12554366"),
        ("11649595", "PMC11649595"),
        ("PMC", None),
        ("PMC0", None),
        ("x", None),
        (None, None),
    ],
)
def test_it_normalises_a_pmcid(written, expected):
    assert normalise_pmcid(written) == expected


def test_it_gives_one_key_to_the_ways_of_writing_the_same_url():
    keys = {
        normalise_url(
            "https://www.webmd.com/mental-health/addiction/ketamine-for-addiction-what-to-know"
        ),
        normalise_url(
            "http://webmd.com/mental-health/addiction/ketamine-for-addiction-what-to-know/"
        ),
        normalise_url("www.WebMD.com/mental-health/addiction/ketamine-for-addiction-what-to-know."),
        normalise_url(
            "https://www.webmd.com/mental-health/addiction/ketamine-for-addiction-what-to-know#top"
        ),
    }
    assert keys == {"webmd.com/mental-health/addiction/ketamine-for-addiction-what-to-know"}


def test_it_keeps_different_pages_apart_and_refuses_what_is_not_a_url():
    assert normalise_url(
        "https://publichealth.jhu.edu/2024/what-to-know-about-ketamine"
    ) != normalise_url("https://publichealth.jhu.edu/2023/what-to-know-about-ketamine")
    assert normalise_url("not a url") is None
    assert normalise_url("") is None


def test_it_flags_a_pmcid_given_as_pmid():
    ids = extract_identifiers("Academic Emergency Medicine. PMID: PMC11649595")

    assert ids.pmid is None
    assert ids.pmcid == "PMC11649595"
    assert [p.code for p in ids.problems] == ["pmcid_as_pmid"]
    assert "PMC11649595" in ids.problems[0].message


def test_it_flags_a_pubmed_link_that_carries_a_pmc_number():
    ids = extract_identifiers("Retrieved from https://pubmed.ncbi.nlm.nih.gov/PMC11649595/")

    assert ids.pmid is None
    assert [p.code for p in ids.problems] == ["pmcid_as_pmid"]


def test_it_flags_a_pmid_far_too_low_for_the_year_of_the_work():
    # seed 002: a 2024 paper linked as pubmed.ncbi.nlm.nih.gov/11649595/, a PMC number.
    ids = extract_identifiers("Retrieved from https://pubmed.ncbi.nlm.nih.gov/11649595/", year=2024)

    assert ids.pmid == "11649595"
    assert [p.code for p in ids.problems] == ["pmid_implausible_for_year"]
    assert "PMC11649595" in ids.problems[0].message


def test_it_does_not_judge_a_pmid_without_a_year():
    assert extract_identifiers("https://pubmed.ncbi.nlm.nih.gov/11649595/").problems == ()
    assert problems_with_pmid("11649595") == []


@pytest.mark.parametrize(
    ("pmid", "year", "plausible"),
    [
        ("11649595", 2024, False),
        ("11649595", 2001, True),  # too early to judge
        ("38881343", 2024, True),
        ("24035344", 2014, True),
        ("24035344", 2024, False),
        (None, 2024, True),
        ("38881343", None, True),
    ],
)
def test_it_judges_whether_a_pmid_fits_the_year(pmid, year, plausible):
    assert pmid_plausible_for_year(pmid, year) is plausible


def test_every_pmid_in_the_library_is_plausible_for_its_year():
    checked = [r for r in library_records() if r["pmid"] and r["year"]]

    assert len(checked) >= 10
    for r in checked:
        assert pmid_plausible_for_year(r["pmid"], r["year"]), r["key"]


def test_it_extracts_every_identifier_from_one_vancouver_reference():
    # dakwar2014 as PubMed writes it: DOI, PMID and PMCID from library.json (PMCID in its notes).
    ids = extract_identifiers(
        "Biol Psychiatry. 2014 Jul 1;76(1):40-6. doi: 10.1016/j.biopsych.2013.08.009. "
        "Epub 2013 Sep 12. PMID: 24035344; PMCID: PMC4105157."
    )

    assert (ids.doi, ids.pmid, ids.pmcid) == (
        "10.1016/j.biopsych.2013.08.009",
        "24035344",
        "PMC4105157",
    )
    assert ids.problems == ()


def test_it_reads_identifiers_out_of_links():
    ids = extract_identifiers(
        "See https://doi.org/10.3389/fpubh.2024.1443992 and https://pmc.ncbi.nlm.nih.gov/articles/PMC12554366/."
    )

    assert ids.doi == "10.3389/fpubh.2024.1443992"
    assert ids.pmcid == "PMC12554366"
    assert ids.urls == (
        "https://doi.org/10.3389/fpubh.2024.1443992",
        "https://pmc.ncbi.nlm.nih.gov/articles/PMC12554366/",
    )


def test_it_reports_two_different_dois_in_one_reference():
    ids = extract_identifiers(
        "doi:10.1176/appi.ajp.2019.18101123 doi:10.1176/appi.ajp.2019.19070684"
    )

    assert ids.doi == "10.1176/appi.ajp.2019.18101123"
    assert [p.code for p in ids.problems] == ["conflicting_dois"]


def test_the_same_doi_twice_is_not_a_conflict():
    ids = extract_identifiers(
        "https://doi.org/10.1176/appi.ajp.2019.18101123 doi:10.1176/APPI.AJP.2019.18101123"
    )

    assert ids.problems == ()


@pytest.mark.parametrize(
    ("url", "doi"),
    [
        ("https://www.frontiersin.org/articles/10.3389/fpsyt.2022.917199/full", "10.3389/fpsyt.2022.917199"),
        ("https://www.nature.com/articles/s41467-019-13162-w", "10.1038/s41467-019-13162-w"),
        ("https://link.springer.com/article/10.1007/s11920-016-0680-7", "10.1007/s11920-016-0680-7"),
        ("https://www.tandfonline.com/doi/full/10.1080/02791072.2019.1587556", "10.1080/02791072.2019.1587556"),
        ("https://www.nature.com/articles/", None),
        ("https://example.org/ketamine-clinic/", None),
    ],
)
def test_the_doi_an_article_pages_address_carries_is_read(url, doi):
    assert extract_identifiers(url).doi == doi


def test_a_doi_written_out_wins_over_the_one_a_nature_address_would_give():
    # From a real page (batch 33): an older Nature article's address is not its DOI's suffix.
    ids = extract_identifiers(
        "url=https://www.nature.com/articles/4001093 | issn=1476-5578 | doi=10.1038/sj.mp.4001093}}"
    )

    assert (ids.doi, ids.problems) == ("10.1038/sj.mp.4001093", ())


def test_a_wiki_templates_separator_and_closing_braces_are_no_part_of_a_doi():
    assert extract_identifiers("doi=10.1007/s10615-018-0676-3|s2cid=150130179").doi == "10.1007/s10615-018-0676-3"
    assert normalise_doi("10.1038/sj.mp.4001093}}") == "10.1038/sj.mp.4001093"
    assert normalise_doi("10.1002/(sici)1099-1166(199711){12}3.0.co;2-f") == "10.1002/(sici)1099-1166(199711){12}3.0.co;2-f"


def test_a_doi_hyphenated_where_a_pdfs_line_broke_is_joined():
    # From a real file (batch 37): "archgen-\npsychiatry" is one word of the DOI.
    assert extract_identifiers("doi:10.1001/archgen- psychiatry.2010.116.").doi == "10.1001/archgenpsychiatry.2010.116"
    assert extract_identifiers("doi:10.1001/archgen-\npsychiatry.2010.116.").doi == "10.1001/archgenpsychiatry.2010.116"


def test_a_hyphen_of_the_doi_before_a_line_break_and_a_digit_stays_where_it_is():
    assert extract_identifiers("10.1038/s41467- 019-13162-w").doi == "10.1038/s41467-"
    assert extract_identifiers("doi:10.1000/abc- and more").doi == "10.1000/abc-"


def test_a_doi_inside_a_long_address_is_found_but_its_answer_is_not_kept():
    # Emptied first: a full cache would not grow either, whatever is asked of it.
    identifiers._normalised_doi.cache_clear()
    long_address = "https://example.org/" + "x" * 400 + " doi:10.1176/APPI.AJP.2019.18101123."

    assert normalise_doi(long_address) == "10.1176/appi.ajp.2019.18101123"
    assert identifiers._normalised_doi.cache_info().currsize == 0
    assert normalise_doi("doi:10.1176/APPI.AJP.2019.18101123.") == "10.1176/appi.ajp.2019.18101123"
    assert identifiers._normalised_doi.cache_info().currsize == 1
