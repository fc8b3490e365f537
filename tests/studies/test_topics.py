import pytest

from studies.topics import classify_topic


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


def test_it_does_not_read_dependence_into_independence():
    assert classify_topic(title="Independence of ketamine effects") == (True, False)


def test_keywords_count_as_well_as_the_title():
    assert classify_topic(title="A pilot trial", keywords=["ketamine", "cocaine"]) == (True, True)
