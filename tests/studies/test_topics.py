import json
from pathlib import Path

import pytest

from studies.library.topics import MIN_SIGNIFICANT_WORDS, classify_topic

LIBRARY = Path(__file__).resolve().parents[2] / "corpus" / "library.json"


@pytest.mark.parametrize(
    ("title", "abstract", "expected"),
    [
        ("Ketamine psychotherapy for heroin addiction: immediate effects and two-year follow-up", "", (True, True)),
        ("Antidepressant effects of ketamine in depressed patients", "", (True, False)),
        ("Childcare as a social determinant of access to healthcare: a scoping review", "", (False, False)),
        ("Medications for Opioid Use Disorder Among Transition Age Youth", "", (False, True)),
        ("Pilot study of psilocybin treatment for anxiety", "advanced-stage cancer", (False, False)),
        ("A trial", "Esketamine reduced alcohol drinking days.", (True, True)),
    ],
)
def test_it_classifies_a_works_topic_from_title_and_abstract(title, abstract, expected):
    assert classify_topic(title=title, abstract=abstract) == expected


# Known answers: titles of works in corpus/library.json, with the topic their curated record
# gives (berman2000, flores2024, mcarthur2024, ...). A None is "the title alone cannot tell".
@pytest.mark.parametrize(
    ("key", "title", "expected"),
    [
        ("berman2000", "Antidepressant effects of ketamine in depressed patients", (True, False)),
        ("flores2024", "Medications for Opioid Use Disorder Among Transition Age Youth Compared to "
         "Adults 26 or Older in Rural Settings", (False, True)),
        ("mcarthur2024", "Childcare as a social determinant of access to healthcare: a scoping review",
         (False, False)),
        ("grob2011", "Pilot Study of Psilocybin Treatment for Anxiety in Patients With Advanced-Stage "
         "Cancer", (False, False)),
        ("jovaisa2006", "Effects of ketamine on precipitated opiate withdrawal", (True, True)),
        ("grabski2022", "Adjunctive Ketamine With Relapse Prevention-Based Psychological Therapy in the "
         "Treatment of Alcohol Use Disorder", (True, True)),
        ("dakwar2014", "The effects of subanesthetic ketamine infusions on motivation to quit and "
         "cue-induced craving in cocaine-dependent research volunteers", (True, True)),
        ("krystal1998", "Dose-related ethanol-like effects of the NMDA antagonist, ketamine, in recently "
         "detoxified alcoholics", (True, True)),
        ("rothberg2021", "Mystical-type experiences occasioned by ketamine mediate its impact on at-risk "
         "drinking: Results from a randomized, controlled trial", (True, True)),
        ("le2022", "The abuse liability of ketamine: A scoping review of preclinical and clinical "
         "studies", (True, True)),
        ("steinhauser2024", "Emergency department staff compassion is associated with lower fear of "
         "enacted stigma among patients with opioid use disorder", (False, True)),
        ("nida_overdose", "Drug Overdose Deaths: Facts and Figures", (False, True)),
        # An NMDA antagonist named by its class may or may not be ketamine (it is, here).
        ("zarate2006", "A randomized trial of an N-methyl-D-aspartate antagonist in "
         "treatment-resistant major depression", (None, False)),
        # Three significant words: too few to say "not about substance use".
        ("jhu2024", "What to Know About Ketamine", (True, None)),
        # Ketamine therapy, no condition named: a review of treating alcoholism, in fact.
        ("krupitsky1997", "Ketamine Psychedelic Therapy (KPT): A Review of the Results of Ten "
         "Years of Research", (True, None)),
    ],
)
def test_titles_from_the_curated_library_get_their_known_topic(key, title, expected):
    assert classify_topic(title=title) == expected


# Words that occur in papers on depression and pain are not substance use by themselves.
# (Illustrative titles written for this test, not references to real works.)
@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Relapse of depression after a course of ketamine infusions in treatment-resistant patients", (True, False)),
        ("Intraoperative ketamine and postoperative opioid consumption after spinal fusion surgery", (True, False)),
        ("Opioid-sparing effect of low-dose ketamine in acute postoperative pain", (True, False)),
        ("Dose dependence of the antidepressant response to esketamine nasal spray", (True, False)),
        ("Withdrawal of antidepressant drug treatment and the risk of relapse in remitted patients", (False, False)),
        ("Drinking water quality and child health outcomes in rural districts", (False, False)),
        # ... but with a substance named, they are.
        ("Ketamine for alcohol withdrawal syndrome in the intensive care unit", (True, True)),
        ("Relapse to opioid use after release from prison", (False, True)),
        ("Dependence on opioids among patients treated for chronic pain", (False, True)),
        ("Esketamine and cannabis use in young adults", (True, True)),
    ],
)
def test_relapse_withdrawal_dependence_and_opioid_count_only_with_a_substance_of_use(title, expected):
    assert classify_topic(title=title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("T", (None, None)),
        ("A trial", (None, None)),
        ("Ketamine", (True, None)),
        ("Heroin", (None, True)),
        ("Ketamine in depression", (True, None)),
    ],
)
def test_a_record_too_thin_to_tell_leaves_what_it_does_not_say_unknown(title, expected):
    assert classify_topic(title=title) == expected


def test_four_significant_words_are_enough_to_say_no():
    assert MIN_SIGNIFICANT_WORDS == 4
    assert classify_topic(title="Childcare quality and early learning") == (False, False)
    assert classify_topic(title="Childcare and early learning") == (None, None)
    # The abstract and keywords count towards the words too.
    assert classify_topic(title="T", abstract="Childcare quality and early learning") == (False, False)


def test_it_does_not_read_dependence_into_independence():
    assert classify_topic(title="Independence of ketamine's antidepressant effects from dissociation") == (
        True,
        False,
    )


def test_keywords_count_as_well_as_the_title():
    assert classify_topic(title="A pilot trial", keywords=["ketamine", "cocaine"]) == (True, True)


def test_the_classifier_never_contradicts_the_curated_library():
    records = json.loads(LIBRARY.read_text(encoding="utf-8"))["records"]
    contradictions = []
    for record in records:
        known = (record["topic"]["about_ketamine"], record["topic"]["about_substance_use"])
        got = classify_topic(title=record["title"])
        for answer, truth in zip(got, known, strict=True):
            if answer is not None and truth is not None and answer != truth:
                contradictions.append(record["key"])
    # "Ketamine Psychedelic Therapy (KPT): A Review of the Results of Ten Years of Research"
    # is about treating alcoholism, which its title never says: unknown, not "no".
    assert contradictions == []
