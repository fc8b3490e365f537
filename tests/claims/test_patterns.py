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
