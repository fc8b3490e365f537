"""Export renderers: the bibliographic formats, CSV tables and JSON-LD.

An export is an ordinary DRF action whose renderers are these, so the format is chosen the
DRF way: a suffix (`/api/studies/export.ris`), `?format=ris`, or the Accept header. The
text itself is written by studies.formats with each format's own library.
"""

from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from studies import formats


class ExportRenderer(BaseRenderer):
    """Writes the view's data with `write` and offers it as a download named after the view's
    `export_name` ("studies.ris")."""

    charset = "utf-8"
    extension = ""

    def write(self, data, view):
        raise NotImplementedError

    def render(self, data, accepted_media_type=None, renderer_context=None):
        renderer_context = renderer_context or {}
        view = renderer_context.get("view")
        response = renderer_context.get("response")
        name = getattr(view, "export_name", "export")
        if response is not None and not response.exception:
            response["Content-Disposition"] = f'attachment; filename="{name}.{self.extension}"'
        return self.write(data, view).encode(self.charset)


class CSLJSONRenderer(ExportRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csljson"
    extension = "json"

    def write(self, data, view):
        return formats.write_csl_json(data)


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


class CSVRenderer(ExportRenderer):
    """Rows (dicts) as CSV; the columns are the view's `export_columns`."""

    media_type = "text/csv"
    format = "csv"
    extension = "csv"

    def write(self, data, view):
        return formats.write_rows_csv(data, view.export_columns)


class StudyCSVRenderer(CSVRenderer):
    """Study records as CSV: authors 'Family, Given; ...', then the appraisal columns."""

    def write(self, data, view):
        return formats.write_csv(data)


class JSONLDRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        view = (renderer_context or {}).get("view")
        if response is not None and not response.exception:
            name = getattr(view, "export_name", "export")
            response["Content-Disposition"] = f'attachment; filename="{name}.jsonld"'
        return super().render(data, accepted_media_type, renderer_context)


EXPORT_FORMATS = {r.format for r in (CSLJSONRenderer, RISRenderer, BibTeXRenderer, CSVRenderer, JSONLDRenderer)}


class ExportResponse(Response):
    """An export's answer. DRF drops the Content-Type of an empty body; an export with no
    row is still a file of its format (an empty RIS file is RIS), so it keeps its type."""

    @property
    def rendered_content(self):
        content = super().rendered_content
        renderer = getattr(self, "accepted_renderer", None)
        if "Content-Type" not in self and renderer is not None and not self.exception:
            charset = getattr(renderer, "charset", None)
            self["Content-Type"] = f"{renderer.media_type}; charset={charset}" if charset else renderer.media_type
        return content


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
