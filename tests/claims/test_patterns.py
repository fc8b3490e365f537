import re

from claims.assessment.facts import routes_named
from claims.assessment.patterns import Family

WORDS = {"craving": r"\bcravings?\b", "relapse": r"\brelaps\w*", "use": r"\bdrinking\b"}


def test_a_family_names_what_each_of_its_patterns_finds():
    family = Family(WORDS)
    text = "Fewer cravings and no relapses; Drinking fell."
    assert family.named_in(text) == {"craving", "relapse", "use"}
    assert family.named_in(text) == {
        name for name, pattern in WORDS.items() if re.search(pattern, text, re.IGNORECASE)
    }
    assert family.named_in("Ketamine was well tolerated.") == frozenset()


def test_a_family_gives_each_match_pattern_by_pattern():
    family = Family(WORDS)
    found = [(name, m.group(0)) for name, m in family.matches("relapse, craving, cravings")]
    assert found == [("craving", "craving"), ("craving", "cravings"), ("relapse", "relapse")]
    assert list(family.matches("nothing here")) == []


def test_an_abbreviation_counts_only_in_capitals_while_words_count_in_any_case():
    assert routes_named("given IV over 40 minutes") == {"intravenous"}
    assert routes_named("Stage iv cancer") == set()
    assert routes_named("INTRANASAL esketamine and an Intramuscular dose") == {
        "intranasal",
        "intramuscular",
    }


def test_a_pattern_for_lower_case_text_keeps_its_escapes_and_group_names():
    from claims.assessment.patterns import lower_pattern

    assert lower_pattern(r"\bRCTs?\B\S\W\D(?P<Unit>Weeks)(?P=Unit)") == r"\brcts?\B\S\W\D(?P<Unit>weeks)(?P=Unit)"


def test_a_pattern_with_inline_flags_is_refused_for_lower_case_text():
    import pytest

    from claims.assessment.patterns import CaseFree

    with pytest.raises(ValueError, match="inline flags"):
        CaseFree(r"\bIV\b|(?i:infusion)")


def test_a_case_free_pattern_finds_words_in_any_case_at_their_places_in_the_text():
    from claims.assessment.patterns import CaseFree

    pattern = CaseFree(r"\b(?P<n>\d+)\s+Weeks\b")
    found = pattern.search("After 12 WEEKS of treatment")
    assert (found.span(), found.group("n")) == ((6, 14), "12")
    # "İ" is two characters in lower case: positions in the lower-case text would not be
    # those of the text, so the pattern is searched as written.
    text = "İstanbul: 12 weeks"
    assert len(text.lower()) != len(text)
    found = pattern.search(text)
    assert text[found.start() : found.end()] == "12 weeks"
