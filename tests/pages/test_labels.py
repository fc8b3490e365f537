"""The claims page's filters for choice labels and short quotes give what Django's own
get_FOO_display and truncatechars give."""

import pytest
from django.template.defaultfilters import truncatechars

from claims import constants as c
from claims.models import Claim, Flag
from core.templatetags.labels import label, shorten


@pytest.mark.parametrize("value", [value for value, _ in c.VERDICTS])
def test_a_label_is_the_choice_display(value):
    claim = Claim(verdict=value)
    assert label(claim, "verdict") == claim.get_verdict_display()


def test_a_label_reads_the_words_a_reader_sees():
    assert label(Claim(verdict="partly_supported"), "verdict") == "Partly supported"
    assert shorten("Ketamine cut relapse.", 8) == "Ketamin…"


def test_a_flag_code_label_is_its_display():
    flag = Flag(code=c.FLAG_CODES[0][0])
    assert label(flag, "code") == flag.get_code_display()


def test_a_value_outside_the_choices_is_shown_as_it_is():
    claim = Claim(verdict="no_such_verdict")
    assert label(claim, "verdict") == claim.get_verdict_display() == "no_such_verdict"


@pytest.mark.parametrize("text", ["", "Short quote.", "x" * 300, "y" * 301, "Ketamine " * 60])
def test_a_quote_is_shortened_as_truncatechars_shortens_it(text):
    assert shorten(text, 300) == truncatechars(text, 300)
