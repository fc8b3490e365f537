"""Small helpers shared by the public pages of both apps (no app models here, so `studies`
can use them without depending on `claims`)."""

from functools import wraps
from urllib.parse import urlsplit

from django import forms
from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.views.decorators.csrf import csrf_exempt


def read_only_page(view):
    """A page that only shows: any method but GET and HEAD is a 405 naming the ones allowed.

    Exempt from the CSRF check because it never acts on a request: without the exemption,
    the CSRF middleware answered a POST with a 403 ("CSRF verification failed") before the
    view could say that the page takes no POST at all.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            message = f"{request.method} is not allowed here: this page only shows.\n"
            return HttpResponseNotAllowed(["GET", "HEAD"], content=message, content_type="text/plain; charset=utf-8")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)


class BadQuery(Exception):
    """A query parameter the page cannot use; the message says which and why."""


def bad_request(request, message):
    """The 400 page, with the message in words (never a stack trace, never a 500)."""
    return render(request, "400.html", {"message": message}, status=400)


def form_problem(form: forms.Form) -> str:
    """One readable sentence per invalid parameter: "verdict: There is no verdict 'x'."."""
    problems = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else name
        problems.append(f"{label}: {' '.join(errors)}")
    return " ".join(problems)


def clean_filters(form_class, request) -> dict:
    """Validate the query string with `form_class`; raise BadQuery on a bad value.

    Parameters the form does not know are ignored (tracking tags and the like), so only a
    value the page would misread is an error.
    """
    form = form_class(request.GET)
    if not form.is_valid():
        raise BadQuery(form_problem(form))
    return form, form.cleaned_data


class CappedPaginator(Paginator):
    """A paginator that counts at most `cap` rows: COUNT over a million claims on every page
    view costs seconds, and "more than 10,000" tells a reader as much. `capped` says the
    count stopped there; a page past the counted ones is still served while rows remain."""

    cap = 10_000

    @cached_property
    def _counted(self):
        # Only the ids: an annotation of the list (a search's rank) is not computed to count.
        return self.object_list.order_by().values("pk")[: self.cap + 1].count()

    @property
    def count(self):
        return min(self._counted, self.cap)

    @property
    def capped(self):
        return self._counted > self.cap

    def page(self, number):
        number = int(number)
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page])
        if not rows and number > 1:
            raise EmptyPage("That page contains no results")
        return self._get_page(rows, number, self)


def paginate(queryset, *, page: int | None, per_page: int):
    """The requested page (1 by default); a page past the end is a 404, like a missing row.
    Counting stops at CappedPaginator.cap rows."""
    paginator = CappedPaginator(queryset, per_page, allow_empty_first_page=True)
    try:
        return paginator.page(page or 1)
    except EmptyPage as e:
        raise Http404(f"There is no page {page}: the list has {paginator.num_pages}.") from e


class PageField(forms.IntegerField):
    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 1_000_000)
        kwargs.setdefault("label", "Page")
        kwargs.setdefault(
            "error_messages", {"invalid": "Give a whole number of 1 or more."}
        )
        super().__init__(**kwargs)
        self.widget = forms.HiddenInput()


def safe_url(url) -> str:
    """The URL if it is a plain web address, else "": stored URLs come from articles and
    imports, and a `javascript:` link would run in the reader's browser however well the
    attribute is escaped."""
    url = (url or "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return ""
    return url if scheme in ("http", "https") else ""


class QuickSelect(forms.Select):
    """Django's <select>, written in Python. Django renders it through a template, and each
    of its options through another: a list page's filter form has a few hundred options,
    which took about a quarter of the claims page's time at a million claims. The markup is Django's own, but for the
    line breaks between the options; grouped choices are left to Django."""

    def render(self, name, value, attrs=None, renderer=None):
        choices = list(self.choices)
        if any(isinstance(label, list | tuple) for _value, label in choices):
            return super().render(name, value, attrs, renderer)
        wanted = self.format_value(value)
        options, chosen = [], False
        for option_value, option_label in choices:
            # Only the first option whose value is chosen is marked, as Django marks it.
            selected = not chosen and str(option_value) in wanted
            chosen = chosen or selected
            options.append((option_value, " selected" if selected else "", option_label))
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            _attributes(self.build_attrs(self.attrs, attrs)),
            format_html_join("", '<option value="{}"{}>{}</option>', options),
        )


def _attributes(attrs: dict) -> str:
    """A widget's attributes as Django's attrs.html writes them, in their order: False
    left out, True as the bare name."""
    return format_html_join(
        "",
        " {}{}",
        ((name, "" if value is True else format_html('="{}"', value)) for name, value in attrs.items() if value is not False),
    )


def choice_filter(*, label: str, choices, any_label: str, what: str) -> forms.ChoiceField:
    """An optional choice of a list page's filter form: `any_label` leaves it unfiltered,
    and an unknown value is refused naming `what` it should have been."""
    return forms.ChoiceField(
        required=False,
        choices=[("", any_label), *choices],
        label=label,
        error_messages=invalid_choice(what),
        widget=QuickSelect,
    )


def invalid_choice(what: str) -> dict:
    return {"invalid_choice": f"There is no {what} “%(value)s”."}
