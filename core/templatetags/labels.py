"""Choice labels and short quotes for pages that show many rows."""

from functools import cache

from django import template

register = template.Library()


@cache
def _labels(model, name: str) -> dict:
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


@register.filter
def label(obj, name: str) -> str:
    """The label of a choice field's value: `{{ claim|label:"verdict" }}` is what
    `claim.get_verdict_display` gives, read from a table built once per field. Django's
    get_FOO_display flattens and hashes the field's choices on every call: five a row made
    it a tenth of the claims page's rendering."""
    value = getattr(obj, name)
    return _labels(type(obj), name).get(value, value)


@register.filter
def shorten(text: str, length: int) -> str:
    """`text` cut to `length` characters, an ellipsis last, as truncatechars cuts it; a
    text that fits is given back as it is, unread (truncatechars reads every character of
    every quote up to the limit, fitting or not)."""
    if len(text) <= length:
        return text
    return text[: length - 1] + "…"
