"""References laid out as real pages print them, beyond the citation styles: an article's
header copied line by line, labelled fields (in English, Vietnamese, Chinese), a repository's
one-field-per-line record, BibTeX, journal headers ("BMC Psychiatry (2016) 16:395"), running
text naming a work by its first author, and sentences that name none.

Known answers are records of corpus/library.json. Strings marked "as printed" are copied from
the pages in bench/real_references/references.json; the others are written from the record's
own fields.
"""

import pytest

from studies.references.discrepancies import same_journal, same_pages
from studies.references.parsing import parse_author_list, parse_reference
from tests.claims.test_reference_shapes import check, fields_of, key_of
from tests.studies.library_data import record


def assert_identified(result, key):
    """Matched to `key` with nothing written differently. (Seed records about depression,
    such as berman2000, are then off-topic for this library: identified all the same.)"""
    assert key_of(result) == key, result.reason
    assert fields_of(result) == [], result.reason
    assert result.status in ("verified", "off_topic"), result.reason

# --- An article's header, copied line by line -----------------------------------------------


def test_an_article_header_copied_line_by_line_is_read_as_authors_journal_and_doi():
    # As printed (Frontiers' header): a misspelt author and the PDF's page range 1-10.
    raw = (
        "Jennifer L. Jones, Camilo F. Mateus, Robert J. Malcolm, Kathleen T. Brad and Sudie E. Back\n\n"
        "Frontiers in Psychiatry, 2018, 1-10.\n\ndoi : 10.3389/fpsyt.2018.00277"
    )
    result = check(raw)

    assert (result.status, key_of(result)) == ("metadata_mismatch", "jones2018"), result.reason
    assert sorted(fields_of(result)) == ["authors", "pages"]
    assert result.parsed.authors[0] == ("Jones", "JL")
    assert result.parsed.container_title == "Frontiers in Psychiatry"


def test_a_header_line_of_names_with_degrees_is_an_author_list():
    parsed = parse_reference(
        "Evgeny Krupitsky, M.D., Ph.D.*, Andrey Burakov, M.D., Tatyana Romanova, M.A.\n"
        "Journal of Substance Abuse Treatment 23 (2002) 273-283"
    )

    assert parsed.authors == (("Krupitsky", "E"), ("Burakov", "A"), ("Romanova", "T"))
    assert (parsed.container_title, parsed.volume, parsed.year, parsed.pages) == (
        "Journal of Substance Abuse Treatment", "23", 2002, "273-283",
    )  # fmt: skip


def test_a_title_wrapped_before_a_small_word_is_not_read_as_an_author():
    # A PDF's header of Price & Mathew 2015 (bench/real_references, batch 26)
    parsed = parse_reference(
        "CNS Drugs. 2015 March ; 29(3): 181188. doi:10.1007/s40263-015-0232-4.\n\n"
        "Does Ketamine Have Anti-Suicidal Properties? Current Status\n\n\nand Future Directions\n"
        "Rebecca B. Price1 and Sanjay J. Mathew2,3"
    )

    assert parsed.authors == (("Price", "RB"), ("Mathew", "SJ"))
    assert parsed.title == "Does Ketamine Have Anti-Suicidal Properties? Current Status and Future Directions"
    assert parsed.container_title == "CNS Drugs"


def test_a_title_wrapped_after_its_colon_below_the_journals_notes_is_read_whole():
    # The first page of Zanos 2018, Pharmacol Rev (bench/real_references, batch 20): the
    # journal's notes are no title, and the title's two lines are one.
    parsed = parse_reference(
        "1521-0081/70/3/621–660$35.00 https://doi.org/10.1124/pr.117.\n\n015198\n"
        "PHARMACOLOGICAL REVIEWS Pharmacol Rev 70:621–660, July 2018\n"
        "U.S. Government work not protected by U.S. copyright\n\nASSOCIATE EDITOR: JEFFREY M. WITKIN\n\n"
        "Ketamine and Ketamine Metabolite Pharmacology:\n\n\nInsights into Therapeutic Mechanisms\n"
        "Panos Zanos, Ruin Moaddel, Patrick J. Morris, Lace M. Riggs, Jaclyn N. Highland, Polymnia Georgiou, "
        "Edna F. R. Pereira,\nEdson X. Albuquerque, Craig J. Thomas, Carlos A. Zarate, Jr., and Todd D. Gould"
    )

    assert parsed.title == "Ketamine and Ketamine Metabolite Pharmacology: Insights into Therapeutic Mechanisms"
    assert parsed.container_title is None
    assert (parsed.authors[0], parsed.authors[-1], parsed.year) == (("Zanos", "P"), ("Gould", "TD"), 2018)


def test_a_repository_record_with_each_label_on_its_own_line_is_read_field_by_field():
    # As printed (RD&E DSpace), shortened to its first three authors.
    r = record("grabski2022")
    raw = (
        f"{r['title']}\n\nThumbnail\nURI\nhttps://rde.dspace-express.com/handle/11287/622395\n"
        "Author\nGrabski, M.\nMcAndrew, A.\nLawn, W.\nDate\n2022-01-11\n"
        "Journal\nThe American journal of psychiatry\nType\nJournal Article\n"
        "Publisher\nAmerican Psychiatric Publishing\nDOI\n10.1176/appi.ajp.2021.21030277"
    )
    result = check(raw)

    assert (result.status, key_of(result)) == ("verified", "grabski2022"), result.reason
    assert result.parsed.container_title == "The American journal of psychiatry"
    assert result.parsed.authors[:2] == (("Grabski", "M"), ("McAndrew", "A"))


# --- Journal headers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # BioMed Central's header, as printed, with the DOI.
        ("Lalanne et al BMC Psychiatry (2016) 16:395 DOI 10.1186/s12888-016-1112-2", "lalanne2016"),
        # Elsevier's, as printed.
        ("Journal of Substance Abuse Treatment 23 (2002) 273 – 283", "krupitsky2002"),
        # Chemical Abstracts: title, authors, affiliation, then "Journal (Year), Vol(Issue), Pages".
        (
            "Antidepressant effects of ketamine in depressed patients. Berman, R. M.; Cappiello, A.; "
            "Anand, A.; Oren, D. A.; Heninger, G. R.; Charney, D. S.; Krystal, J. H. Abraham Ribicoff "
            "Center Clinical Neuroscience Research Unit of the Connecticut Mental Health Center, New "
            "Haven, CT, USA. Biological Psychiatry (2000), 47(4), 351-354.",
            "berman2000",
        ),
    ],
)
def test_a_journal_header_identifies_its_article(raw, key):
    assert_identified(check(raw), key)


def test_a_doi_whose_title_was_read_from_its_own_authors_and_journal_is_no_identifier_mismatch():
    # The parser once read "Lalanne et al BMC Psychiatry" as a title: a wrongly read string
    # is not another work.
    result = check("Lalanne et al BMC Psychiatry (2016) 16:395 DOI 10.1186/s12888-016-1112-2")

    assert result.status != "identifier_mismatch"
    assert result.parsed.authors == (("Lalanne", ""),)


# --- Labelled fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "Year : 2000  |  Volume : 47  |  Issue : 4  |  Page : 351-354",
        "Biological Psychiatry - Tập 47 Số 4 - Trang 351-354 - 2000",
        "BIOLOGICAL PSYCHIATRY\n卷 47, 期 4, 页码 351-354\n\n出版社\n\nELSEVIER SCIENCE INC",
        "Published inBiological Psychiatry Vol. 47; no. 4; pp. 351 - 354",
    ],
)
def test_labelled_volume_issue_and_pages_identify_the_article(raw):
    result = check(raw)

    assert_identified(result, "berman2000")
    assert (result.parsed.volume, result.parsed.pages) == ("47", "351-354")


def test_a_journal_named_with_a_label_word_is_not_read_as_its_label():
    # Peeref's page of Chen 2009, J Neurosci (bench/real_references, batch 3): "JOURNAL"
    # without a colon, then "OF", is the journal's name, not a "Journal" label.
    parsed = parse_reference(
        "JOURNAL OF NEUROSCIENCE 卷 29, 期 3, 页码 560-569  出版社  SOC NEUROSCIENCE DOI: 10.1523/JNEUROSCI.3481-08.2009"
    )

    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages) == (
        "JOURNAL OF NEUROSCIENCE", "29", "3", "560-569"
    )


def test_a_publisher_printed_where_the_journal_goes_is_no_journal():
    # A Portuguese catalogue's record of Krystal 2019, Neuron (bench/real_references, batch 29)
    parsed = parse_reference(
        "Ketamine: A Paradigm Shift for Depression Research and Treatment  2019; Cell Press; "
        "Volume: 101; Issue: 5 Linguagem: Inglês  10.1016/j.neuron.2019.02.005"
    )

    assert parsed.container_title is None
    assert (parsed.year, parsed.volume, parsed.issue) == (2019, "101", "5")


def test_title_author_and_journal_labels_are_read_as_those_fields():
    r = record("dakwar2019")
    raw = (
        f"Title: {r['title']}. Author: Dakwar E. Journal: Am J Psychiatry; 2019 Nov; "
        "176(11):923-930. PubMed ID: 31230464."
    )
    result = check(raw)

    assert (result.status, key_of(result)) == ("verified", "dakwar2019"), result.reason
    assert result.parsed.container_title == "Am J Psychiatry"
    assert result.parsed.pmid == "31230464"


def test_a_label_before_the_reference_is_not_part_of_its_title():
    # As printed.
    result = check("Reference: Biol Psychiatry 2000 Feb 15;47(4):351-4.")

    assert_identified(result, "berman2000")
    assert result.parsed.title is None


def test_a_harvard_reference_with_vol_no_and_pp_is_not_read_as_labelled_fields():
    r = record("krupitsky2002")
    parsed = parse_reference(
        f"Krupitsky, E. and Burakov, A., 2002. {r['title']}. Journal of Substance Abuse "
        "Treatment, vol. 23, no. 4, pp. 273-283."
    )

    assert parsed.style == "harvard"
    assert parsed.title == r["title"]


# --- BibTeX -----------------------------------------------------------------------------------


def test_a_bibtex_entry_is_read_field_by_field():
    r = record("das2019")
    raw = (
        "@article{ref1,\n"
        f'title="{r["title"]}",\n'
        'journal="Nature Communications",\nyear="2019",\n'
        'author="Das, Ravi K. and Gale, Grace and Walsh, Katie",\n'
        'volume="10",\nnumber="",\npages="5187",\n}'
    )
    result = check(raw)

    assert (result.status, key_of(result)) == ("verified", "das2019"), result.reason
    assert result.parsed.style == "bibtex"
    assert result.parsed.authors[:2] == (("Das", "RK"), ("Gale", "G"))


def test_a_bibtex_entry_of_a_work_the_library_lacks_is_not_found_not_anonymous():
    raw = (
        '@article{ref1,\ntitle="The acute antisuicidal effects of single-dose intravenous ketamine",\n'
        'journal="Journal of psychiatric research",\nyear="2020",\nauthor="Xiong, Jiaqi and '
        'Lipsitz, Orly",\nvolume="134",\npages="57-68",\n}'
    )

    assert check(raw).status == "not_found"


# --- Running text that names a work -----------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # As printed.
        ("in 2000, Berman et al6", "berman2000"),
        (
            "In 2006, psychiatrist Carlos A. Zarate Jr, MD, and colleagues at the National Institute "
            "of Mental Health (NIMH) published a seminal finding in Archives of General Psychiatry "
            "(now JAMA Psychiatry)",
            "zarate2006",
        ),
        ("R. L. Rothberg et al. J Psychopharmacol.", "rothberg2021"),
    ],
)
def test_running_text_naming_a_first_author_with_a_year_or_journal_names_its_work(raw, key):
    assert_identified(check(raw), key)


def test_running_text_naming_an_author_of_several_works_without_year_or_journal_names_none():
    # The library holds six works with Dakwar first.
    result = check("Dakwar and colleagues1")

    assert result.study is None


@pytest.mark.parametrize(
    "raw",
    [
        # All as printed.
        "A 2023 systematic review of 11 studies (854 adults)",
        "A new study by University College London",
        "the clinical trials led by Elias Dakwar",
        "a 2017 article in the American Journal of Psychiatry suggesting Ketamine may be effective in treating suicidality",
        "some other work from the 1980s showing ketamine may help people reduce alcohol use",
        "diese neue Studie, die am Dienstag im American Journal of Psychiatry veröffentlicht wurde",
    ],
)
def test_a_sentence_that_describes_research_without_naming_a_work_is_anonymous(raw):
    assert check(raw).status == "anonymous"


# --- Comparing what is written --------------------------------------------------------------


def test_a_correction_notice_is_not_the_article_it_corrects():
    r = record("das2019")
    result = check(f"Author Correction: {r['title']}. Nat Commun. 2020.")

    assert key_of(result) != "das2019"


def test_a_publisher_after_the_journal_and_a_journals_first_part_are_the_same_journal():
    assert same_journal("Brain Sciences. MDPI AG", "Brain Sciences")
    assert same_journal("J Trauma", "Journal of Trauma-Injury Infection & Critical Care")
    assert not same_journal("J Trauma", "Journal of Psychiatric Research")
    assert not same_journal("Brain Sciences. MDPI AG", "Brain Research")


def test_a_page_range_whose_dash_was_lost_is_the_same_range():
    assert same_pages("805811", "805-811")
    assert same_pages("135766", "1357-1366")
    assert same_pages("805812", "805-811") is False
    assert_identified(check("(Biol Psychiatry 2000; 47:351354)"), "berman2000")


def test_names_written_given_name_first_are_read_as_authors():
    parsed = parse_author_list("Albert Garcia-Romeu & William A. Richards")

    assert parsed[0] == (("Garcia-Romeu", "A"), ("Richards", "WA"))


def test_title_words_are_not_read_as_names_written_given_name_first():
    assert parse_author_list("Ketamine Infusions, Opioid Use, Alcohol Relapse") is None


# --- Reference lists as indexes print them --------------------------------------------------


def test_an_ouci_entry_is_read_as_first_author_title_journal_volume_and_page():
    # As printed (OUCI): the volume is wrong ("№ 15": berman2000 is volume 47).
    result = check(
        "Berman, Antidepressant effects of ketamine in depressed patients, Biol Psychiatry, № 15, с. 351\n"
        "DOI:\n10.1016/S0006-3223(99)00230-9"
    )

    assert key_of(result) == "berman2000", result.reason
    assert fields_of(result) == ["volume"]
    assert (result.parsed.container_title, result.parsed.pages) == ("Biol Psychiatry", "351")


def test_a_catalogue_record_with_main_authors_and_series_labels_is_read_field_by_field():
    # As printed (a library catalogue's record of das2019).
    result = check(
        "Main Authors: Ravi K. Das, Grace Gale, Katie Walsh, Vanessa E. Hennessy, Georges Iskandar, "
        "Luke A. Mordecai, Brigitta Brandner, Merel Kindt, H. Valerie Curran, Sunjeev K. Kamboj\n"
        "Format: Article\nLanguage:English\nPublished: Nature Publishing Group 2019-11-01\n"
        "Series:Nature Communications\nOnline Access:\nhttps://doi.org/10.1038/s41467-019-13162-w"
    )

    assert (result.status, key_of(result)) == ("verified", "das2019"), result.reason
    assert (result.parsed.container_title, result.parsed.year) == ("Nature Communications", 2019)


def test_a_journal_after_published_in_is_read_whatever_its_capitals():
    parsed = parse_reference(
        "Published inThe American journal of emergency medicine Vol. 30; no. 7; pp. 1215 - 1218"
    )

    assert (parsed.container_title, parsed.volume, parsed.issue, parsed.pages) == (
        "The American journal of emergency medicine", "30", "7", "1215-1218",
    )  # fmt: skip


def test_an_author_line_alone_is_read_as_authors():
    parsed = parse_reference(
        "Tomas Jovaisa, Giedrius Laurinenas, Saulius Vosylius, Jūrate Sipylaite, Robertas Badaras, "
        "and Juozas Ivaskevicius."
    )

    assert parsed.authors[:2] == (("Jovaisa", "T"), ("Laurinenas", "G"))
    assert parsed.title is None


def test_an_author_line_names_the_one_work_whose_authors_it_lists_in_order():
    # As printed, every author with full given names.
    result = check(
        "Tomas Jovaisa, Giedrius Laurinenas, Saulius Vosylius, Jūrate Sipylaite, Robertas Badaras, "
        "and Juozas Ivaskevicius."
    )

    assert key_of(result) == "jovaisa2006", result.reason


# --- Running text, more forms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "family", "initial", "year"),
    [
        ("says Ravi Das, a UCL psychopharmacologist and the study's lead researcher", "Das", "R", None),
        ("wrote Elias Dakwar, M.D., of Columbia University Medical Center and colleagues", "Dakwar", "E", None),
        ("the KARE trial, Grabski 2022", "Grabski", "", 2022),
    ],
)
def test_running_text_gives_the_first_author_it_names(raw, family, initial, year):
    parsed = parse_reference(raw)

    assert (parsed.authors[0], parsed.year) == ((family, initial), year)


def test_a_first_author_alone_names_a_work_only_when_the_library_has_one_by_them():
    # das2019 is the one work with Das first; six have Dakwar first.
    assert key_of(check("Ravi Das and colleagues")) == "das2019"
    assert check("Elias Dakwar and colleagues").study is None


def test_a_trial_name_with_an_author_and_year_names_the_work():
    assert_identified(check("the KARE trial, Grabski 2022"), "grabski2022")


@pytest.mark.parametrize(
    "raw",
    [
        # All as printed.
        "Rates of suicide have risen by about 30% in the last twenty years, despite the escalating use of anti-depressants [1]",
        "new research from a 2021 Boston University study found",
        "reported a trial in the American Journal of Psychiatry",
        "The analysis can be found in the\njournal, 'Nature Communications.'.",
        "In a previous study, the team had shown that one dose of the anesthetic ketamine combined with behavioral modification therapy promoted abstinence and reduced cravings in people dependent on cocaine.",
    ],
)
def test_a_sentence_about_research_is_anonymous_not_a_missing_work(raw):
    result = check(raw)

    assert result.status == "anonymous", result.reason
    reasons = ("sentence", "describes", "several", "says where a study appeared")
    assert any(reason in result.reason for reason in reasons), result.reason


def test_a_title_that_reports_a_finding_is_still_a_title():
    # das2019's title says what the study found; it is no sentence about research.
    r = record("das2019")
    assert_identified(check(r["title"]), "das2019")
    assert check("Ketamine showed rapid antidepressant effects in treatment-resistant depression").status == "not_found"


# --- Titles that open like descriptions, and descriptions that say enough -------------------


def test_a_title_that_opens_like_a_description_of_a_study_is_still_a_title():
    # zarate2006's title opens "A randomized trial of …".
    assert_identified(check(record("zarate2006")["title"]), "zarate2006")
    assert check("A pilot study of ketamine found that drinking fell").status == "anonymous"


def test_a_title_quoted_in_running_text_is_read_as_the_title():
    # As printed (a video transcript).
    result = check(
        "this article entitled “Adjunctive Ketamine with Relapse Prevention-Based Psychological "
        "Therapy in the Treatment of Alcohol Use Disorder.”"
    )

    assert (result.status, key_of(result)) == ("verified", "grabski2022"), result.reason


def test_running_text_about_one_of_an_authors_works_names_the_one_its_words_describe():
    # As printed (an editorial): of Dakwar's works, only dakwar2020 tested ketamine with
    # motivational enhancement therapy for alcohol use.
    result = check(
        "In this issue of the Journal, Dakwar and colleagues (2) report findings from a pilot clinical "
        "trial of a single intravenous ketamine infusion combined with motivational enhancement therapy "
        "for individuals with alcohol dependence."
    )

    assert (result.status, key_of(result)) == ("verified", "dakwar2020"), result.reason


def test_running_text_whose_words_fit_several_of_an_authors_works_names_none():
    # As printed: behavioural modification and cocaine fit dakwar2019, and dakwar2018 nearly
    # as well.
    result = check(
        "In a previous study, Dakwar and his colleagues showed that one dose of the anesthetic ketamine "
        "combined with behavioral modification therapy promoted abstinence and reduced cravings in "
        "people dependent on cocaine."
    )

    assert result.study is None


def test_the_online_first_date_is_the_year_a_reference_gives_when_it_gives_no_other():
    # As printed (the publisher's page): dakwar2020 appeared online in December 2019.
    result = check(f"Published Online: 2 December 2019\n\n{record('dakwar2020')['title']}")

    assert (result.status, key_of(result)) == ("metadata_mismatch", "dakwar2020"), result.reason
    assert fields_of(result) == ["year"]
    assert "online-first" in result.reason
    assert result.parsed.title == record("dakwar2020")["title"]


def test_an_author_manuscripts_published_in_final_edited_form_line_is_its_source():
    # As printed (PMC).
    result = check(
        "Published in final edited form as: Exp Clin Psychopharmacol. 2025 Jul 24;33(5):448–458. "
        "doi: 10.1037/pha0000788"
    )

    assert (result.status, key_of(result)) == ("verified", "almog2025"), result.reason
    assert result.parsed.title is None


def test_a_library_discovery_record_gives_journal_year_volume_issue_and_pages():
    # As printed (Primo).
    parsed = parse_reference(
        "Published in: | Journal of psychopharmacology (Oxford) 2021-02, Vol.35 (2), p.150-158 |"
    )

    assert (parsed.container_title, parsed.year, parsed.volume, parsed.issue, parsed.pages) == (
        "Journal of psychopharmacology (Oxford)", 2021, "35", "2", "150-158",
    )  # fmt: skip


def test_researchers_described_by_their_institution_name_no_work():
    # As printed (a newspaper, 2017).
    raw = (
        "Scientists at University College London are testing their theory that it could curb "
        "alcoholism by 'reprogramming' their brain and blocking their 'alcohol reward' memories."
    )

    assert check(raw).status == "anonymous"


def test_a_reference_whose_journal_is_named_reports_is_not_read_as_a_sentence():
    # As printed (MLA, a clinic's list); the work is not in the library.
    raw = (
        "Kohtala, Samuel. “Ketamine—50 years in use: from anesthesia to rapid antidepressant effects "
        "and neurobiological mechanisms.” Pharmacological Reports (2021): 1-23."
    )

    assert check(raw).status == "not_found"


def test_an_ouci_entry_without_a_volume_still_gives_its_first_page():
    # As printed: the online-first record's page 1, not the print pages 92-97.
    result = check(
        "Azhari, Ketamine-facilitated behavioral treatment for cannabis use disorder: a proof of "
        "concept study, Am. J. Drug Alcohol Abuse, с. 1"
    )

    assert (result.status, key_of(result)) == ("metadata_mismatch", "azhari2021"), result.reason
    assert fields_of(result) == ["pages"]


def test_a_google_scholar_e_locator_after_the_journal_is_not_part_of_its_name():
    r = record("grabski2022")
    result = check(
        f"Grabski, M., McAndrew, A., & Morgan, C. J. A. (2022). {r['title']}. The American Journal "
        "of Psychiatry, appiajp202121030277-appiajp202121030277."
    )

    assert result.parsed.container_title == "The American Journal of Psychiatry"
    assert "container_title" not in fields_of(result)


def test_a_news_sentence_ending_researchers_say_is_anonymous():
    # As printed (a medical news site).
    raw = (
        "A single injection of ketamine substantially cuts alcohol consumption among heavy drinkers, "
        "possibly by interrupting the ‘reward memories’ pathway, researchers say."
    )

    assert check(raw).status == "anonymous"


def test_an_author_line_of_an_author_with_several_works_names_none_of_them():
    # krupitsky2002's first four authors, in its order. The library holds three works with
    # Krupitsky first, and the team wrote more than those: its names cannot tell them apart.
    assert check("Krupitsky E, Burakov A, Romanova T, Dunaevsky I").study is None
    # jovaisa2006 is the library's one work with Jovaisa first.
    assert key_of(check("Jovaisa T, Laurinenas G, Vosylius S")) == "jovaisa2006"


def test_a_mc_family_name_in_running_text_is_read_whole():
    # As printed (a specification's example output).
    parsed = parse_reference("McIntyre et al., 2021 [mcintyre_2021] paper is a synthesis, not a primary RCT.")

    assert (parsed.authors[0][0], parsed.year) == ("McIntyre", 2021)


def test_a_professor_named_in_running_text_with_a_year_names_a_work():
    # As printed (an encyclopedia); Olney's 1989 paper is not in the library.
    raw = (
        "In 1989, psychiatry professor John Olney reported ketamine caused irreversible changes, "
        "known as Olney's lesions, in two small areas of the rat brain."
    )
    result = check(raw)

    assert (result.parsed.authors[0][0], result.parsed.year) == ("Olney", 1989)
    assert result.status == "not_found", result.reason


@pytest.mark.parametrize(
    "raw",
    [
        # As printed: an encyclopedia's sentence with two citation markers.
        "Ketamine can cause a variety of urinary tract problems that are more likely to occur with "
        "heavier and/or higher dosed use, especially in those not watching for a healthy lifestyle, "
        "according to a UK study.[105][106]",
        # As printed: news sentences that open as running text, with no reporting verb.
        "The latest trial is a follow-up on the positive result of an earlier proof-of-concept phase II "
        "trial by the Ketamine for Reduction of Alcohol Relapse team, which determined if the treatment "
        "was safe.",
        "These findings, from a placebo-controlled, phase 2 clinical trial, were published in the "
        "American Journal of Psychiatry.",
        "After the publication of the NIH-run antidepressant clinical trial, clinics began opening in "
        "which the intravenous ketamine is given for depression.",
    ],
)
def test_long_sentences_that_open_as_running_text_name_no_work(raw):
    assert check(raw).status == "anonymous"


def test_a_journal_written_where_a_title_would_be_is_the_records_journal():
    # As printed (a specification): first author, year and journal, no title.
    result = check("Berman et al. (2000), Biological Psychiatry")

    assert_identified(result, "berman2000")
    # A title that is another journal still differs.
    assert key_of(check("Berman et al. (2000), Molecular Psychiatry")) is None


def test_a_journal_abbreviation_with_a_year_and_nothing_else_names_no_work():
    # As printed (a news page): the journal and the online date of a paper it discusses.
    assert check("(Nat Comm 2019; online 26. November)").status == "anonymous"
    # A one-word name is as likely an author's; a short title in Title Case is a title.
    assert parse_reference("(Koob, 2020; Tyler & Leggio, 2024)").unparseable == ""
    assert not parse_reference("Taming the Ketamine Tiger, 2010").unparseable


@pytest.mark.parametrize(
    "raw",
    [
        # As printed (a review): a study described by its kind, with its result.
        "A pilot efficacy trial also indicates that a single infusion of ketamine facilitates "
        "mindfulness-based relapse prevention (MBRP) and promotes abstinence (53% ketamine vs. 11% midazolam).",
        # As printed (German news sites).
        "Mit dem Narkosemittel und der Partydroge Ketamin, sagen Wissenschaftler des University College "
        "London. In einer Studie konnte Ketamin den Alkoholkonsum spürbar verringern.",
        "In zwei klinischen Studien zur Behandlung von Drogenmissbrauch wurde festgestellt, dass Ketamin in "
        "Verbindung mit einer Verhaltens- und Motivationstherapie zu besseren Ergebnissen führt.",
    ],
)
def test_research_described_in_english_or_german_prose_names_no_work(raw):
    assert check(raw).status == "anonymous"


# --- Repository records, indexes of references, in-text initials, online ahead of print ------


def test_a_repository_record_lists_its_authors_one_per_line_under_a_label():
    # As printed (a Chinese index of citations): the count of citations, the label "作者", then
    # one author per line; none of them is the journal.
    raw = (
        "Dose-related ethanol-like effects of the NMDA antagonist, ketamine, in recently "
        "detoxified alcoholics\n\n被引:130\n作者\nKrystal, JH\nPetrakis, IL\nWebb, E\nCooney, NL\n"
        "Karper, LP\nNamanworth, S\nStetson, P\nTrevisan, LA\nCharney, DS"
    )
    result = check(raw)

    assert_identified(result, "krystal1998")
    assert [family for family, _ in result.parsed.authors][:3] == ["Krystal", "Petrakis", "Webb"]
    assert len(result.parsed.authors) == 9
    assert result.parsed.container_title is None


def test_a_repositorys_links_and_labels_are_not_read_as_the_journal():
    # As printed (a university repository): "View/ Open" and "Author" between title and authors.
    raw = (
        "Therapeutic Potentials of Ketamine and Esketamine in Obsessive–Compulsive Disorder (OCD), "
        "Substance Use Disorders (SUD) and Eating Disorders (ED): A Review of the Current Literature\n"
        "View/ Open\nAuthor\nMartinotti, Giovanni\nChiappini, Stefania\nPettorruso, Mauro"
    )
    result = check(raw)

    assert_identified(result, "martinotti2021")
    assert result.parsed.container_title is None


def test_an_index_of_references_line_gives_journal_year_issue_and_pages_and_initials_first_authors():
    # As printed (an index of references): the journal's line says 2016, the record 2017
    # (the online-first year), and the authors are written initials first.
    raw = (
        "Cocaine self-administration disrupted by the N-methyl-D-aspartate receptor antagonist "
        "ketamine: a randomized, crossover trial\nhttps://doi.org/10.1038/mp.2016.39 · Full text\n"
        "Journal: Molecular Psychiatry, 2016, № 1, p. 76-81\n"
        "Publisher: Springer Science and Business Media LLC\n"
        "Authors: E Dakwar, C L Hart, F R Levin, E V Nunes, R W Foltin"
    )
    result = check(raw)

    assert (result.status, key_of(result)) == ("metadata_mismatch", "dakwar2017"), result.reason
    assert fields_of(result) == ["year"]
    parsed = result.parsed
    assert (parsed.container_title, parsed.year, parsed.issue, parsed.pages) == ("Molecular Psychiatry", 2016, "1", "76-81")
    assert parsed.authors[:2] == (("Dakwar", "E"), ("Hart", "CL"))
    assert parsed.title.startswith("Cocaine self-administration disrupted")


def test_a_journal_abbreviation_written_like_initials_is_not_an_author():
    # "J Psychopharmacol" reads like "J. Psychopharmacol" only where a label says "Authors".
    parsed = parse_reference("J Psychopharmacol. 2021 Feb;35(2):150-158. doi: 10.1177/0269881120970879.")
    assert (parsed.authors, parsed.container_title) == ((), "J Psychopharmacol")


def test_an_in_text_citation_with_the_first_authors_initials_names_the_work():
    # As printed: "(Ezquerra-Romano I et al., 2018)".
    result = check("(Ezquerra-Romano I et al., 2018)")

    assert_identified(result, "ezquerra2018")
    assert result.parsed.authors == (("Ezquerra-Romano", "I"),)


def test_an_in_text_citation_names_a_work_whose_authors_the_library_now_knows():
    # As printed in a PDF's text, spaced out: "Azhari  et  al.,  2021". azhari2021 had no
    # authors until a review's reference list confirmed them: a first author and a year
    # could name nothing.
    result = check("Azhari  et  al.,  2021")

    assert_identified(result, "azhari2021")


def test_pubmeds_line_for_a_work_online_ahead_of_print_has_no_title():
    # As printed: the day of publication, then the article number; no volume yet.
    raw = (
        "J Subst Use Addict Treat. 2025 May 2:209705. doi: 10.1016/j.josat.2025.209705. "
        "Online ahead of print."
    )
    result = check(raw)

    assert_identified(result, "janssenaguilar2025")
    parsed = result.parsed
    assert (parsed.title, parsed.container_title, parsed.year, parsed.pages) == (
        None, "J Subst Use Addict Treat", 2025, "209705",
    )  # fmt: skip


def test_pubmeds_line_for_a_work_just_online_gives_its_journal_and_year_not_a_title():
    # As an emergency medicine news page printed it, the day the work went online and its
    # DOI, nothing else: the line is not a title that contradicts the DOI's work.
    parsed = parse_reference("(Crit Care Med 2018 May 8. doi: 10.1097/CCM.0000000000003204.)")

    assert (parsed.title, parsed.container_title, parsed.year, parsed.doi) == (
        None, "Crit Care Med", 2018, "10.1097/ccm.0000000000003204",
    )  # fmt: skip
    # The same shape for a work the library holds: its DOI identifies it, and nothing disagrees.
    result = check("J Subst Use Addict Treat. 2025 May 2. doi: 10.1016/j.josat.2025.209705.")

    assert_identified(result, "janssenaguilar2025")
    assert result.status == "verified", result.reason


def test_a_journal_and_the_day_a_work_went_online_name_no_work_without_an_identifier():
    # As a news page printed it: the journal and a day, as "(Nat Comm 2019; online 26.
    # November)" below, with nothing to tell which of that day's works it is.
    result = check("(Pain Med 2009 April 22; epub ahead of print)")

    assert (result.parsed.title, result.parsed.container_title, result.parsed.year) == (None, "Pain Med", 2009)
    assert result.status == "anonymous", result.reason


def test_pubmeds_line_with_month_volume_and_pages_between_colons():
    # Written from the record's fields in PubMed's form "2023 Sep:74:15-21".
    result = check("Am J Psychiatry. 2019 Nov:176:923-930.")

    assert_identified(result, "dakwar2019")
    parsed = result.parsed
    assert (parsed.title, parsed.year, parsed.volume, parsed.pages) == (None, 2019, "176", "923-930")


def test_a_title_over_a_summary_of_the_work_is_read_as_the_title():
    # As printed (a clinic's list of research): the title, then the clinic's summary.
    raw = (
        "Mystical-type experiences occasioned by ketamine mediate its impact on at-risk drinking: "
        "Results from a randomized, controlled trial\n\nThis further analysis of a randomized, "
        "double-blind, active-placebo controlled study (n=40) of ketamine (50mg/70kg) found that "
        "the mystical-type experiences (not dissociation) mediated the effect of ketamine on "
        "drinking behavior."
    )
    result = check(raw)

    assert_identified(result, "rothberg2021")
    assert result.parsed.title.startswith("Mystical-type experiences")


def test_a_title_over_its_authors_full_names_is_looked_for_by_its_title():
    # As printed: full names with their affiliations' numbers; a work the library lacks.
    raw = (
        "Ketamine plus Alcohol: What We Know and What We Can Expect about This.\n\n"
        "Natalia Harumi Correa Kobayashi1, Sarah Viana Farias1, Diandra Araújo Luz1, "
        "Kissila Márvia Machado-Ferraro1, Brenda Costa da Conceição1, Cinthia Cristina Menezes "
        "da Silveira1, Luanna Melo Pereira Fernandes1, Sabrina de Carvalho Cartágenes1, Vânia "
        "Maria Moraes Ferreira2, Enéas Andrade Fontes-Júnior1, Cristiane do Socorro Ferraz Maia1."
    )
    result = check(raw)

    assert result.status == "not_found", result.reason
    assert result.parsed.title == "Ketamine plus Alcohol: What We Know and What We Can Expect about This"


@pytest.mark.parametrize(
    "raw",
    [
        # As printed, in English, French and Spanish news.
        "The study, published in Neuropharmacology, identified three specific responses to ketamine",
        "leur étude, publiée mercredi dans la revue scientifique Nature Communications",
        "El estudio se publica en The American Journal of Psychiatry.",
        "Dans The American Journal of Psychiatry, elle et son équipe détaillent comment ils sont "
        "parvenus à cette conclusion.",
        # Written for the test, in German.
        "Die Studie wurde im Fachblatt veröffentlicht in Nature Communications und zeigt",
        # As printed, in Italian and German news.
        "Il primo studio, pubblicato all'inizio di questo mese in L'American Journal of Psychiatry, "
        "è stato uno studio pilota",
        "A suggerirlo è uno studio pubblicato sulla rivista American Journal of Psychiatry",
        "Pubblicato su The American Journal of Psychiatry, lo studio ha incluso 96 persone con "
        "problemi di alcol astinenti al momento dello studio.",
        "Die Ergebnisse haben die Forscherinnen und Forscher der Universität Exeter und des "
        "US-Biotech-Unternehmens Awakn Life Sciences am Dienstag, dem 11. Januar, im Fachmagazin "
        "„American Journal of Psychiatry“ veröffentlicht.",
        "An der im American Journal of Psychiatry veröffentlichten Studie nahmen 96 Personen mit "
        "Alkoholproblemen teil, die zum Zeitpunkt der Studie abstinent waren.",
        # As printed, in French, German and Portuguese news.
        "Les résultats qui viennent d'être publiés dans « l'American Journal of Psychiatry » "
        "indiquent que le risque de rechute dans le groupe de participants ayant reçu de la "
        "kétamine plus une psychohérapie à six mois était 2,7 fois inférieur au risque de rechute pour",
        "Am 2. November veröffentlichte das New England Journal of Medicine die Ergebnisse einer "
        "neuen Studie zur Behandlung von Depressionen.",
        "Publicado da revista científica The American Journal of Psychiatry, o estudo incluiu 96 "
        "pessoas com problemas de consumo de álcool que estavam abstinentes na altura da investigação.",
        "Wie die Wissenschaftler im The American Journal of Psychiatry publiziert haben",
        "Es geht um eine Studie der Johns Hopkins University in Baltimore (US-Bundesstaat "
        "Maryland), die im „Journal of Psychopharmacology“ veröffentlicht worden ist.",
        "Die im “American Journal of Psychiatry” veröffentlichte Studie umfasste 96 Personen mit "
        "Alkoholproblemen, die während der Laufzeit abstinent waren.",
        "Sus resultados, que se publican en Biological Psychiatry, muestran que la droga redujo los "
        "pensamientos suicidas de los pacientes tras la primera dosis",
    ],
)
def test_running_text_that_says_only_where_a_study_appeared_names_no_work(raw):
    result = check(raw)
    assert result.status == "anonymous", result.reason
    assert "says where a study appeared" in result.reason


def test_a_french_sentence_reporting_research_names_no_work():
    # As printed.
    result = check(
        "fait suite à une étude pilote montrant que la kétamine associée à une psychothérapie "
        "pourrait réduire le taux de rechute de 76% à 34%"
    )
    assert result.status == "anonymous", result.reason


@pytest.mark.parametrize(
    "raw",
    ["Center for Drug Evaluation, & Research", "Substance Abuse and Mental Health Services Administration"],
)
def test_an_organisations_name_alone_names_none_of_its_works(raw):
    result = check(raw)
    assert result.status == "anonymous", result.reason
    assert "names an organisation" in result.reason


def test_an_organisations_name_then_a_title_is_looked_for_as_a_work():
    parsed = parse_reference("Department of Health. Alcohol Guidelines Review")
    assert not parsed.unparseable


def test_an_organisations_report_with_its_year_and_title_is_still_a_reference():
    parsed = parse_reference(
        "Substance Abuse and Mental Health Services Administration. (2021). Key substance use and "
        "mental health indicators in the United States."
    )
    assert not parsed.unparseable
    assert parsed.year == 2021


def test_a_doi_with_a_full_stop_then_link_labels_glued_on_is_the_doi():
    # As a publisher's page prints its links after a reference's DOI ("CrossRef" capitalised).
    parsed = parse_reference(
        "Morris H, Wallach J. From PCP to MXE: a comprehensive review of the non-medical use of "
        "dissociative drugs. Drug Test Anal. 2014;6(7–8):614–32. doi:10.1002/dta.1620.PubMedCrossRefGoogle Scholar"
    )
    assert parsed.doi == "10.1002/dta.1620"


def test_a_doi_with_the_pages_link_labels_glued_on_is_the_doi():
    # As printed (a journal's web page): "PubMed", "Google Scholar" and "Crossref" links.
    raw = (
        "Dakwar  E, Nunes  EV, Hart  CL,  et al.  A single ketamine infusion combined with "
        "mindfulness-based behavioral modification to treat cocaine dependence: a randomized "
        "clinical trial.   Am J Psychiatry. 2019;176(11):923-930. "
        "doi:10.1176/appi.ajp.2019.18101123PubMedGoogle ScholarCrossref"
    )
    result = check(raw)

    assert_identified(result, "dakwar2019")
    assert result.parsed.doi == "10.1176/appi.ajp.2019.18101123"


def test_a_doi_in_a_links_markup_names_the_work_the_sentence_around_it_does_not():
    # As printed (a newsletter's HTML): the words say only where the study appeared.
    raw = (
        'published Wednesday (November 6) in <a href="https://psychiatryonline.org/doi/10.1176/'
        'appi.ajp.2019.18101123" class="link"><u>The American Journal of Psychiatry</u></a>'
    )
    result = check(raw)

    assert_identified(result, "dakwar2019")
    assert result.parsed.title is None


def test_a_title_over_a_summary_that_gives_a_year_is_read_as_the_title():
    # As printed (a clinic's list of research): the summary's year is the clinic's words.
    raw = (
        "Efficacy of Ketamine in the Treatment of Substance Use Disorders: A Systematic Review\n\n"
        "This systematic review (2018) examines the efficacy of ketamine treatment for substance "
        "use disorder and summarizes evidence which suggests that ketamine may improve the "
        "ability to establish and maintain abstinence."
    )
    result = check(raw)

    assert_identified(result, "jones2018")
    assert result.parsed.container_title is None


@pytest.mark.parametrize(
    "raw",
    [
        # As printed, in English and Spanish news.
        "The results are presented in the journal Jama Psychiatry.",
        "un nuevo estudio del King's College de Londres y la Universidad de Exeter (ambas en "
        "Reino Unido), publicado en 'Addiction'",
        "según un ensayo experimental de la University College de Londres, en Reino Unido",
    ],
)
def test_news_that_names_a_journal_or_an_institution_but_no_work_names_none(raw):
    result = check(raw)
    assert result.status == "anonymous", result.reason


def test_a_lead_investigator_named_in_running_text_may_be_the_author():
    # As printed: a person is named, so the library is searched rather than the string dismissed.
    result = check(
        "According to lead investigator Gabby Agin-Liebes, a PhD candidate at Palo Alto "
        "University in California"
    )
    assert result.status == "not_found", result.reason


# --- A paper page's list of its authors, and nothing else ------------------------------------


@pytest.mark.parametrize(
    ("raw", "key", "first"),
    [
        # As printed (MDPI): each name, then its affiliation marks on a line of their own.
        (
            "by\nGiovanni Martinotti\n1,2,†,\nStefania Chiappini\n1,2,†,\nMauro Pettorruso\n1,*,\n"
            "Alessio Mosca\n1,\nAndrea Miuli\n1,\nFrancesco Di Carlo\n1,\nGiacomo D’Andrea\n1,\n"
            "Roberta Collevecchio\n1,\nIlenia Di Muzio\n1,\nStefano L. Sensi\n1 and\n"
            "Massimo Di Giannantonio\n1",
            "martinotti2021",
            [("Martinotti", "G"), ("Chiappini", "S")],
        ),
        # As printed (Frontiers): each name twice, glued, once as a link and once as text.
        (
            "Mary  R ShenMary R ShenDylan  E CampbellDylan E CampbellAnika  KopczynskiAnika "
            "KopczynskiSamuel  MaddamsSamuel MaddamsNaomi  RosenblumNaomi RosenblumKabir  NigamKabir "
            "NigamJoji  SuzukiJoji Suzuki*",
            "shen2025",
            [("Shen", "MR"), ("Campbell", "DE")],
        ),
        # As printed (a journal's page): an "Affiliation:" label and its line after each name.
        (
            "Zach Walsh\nAffiliation:\nDepartment of Psychology, University of British Columbia, "
            "Canada\nOzden Merve Mollaahmetoglu*\nAffiliation:\nPsychopharmacology and Addiction "
            "Research Centre, Department of Psychology, University of Exeter, UK\nJoseph Rootman\n"
            "Affiliation:\nDepartment of Psychology, University of British Columbia, Canada",
            "walsh2022",
            [("Walsh", "Z"), ("Mollaahmetoglu", "OM")],
        ),
    ],
)
def test_a_papers_list_of_its_authors_full_names_names_the_paper(raw, key, first):
    result = check(raw)

    assert_identified(result, key)
    assert list(result.parsed.authors[:2]) == first


def test_a_family_name_with_a_particle_is_read_whole_in_a_list_of_full_names():
    parsed = parse_reference("Andrea Miuli\n1,\nFrancesco Di Carlo\n1,\nGiacomo D’Andrea\n1")
    assert parsed.authors == (("Miuli", "A"), ("Di Carlo", "F"), ("D'Andrea", "G"))


def test_two_names_on_lines_of_their_own_are_too_few_to_be_read_as_a_list_of_authors():
    parsed = parse_reference("Zach Walsh\nAffiliation:\nUniversity of British Columbia\nJoseph Rootman")
    assert parsed.style != "header"


def test_the_records_authors_in_alphabetical_order_are_its_authors_reordered():
    # Written from kelson2023's record (Kelson M, Burnett JM, Matthews A, Juneja T), its
    # authors as a page listing them alphabetically prints them.
    result = check(
        "Burnett JM, Juneja T, Kelson M, Matthews A. Ketamine treatment for alcohol use "
        "disorder: a systematic review."
    )

    assert (result.status, key_of(result)) == ("metadata_mismatch", "kelson2023"), result.reason
    assert fields_of(result) == ["authors"]


# --- Who led the study, named in running text ---------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        # As printed, in Italian and English news.
        "Lo rivela uno studio pubblicato su Nature Communications da un team dello University "
        "College di Londra guidato da Ravi Das",
        "says research coauthor Ravi Das, a psychopharmacologist at College School London",
    ],
)
def test_the_researcher_who_led_or_wrote_a_study_named_in_news_names_the_work(raw):
    result = check(raw)

    assert_identified(result, "das2019")
    assert result.parsed.authors[0] == ("Das", "R")


def test_a_french_sentence_naming_who_led_the_study_and_its_journal_is_read_as_both():
    parsed = parse_reference(
        "L’étude, menée par Elias Dakwar, professeur agrégé de psychiatrie clinique à l’université "
        "de Columbia, a été publiée le 2 décembre dans la revue American Journal of Psychiatry."
    )
    assert parsed.authors[0] == ("Dakwar", "E")
    assert parsed.container_title == "American Journal of Psychiatry"


# --- Sentences that name no work, and brackets that hold one ---------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        # Both as printed.
        "As per the Substance Abuse and Mental Health Services Administration (SAMHSA), 20.4 "
        "million people, or 7% of all Americans in the United States 12 or older, had a "
        "substance use disorder in 2019.",
        "According to the National Institute on Alcohol Abuse and Alcoholism (NIAAA), over 29.5 "
        "million people in the U.S. suffer from AUD.",
    ],
)
def test_a_figure_credited_to_an_organisation_names_none_of_its_works(raw):
    result = check(raw)
    assert result.status == "anonymous", result.reason
    assert "credits a figure to an organisation" in result.reason


def test_a_sentence_opening_with_a_year_that_tells_what_researchers_did_names_no_work():
    # As printed.
    result = check(
        "In 2022, Canadian researchers completed the world’s first-ever study on ketamine therapy "
        "for gambling addiction."
    )
    assert result.status == "anonymous", result.reason


def test_a_sentence_opening_with_a_year_that_says_a_report_was_published_points_at_it():
    # As printed: the report of 1992 is a work, even unnamed here.
    result = check(
        "In 1985, he developed ketamine psychedelic therapy - which was initially merely a method "
        "for increasing suggestibility and enhancing aversive treatment for alcoholism - "
        "publishing his first report on the method in 1992."
    )
    assert result.status != "anonymous", result.reason


def test_a_report_cited_in_brackets_by_title_body_and_year_is_a_reference():
    # As printed, with the page's own marker after it.
    result = check("(Guidelines for the management of opioid withdrawal, WHO, 2009) [3]")

    assert result.status == "not_found", result.reason
    parsed = result.parsed
    assert (parsed.title, parsed.authors, parsed.year) == (
        "Guidelines for the management of opioid withdrawal", (("WHO", ""),), 2009,
    )  # fmt: skip


@pytest.mark.parametrize(
    "raw",
    [
        # As printed, in Spanish and German news.
        "En un nuevo ensayo realizado en la Universidad de Exeter y en el Hospital universitario de "
        "Londres, los investigadores han empleado pequeñas dosis del potente anestésico",
        "Studien weisen darauf hin, dass eine einmalige oder wiederholte Gabe von Ketamin in "
        "psychotherapeutischen Settings die Rückfallrate senken und die Motivation zur Abstinenz "
        "erhöhen kann.",
        # As printed, in French and Spanish.
        "Des scientifiques de l’University College London ont organisé une étude auquel ont "
        "participé 55 hommes et 35 femmes, qui n’avaient pas été diagnostiqués avec une dépendance à l’alcool.",
        "Era 2010 y la revista Science ya describía cómo la ketamina –anestésico de uso frecuente "
        "reutilizado como droga alucinógena– regeneraba en ratas las conexiones entre las células "
        "cerebrales dañadas por la depresión.",
        "En 2016, l'Université Johns-Hopkins et l'Université de New York mènent de vastes études "
        "s'appuyant sur des essais randomisés contrôlés pour mesurer les effets de la thérapie "
        "psychédélique sur la dépression et l'anxiété de patients cancéreux.",
    ],
)
def test_news_crediting_a_trial_or_studies_without_naming_them_names_no_work(raw):
    result = check(raw)
    assert result.status == "anonymous", result.reason


def test_a_journals_name_alone_names_none_of_its_works():
    # As printed.
    result = check("Nature Communications")

    assert result.status == "anonymous", result.reason
    assert "it names only a journal (Nature Communications), and a journal prints hundreds" in result.reason
    assert "A journal alone identifies none of its works." in result.reason


def test_a_short_title_in_title_case_is_not_taken_for_a_journal():
    assert check("Taming the Ketamine Tiger").status == "not_found"


def test_researchers_and_colleagues_with_a_note_number_glued_on_may_be_the_authors():
    # As printed: "colleagues1", the page's note 1.
    result = check(
        "In this issue of JAMA Psychiatry, Davis and colleagues1 at the Johns Hopkins Center for "
        "Psychedelic and Consciousness Research have contributed a timely and important "
        "proof-of-concept randomized clinical trial on the effects of psilocybin-assisted "
        "supportive psychotherapy for the treatment of major depression."
    )
    assert result.status == "not_found", result.reason


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # As printed (a clinic's list of studies): what each found, after the author and year.
        (
            "Grabski et al. (2022): Ketamine combined with mindfulness-based relapse prevention "
            "therapy resulted in 65.8% abstinent days versus 27% with placebo.",
            "grabski2022",
        ),
        (
            "Das et al. (2019): Ketamine administered alongside maladaptive memory retrieval "
            "protocols significantly reduced craving and drinking at multiple follow-up points.",
            "das2019",
        ),
        # As printed by a German library catalogue ("published in"), with its bars.
        ("Veröffentlicht in: | Academic emergency medicine 2024-12, Vol.31 (12), p.1204-1211 |", "steinhauser2024"),
        # As printed by a Czech catalogue ("source").
        (
            "Zdroj: Frontiers in public health [Front Public Health] 2024 Dec 03; Vol. 12, pp. 1443992. Date of "
            "Electronic Publication: 2024 Dec 03 (Print Publication: 2024).\nDOI: 10.3389/fpubh.2024.1443992",
            "mcarthur2024",
        ),
    ],
)
def test_a_summary_after_the_authors_or_a_catalogues_label_is_not_read_as_a_title(raw, key):
    result = check(raw)

    assert_identified(result, key)
    assert result.parsed.title is None


def test_a_german_sentence_around_a_doi_names_the_work_by_its_doi():
    # As printed (a forum quoting a pharmacy paper), the DOI of grabski2022 in place of the
    # one printed, which is of a work outside the seed library.
    raw = (
        "Eine wichtige Studie, die zur Renaissance der Psychedelika-Forschung beigetragen hat, war "
        "eine Untersuchung aus dem Jahr 2022, die bei Patienten eine rasche und deutliche "
        "Besserung gezeigt hatte (\n»American Journal of Psychiatry«, DOI: 10.1176/appi.ajp.2021.21030277)."
    )
    result = check(raw)

    assert_identified(result, "grabski2022")
    assert result.parsed.title is None


def test_a_publishers_notes_in_a_pdfs_header_are_not_read_as_a_title():
    # As printed (SAGE's header box), with the DOI of grabski2022 in place of the one printed.
    parsed = parse_reference(
        "Journal of Psychopharmacology 2016, Vol. 30(12) 1165–1180 © The Author(s) 2016 Reprints "
        "and permissions: sagepub.co.uk/journalsPermissions.nav DOI: 10.1176/appi.ajp.2021.21030277 "
        "jop.sagepub.com"
    )
    assert "sagepub" not in (parsed.title or "") and "Author(s)" not in (parsed.title or "")
    assert parsed.doi == "10.1176/appi.ajp.2021.21030277"


def test_a_repositorys_dublin_core_record_is_read_field_by_field():
    # As printed (an institutional repository), the names glued to the values; the only date
    # is the online one, a year before walsh2022's.
    raw = (
        "dc.contributor.authorWalsh, Z\ndc.contributor.authorMollaahmetoglu, OM\n"
        "dc.contributor.authorRootman, J\ndc.contributor.authorGolsof, S\ndc.contributor.authorKeeler, J\n"
        "dc.contributor.authorMarsh, BR\ndc.contributor.authorNutt, DJ\ndc.contributor.authorMorgan, CJA\n"
        "dc.date.accessioned2021-11-16T13:44:29Z\ndc.date.issued2021-12-23"
    )
    result = check(raw)

    assert (result.status, key_of(result)) == ("metadata_mismatch", "walsh2022"), result.reason
    assert fields_of(result) == ["year"]
    assert "online-first" in result.reason
    assert result.parsed.authors[:2] == (("Walsh", "Z"), ("Mollaahmetoglu", "OM"))


def test_a_repositorys_author_written_in_lower_case_is_still_an_author():
    parsed = parse_reference("dc.contributor.authorMorgan, C\ndc.contributor.authorlawn, W\ndc.date.issued2018-01-12")
    assert (parsed.authors, parsed.year) == ((("Morgan", "C"), ("Lawn", "W")), 2018)


def test_three_authors_and_a_year_one_off_name_no_work():
    # Few names could be another paper of the team, a year apart.
    result = check("Walsh Z, Mollaahmetoglu OM, Rootman J (2021)")
    assert result.status == "not_found", result.reason


@pytest.mark.parametrize(
    "raw",
    [
        # Written from jones2018's record as pages print an author line: labelled, and above
        # a line the parser leaves out.
        "Authors: Jennifer L. Jones, Camilo F. Mateus, Robert J. Malcolm, Kathleen T. Brady & Sudie E. Back",
        "Jennifer L. Jones, Camilo F. Mateus, Robert J. Malcolm, Kathleen T. Brady, Sudie E. Back\n"
        "Published online: 6 March 2018 |",
    ],
)
def test_a_line_of_full_names_with_middle_initials_is_a_list_of_authors(raw):
    result = check(raw)

    assert_identified(result, "jones2018")
    assert result.parsed.authors[0] == ("Jones", "JL")


def test_a_double_barrelled_family_name_in_running_text_is_read_whole():
    parsed = parse_reference(
        "study lead author Robin Carhart-Harris, head of the Centre for Psychedelic Research at "
        "Imperial College London"
    )
    assert parsed.authors[0] == ("Carhart-Harris", "R")


def test_a_study_co_author_named_is_not_a_labelled_study():
    # As printed: "study co-" once read as the label of "Study C".
    result = check("study co-author Ravi Das")

    assert_identified(result, "das2019")


# --- IEEE, and catalogues labelled in French ---------------------------------------------------


def test_an_ieee_reference_with_its_title_in_quotes_is_read_field_by_field():
    # Written from dakwar2019's record in IEEE's style.
    result = check(
        "E. Dakwar, E. V. Nunes, C. L. Hart, R. W. Foltin, S. J. Mathew, K. M. Carpenter, "
        "C. J. Choi, C. L. Basaraba, M. Pavlicova, and F. R. Levin, “A single ketamine infusion "
        "combined with mindfulness-based behavioral modification to treat cocaine dependence: A "
        "randomized clinical trial,” Am. J. Psychiatry, vol. 176, no. 11, pp. 923–930, Nov. 2019."
    )

    assert_identified(result, "dakwar2019")
    parsed = result.parsed
    assert parsed.style == "ieee"
    assert (parsed.authors[:2], parsed.container_title, parsed.volume, parsed.issue, parsed.pages, parsed.year) == (
        (("Dakwar", "E"), ("Nunes", "EV")), "Am. J. Psychiatry", "176", "11", "923-930", 2019,
    )  # fmt: skip


def test_an_elsevier_numbered_reference_is_read_field_by_field():
    # As printed (a 2023 review's reference 88, "G.E." scanned as "GE.").
    parsed = parse_reference(
        "[88] GE. Noller, C.M. Frampron, B. Yazar-Klosinski, Ibogaine treatment outcomes for "
        "opioid dependence from a twelve-month follow-up observational study, Am. J. Drug "
        "Alcohol Abus. 44 (1) (2018) 37-46."
    )

    assert parsed.style == "elsevier"
    assert (parsed.authors, parsed.container_title, parsed.volume, parsed.issue, parsed.pages, parsed.year) == (
        (("Noller", "GE"), ("Frampron", "CM"), ("Yazar-Klosinski", "B")), "Am. J. Drug Alcohol Abus", "44", "1",
        "37-46", 2018,
    )  # fmt: skip
    assert parsed.title.startswith("Ibogaine treatment outcomes")


def test_a_misspelt_coauthor_in_an_elsevier_numbered_reference_is_a_discrepancy():
    # Written from krupitsky2002's record in Elsevier's style, "Burakov" misspelt.
    result = check(
        "E. Krupitsky, A. Burakow, T. Romanova, Ketamine psychotherapy for heroin addiction: "
        "immediate effects and two-year follow-up, J. Subst. Abuse Treat. 23 (4) (2002) 273-283."
    )

    assert key_of(result) == "krupitsky2002", result.reason
    assert result.status == "metadata_mismatch"
    assert fields_of(result) == ["authors"]


def test_an_elsevier_numbered_reference_of_a_work_not_in_the_library_is_not_found_by_its_fields():
    result = check(
        "A.K. Davis, E. Renn, A.-M. Windham-Herman, M. Polanco, J.P. Barsuglia, Analysis of "
        "persisting effects associated with ibogaine treatment, J. Psychoact. Drugs 50 (4) (2018) 287-297."
    )

    assert result.status == "not_found"
    assert result.parsed.style == "elsevier"
    assert result.parsed.authors[2] == ("Windham-Herman", "AM")


def test_a_wrong_volume_in_an_archives_generated_list_is_a_discrepancy():
    # As HAL's generated lists print a reference (the layout of a real one), written from
    # krupitsky2002's record with its volume (23) given as 7.
    result = check(
        "E. Krupitsky, A. Burakov, and T. Romanova, Ketamine psychotherapy for heroin addiction: "
        "immediate effects and two-year follow-up, Journal of Substance Abuse Treatment, vol.7, "
        "pp.273-283, 2002."
    )

    assert (result.status, key_of(result)) == ("metadata_mismatch", "krupitsky2002"), result.reason
    assert fields_of(result) == ["volume"]


def test_a_catalogues_french_labels_are_read_as_field_labels():
    # As printed (a French documentation centre's notice), with morris2014's fields.
    parsed = parse_reference(
        "From PCP to MXE: a comprehensive review of the non-medical use of dissociative drugs (2014)\n"
        "Auteur(s) :\nMORRIS, H. ;\nWALLACH, J.\nAnnée\n2014\nPage(s) :\n614-632"
    )

    assert parsed.title == "From PCP to MXE: a comprehensive review of the non-medical use of dissociative drugs"
    assert (parsed.authors, parsed.year, parsed.pages, parsed.container_title) == (
        (("MORRIS", "H"), ("WALLACH", "J")), 2014, "614-632", None,
    )  # fmt: skip


def test_an_article_title_label_is_the_title_not_a_journal_named_article():
    # As printed, with dakwar2020's title.
    raw = (
        "Article Title: “A Single Ketamine Infusion Combined With Motivational Enhancement Therapy "
        "for Alcohol Use Disorder: A Randomized Midazolam-Controlled Pilot Trial”\n"
        "Authors: Elias Dakwar, Frances Levin, Carl L. Hart, Cale Basaraba, Jean Choi, Martina "
        "Pavlicova, Edward V. Nunes.\nPublication Date: February, 2020"
    )
    result = check(raw)

    assert_identified(result, "dakwar2020")
    assert result.parsed.container_title is None


def test_a_pdfs_journal_box_gives_the_journal_its_numbers_and_the_authors():
    # As SAGE's first page prints it (publisher's notes and affiliation marks included),
    # with krupitsky2007's fields.
    parsed = parse_reference(
        "Journal of Psychoactive Drugs 2007, Vol. 39(1) 13–19 © The Author(s) 2007 Evgeny "
        "Krupitsky1, Andrey Burakov1, Igor Dunaevsky1 Reprints and permissions: "
        "sagepub.co.uk/journalsPermissions.nav and Tatyana Romanova1,2 jop.sagepub.com"
    )

    assert (parsed.container_title, parsed.year, parsed.volume, parsed.issue, parsed.pages) == (
        "Journal of Psychoactive Drugs", 2007, "39", "1", "13-19",
    )  # fmt: skip
    assert [family for family, _ in parsed.authors] == ["Krupitsky", "Burakov", "Dunaevsky", "Romanova"]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        # As printed on a study card: the authors, "·", the journal and the year, no title.
        ("Ezquerra-Romano, I. I., Lawn, W., Krupitsky, E. M. et al. · Neuropharmacology (2018)", "ezquerra2018"),
        # In the shape of a real "Wadia S et al., Ann Emerg Med 2014 Oct 64:385", from
        # krupitsky2002's record: month and "volume:page" after the year, without a semicolon.
        ("Krupitsky E et al., J Subst Abuse Treat 2002 Jun 23:273", "krupitsky2002"),
    ],
)
def test_authors_then_a_journal_with_no_title_name_the_work(raw, key):
    result = check(raw)

    assert_identified(result, key)
    assert result.parsed.title is None
    assert result.parsed.container_title is not None


def test_a_header_with_its_title_and_author_line_wrapped_over_lines_is_read_whole():
    # In the layout of the New England Journal of Medicine's first page (a real one in
    # bench/real_references), written from jones2018's record: the title wrapped before a
    # word in lower case, the names with their degrees over three lines.
    raw = (
        "Efficacy of Ketamine in the Treatment\n\n\nof Substance Use Disorders: A Systematic Review\n"
        "Jennifer L. Jones, M.D., Camilo F. Mateus, B.Sc.,\n"
        "Robert J. Malcolm, M.D., Kathleen T. Brady, M.D., Ph.D.,\nand Sudie E. Back, Ph.D."
    )
    result = check(raw)

    assert_identified(result, "jones2018")
    assert result.parsed.title == "Efficacy of Ketamine in the Treatment of Substance Use Disorders: A Systematic Review"
    assert [family for family, _ in result.parsed.authors] == ["Jones", "Mateus", "Malcolm", "Brady", "Back"]
    assert result.parsed.container_title is None


def test_the_year_in_a_pdfs_copyright_line_is_kept():
    # As SAGE's online-first first page prints it: the only year is in "© The Author(s) 2016".
    parsed = parse_reference("Journal of Psychopharmacology 1–17 © The Author(s) 2016 DOI: 10.1177/0269881116675513")
    assert parsed.year == 2016


def test_taylor_and_francis_to_cite_line_wrapped_over_lines_is_one_running_reference():
    # In the layout of Taylor & Francis's cover page (a real one in bench/real_references),
    # written from krupitsky2007's record: the label, then the names wrapped mid-name.
    raw = (
        "To cite this article: Evgeny M. Krupitsky, Andrey M. Burakov, Igor V. Dunaevsky, Tatyana N.\n"
        "Romanova, Tatyana Y. Slavina & Alexander Y. Grinenko (2007): Single Versus Repeated Sessions of\n"
        "Ketamine-Assisted Psychotherapy for People with Heroin Dependence, Journal of Psychoactive Drugs,\n"
        "39:1, 13-19"
    )
    result = check(raw)

    assert key_of(result) == "krupitsky2007", result.reason
    assert [family for family, _ in result.parsed.authors] == [
        "Krupitsky", "Burakov", "Dunaevsky", "Romanova", "Slavina", "Grinenko",
    ]  # fmt: skip
    assert "authors" not in fields_of(result)


def test_a_journal_written_as_its_acronym_and_month_is_the_same_journal():
    # As printed in a news item citing steinhauser2024: "AEM December 2024".
    raw = (
        "Reference: Steinhauser S et al. Emergency department staff compassion is associated with lower "
        "fear of enacted stigma among patients with opioid use disorder. AEM December 2024"
    )
    assert_identified(check(raw), "steinhauser2024")
    assert same_journal("JAMA", "Journal of the American Medical Association")
    assert not same_journal("AEM", "Addiction")
    assert not same_journal("AEM", "American Journal of Psychiatry")


def test_a_quoted_title_followed_by_its_author_year_citation_names_the_work():
    # In the shape of a real "“Psychedelic Integration: …” (Bathje et al., 2022)".
    raw = "“Ketamine can reduce harmful drinking by pharmacologically rewriting drinking memories” (Das et al., 2019)"
    result = check(raw)

    assert_identified(result, "das2019")
    assert result.parsed.authors == (("Das", ""),)
    assert result.parsed.et_al


def test_running_text_ending_on_every_authors_name_and_the_year_names_the_work():
    # In the shape of a real "Synthesized definition of integration from Bathje, Majeski, &
    # Kudowor, 2022", from dakwar2017's record (five authors).
    raw = "Disrupted self-administration, as reported by Dakwar, Hart, Levin, Nunes, & Foltin, 2017"
    result = check(raw)

    assert_identified(result, "dakwar2017")
    assert [family for family, _ in result.parsed.authors] == ["Dakwar", "Hart", "Levin", "Nunes", "Foltin"]


def test_a_pdf_header_with_affiliation_marks_a_section_label_and_a_group_credit_is_read():
    # In the layout of real first pages (Psychological Medicine's and the American Journal of
    # Psychiatry's), written from grob2011's record: the section in capitals, the title, the
    # names with affiliation marks wrapped over lines, a working group credited after them.
    raw = (
        "ORIGINAL ARTICLE\n\n"
        "Pilot Study of Psilocybin Treatment for Anxiety in Patients With Advanced-Stage Cancer\n\n"
        "Charles S. Grob1,2*, Alicia L. Danforth1, Gurpreet S. Chopra3, Marycie Hagerty1,\n"
        "Charles R. McKay4, Adam L. Halberstadt5 and George R. Greer6, and the Heffter Research Group"
    )
    result = check(raw)

    assert_identified(result, "grob2011")
    assert result.parsed.title == "Pilot Study of Psilocybin Treatment for Anxiety in Patients With Advanced-Stage Cancer"
    assert [family for family, _ in result.parsed.authors][:3] == ["Grob", "Danforth", "Chopra"]
    assert len(result.parsed.authors) == 7
    assert result.parsed.container_title is None


def test_a_header_with_affiliation_lines_between_the_authors_and_the_journal_line():
    # As printed (a clinic's copy of berman2000's PubMed abstract): the affiliation's lines
    # are no journal; the journal line below them is.
    raw = (
        "Antidepressant effects of\nketamine in depressed patients\n\n"
        "Berman RM, Cappiello A, Anand A, Oren DA,\nHeninger GR, Charney DS, Krystal JH\n"
        "Abraham Ribicoff Center\nClinical Neuroscience Research Unit\nConnecticut Mental Health Center,\n"
        "New Haven, USA.\nBiol Psychiatry 2000 Feb 15; 47(4):351-4"
    )
    result = check(raw)

    assert_identified(result, "berman2000")
    assert (result.parsed.container_title, result.parsed.volume, result.parsed.pages) == ("Biol Psychiatry", "47", "351-4")


def test_pubmeds_header_with_full_names_family_first_and_an_affiliation_is_read_without_a_title():
    # As printed (a copy of krupitsky2007's PubMed page, bench/real_references batch 39): the
    # names family first, the affiliation below them (not the title), then the journal line.
    raw = (
        "Krupitsky Evgeny M, Burakov Andrei M, Dunaevsky Igor V, Romanova Tatyana N, Slavina Tatyana Y, "
        "Grinenko Alexander Y\nResearch Laboratory, St. Petersburg Regional Center of Addictions and "
        "Psychopharmacology, St. Petersburg State Pavlov Medical University, St. Petersburg, Russia.\n"
        "J Psychoactive Drugs. 2007 Mar;39(1):13-9. doi: 10.1080/02791072.2007.10399860."
    )
    result = check(raw)

    assert_identified(result, "krupitsky2007")
    assert result.status == "verified", result.reason
    assert result.parsed.title is None
    assert result.parsed.authors[:2] == (("Krupitsky", "EM"), ("Burakov", "AM"))


def test_a_header_title_naming_a_department_is_still_its_title():
    raw = (
        "Smith John A, Jones Mary B, Brown Peter C\n"
        "Ketamine in the Emergency Department, the Clinic, and the Ward\nAm J Emerg Med. 2015;33(2):100-5."
    )
    result = check(raw)

    assert result.parsed.title == "Ketamine in the Emergency Department, the Clinic, and the Ward"


def test_a_json_record_with_its_title_translated_is_the_work_its_doi_names():
    # As printed in a Chinese mirror's page source (bench/real_references): the title in
    # Chinese, the authors and the DOI as published. The title is a translation, reported as
    # written differently; it is no sign that the DOI names another work.
    raw = (
        '{"title":"氯胺酮治疗酒精使用障碍患者的安全性和有效性:一项系统综述","authors":"Bhagwat Singh Rathore, '
        'Swarndeep Singh, Manushree Gupta, Pankaj Verma","doi":"10.1080/00952990.2025.2535559"'
    )
    result = check(raw)

    assert (result.status, key_of(result)) == ("metadata_mismatch", "rathore2025"), result.reason
    assert fields_of(result) == ["title"]
    assert "in another script: a translation of the title, perhaps" in result.reason
    assert result.parsed.authors[0] == ("Rathore", "BS")


def test_another_years_edition_of_a_report_series_is_another_work():
    # As printed: SAMHSA's report on the 2021 survey, where the library holds the one on 2020
    # (samhsa2021). The same author and title but for the year: not the library's report.
    raw = (
        "Substance Abuse and Mental Health Services Administration. (2022). Key substance use and mental "
        "health indicators\nin the United States: Results from the 2021 National Survey on Drug Use and "
        "Health (HHS Publication No.\nPEP22-07-01-005, NSDUH Series H-57). Center for Behavioral Health "
        "Statistics and Quality, Substance Abuse and\nMental Health Services Administration. "
        "https://www.samhsa.gov/data/report/2021-nsduh-annual-national-report"
    )
    result = check(raw)

    assert result.status == "not_found", result.reason


def test_a_ris_record_is_read_by_its_tags_with_a_subtitle_under_t2():
    # In the layout of a real Pure "Cite this" RIS export (bench/real_references), written
    # from ezquerra2018's record: the subtitle under T2, where RIS puts the journal.
    raw = (
        "TY - JOUR\nT1 - Ketamine for the treatment of addiction\nT2 - Evidence and potential mechanisms\n"
        "AU - Ezquerra-Romano, Ivan I.\nAU - Lawn, Will\nAU - Krupitsky, Evgeny\nAU - Morgan, Celia J. A.\n"
        "PY - 2018/9/1\nJO - Neuropharmacology\nVL - 142\nSP - 72\nEP - 82"
    )
    result = check(raw)

    assert_identified(result, "ezquerra2018")
    assert result.parsed.title == "Ketamine for the treatment of addiction: Evidence and potential mechanisms"
    assert [family for family, _ in result.parsed.authors] == ["Ezquerra-Romano", "Lawn", "Krupitsky", "Morgan"]
    assert (result.parsed.container_title, result.parsed.year, result.parsed.volume, result.parsed.pages) == (
        "Neuropharmacology", 2018, "142", "72-82",
    )  # fmt: skip


def test_a_ris_record_with_the_journal_under_t2_keeps_it_as_the_journal():
    raw = (
        "TY  - JOUR\nTI  - The effects of subanesthetic ketamine infusions on motivation to quit and cue-induced "
        "craving in cocaine-dependent research volunteers\nT2  - Biological Psychiatry\nAU  - Dakwar, E.\n"
        "AU  - Levin, F.\nAU  - Foltin, R. W.\nAU  - Nunes, E. V.\nAU  - Hart, C. L.\nPY  - 2014\nVL  - 76\n"
        "IS  - 1\nSP  - 40\nEP  - 46"
    )
    result = check(raw)

    assert_identified(result, "dakwar2014")
    assert result.parsed.container_title == "Biological Psychiatry"


def test_a_labelled_list_of_full_names_given_name_first_is_read_as_authors():
    # In the layout of a real index page ("Authors: Sinead Savage, Daqing Ma"), written from
    # worrell2021's record; and a Spanish catalogue's "Autores principales", family names
    # first, its language and format no journal.
    parsed = parse_reference(
        "Therapeutic potential of ketamine for alcohol use disorder\nJournal: Neuroscience and Biobehavioral "
        "Reviews, 2021, p. 573-589\nPublisher: Elsevier BV\nAuthors: Sean D. Worrell, Thomas J. Gould"
    )
    assert parsed.authors == (("Worrell", "SD"), ("Gould", "TJ"))

    catalogue = parse_reference(
        "Detalles Bibliográficos\nAutores principales: Worrell, Sean D., Gould, Thomas J.\n"
        "Formato: Online Artículo Texto\nLenguaje:English\nPublicado: Elsevier BV 2021"
    )
    assert (catalogue.authors, catalogue.year, catalogue.container_title) == (
        (("Worrell", "SD"), ("Gould", "TJ")), 2021, None,
    )  # fmt: skip


def test_a_journal_with_its_year_volume_and_pages_in_brackets_is_read():
    # As printed in a German news item (the closing bracket cut off where a second study's
    # pages followed), the numbers of a real ross2016 citation; here dakwar2014's.
    parsed = parse_reference("Biological Psychiatry (2014; 76: 40-46")

    assert (parsed.container_title, parsed.year, parsed.volume, parsed.pages) == ("Biological Psychiatry", 2014, "76", "40-46")
    assert key_of(check("Biological Psychiatry (2014; 76(1): 40-46)")) == "dakwar2014"


@pytest.mark.parametrize(
    "raw",
    [
        # As printed: German, Swiss German and English sentences crediting unnamed research,
        # and a trade paper named alone.
        "Neuere Studien berichten von guten Ergebnissen mit Ketamin bei therapieresistenten Depressionen.",
        "Recent evidence positions ketamine-assisted psychotherapy (KAP) as a promising intervention for "
        "treatment-resistant addiction.",
        "There are currently clinical trials of MDMA and psilocybin that are ongoing and quite positive.",
        "Das Mittel wirke «schnell und anhaltend», jubelte die Fachzeitung «Medical Tribune» vor drei Jahren.",
    ],
)
def test_sentences_crediting_unnamed_research_in_english_or_german_are_anonymous(raw):
    assert check(raw).status == "anonymous"


def test_a_title_with_a_summary_glued_to_it_is_read_as_the_title():
    # As printed on a page listing papers, the summary run into the title without a space.
    raw = (
        "Adjunctive Ketamine With Relapse Prevention–Based Psychological Therapy in the Treatment of Alcohol "
        "Use DisorderThis double-blind placebo-controlled trial (n=96)"
    )
    result = check(raw)

    assert_identified(result, "grabski2022")
    assert result.parsed.title.endswith("Alcohol Use Disorder")


@pytest.mark.parametrize(
    "raw",
    [
        # As printed: an article's sentences with their citation markers, a superscript
        # copied inline and PubMed Central's spaced numbers.
        "Traditionally, these patients were kept under sedation in the early phase to prevent the secondary insult.1,2",
        "Depression affects one in eight persons in the United States ( 1 ) and is projected to become the second "
        "leading cause of disability in the world by the year 2020 ( 2 ).",
    ],
)
def test_a_sentence_with_its_citation_markers_inline_is_anonymous(raw):
    result = check(raw)

    assert result.status == "anonymous", result.reason
    assert "citation marker" in result.reason


def test_a_volume_at_the_end_of_a_reference_is_no_citation_marker():
    # A reference ending "vol.7" or "no.4" keeps its number: it is no superscript marker.
    for raw in (
        "Krupitsky E, Burakov A. Ketamine psychotherapy for heroin addiction, J Subst Abuse Treat, vol.23",
        "Krupitsky E, Burakov A. Ketamine psychotherapy for heroin addiction, J Subst Abuse Treat, no.4",
    ):
        assert check(raw).status != "anonymous", raw


def test_a_heading_naming_the_first_author_year_and_place_in_brackets_is_identified_by_them():
    # As printed (a trial page's heading): the title paraphrased, the work named in brackets.
    result = check(
        "Ketamine Psychotherapy for Heroin Addiction: Double-Blind Dose-Comparison RCT "
        "(Krupitsky 2002, Leningrad Regional Centre of Addictions)"
    )

    assert_identified(result, "krupitsky2002")
    assert (result.parsed.authors[0][0], result.parsed.year) == ("Krupitsky", 2002)


def test_a_labelled_first_author_in_vancouver_form_is_read_family_name_first():
    # A study table's labelled fields, written from zarate2006's and berman2000's records:
    # "Zarate CA Jr" is Zarate, not a Mr Jr with the initials ZC.
    result = check("First Author: Zarate CA Jr\n   Year: 2006\n   Journal: Arch Gen Psychiatry")

    assert result.parsed.authors == (("Zarate", "CA"),)
    assert_identified(result, "zarate2006")

    parsed = parse_reference("Authors: Berman RM, Cappiello A\nYear: 2000\nJournal: Biol Psychiatry")
    assert parsed.authors == (("Berman", "RM"), ("Cappiello", "A"))


def test_a_study_listed_in_a_pages_source_code_is_read_by_its_quoted_fields():
    # As a site's data file lists a study (a label alone on its line labels the next),
    # written from zarate2006's record.
    raw = (
        'title:\n        "A Randomized Trial of an N-methyl-D-aspartate Antagonist in Treatment-Resistant '
        'Major Depression",\n      authors: "Zarate CA Jr, Singh JB",\n      journal: "Archives of General '
        'Psychiatry",\n      year: 2006,'
    )
    result = check(raw)

    assert result.parsed.title.startswith("A Randomized Trial of an N-methyl-D-aspartate Antagonist")
    assert result.parsed.authors[0] == ("Zarate", "CA")
    assert result.parsed.container_title == "Archives of General Psychiatry"
    assert_identified(result, "zarate2006")
