"""What every API resource shares: pagination, write permissions, model validation and the
history user. Lives in `studies` so that `claims` can use it without a reverse dependency.
"""

import base64
import copy
import datetime
import json
import re

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.paginator import Paginator as DjangoPaginator
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import F, Q
from django.template import loader
from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema_field
from rest_framework import filters, pagination, serializers, views
from rest_framework.exceptions import APIException, NotFound, ParseError
from rest_framework.fields import SkipField, is_simple_callable
from rest_framework.relations import ManyRelatedField, PKOnlyObject, RelatedField
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

from core import errors as errors_module

# The longest `?search=`, as the pages' search boxes take: a thousand words made SQLite's
# expression tree too deep (a 500), and took PostgreSQL seconds before that.
MAX_SEARCH_CHARS = 200


class IdsFirstPaginator(DjangoPaginator):
    """A page read in two steps: the ids of the page, in the list's order (an index-only
    walk where an index serves the order), then the page's rows by id. A deep page's OFFSET
    then skips index entries, not whole rows (with their text and search vectors): page
    1,800 of 100,000 studies took 282 ms read directly. A page past the middle is read
    from the end (see `page`)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom > self.count - top:
            # Past the middle, the page is read from the end, in the reverse order (exact:
            # every list's order ends with the id), skipping fewer entries: the last pages
            # cost what the first do, and the middle one is the deepest.
            ids = list(self.object_list.reverse().values_list("pk", flat=True)[self.count - top : self.count - bottom])
            ids.reverse()
        else:
            ids = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        rows = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)


class PageSizeParameter:
    """`?page_size=` for both paginations: a whole number from 1, where one past
    `max_page_size` gives the largest pages (as DRF documents) and an empty value the
    default. Anything else is a 400 naming it: DRF gave the default size without a word."""

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param, "").strip()
        if not text:
            return self.page_size
        digits = text.lstrip("0")
        if not _whole_number(text) or not digits:
            raise serializers.ValidationError(
                {
                    self.page_size_query_param: [
                        f"Enter a whole number from 1 (a page holds at most {self.max_page_size} rows)."
                    ]
                }
            )
        # Longer than the largest size's digits is larger: int() refuses 4,301 digits.
        if len(digits) > len(str(self.max_page_size)):
            return self.max_page_size
        return min(int(digits), self.max_page_size)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Rows per page, {self.page_size} unless given; a number past "
                    f"{self.max_page_size} gives pages of {self.max_page_size}."
                )
        return parameters


class PageNumberPagination(PageSizeParameter, pagination.PageNumberPagination):
    """For the tables whose clients want a total and numbered pages: articles and outcomes,
    which stay small, and studies, whose natural order (newest first, unknown years last)
    starts with a nullable field that a cursor cannot page through (see below); the library
    is thousands of works, not millions. Page-number pagination counts the filtered table on
    every request (measured 2-2.6x slower at 100k rows than at 1k) and deep pages cost
    more, so these stay the small tables and the page size is capped."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class CursorPagination(PageSizeParameter, pagination.CursorPagination):
    """For the lists that grow with every article ingested (claims, citations, links,
    flags): no COUNT(*), and with the default ordering by id (the primary key's index) page
    1000 costs what page 1 costs. Clients follow `next` (and `previous`).

    The cursor holds the whole sort key of the row it starts from, the id last: a page is
    the rows after that key (or, going back, before it). DRF's own cursor holds the first
    field only and counts rows that tie on it by offset, which fails where many rows share
    a value (`?ordering=verdict`): offsets stop at 1,000, and its `previous` from a last
    page shorter than the others skipped rows. These resources only allow ordering by
    non-null fields: a NULL compares as nothing."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "id"

    def get_ordering(self, request, queryset, view):
        # The id last, in the first field's direction, makes every row's key unique.
        ordering = tuple(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering = (*ordering, "-id" if ordering[0].startswith("-") else "id")
        return ordering

    def paginate_queryset(self, queryset, request, view=None):
        self.page_size = self.get_page_size(request)
        if not self.page_size:
            return None
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.ordering = self.get_ordering(request, queryset, view)
        self.fields = [name.lstrip("-") for name in self.ordering]
        start, reverse = self._read_cursor(request, queryset.model)
        order = [_flipped(name) for name in self.ordering] if reverse else list(self.ordering)
        if start is not None:
            queryset = queryset.filter(self._beyond(start, reverse=reverse))
        rows = list(queryset.order_by(*order)[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
        # A page reached from a cursor has rows on the side it came from.
        self.has_next = more if not reverse else True
        self.has_previous = more if reverse else start is not None
        self.page = rows
        return rows

    def get_next_link(self):
        if not self.has_next or not self.page:
            return None
        return self._link(self.page[-1], reverse=False)

    def get_previous_link(self):
        if not self.has_previous or not self.page:
            return None
        return self._link(self.page[0], reverse=True)

    def _key(self, row) -> list:
        # Some lists read their rows as dicts (`.values()`), others as model instances.
        if isinstance(row, dict):
            return [_position_text(row[name]) for name in self.fields]
        return [_position_text(getattr(row, name)) for name in self.fields]

    def _link(self, row, *, reverse: bool) -> str:
        data = json.dumps(
            {"k": self._key(row), "r": int(reverse), "o": ",".join(self.ordering)}, separators=(",", ":")
        )
        encoded = base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def _read_cursor(self, request, model):
        """(the sort key to start after, backwards?) from the request's cursor; (None,
        False) without one. A cursor is only ever one this API wrote: anything else, or one
        written for another ordering, is a 404."""
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return None, False
        try:
            padded = encoded + "=" * (-len(encoded) % 4)
            data = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
            key, reverse = data["k"], data["r"]
            if reverse not in (0, 1) or not isinstance(key, list) or len(key) != len(self.fields):
                raise ValueError("not a cursor of this list")
            # Its key's fields are those of the ordering it was written for: read under
            # another ("?ordering=-start" then "verdict") they would be compared with others.
            if data.get("o") != ",".join(self.ordering):
                raise ValueError("a cursor of another ordering")
            values = [
                model._meta.get_field(name).to_python(text) for name, text in zip(self.fields, key, strict=True)
            ]
            if any(value is None for value in values):
                raise ValueError("a cursor has no empty position")
            if any(isinstance(value, int) and not -(2**63) <= value < 2**63 for value in values):
                raise ValueError("a number no column holds")  # SQLite would raise OverflowError
            for value in values:
                if isinstance(value, datetime.datetime) and value.tzinfo is not None:
                    # "0001-01-01T00:00:00+01:00" is before year 1 in UTC, where the database
                    # keeps times: an OverflowError here, not a 500 there.
                    value.astimezone(datetime.UTC)
        except (
            ValueError, TypeError, KeyError, UnicodeError, OverflowError, DjangoValidationError, FieldDoesNotExist,
        ):  # fmt: skip
            raise NotFound(self.invalid_cursor_message) from None
        return values, bool(reverse)

    def _beyond(self, values, *, reverse: bool) -> Q:
        """The rows after the key `values` in the list's order (before it, going back): for
        the first field that differs, greater (or, where the field descends, smaller)."""
        condition = Q()
        for k, name in enumerate(self.ordering):
            descending = name.startswith("-") != reverse
            field = name.lstrip("-")
            equal = {self.fields[j]: values[j] for j in range(k)}
            condition |= Q(**equal, **{f"{field}__{'lt' if descending else 'gt'}": values[k]})
        return condition


def _flipped(name: str) -> str:
    return name[1:] if name.startswith("-") else f"-{name}"


def _position_text(value) -> str:
    """A sort key's value as the cursor keeps it, read back by the field's to_python."""
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


class OrderingFilter(filters.OrderingFilter):
    """Orders with unknown values (NULL) last in both directions, as readers expect ("largest
    N first" should not open with the studies whose N is unknown) and as PostgreSQL and
    SQLite would otherwise disagree: PostgreSQL puts NULLs first when descending; ties
    broken by id, in the direction of the first field."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        # DRF drops the fields it does not allow without a word, and the client gets a list
        # in an order it did not ask for: an unknown field is a 400, as an unknown filter
        # value is. (Empty terms, as in "year,", are still ignored.)
        valid = super().remove_invalid_fields(queryset, fields, view, request)
        unknown = [term for term in fields if term and term not in valid]
        if unknown:
            allowed = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
            raise serializers.ValidationError(
                {
                    self.ordering_param: [
                        f"Unknown ordering field {', '.join(map(repr, unknown))}: allowed are "
                        f"{', '.join(allowed)}, each with a leading - for descending order."
                    ]
                }
            )
        return valid

    def get_schema_operation_parameters(self, view):
        # DRF documents `ordering` as any string; a client (and a schema fuzzer) should see
        # the fields this list sorts by, each either way, as a comma-separated list.
        fields = getattr(view, "ordering_fields", self.ordering_fields)
        if not isinstance(fields, (list, tuple)):
            return super().get_schema_operation_parameters(view)
        fields = [item if isinstance(item, str) else item[0] for item in fields]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Fields to sort by, comma-separated; a leading - sorts descending. "
                f"Ties are broken by id. Allowed: {', '.join(fields)}.",
                "style": "form",
                "explode": False,
                "schema": {
                    "type": "array",
                    "items": {"type": "string", "enum": [v for name in fields for v in (name, f"-{name}")]},
                },
            }
        ]

    def filter_queryset(self, request, queryset, view):
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        expressions = []
        for field in ordering:
            if not isinstance(field, str):
                expressions.append(field)
                continue
            name = field.lstrip("-")
            # Only a column that may be empty says where its NULLs go: on one that may not,
            # PostgreSQL would sort by "DESC NULLS LAST" rather than walk its index backwards.
            nulls_last = True if _nullable(queryset.model, name) else None
            if field.startswith("-"):
                expressions.append(F(name).desc(nulls_last=nulls_last))
            else:
                expressions.append(F(name).asc(nulls_last=nulls_last))
        if not any(isinstance(f, str) and f.lstrip("-") in ("id", "pk") for f in ordering):
            # Rows that tie (two studies of N=10) come back in any order, and a page could
            # repeat one and skip another: the id settles ties, in the same order every time,
            # in the first field's direction, so that an index on (field, id) serves it.
            first = ordering[0]
            descending = first.startswith("-") if isinstance(first, str) else getattr(first, "descending", False)
            expressions.append(F("pk").desc() if descending else F("pk").asc())
        return queryset.order_by(*expressions)


def _nullable(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).null
    except FieldDoesNotExist:
        return True


class SearchFilter(filters.SearchFilter):
    """`?search=` through the model's own search function where the view names one
    (`search_function`, e.g. claims.selectors.search_claims), so that the API finds what the
    pages find: full text on PostgreSQL (stemming, "phrases", -exclusions, the GIN-indexed
    stored vector), substrings on SQLite. Views without one keep DRF's `search_fields`.

    The list keeps its own order (its `ordering`, or the view's default): clients page
    through it, and a cursor cannot page by rank. The pages show the best matches first.
    """

    def filter_queryset(self, request, queryset, view):
        query = request.query_params.get(self.search_param, "")
        if "\x00" in query:
            # NUL cannot reach PostgreSQL in a string. Every list says so alike, naming the
            # parameter, as for any other bad filter value.
            raise serializers.ValidationError({self.search_param: ["Null characters are not allowed."]})
        if len(query) > MAX_SEARCH_CHARS:
            raise serializers.ValidationError(
                {self.search_param: [f"At most {MAX_SEARCH_CHARS} characters (this is {len(query)})."]}
            )
        search = getattr(view, "search_function", None)
        if search is None:
            return super().filter_queryset(request, queryset, view)
        query = query.strip()
        if not query:
            return queryset
        found = search(query=query, queryset=queryset)
        # The search may have ordered by rank; put back the order the list had, its
        # model's default one included.
        if queryset.query.order_by or not queryset.query.default_ordering:
            return found.order_by(*queryset.query.order_by)
        return found.order_by(*queryset.model._meta.ordering)

    def to_html(self, request, queryset, view):
        # The browsable API's search box, which DRF shows only for views with search_fields.
        if getattr(view, "search_function", None) is None:
            return super().to_html(request, queryset, view)
        context = {"param": self.search_param, "term": request.query_params.get(self.search_param, "")}
        return loader.get_template(self.template).render(context)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        if getattr(view, "search_function", None) is not None:
            parameters[0]["description"] = (
                'Words to look for; "a phrase" keeps words together, -word leaves out, '
                "OR gives either."
            )
        return parameters


def history_user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def _valid(choices) -> str:
    return ", ".join(str(key) for key in choices)


class ListingChoiceField(serializers.ChoiceField):
    """A choice whose error lists the valid values: a client should not have to read the
    schema to learn what it may send."""

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        try:
            return self.choice_strings_to_values[str(data)]
        except KeyError:
            raise serializers.ValidationError(
                f"{data!r} is not a valid choice; valid: {_valid(self.choices)}."
            ) from None


class ListingSlugRelatedField(serializers.SlugRelatedField):
    """A row named by its code (a substance), whose error lists the codes there are."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError:
            codes = self.get_queryset().order_by(self.slug_field).values_list(self.slug_field, flat=True)
            raise serializers.ValidationError(
                f"{data!r} is not a valid {self.slug_field}; valid: {_valid(codes)}."
            ) from None


class ChoicesListedFilterSet(django_filters.FilterSet):
    """A filter set whose invalid-choice errors list the valid values, and for which an empty
    value (`?verdict=`, as a form with a blank field sends) means no filter, for every kind
    of filter alike: django-filter skipped an empty id, number, text or boolean but refused
    an empty value of a multiple-choice filter."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and hasattr(data, "getlist"):
            kept = data.copy()
            for name in list(kept):
                values = [value for value in kept.getlist(name) if value != ""]
                if values:
                    kept.setlist(name, values)
                else:
                    del kept[name]
            data = kept
        super().__init__(data, *args, **kwargs)

    @property
    def form(self):
        form = super().form
        for field in form.fields.values():
            if isinstance(field, forms.ChoiceField) and not getattr(field, "_listed", False):
                valid = _valid(key for key, _label in field.choices if key != "")
                field.error_messages["invalid_choice"] = (
                    f"Select a valid choice. %(value)r is not one of the available choices: {valid}."
                )
                field._listed = True
        return form


class PreconditionFailed(APIException):
    status_code = 412
    default_code = "precondition_failed"


def expected_version(request) -> int | None:
    """The version a client's change starts from: the If-Match header (the ETag it read,
    "7") or `version` in the body; None when it gives neither (no check).

    If-Match compares strongly (RFC 9110): a weak tag (W/"7") matches no version, so the
    change is refused with 412. The API gives strong ETags only (ETagMixin). Errors name the
    field with a list of messages, as DRF names every other field's."""
    if request is None:
        return None
    header = (request.headers.get("If-Match") or "").strip()
    if header and header != "*":
        if header.startswith("W/"):
            raise PreconditionFailed(
                f"{header!r} is a weak tag, and If-Match compares strongly: a weak tag matches "
                f"no version. Send the ETag as the API gave it ({header[2:]}); nothing was saved."
            )
        digits = header.strip('"')
        if not _whole_number(digits):
            raise serializers.ValidationError({"If-Match": [f"{header!r} is not a version this API gave."]})
        return int(digits)
    body = request.data.get("version") if hasattr(request.data, "get") else None
    if body in (None, ""):
        return None
    # A count, as the API gave it: not true, 1.9 or 1e400 (JSON reads those as a bool and
    # floats, which int() would take as 1, 1 and an error).
    if isinstance(body, int) and not isinstance(body, bool):
        return body
    if isinstance(body, str) and _whole_number(body.strip()):
        return int(body.strip())
    raise serializers.ValidationError({"version": [f"{body!r} is not a version number."]})


def _whole_number(text: str) -> bool:
    # str.isdigit() also takes "²" and other digits int() refuses.
    return text.isascii() and text.isdigit()


class ETagMixin:
    """A single resource's answer carries its version as an ETag; a client sends it back in
    If-Match to change or delete the resource, and gets 412 if another editor changed it."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            getattr(self, "action", None) in ("retrieve", "create", "update", "partial_update", "override")
            and isinstance(data, dict)
            and isinstance(data.get("version"), int)
            and response.status_code < 300
        ):
            response["ETag"] = f'"{data["version"]}"'
        return response


_BOUNDS = {MinValueValidator: "min_value", MaxValueValidator: "max_value"}


class EditorWriteSerializer(serializers.ModelSerializer):
    """Reads an editor's request; the row is written by an editor service, called from the
    subclass's `create` and `update`. The service validates the row as the model does, and
    its refusals come back as 400s naming the field (`exception_handler`).

    The editor is passed to the service for history: a token-authenticated request is only
    authenticated inside DRF, where simple_history's middleware does not see it."""

    serializer_choice_field = ListingChoiceField

    def get_fields(self):
        fields = super().get_fields()
        described_as_stored(fields, getattr(getattr(self, "Meta", None), "model", None))
        return fields

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        # DRF reads the model's MinValueValidator and MaxValueValidator as the field's
        # min_value and max_value (the schema's bounds) and drops their messages: a bound
        # the model words itself ("Year must be between 1600 and 2100.") keeps its words.
        for validator in model_field.validators:
            key = _BOUNDS.get(type(validator))
            if key in field_kwargs and validator.message != type(validator).message:
                field_kwargs.setdefault("error_messages", {})[key] = validator.message
        return field_class, field_kwargs

    @property
    def user(self):
        return history_user(self.context.get("request"))

    @property
    def version(self) -> int | None:
        return expected_version(self.context.get("request"))


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0, yes/no); anything else is an error, where Django's form field
    would read "perhaps" as "no filter" and answer with the whole table."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        text = str(value).strip().lower()
        if text in ("true", "1", "yes"):
            return True
        if text in ("false", "0", "no"):
            return False
        raise DjangoValidationError("Enter true or false.", code="invalid")

    def validate(self, value):
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


# The largest key the databases hold (a 64-bit signed integer, BigAutoField).
MAX_ID = 2**63 - 1


class WholeNumberFilter(django_filters.NumberFilter):
    """Filters by a whole number from `min_value` to `max_value`; anything else is a 400
    naming the filter. django-filter's NumberFilter reads a decimal, which the query then
    rounds: `?year=2019.5` was 2019 and `1e3` the year 1000. Bounded, too: a number past
    what the database holds went to its driver, which cannot convert it (a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, min_value: int, max_value: int, **kwargs):
        super().__init__(*args, min_value=min_value, max_value=max_value, **kwargs)
        # The schema says integer, with the bounds and this filter's label (drf-spectacular
        # would say "number", and drops the label of a class-wide override).
        schema = {"type": "integer", "format": "int64"} if max_value >= 2**31 else {"type": "integer"}
        schema.update(minimum=min_value, maximum=max_value)
        if self.label:
            schema["description"] = str(self.label)
        extend_schema_field(schema)(self)

    def get_max_validator(self):
        return None  # bounded by its own min_value and max_value


class IdFilter(WholeNumberFilter):
    """Filters by a row's id (`?article=12`): a whole number from 1 to MAX_ID."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """A resource's own URL (`api_url`), by primary key.

    reverse() runs once per field, that is once per request and nesting level; each row then
    only puts its pk into that URL. In a page of 100 claims with their links, citations and
    studies, calling reverse() per row was the largest single cost of the response
    (bench/bench_api.py). Fields are copied for each serializer instance, so the cached URL
    never outlives its request.
    """

    SENTINEL = "987654321"
    # `/api/claims/1.json` links to `/api/claims/2.json`, as DRF's own links do.
    keeps_format = True

    def to_representation(self, value):
        # A row is a model instance, or a dict where a list was read as plain data.
        pk = value["id"] if isinstance(value, dict) else value.pk
        if pk in (None, ""):
            return None
        parts = self.__dict__.get("_url_parts")
        if parts is None:
            url = self.reverse(
                self.view_name,
                kwargs={self.lookup_url_kwarg: self.SENTINEL},
                request=self.context.get("request"),
                format=self.context.get("format") if self.keeps_format else None,
            )
            parts = self._url_parts = url.split(self.SENTINEL, 1)
        return f"{parts[0]}{pk}{parts[1]}"


# Field types whose representation of a value read from the database is the value itself
# (DRF's to_representation would only call str(), int(), float() or bool() on it again).
_IDENTITY_FIELDS = (
    serializers.CharField,
    serializers.IntegerField,
    serializers.FloatField,
    serializers.BooleanField,
    serializers.ChoiceField,
    serializers.JSONField,
    serializers.ReadOnlyField,
)


class PageUrlField(ApiUrlField):
    """The address of the resource's web page (`page_url`), for a client that links a reader
    to it; built as `api_url` is, once per request."""

    # A page has no `.json` form: asked with the API's format suffix, reversing its URL with
    # one failed (NoReverseMatch, a 500 after a write had been saved).
    keeps_format = False


class SummaryRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to another resource, in the API's one style: read as that resource's
    summary (`summary`, a serializer with its `id` and `api_url`), written as its id.

    The schema says so for each direction (SummaryRelatedFieldExtension)."""

    def __init__(self, *, summary, **kwargs):
        self.summary = summary
        super().__init__(**kwargs)

    def use_pk_only_optimization(self):
        return False

    def to_representation(self, value):
        return self.summary(value, context=self.context).data


class SummaryRelatedFieldExtension(OpenApiSerializerFieldExtension):
    target_class = SummaryRelatedField

    def map_serializer_field(self, auto_schema, direction):
        if direction == "request":
            return build_basic_type(OpenApiTypes.INT)
        return auto_schema.resolve_serializer(self.target.summary, direction).ref



def described_as_stored(fields, model) -> None:
    """Read-only fields as the model stores them, for the schema: DRF drops `allow_blank` and
    `allow_null` from read-only fields, so that a blank choice or a null read back would
    violate the published enum or type."""
    if model is None:
        return
    stored = {f.name: f for f in model._meta.concrete_fields}
    for name, field in fields.items():
        # Not bound yet: a field's source is its name unless it says otherwise.
        source = field.source or name
        column = stored.get(source) if isinstance(source, str) else None
        if column is None or not field.read_only:
            continue
        # Kept in the field's keyword arguments too: a DRF field is deep-copied by building
        # it again from them.
        if column.blank and isinstance(field, serializers.CharField | serializers.ChoiceField):
            field.allow_blank = field._kwargs["allow_blank"] = True
        if column.null:
            field.allow_null = field._kwargs["allow_null"] = True


class FastReadMixin:
    """For read-only serializers of long lists: the same fields and the same output as DRF's
    own to_representation, but how to read each field is worked out once per serializer
    instead of once per row and field.

    A plain attribute of a type whose representation is itself (text, numbers, booleans,
    choices, JSON) is read directly; every other field (dates, links, nested serializers,
    method fields, dotted sources) goes through DRF as usual. Rows may be model instances or
    dicts (lists read as plain data, see claims.api.queries), as with DRF. The declared
    fields stay the single source of truth for the schema and the output; a test compares
    this path with DRF's for every serializer that uses it.
    """

    def get_fields(self):
        # ModelSerializer works out its fields from the model on every instantiation (about
        # 2 ms per serializer class, six of them per claim page). The result depends only on
        # the class, so it is built once and copied, as DRF copies declared fields anyway.
        template = type(self).__dict__.get("_fields_template")
        if template is None:
            template = super().get_fields()
            described_as_stored(template, getattr(getattr(self, "Meta", None), "model", None))
            type(self)._fields_template = template
        return copy.deepcopy(template)

    # How each field is read: its value is the attribute itself (IDENTITY), the attribute
    # passed through the field (DIRECT), the whole row (WHOLE, for source="*"), or whatever
    # DRF's own get_attribute returns (DRF: relations, dotted sources).
    IDENTITY, DIRECT, WHOLE, DRF = range(4)

    def _read_plan(self):
        plan = self.__dict__.get("_fast_read_plan")
        if plan is None:
            identity = {t.to_representation for t in _IDENTITY_FIELDS}
            plan = []
            for field in self._readable_fields:
                attribute = field.source_attrs[0] if len(field.source_attrs) == 1 else None
                if field.source == "*":
                    how = self.WHOLE
                elif attribute is None or isinstance(field, RelatedField | ManyRelatedField):
                    how = self.DRF
                elif (
                    isinstance(field, _IDENTITY_FIELDS)
                    and not isinstance(field, serializers.SerializerMethodField)
                    and type(field).to_representation in identity
                ):
                    how = self.IDENTITY
                else:
                    how = self.DIRECT
                # A model field's value is never a method to call; a property's or a
                # dict key's is not either, but a `source` naming a method is.
                may_call = attribute is not None and callable(
                    getattr(getattr(self.Meta, "model", None), attribute, None)
                )
                plan.append((field.field_name, attribute, field, how, may_call))
            self._fast_read_plan = plan
        return plan

    def to_representation(self, instance):
        ret = {}
        plain = isinstance(instance, dict)
        for name, attribute, field, how, may_call in self._read_plan():
            if how == self.WHOLE:
                ret[name] = field.to_representation(instance)
                continue
            if how == self.DRF:
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
                check = value.pk if isinstance(value, PKOnlyObject) else value
                ret[name] = None if check is None else field.to_representation(value)
                continue
            else:
                try:
                    value = instance[attribute] if plain else getattr(instance, attribute)
                except (KeyError, AttributeError):
                    # Absent: DRF decides (a default, None, or leave the field out).
                    try:
                        value = field.get_attribute(instance)
                    except SkipField:
                        continue
                if may_call and is_simple_callable(value):
                    value = value()
                if how == self.IDENTITY:
                    ret[name] = value
                    continue
            ret[name] = None if value is None else field.to_representation(value)
        return ret


def exception_handler(exc, context):
    """DRF's handler, taught the services' errors: a Django ValidationError is a 400 naming
    the field (errors of the whole row under DRF's "non_field_errors"), a row the service
    could not find a 404 with its message, a change the row does not take a 409, and a body
    past Django's limit a 400 in JSON."""
    if isinstance(exc, DjangoValidationError):
        errors = serializers.as_serializer_error(exc)
        if NON_FIELD_ERRORS in errors:
            errors[api_settings.NON_FIELD_ERRORS_KEY] = errors.pop(NON_FIELD_ERRORS)
        exc = serializers.ValidationError(errors)
    elif isinstance(exc, errors_module.NotFound):
        exc = NotFound(str(exc))
    elif isinstance(exc, errors_module.StateConflict):
        return Response({"detail": str(exc)}, status=409)
    elif isinstance(exc, errors_module.Conflict):
        # Optimistic locking: the client's version (If-Match or "version") is not the row's.
        return Response(
            {"detail": str(exc), "version": exc.current}, status=412, headers={"ETag": f'"{exc.current}"'}
        )
    elif isinstance(exc, RequestDataTooBig):
        # Django would answer with its HTML page; API clients read JSON.
        exc = ParseError(_too_big(context.get("request")))
    return views.exception_handler(exc, context)


def _too_big(request) -> str:
    """Why a body past Django's limit was refused, and, where the body carries a page, what
    to do instead: only the intake endpoint takes a file (elsewhere multipart is a 415)."""
    message = f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE:,} bytes."
    path = getattr(request, "path", "")
    intake = reverse("api:article-intake")
    if path.startswith(intake):
        return f"{message} Send a long page as a file (multipart/form-data), which has its own limit."
    if path.startswith(reverse("api:sourcearticle-list")):
        return (
            f"{message} Send a long page as a file (multipart/form-data) to {intake}, which "
            "takes it in as an article and has its own limit."
        )
    return message


def export_format_parameter(renderers):
    """The `?format=` parameter of an export action, in the schema, with its formats."""
    return OpenApiParameter(
        "format",
        str,
        enum=[r.format for r in renderers],
        description="Export format (or use the suffix, e.g. `export.ris`, or the Accept header).",
    )


_PAGE_NAME = re.compile(r"^Paginated(?P<resource>\w+?)(?:ListItem)?List$")


def name_pages(result, generator, request, public):
    """drf-spectacular postprocessing hook: each paginated list's component is renamed
    `<Resource>Page`, and every reference to it follows."""
    schemas = result.get("components", {}).get("schemas", {})
    renames = {}
    for name in list(schemas):
        match = _PAGE_NAME.match(name)
        if match:
            renames[name] = f"{match['resource']}Page"
    if not renames:
        return result
    for old, new in renames.items():
        schemas[new] = schemas.pop(old)
    refs = {f"#/components/schemas/{old}": f"#/components/schemas/{new}" for old, new in renames.items()}

    def follow(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str) and node["$ref"] in refs:
                node["$ref"] = refs[node["$ref"]]
            for value in node.values():
                follow(value)
        elif isinstance(node, list):
            for value in node:
                follow(value)

    follow(result)
    result["components"]["schemas"] = dict(sorted(schemas.items()))
    return result


# The errors every operation may answer, in the shape DRF gives them: `{"detail": "…"}`, or
# for a 400 the fields' messages by name. Listed here once rather than on each view.
_ERROR_SCHEMA = {
    "type": "object",
    "description": (
        'An error: `{"detail": "…"}`, or for invalid input each field\'s messages by name '
        '(`{"year": ["…"]}`; errors of the whole row under `non_field_errors`).'
    ),
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
_ERRORS = {
    "400": "Invalid input: a malformed parameter, filter or body, each problem named.",
    "401": "The token or session given is not valid.",
    "403": "Not allowed: writing needs an editor's permission.",
    "404": "No such resource (or no such page of the list).",
    "412": (
        "The resource changed since the version sent in If-Match (or `version`), or If-Match "
        "gave a weak tag, which matches no version: nothing was saved."
    ),
    "406": "No format this operation answers in is acceptable to the Accept header.",
    "415": "The body is not JSON (the API reads `application/json`).",
    "429": "Too many requests: throttled; Retry-After says when to try again.",
}
# DRF's throttles say how long to wait.
_RETRY_AFTER = {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
_WRITES = {"post", "put", "patch", "delete"}
# Resources whose rows carry no version (a flag is dismissed or restored as it stands): a
# change to them is never refused as stale, so their operations do not list a 412.
_UNVERSIONED = ("/api/flags/",)


def document_errors(result, generator, request, public):
    """drf-spectacular postprocessing hook: each operation lists the error statuses it can
    answer, so that a client (and schemathesis) knows a 404 or a 429 is part of the API."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["Error"] = _ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            # 404 everywhere: a detail that does not exist, a page or cursor past the list,
            # an export format that is not one.
            # 406 everywhere too: any operation may be asked for a format it does not give.
            codes = ["400", "401", "404", "406", "429"]
            if method in _WRITES:
                codes.append("403")
            if "requestBody" in operation:
                codes.append("415")
            if method in _WRITES and "{" in path and not path.startswith(_UNVERSIONED):
                codes.append("412")
            responses = operation.setdefault("responses", {})
            for code in codes:
                responses.setdefault(code, {"description": _ERRORS[code], "content": content})
            for code, response in responses.items():
                # An error a view describes in its own words (a 410, its 400s, its 429) has
                # the body every error has: declared, so that clients and schemathesis read it.
                if code.isdigit() and int(code) >= 400:
                    response.setdefault("content", content)
                if code == "429":
                    response.setdefault("headers", {})["Retry-After"] = _RETRY_AFTER
            operation["responses"] = dict(sorted(responses.items()))
    return result
