"""The reference list: found under the headings people use, or as a trailing run of
reference-shaped lines, and split into entries with their spans in the text.

An entry whose formatting is broken is still an entry: what a line says is judged later, by
the reference check, not here.
"""

import re
from dataclasses import dataclass, replace

from claims.intake.lines import Line, split_lines

_NAMES = (
    r"(?:references?|resources?|sources?|bibliography|footnotes?|citations?|notes?|"
    r"works\s+cited|literature\s+cited|further\s+reading|studies\s+cited|cited\s+studies)"
)
_HEADING = re.compile(rf"^\W*{_NAMES}\b", re.IGNORECASE)
# The whole line is the section's name, numbered or not ("5. References", "WORKS CITED:",
# "Notes and further reading"); "Notes on ketamine" begins with one and is not one.
_WHOLE_HEADING = re.compile(
    rf"^\W*(?:(?:\d{{1,3}}(?:\.\d{{1,3}})*|[IVX]{{1,5}})[.)]?\s+)?"
    rf"{_NAMES}(?:\s*(?:,|and|&)\s*{_NAMES})*\W*$",
    re.IGNORECASE,
)
# A label before an entry: a Markdown footnote's definition ([^1]: or [^griffiths]:), [1],
# (1), 1. or 1), ^1, or a bullet. A bullet alone on its line labels the line after it (some
# page builders put it there).
_FOOTNOTE_NAME = r"[^\]\s]{1,60}"
_LABEL = re.compile(
    rf"^\s*(?:\[\^(?P<footnote>{_FOOTNOTE_NAME})\]:|\[(?P<bracket>\d{{1,3}})\]|"
    r"\((?P<paren>\d{1,3})\)|(?P<dot>\d{1,3})[.)](?=\s|$)|"
    r"\^(?P<caret>\d{1,3})|(?P<bullet>[-•*·▪◦–]))\s*"
)
# A footnote's definition starts its line (Markdown allows three spaces before it); lines
# indented under it go on with it.
_FOOTNOTE_DEFINITION = re.compile(rf"^ {{0,3}}\[\^(?P<footnote>{_FOOTNOTE_NAME})\]:\s*")
_URL_LINE = re.compile(r"^\s*(?:https?://|www\.|doi:\s*10\.|10\.\d{4,9}/)\S+\s*$", re.IGNORECASE)
_APA_AUTHOR = re.compile(r"^[A-Z][\w'’\-]+(?:\s[A-Z][\w'’\-]+)?,\s+(?:[A-Z]\.\s*(?:-?[A-Z]\.\s*)*)")
_VANCOUVER_AUTHOR = re.compile(r"^[A-Z][\w'’\-]+\s+[A-Z]{1,3}[,.]")
_YEAR_IN_PARENS = re.compile(r"\((?:19|20)\d{2}[a-z]?(?:,\s*[^)]{0,30})?\)")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_PROSE_AFTER_YEAR = re.compile(r"\s+[a-z]")
_DOI = re.compile(r"\b10\.\d{4,9}/\S+")
_SUBTITLED = re.compile(r"^(?P<head>[^:–—]+?)\s*(?::|\s[–—-]\s)\s*\S")
_FOOTER = re.compile(
    r"^(?:next|previous|back to top|top of page|bottom of page|share|more resources|"
    r"recently added|related posts?|commentary|comments?|tags?:?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Entry:
    number: int  # position in the list, from 1
    label: str  # the label as printed ("[1]", "1.", "-"), or empty
    raw: str  # the entry's text, without its label
    start: int  # span of `raw` in the text
    end: int
    kind: str  # "reference", "url" (a bare address) or "title" (a work named by its title)

    @property
    def footnote(self) -> bool:
        return self.label.startswith("[^")

    @property
    def marker(self) -> str:
        """The number the running text cites this entry by; a footnote's label ("1",
        "griffiths"), which the text prints as [^label]."""
        if self.footnote:
            return self.label[2:-1]
        digits = re.sub(r"\D", "", self.label)
        return digits or str(self.number)


@dataclass(frozen=True)
class ReferenceList:
    heading: str
    start: int  # where the section begins (its heading, or its first entry)
    end: int
    entries: tuple[Entry, ...]


def is_reference_heading(line: str) -> bool:
    """The line is a reference list's heading ("References", "## Further reading", "5.
    Sources:") and nothing else."""
    return len(line) <= 80 and bool(_WHOLE_HEADING.match(line.strip()))


def looks_like_reference(text: str) -> bool:
    """Shaped like a bibliographic reference: authors first, a year in brackets, a DOI, or a
    bare address."""
    text = text.strip()
    if _URL_LINE.match(text) or _DOI.search(text):
        return True
    if _APA_AUTHOR.match(text) or _VANCOUVER_AUTHOR.match(text):
        return bool(_YEAR.search(text))
    year = _YEAR_IN_PARENS.search(text)
    if not year or ". " not in text or len(text.split()) > 80:
        return False
    # A sentence that cites a work by its authors and year goes on with what they did:
    # "Malchow et al. (2020) considered …", "…, Jovaisa et al. (2006) conducted a trial". A
    # reference goes on with its title, after a full stop or a comma, or a capital.
    return not _PROSE_AFTER_YEAR.match(text, year.end())


def looks_like_title(text: str) -> bool:
    """A work named by its title alone, as resource lists print them: a short line with a
    subtitle ("Ketamine for addiction: what to know"), no sentence in it."""
    text = text.strip()
    words = text.split()
    if not 4 <= len(words) <= 30 or text.endswith((".", "?", "!")):
        return False
    if re.search(r"[a-z]\.\s+[A-Z]", text):
        return False
    match = _SUBTITLED.match(text)
    return bool(match) and len(match.group("head").split()) >= 2


def _label_of(match: re.Match) -> str:
    if match.group("footnote"):
        return f"[^{match.group('footnote')}]"  # as the text cites it, without the colon
    return match.group(0).strip()


def find_reference_list(text: str, lines: list[Line] | None = None) -> ReferenceList | None:
    lines = lines if lines is not None else split_lines(text)
    headings = [
        line
        for line in lines
        if not line.blank
        and len(line.stripped) <= 80
        and not line.stripped.endswith(".")
        and _HEADING.match(line.stripped)
    ]
    found = None
    for heading in reversed(headings):
        entries, end = _entries_after(text, lines, heading.number + 1)
        if entries:
            found = ReferenceList(heading.stripped, heading.start, end, tuple(entries))
            break
    else:
        found = _trailing_run(text, lines)
    return _with_footnotes(found, footnote_definitions(text, lines))


def footnote_definitions(text: str, lines: list[Line]) -> list[Entry]:
    """Markdown footnote definitions, wherever they stand, as entries (numbered in order)."""
    found: list[Entry] = []
    for at, line in enumerate(lines):
        match = _FOOTNOTE_DEFINITION.match(line.text)
        if not match:
            continue
        start = line.start + match.end()
        end = line.end - (len(line.text) - len(line.text.rstrip()))
        for following in lines[at + 1 :]:
            if following.blank or not following.text[:1].isspace():
                break
            end = following.end - (len(following.text) - len(following.text.rstrip()))
        if end > start:
            label, raw = f"[^{match.group('footnote')}]", text[start:end]
            kind = "url" if _URL_LINE.match(raw) else "reference"
            found.append(Entry(len(found) + 1, label, raw, start, end, kind))
    return found


def _with_footnotes(found: ReferenceList | None, notes: list[Entry]) -> ReferenceList | None:
    """The reference list with the footnotes defined outside it: a footnote's definition is
    a reference wherever it stands, with a heading over it or none."""
    if not notes:
        return found
    listed = found.entries if found else ()
    outside = [n for n in notes if not any(e.start < n.end and n.start < e.end for e in listed)]
    entries = sorted([*listed, *outside], key=lambda e: e.start)
    entries = tuple(replace(entry, number=n) for n, entry in enumerate(entries, start=1))
    if found is None:
        return ReferenceList("", entries[0].start, entries[-1].end, entries)
    return replace(found, entries=entries)


def _entries_after(text: str, lines: list[Line], first: int) -> tuple[list[Entry], int]:
    """The entries in the lines from `first` on. A list of labelled or reference-shaped
    entries ends at the first line that is neither, after a blank line; a list of titles
    and addresses (a resources section with summaries between) runs to the page's end."""
    entries: list[Entry] = []
    pending = ""
    labelled = None
    after_blank = False
    end = lines[first - 1].end if first else 0
    for line in lines[first:]:
        if line.blank:
            after_blank = True
            continue
        stripped = line.stripped
        label = _LABEL.match(line.text)
        body_start = line.start + (
            label.end() if label else len(line.text) - len(line.text.lstrip())
        )
        body = line.text[body_start - line.start :].rstrip()
        if label and label.group("bullet") and not body and not pending:
            pending = _label_of(label)
            continue
        shaped = None
        if label and body and not (label.group("bullet") and not _entry_like(body)):
            shaped = "url" if _URL_LINE.match(body) else "reference"
        elif pending:
            shaped = "url" if _URL_LINE.match(stripped) else "reference"
        elif _URL_LINE.match(stripped):
            shaped = "url"
        elif looks_like_reference(stripped):
            shaped = "reference"
        elif looks_like_title(stripped):
            shaped = "title"
        if shaped:
            if labelled is None:
                labelled = bool(label or pending) or shaped == "reference"
            label_text = _label_of(label) if label and body else pending
            entries.append(
                Entry(
                    len(entries) + 1, label_text, body, body_start, body_start + len(body), shaped
                )
            )
            end, pending, after_blank = line.end, "", False
            continue
        if entries and not after_blank and entries[-1].kind == "reference" and not label:
            # A reference broken over two lines.
            previous = entries[-1]
            raw_end = line.end - (len(line.text) - len(line.text.rstrip()))
            entries[-1] = Entry(
                previous.number, previous.label, text[previous.start : raw_end],
                previous.start, raw_end, previous.kind,
            )  # fmt: skip
            end = line.end
            continue
        if _FOOTER.match(stripped) or (entries and labelled):
            break
        after_blank = False
    return entries, end


def _entry_like(body: str) -> bool:
    return bool(looks_like_reference(body) or _URL_LINE.match(body) or looks_like_title(body))


def _trailing_run(text: str, lines: list[Line]) -> ReferenceList | None:
    """Reference-shaped lines at the page's end, with no heading: at least two of them."""
    run: list[Line] = []
    skipped = 0
    for line in reversed(lines):
        if line.blank:
            continue
        label = _LABEL.match(line.text)
        body = line.text[label.end() :] if label else line.stripped
        if looks_like_reference(body) or _URL_LINE.match(body):
            run.append(line)
            continue
        if not run and skipped < 5 and len(line.stripped.split()) <= 4:
            skipped += 1  # a page's footer ("Share", "Next") after its references
            continue
        break
    if len(run) < 2:
        return None
    run.reverse()
    entries, end = _entries_after(text, lines, run[0].number)
    if len(entries) < 2:
        return None
    return ReferenceList("", entries[0].start, end, tuple(entries))
