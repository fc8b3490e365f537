"""Export renderers: the bibliographic formats, CSV tables and JSON-LD.

An export is an ordinary DRF action whose renderers are these, so the format is chosen the
DRF way: a suffix (`/api/studies/export.ris`), `?format=ris`, or the Accept header. The
text itself is written by studies.formats with each format's own library, a batch of records
at a time, and sent as it is written (streamed_export).
"""

import itertools
import json

from django.http import StreamingHttpResponse
from rest_framework.renderers import BaseRenderer, JSONRenderer

from studies import formats


class ExportRenderer(BaseRenderer):
    """Writes records with `write`, or a whole export in pieces with `stream`
    (streamed_export, which names the download after the view's `export_name`)."""

    charset = "utf-8"
    extension = ""

    def write(self, data, view):
        raise NotImplementedError

    def stream(self, batches, view):
        """The file in pieces, one per batch of records: formats whose records simply follow
        one another (RIS) need nothing more."""
        for batch in batches:
            yield self.write(batch, view)


class CSLJSONRenderer(ExportRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csljson"
    extension = "json"

    def write(self, data, view):
        return formats.write_csl_json(data)

    def stream(self, batches, view):
        yield from json_array(formats.write_csl_json(batch) for batch in batches)


class RISRenderer(ExportRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"
    extension = "ris"

    def write(self, data, view):
        return formats.write_ris(data)


class BibTeXRenderer(ExportRenderer):
    media_type = "application/x-bibtex"
    format = "bib"
    extension = "bib"

    def write(self, data, view):
        return formats.write_bibtex(data)

    def stream(self, batches, view):
        taken = set()  # citation keys stay unique across batches
        for batch in batches:
            yield formats.write_bibtex(batch, taken=taken)


class CSVRenderer(ExportRenderer):
    """Rows (dicts) as CSV; the columns are the view's `export_columns`."""

    media_type = "text/csv"
    format = "csv"
    extension = "csv"

    def write(self, data, view):
        return formats.write_rows_csv(data, view.export_columns)

    def stream(self, batches, view):
        yield from csv_once_headed(self.write(batch, view) for batch in batches)


class StudyCSVRenderer(CSVRenderer):
    """Study records as CSV: authors 'Family, Given; ...', then the appraisal columns."""

    def write(self, data, view):
        return formats.write_csv(data)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"
    extension = "jsonld"

    def stream(self, batches, view):
        yield from json_array(json.dumps(batch, ensure_ascii=False) for batch in batches)


EXPORT_FORMATS = {r.format for r in (CSLJSONRenderer, RISRenderer, BibTeXRenderer, CSVRenderer, JSONLDRenderer)}


def json_array(arrays):
    """One JSON array from the JSON arrays of successive batches."""
    yield "["
    first = True
    for text in arrays:
        inner = text.strip()[1:-1].strip()
        if inner:
            yield inner if first else "," + inner
            first = False
    yield "]\n"


def csv_once_headed(tables):
    """One CSV table from the tables of successive batches, each written with its header:
    the header once."""
    for position, text in enumerate(tables):
        yield text if position == 0 else text.split("\r\n", 1)[-1]


# Records written per piece of a streamed export.
BATCH = 500


def batched(rows):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def streamed_export(request, view, rows):
    """The export as a download written batch by batch while it is sent, so that memory
    stays the same for 100 studies or 100,000: `rows` is an iterator of records."""
    renderer = request.accepted_renderer
    charset = getattr(renderer, "charset", None) or "utf-8"
    pieces = renderer.stream(_with_first_batch(batched(rows)), view)
    # The first batch is written before the answer starts, so that an error there (a bad
    # row, a broken writer) is still a JSON error rather than a cut-off file; after it
    # the file is sent as it is written.
    first = next(pieces, "")
    response = StreamingHttpResponse(
        (piece.encode(charset) for piece in itertools.chain([first], pieces)),
        content_type=f"{renderer.media_type}; charset={charset}",
    )
    name = getattr(view, "export_name", "export")
    response["Content-Disposition"] = f'attachment; filename="{name}.{renderer.extension}"'
    return response


def _with_first_batch(batches):
    """The batches, with an empty one when there are none: a file with no record is still
    its format's empty file (a CSV header, "[]")."""
    empty = True
    for batch in batches:
        empty = False
        yield batch
    if empty:
        yield []


# What each export sends, for the schema: JSON formats as JSON, the others as text.
JSON_ARRAY = {"type": "array", "items": {"type": "object"}}


class ErrorsAsJSONMixin:
    """An export that fails (a bad filter value, an unknown format), or is asked OPTIONS,
    answers in JSON: the answer is a dict, which no bibliographic writer can or should
    render."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self._answer_in_json()
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        # OPTIONS describes the endpoint (a dict), which is no RIS or BibTeX file either.
        if request.method == "OPTIONS":
            self._answer_in_json()
        return super().finalize_response(request, response, *args, **kwargs)

    def _answer_in_json(self):
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is None or getattr(renderer, "format", None) in EXPORT_FORMATS:
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type


def study_record(study):
    """A study as a bibliographic record (see studies.formats) plus its appraisal columns.
    Substances are read from the list the export's queryset prefetches."""
    return {
        "id": study.key or f"study{study.pk}",
        "work_type": study.work_type,
        "title": study.title,
        "authors": study.authors or [],
        "container_title": study.container_title,
        "year": study.year,
        "volume": study.volume,
        "issue": study.issue,
        "pages": study.pages,
        "doi": study.doi,
        "pmid": study.pmid,
        "pmcid": study.pmcid,
        "url": study.url,
        "abstract": study.abstract,
        "source_kind": study.source_kind,
        "design_code": study.design_code,
        "n": study.n,
        "route_code": study.route_code,
        "substances": [s.code for s in study.prefetched_substances],
        "about_ketamine": study.about_ketamine,
        "about_substance_use": study.about_substance_use,
    }
