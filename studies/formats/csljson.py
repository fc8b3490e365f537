"""CSL-JSON: the format of citation processors and of `library.json`."""

from __future__ import annotations

import json
import re

from studies.formats.records import (
    RecordError,
    _show,
    _text,
    clean_record,
)

# --- CSL-JSON -------------------------------------------------------------------------------


def _year_in_words(text):
    """The year written in a free-form date ("May 2019", "2019-05-01", "Spring 2019"): the
    one four-digit number in it. Dates naming no year, or two different ones ("1999-2001"),
    are returned as written, to be refused by _year with a message."""
    years = set(re.findall(r"(?<!\d)(\d{4})(?!\d)", text))
    return years.pop() if len(years) == 1 else text


def _csl_year(issued):
    """The year of a CSL date, in the shapes CSL processors and reference managers write:
    {"date-parts": [[2019, 5]]}, {"raw": "2019-05"}, {"literal": "May 2019"}, or the date as
    a plain string or number ("2019", 2019). Returns the value to validate (an int, a string
    or None). A date in none of these shapes is an error, never silently no year."""
    if issued in (None, "", {}):
        return None
    if isinstance(issued, bool):
        raise ValueError(f"issued {_show(issued)} is not a CSL date")
    if isinstance(issued, int):
        return issued
    if isinstance(issued, str):
        return _year_in_words(_text(issued, "issued"))
    if not isinstance(issued, dict):
        raise ValueError(f"issued {_show(issued)} is not a CSL date")
    parts = issued.get("date-parts")
    if parts not in (None, [], [[]]):
        if not (isinstance(parts, list) and isinstance(parts[0], list) and parts[0]):
            raise ValueError(f"issued date-parts {_show(parts)} are not [[year, ...]]")
        return parts[0][0]
    for key in ("raw", "literal"):
        value = issued.get(key)
        if isinstance(value, str) and value.strip():
            return _year_in_words(_text(value, f"issued {key}"))
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if value not in (None, "") and not isinstance(value, str):
            # ["2019"], 1e400, true: something was written, and it is not a date.
            raise ValueError(f"issued {key} {_show(value)} is not a date")
    if set(issued) <= {"date-parts", "raw", "literal"}:
        return None  # the keys are there, with nothing in them
    raise ValueError(
        f"issued {_show(issued)} is not a CSL date: expected date-parts, raw or literal"
    )


def read_csl_json(text):
    """Read a CSL-JSON array of items (as Zotero, Mendeley and citeproc write it)."""
    try:
        items = json.loads(text)
    except json.JSONDecodeError as e:
        raise RecordError(f"not valid JSON: {e}") from None
    except RecursionError:
        # json gives up on arrays nested thousands deep ([[[[...): not a library either.
        raise RecordError(
            "not a CSL-JSON array of items: the JSON is nested too deeply to be one"
        ) from None
    if isinstance(items, dict):
        # A single item is accepted as a one-item library.
        items = [items]
    if not isinstance(items, list):
        kinds = {str: "a string", int: "a number", float: "a number", bool: "true or false"}
        raise RecordError(
            "a CSL-JSON library is an array of items; this file holds "
            + kinds.get(type(items), "null")
        )
    records = []
    for index, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise RecordError("is not a CSL item (a JSON object)", index=index)
        try:
            year = _csl_year(item.get("issued"))
        except ValueError as e:
            raise RecordError(str(e), index=index, record_id=item.get("id")) from None
        raw = {
            "id": item.get("id"),
            "work_type": item.get("type"),
            "title": item.get("title"),
            "authors": item.get("author"),
            "container_title": item.get("container-title"),
            "year": year,
            "volume": item.get("volume"),
            "issue": item.get("issue"),
            "pages": item.get("page"),
            "doi": item.get("DOI"),
            "pmid": item.get("PMID"),
            "pmcid": item.get("PMCID"),
            "url": item.get("URL"),
            "abstract": item.get("abstract"),
            "keywords": item.get("keyword"),
        }
        records.append(clean_record(raw, index=index))
    return records


def write_csl_json(records):
    """A CSL-JSON array; empty fields are left out, as CSL processors expect."""
    items = []
    for position, record in enumerate(records, 1):
        item = {
            "id": str(record.get("id") or f"item{position}"),
            "type": record.get("work_type") or "article-journal",
            "title": record.get("title", ""),
            "author": [dict(name) for name in record.get("authors") or []],
            "container-title": record.get("container_title", ""),
            "issued": {"date-parts": [[record["year"]]]} if record.get("year") else None,
            "volume": record.get("volume", ""),
            "issue": record.get("issue", ""),
            "page": record.get("pages", ""),
            "DOI": record.get("doi", ""),
            "PMID": record.get("pmid", ""),
            "PMCID": record.get("pmcid", ""),
            "URL": record.get("url", ""),
            "abstract": record.get("abstract", ""),
            "keyword": "; ".join(record.get("keywords") or []),
        }
        items.append({key: value for key, value in item.items() if value not in ("", None, [])})
    return json.dumps(items, ensure_ascii=False, indent=2)


