"""Reference layouts that are not one running line, recognised and cut into raw pieces.

Pages print references in more shapes than the citation styles: a BibTeX entry, fields
behind labels ("Year : 2014 | Volume : 8 | Issue : 3 | Page : 283-290", "Title: … Author: …
Journal: …", a database's record page in Vietnamese or Chinese: "Tập 70 Số 3 - Trang
621-660", "卷 29, 期 3, 页码 560-569"), and an article's header copied line by line (the
authors, then "Journal, 2018, 175, (2) 150–158", then the DOI).

These functions only find the pieces and return them as strings; `parsing` reads the
authors, years and numbers in them. No Django, no database.
"""

from __future__ import annotations

import csv
import re
import unicodedata

# --- BibTeX ---------------------------------------------------------------------------------

_BIBTEX_START_RE = re.compile(r"^\s*@\s*(?P<type>[A-Za-z]+)\s*[{(]\s*[^,\s]*\s*,", re.DOTALL)
_BIBTEX_FIELD_RE = re.compile(
    # Braces inside braces, two deep: Zotero's export protects capitals as "{{A}} New Method".
    r"(?P<name>[A-Za-z][\w-]*)\s*=\s*(?:\{(?P<braced>(?:[^{}]|\{(?:[^{}]|\{[^{}]*\})*\})*)\}|\"(?P<quoted>[^\"]*)\"|(?P<bare>\w+))",
    re.DOTALL,
)


# LaTeX's accents, as BibTeX exports write names: "Corr{\\^e}a", "Jo{\\~a}o", "M\\"{u}ller".
_LATEX_ACCENT_RE = re.compile(r"\{?\\([`'^\"~=.]|c\s)\s*\{?([A-Za-z])\}?\}?")
_COMBINING = {"`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", ".": "\u0307", '"': "\u0308", "c": "\u0327"}


def _latex_accents(value: str) -> str:
    if "\\" not in value:
        return value
    value = _LATEX_ACCENT_RE.sub(lambda m: m.group(2) + _COMBINING[m.group(1).strip()], value)
    return unicodedata.normalize("NFC", value.replace("\\&", "&"))


def bibtex_fields(text: str) -> dict[str, str] | None:
    """`@article{key, title={…}, author="A and B", year=2020, …}` as {field: value}, or None
    when `text` is not a BibTeX entry. Empty fields are left out."""
    start = _BIBTEX_START_RE.match(text)
    if not start:
        return None
    fields = {}
    for found in _BIBTEX_FIELD_RE.finditer(text, start.end()):
        value = found.group("braced") or found.group("quoted") or found.group("bare") or ""
        # "pages = {{1905--1917},}": a comma left inside the outer braces is no part of it.
        value = re.sub(r"[{}]", "", _latex_accents(re.sub(r"\s+", " ", value))).strip(" ,")
        if value:
            fields.setdefault(found.group("name").lower(), value)
    return fields or None


# --- A wiki's citation template ------------------------------------------------------------

# Wikipedia's citation templates and their copies on other wikis: "{{cite journal | vauthors =
# Kapur S, Seeman P | title = … | journal = Molecular Psychiatry | volume = 7 | … }}", inside
# "<ref>…</ref>" when copied from the page's source.
_WIKI_CITATION_RE = re.compile(r"^\s*(?:<ref[^>]*>\s*)?\{\{\s*cite\s+(?P<type>[a-z ]+?)\s*\|(?P<body>.*?)(?:\}\}|$)", re.IGNORECASE | re.DOTALL)
_WIKI_PARAMETER_RE = re.compile(r"^\s*(?P<name>[a-z][a-z0-9-]*)\s*=\s*(?P<value>.*?)\s*$", re.IGNORECASE | re.DOTALL)


def wiki_citation_fields(text: str) -> dict[str, str] | None:
    """`{{cite journal | title = … | … }}` as {parameter: value} (names in lower case, with
    the template's kind as "cite"), or None when `text` is not such a template. Empty
    parameters are left out."""
    found = _WIKI_CITATION_RE.match(text)
    if not found:
        return None
    fields = {"cite": found.group("type").strip().lower()}
    # The parameters are split at "|", except inside "[[link|label]]".
    for part in re.split(r"\|(?![^\[]*\]\])", found.group("body")):
        parameter = _WIKI_PARAMETER_RE.match(part)
        if parameter and parameter.group("value"):
            fields.setdefault(parameter.group("name").lower(), re.sub(r"\s+", " ", parameter.group("value")))
    return fields if len(fields) > 1 else None


# --- Labelled fields ------------------------------------------------------------------------

# Labels by field, in the languages reference pages were seen in. A label needs a colon
# after it unless it is one that only a label can be ("Tập", "卷", "Pages (from-to)").
_TEXT_LABELS = {
    "title": r"(?:article\s+)?title|titel|título|titre|tiêu đề|标题|题名",
    "authors": r"(?:main\s+)?authors?|author\(s\)|autor(?:en|es)?(?:\s+principales)?|auteurs?|tác giả|作者",
    "journal": r"journal(?:\s+title)?|source|series|periodical|tạp chí|期刊|刊名|zeitschrift|revista|revue|quelle",
}
_NUMBER_LABELS = {
    "volume": r"volume|vol\.?|tập|卷|band|bd\.|jahrgang|tome|volumen",
    "issue": r"issue\s+number|issue|no\.|nr\.|number|số|期|heft|número|fascicule|ausgabe",
    "pages": r"pages\s*\(from-to\)|pages?|pp\.?|trang|页码|seiten|páginas",
    "year": r"publication[\s_]+year|year|jahr|năm|年份",
}
# Labels of things that are no bibliographic field here; their values join the unlabelled
# rest, where a year may be ("Published: Nature Publishing Group 2019-11-01").
_SKIP_LABELS = (
    r"number\s+of\s+pages|original\s+language|state|dois|publisher|出版社|nhà xuất bản|"
    r"language|sprache|ngôn ngữ|语种|pubmed\s+id|issn|e-issn|isbn|format|online\s+access|"
    r"published(?=\s*:)|publication[\s_]+date|subjects?|topics?|physical\s+description|"
    r"lenguaje|idioma|formato|publicado(?=\s*:)|bibliographic\s+details|detalles\s+bibliográficos"
)
# Labels that are never words of a reference's own text, so need no colon.
_BARE_LABELS = r"tập|số|trang|卷|期|页码|pages\s*\(from-to\)|issue\s+number|number\s+of\s+pages|original\s+language|出版社"
# What starts a reference's text without being part of it: "Reference: …", "Published in …".
_LEAD_LABELS = (
    r"reference|ref\.?|citation|cite\s+(?:this\s+article\s+)?as|how\s+to\s+cite(?:\s+this\s+article)?|"
    r"full\s+citation|published\s+in\s+final\s+edited\s+form\s+as|published\s+in|source|authors?|"
    # Taylor & Francis's cover page; German, French, Spanish and Czech catalogues.
    r"to\s+cite\s+this\s+article|to\s+link\s+to\s+this\s+article|veröffentlicht\s+in|erschienen\s+in|publié\s+dans|publicado\s+en|zdroj|"
    # A catalogue's links to the work: "Acceso en línea: | https://www.ncbi.nlm.nih.gov/…".
    r"online\s+access|full\s+text|acceso\s+en\s+l[ií]nea|texto\s+completo|accès\s+en\s+ligne|"
    r"texte\s+intégral|volltext|online-zugang|acesso\s+online"
)

# The words after "Journal", "Revista" or "Series" that make it part of a name.
_NAME_JOINS = r"(?:of|for|and|on|de|da|do|des|der|für)"
_LABEL_RE = re.compile(
    "|".join(
        # Without its colon, a label is followed by a capital ("Journal Addiction"), but not
        # by the word that makes it a name ("JOURNAL OF NEUROSCIENCE").
        [f"(?P<{kind}>(?<![\\w])(?:{pattern})(?:\\s*:|(?=\\s*(?-i:[A-Z]))(?!\\s*{_NAME_JOINS}\\b)))" for kind, pattern in _TEXT_LABELS.items()]
        + [f"(?P<{kind}>(?<![\\w])(?:{pattern})(?:\\s*:\\s*|\\s*)(?=[A-Za-z]{{0,2}}\\d))" for kind, pattern in _NUMBER_LABELS.items()]
        + [f"(?P<skip>(?<![\\w])(?:{_SKIP_LABELS})(?:\\s*:|(?=\\s*[\\w|])))"]
    ),
    re.IGNORECASE,
)
_LANGUAGE_OR_FORMAT_RE = re.compile(
    r"(?:original\s+)?(?:language|sprache|ngôn ngữ|语种|lenguaje|idioma|format|formato)\b", re.IGNORECASE
)
_BARE_LABEL_RE = re.compile(f"(?<![\\w])(?:{_BARE_LABELS})", re.IGNORECASE)
_COLON_LABEL_RE = re.compile(
    "(?<![\\w])(?:"
    + "|".join([*_TEXT_LABELS.values(), *_NUMBER_LABELS.values(), _SKIP_LABELS])
    + ")\\s*:",
    re.IGNORECASE,
)
_NUMBER_VALUE_RE = re.compile(r"[A-Za-z]{0,2}\d[\w]*(?:\s*-+\s*[A-Za-z]{0,2}\d+)?")
_SEPARATED_NUMBERS_RE = re.compile(
    r"(?<![\w])(?:volume|vol\.?|issue|no\.)\s*\d+\s*(?:[|;]|\s-\s)\s*(?:issue|no\.|pp?\.?|pages?)\s*\d",
    re.IGNORECASE,
)
# A label needs its colon ("Reference values of …" is a title), except "Published in" and
# a repository's "Recommended Citation", which no title opens with.
_LEAD_RE = re.compile(
    f"^(?:(?:{_LEAD_LABELS})\\s*:\\s*|published\\s+in\\s*(?=[A-Z])|recommended\\s+citation\\s*:?\\s*)(?=\\S)",
    re.IGNORECASE,
)
# A label for the whole reference on a line of its own, above it: "Citation\n\nAndre F
# Carvalho, …". (A field's label, "Authors:\n", starts a layout of labelled lines.)
_LABEL_LINE_RE = re.compile(
    r"^\s*(?:(?:(?:recommended|full)\s+)?citation|references?|how\s+to\s+cite(?:\s+this\s+article)?|"
    r"cite\s+(?:this\s+article\s+)?as|to\s+cite\s+this\s+article)\s*:?[ \t]*\n",
    re.IGNORECASE,
)
_PIECE_SPLIT_RE = re.compile(r"\s*(?:\||\s-\s|;)\s*")


def strip_lead_label(text: str) -> str:
    """`text` without a label before the reference itself ("Reference: Biol Psychiatry …",
    "Published inThe American journal of …", "Authors: Wadia S et al., …")."""
    found = _LEAD_RE.match(text)
    return text[found.end() :].lstrip(" |") if found else text


def strip_label_line(raw: str) -> str:
    """`raw` without a first line that is only a label ("Citation", "How to cite:")."""
    found = _LABEL_LINE_RE.match(raw)
    return raw[found.end() :] if found else raw


def looks_labelled(text: str) -> bool:
    """Whether `text` has a label that only a label can be ("Tập 70", "卷 29"), two field
    labels with a colon ("Title:", "Volume :"), or numbers labelled and set apart by "|",
    ";" or " - " ("Volume 113 - Issue 3 - pp 678-684"): commas between "vol. 23, no. 4,
    pp. 273" are an ordinary Harvard reference, read as one."""
    # Cheap substring tests first: every reference passes through here.
    lowered = text.lower()
    if (not text.isascii() or "(from-to)" in lowered or "number" in lowered or "original" in lowered) and (
        _BARE_LABEL_RE.search(text)
    ):
        return True
    if text.count(":") >= 2 and len(_COLON_LABEL_RE.findall(text)) >= 2:
        return True
    return bool(
        ("vol" in lowered or "issue" in lowered or "no." in lowered) and _SEPARATED_NUMBERS_RE.search(text)
    )


_QUOTED_VALUE_RE = re.compile(r"^[\"“'](.+)[\"”']$")


def labelled_fields(text: str) -> dict[str, str] | None:
    """Fields written behind labels, as {field: raw value}, with the unlabelled rest under
    "rest" (pieces joined by " | "); None unless `text` `looks_labelled`."""
    if not looks_labelled(text):
        return None
    labels = list(_LABEL_RE.finditer(text))
    if len(labels) < 2:
        return None
    fields: dict[str, str] = {}
    rest = [text[: labels[0].start()]]
    for number, found in enumerate(labels):
        kind = found.lastgroup
        end = labels[number + 1].start() if number + 1 < len(labels) else len(text)
        value = text[found.end() : end]
        if kind in _NUMBER_LABELS:
            number_found = _NUMBER_VALUE_RE.match(value.strip())
            if number_found:
                fields.setdefault(kind, number_found.group(0))
                rest.append(value.strip()[number_found.end() :])
                continue
        if kind == "skip":
            # Not a field here, but a year may be in it ("Published: Nature Publishing
            # Group 2019-11-01"); a language or a format ("English", "Online Artículo
            # Texto") is nothing else, and must not be taken for the journal.
            if not _LANGUAGE_OR_FORMAT_RE.match(found.group(0)):
                rest.append(value)
            continue
        # A text value ends with its line; a page's source code puts it in quotation marks
        # ('authors: "Zanos P, Gould TD",').
        fields.setdefault(kind, _QUOTED_VALUE_RE.sub(r"\1", value.split(" | ")[0].strip(" |.;,-")))
        rest.extend(value.split(" | ")[1:])
    pieces = [p.strip(" .,:") for chunk in rest for p in _PIECE_SPLIT_RE.split(chunk)]
    fields["rest"] = " | ".join(p for p in pieces if p)
    return fields


# --- An article's header, copied line by line -----------------------------------------------


def lines_of(raw: str) -> list[str]:
    """The non-empty lines of `raw`, stripped."""
    return [line.strip() for line in raw.splitlines() if line.strip(" |")]


# A repository's item page, one field per line under a label line of its own ("Author",
# then "Grabski, M.", "McAndrew, A.", …, then "Date", "2022-01-11", then "Journal", …).
_LINE_LABELS = {
    "title": "title",
    "author": "authors",
    "authors": "authors",
    "creator": "authors",
    "journal": "journal",
    "source": "journal",
    "date": "year",
    "year": "year",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    # French, Spanish and German catalogues: "Auteur(s) :", "Année", "Page(s) :".
    "titre": "title",
    "auteur": "authors",
    "auteurs": "authors",
    "auteur(s)": "authors",
    "revue": "journal",
    "année": "year",
    "page(s)": "pages",
    "título": "title",
    "autor(es)": "authors",
    "autores": "authors",
    "revista": "journal",
    "año": "year",
    "páginas": "pages",
    "titel": "title",
    "autor(en)": "authors",
    "autoren": "authors",
    "zeitschrift": "journal",
    "jahr": "year",
    "seiten": "pages",
}
_IGNORED_LINE_LABELS = frozenset(
    "thumbnail uri url doi type publisher abstract keywords subject language issn collections "
    "files description citation".split()
)


# A repository's Dublin Core record, each field's name glued to its value:
# "dc.contributor.authorMorgan, C", "dc.date.issued2018-01-12".
_DUBLIN_CORE = {
    "dc.contributor.author": "authors",
    "dc.creator": "authors",
    "dc.date.issued": "year",
    "dc.title": "title",
    "dc.relation.ispartof": "journal",
    "dc.source": "journal",
    "dc.citation.volume": "volume",
    "dc.citation.issue": "issue",
}
_DUBLIN_CORE_RE = re.compile(r"^dc\.[a-z]+(?:\.[a-z]+)?", re.IGNORECASE)


def dublin_core_fields(lines: list[str]) -> dict[str, str] | None:
    """Fields of a repository's Dublin Core record, as `labelled_fields` returns them; None
    unless two lines at least are such fields. Names it does not use (dc.date.accessioned,
    dc.identifier.uri, …) are skipped."""
    fields: dict[str, str] = {}
    found = 0
    for line in lines:
        if not _DUBLIN_CORE_RE.match(line):
            continue
        found += 1
        name = next((n for n in sorted(_DUBLIN_CORE, key=len, reverse=True) if line.lower().startswith(n)), None)
        value = line[len(name) :].strip() if name else ""
        if not value:
            continue
        kind = _DUBLIN_CORE[name]
        if kind == "authors" and value[:1].islower():
            value = value[0].upper() + value[1:]  # "lawn, W": a repository's lower case
        if kind == "authors" and "authors" in fields:
            fields["authors"] += "; " + value
        else:
            fields.setdefault(kind, value)
    if found < 2 or not fields:
        return None
    if fields.get("year"):
        fields["year"] = fields["year"][:4]
    fields["rest"] = ""
    return fields


# A RIS record, as reference managers and repositories export it: "TY  - JOUR", "T1  - …",
# "AU  - Rush, A. John", "PY  - 2006/11", one tag per line.
_RIS_LINE_RE = re.compile(r"^(?P<tag>[A-Z][A-Z0-9])\s{1,2}-\s?(?P<value>.*)$")
_RIS_TAGS = {
    "TI": "title", "T1": "title", "AU": "authors", "A1": "authors", "JO": "journal", "JF": "journal",
    "JA": "journal", "J2": "journal", "T2": "journal", "PY": "year", "Y1": "year", "DA": "year",
    "VL": "volume", "IS": "issue", "SP": "pages", "EP": "last_page",
}  # fmt: skip


# A reference manager's or PubMed's CSV export, one work per row: `Ibogaine treatment
# outcomes …,"Noller, Geoffrey E.; Frampton, Chris M.",2017,10.1080/…`. A quoted cell with
# a comma or a semicolon in it is what no running reference has.
_QUOTED_CELL_RE = re.compile(r'(?:^|,)"(?:[^"]|"")*[,;](?:[^"]|"")*"(?=,|$)')


def csv_cells(text: str) -> list[str] | None:
    """The cells of one row of a CSV export, three or more, or None."""
    text = text.strip()
    if "\n" in text or not _QUOTED_CELL_RE.search(text):
        return None
    try:
        cells = [cell.strip() for cell in next(csv.reader([text]))]
    except (csv.Error, StopIteration):
        return None
    return cells if len([cell for cell in cells if cell]) >= 3 else None


def ris_fields(lines: list[str]) -> dict[str, str] | None:
    """Fields of a RIS record, as `labelled_fields` returns them; None unless the lines
    open with its "TY" tag and two more tags follow."""
    tagged = [found for found in map(_RIS_LINE_RE.match, lines) if found]
    if not tagged or tagged[0].group("tag") != "TY" or len(tagged) < 3:
        return None
    fields: dict[str, str] = {}
    for found in tagged:
        kind, value = _RIS_TAGS.get(found.group("tag")), found.group("value").strip()
        if not kind or not value:
            continue
        if kind == "authors" and "authors" in fields:
            fields["authors"] += "; " + value
        elif kind == "journal" and found.group("tag") == "T2" and "title" in fields and _subtitle_like(value):
            # Some exports (Elsevier's Pure) put the subtitle under T2, where RIS puts the journal.
            fields["title"] += ": " + value
        else:
            fields.setdefault(kind, value)
    if "last_page" in fields:
        last = fields.pop("last_page")
        if "pages" in fields:
            fields["pages"] += "-" + last
    if fields.get("year"):
        fields["year"] = fields["year"][:4]
    fields["rest"] = ""
    return fields


def _subtitle_like(value: str) -> bool:
    """Whether a RIS record's T2 reads as a subtitle ("A STAR*D report", "results of a pilot
    study"), not a journal: it opens with "A" or "An", as no journal's name does, or it is in
    sentence case, three words or more, without a word that journals' names have."""
    words = value.split()
    if words[0] in ("A", "An"):
        return True
    return (
        len(words) >= 3
        and all(not word[:1].isupper() for word in words[1:])
        and not any(word.lower().strip(",.:") in JOURNAL_WORDS for word in words)
    )


# The words of journals' names ("Nature Communications", "Archives of General Psychiatry").
JOURNAL_WORDS = frozenset(
    """journal annals archives review reviews reports research letters bulletin proceedings
    nature science communications lancet jama bmj cell psychiatry psychiatric medicine
    medical addiction addictions psychopharmacology neuropsychopharmacology pharmacology
    neuroscience american british european international clinical frontiers plos one
    translational molecular biological""".split()
)


_TRAILING_YEAR_RE = re.compile(r"\s*\((?:1[6-9]|20)\d\d\)$")


def _line_label(line: str) -> str:
    return line.lower().rstrip(" :")


def line_labelled_fields(lines: list[str]) -> dict[str, str] | None:
    """Fields of a page that puts each label on a line of its own, as
    `labelled_fields` returns them; None unless three lines at least are such labels."""
    labels = [i for i, line in enumerate(lines) if _line_label(line) in _LINE_LABELS or _line_label(line) in _IGNORED_LINE_LABELS]
    if len(labels) < 3:
        return None
    fields: dict[str, str] = {}
    rest = lines[: labels[0]]
    for number, at in enumerate(labels):
        end = labels[number + 1] if number + 1 < len(labels) else len(lines)
        kind = _LINE_LABELS.get(_line_label(lines[at]))
        values = lines[at + 1 : end]
        if kind and values:
            fields.setdefault(kind, "; ".join(values) if kind == "authors" else " ".join(values))
    if rest and "title" not in fields:
        # "From PCP to MXE: … drugs (2014)": the year a catalogue prints after the title.
        fields["title"] = _TRAILING_YEAR_RE.sub("", " ".join(rest))
    fields["rest"] = ""
    return fields
