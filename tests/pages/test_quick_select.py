"""The filter forms' <select>, written in Python, against Django's own template-rendered one."""

import re

import pytest
from django import forms

from core.pages import QuickSelect, choice_filter

CHOICES = [("", "Any verdict"), ("supported", "Supported"), ("a<b", "Less & more “quoted”"), (3, "Three")]


def djangos(widget_class, name, value, attrs=None, choices=CHOICES):
    return widget_class(choices=choices).render(name, value, attrs=attrs)


def tags(html):
    # Django's template puts a line break and two spaces before each option; nothing else
    # differs.
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize(
    "value, attrs",
    [
        (None, {"id": "id_verdict"}),
        ("", {"id": "id_verdict"}),
        ("supported", {"id": "id_verdict"}),
        ("a<b", {"id": "id_verdict", "aria-invalid": "true"}),
        (3, {"id": "id_verdict", "disabled": True, "hidden": False}),
        ("not a choice", None),
    ],
)
def test_it_writes_the_markup_djangos_select_writes(value, attrs):
    assert tags(str(djangos(QuickSelect, "verdict", value, attrs))) == tags(
        str(djangos(forms.Select, "verdict", value, attrs))
    )


def test_it_escapes_values_and_labels():
    html = str(djangos(QuickSelect, "verdict", "a<b"))

    assert '<option value="a&lt;b" selected>Less &amp; more “quoted”</option>' in html
    assert "<b" not in html.replace("&lt;b", "")


def test_it_marks_only_the_first_option_of_a_repeated_value():
    html = str(djangos(QuickSelect, "x", "a", choices=[("a", "One"), ("a", "Again")]))

    assert html.count(" selected") == 1


def test_grouped_choices_are_left_to_django():
    grouped = [("Group", [("a", "A"), ("b", "B")]), ("c", "C")]

    assert str(djangos(QuickSelect, "x", "b", choices=grouped)) == str(
        djangos(forms.Select, "x", "b", choices=grouped)
    )
    assert "<optgroup" in str(djangos(QuickSelect, "x", "b", choices=grouped))


def test_a_filter_field_renders_bound_as_django_would():
    class Filters(forms.Form):
        verdict = choice_filter(label="Verdict", choices=CHOICES[1:], any_label="Any verdict", what="verdict")

    class Plain(forms.Form):
        verdict = forms.ChoiceField(required=False, choices=CHOICES, label="Verdict")

    for data in ({"verdict": "supported"}, {"verdict": "nonsense"}, {}):
        quick, plain = Filters(data), Plain(data)
        quick.is_valid(), plain.is_valid()

        assert tags(str(quick["verdict"])) == tags(str(plain["verdict"]))
