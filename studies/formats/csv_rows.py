"""CSV: a row a record, with the appraisal columns an export of studies adds."""

from __future__ import annotations

import csv
import io
import re

# --- CSV ------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "id", "work_type", "title", "authors", "container_title", "year", "volume", "issue",
    "pages", "doi", "pmid", "pmcid", "url",
    # Appraisal columns, filled when the records carry them (exports of studies do).
    "source_kind", "design_code", "n", "route_code", "substances",
    "about_ketamine", "about_substance_use",
]


def _csv_author(name):
    if name.get("family"):
        return f"{name['family']}, {name['given']}" if name.get("given") else name["family"]
    return name.get("literal") or ""


def _csv_cell(value):
    """A cell value; text that a spreadsheet would run as a formula is quoted with a leading
    apostrophe (OWASP's advice against CSV injection): titles and quotes come from the web."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        value = "; ".join(str(item) for item in value)
    value = str(value)
    # Only a whole cell that is a plain negative number ("-2.5") may start with "-": a test
    # of its first characters alone would pass "-2+3+cmd|' /C calc'!A0".
    if value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NEGATIVE_NUMBER.fullmatch(value):
        return "'" + value
    return value


_PLAIN_NEGATIVE_NUMBER = re.compile(r"-(?:\d+(?:\.\d*)?|\.\d+)")


def write_rows_csv(rows, columns):
    """Rows (dicts) as CSV with a header; a helper for any table the app exports."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: _csv_cell(row.get(column)) for column in columns})
    return out.getvalue()


def write_csv(records):
    """One row per record; authors as 'Family, Given; …', substances as 'code; code'."""
    rows = []
    for record in records:
        row = dict(record)
        row["authors"] = [_csv_author(name) for name in record.get("authors") or []]
        rows.append(row)
    return write_rows_csv(rows, CSV_COLUMNS)
