"""Read and validate the seed corpus: plain files in, plain dicts out. No Django here.

The corpus directory (``corpus/`` at the project root) holds:

- ``library.json``       canonical study records (the evidence library's, with the
                         corrections of review, each explained in its record's notes);
- ``studies.yaml``       per record key, the curated extras a Study needs (substances,
                         route_code, n, n_studies), derived from that record's own fields;
- ``outcomes.yaml``      structured outcome rows, each with the words of the record it
                         comes from;
- ``settled.yaml``       background facts that reference sources settle (approved uses,
                         effects, mechanism), each with the source's words and pages;
- ``texts/<file>``       the captured text of each source article, byte for byte;
- ``articles/<key>.yaml`` one article each: metadata, citations, claims and their links.

``read_corpus(path)`` reads everything, checks it, and returns plain data; any problem
raises ``CorpusError`` whose message names the file and the record.
"""

import json
import re
from datetime import date
from pathlib import Path

import yaml

from claims import constants as cc
from claims.texts import content_hash, find_span
from studies import constants as sc
from studies.facts import StudyFacts
from studies.labels import work_label

__all__ = [
    "CorpusError",
    "content_hash",
    "read_corpus",
    "read_library",
    "read_studies",
    "read_outcomes",
    "read_article",
    "find_span",
    "library_facts",
]


class CorpusError(ValueError):
    """The corpus is malformed; the message names the file and the record."""


def codes(choices):
    return {code for code, _label in choices}


SOURCE_KINDS = codes(sc.SOURCE_KINDS)
DESIGN_CODES = codes(sc.DESIGN_CODES)
ROUTES = codes(sc.ROUTES)
SUBSTANCES = codes(sc.SUBSTANCES)
EFFECT_MEASURES = codes(sc.EFFECT_MEASURES)
DIRECTIONS = codes(sc.DIRECTIONS)
CLAIM_TYPES = codes(cc.CLAIM_TYPES)
WORDING = codes(cc.WORDING)
LOCATIONS = codes(cc.CITATION_LOCATIONS)
RELIANCE = codes(cc.RELIANCE)
STANCES = codes(cc.STANCES)
MISFIT_REASONS = codes(cc.MISFIT_REASONS)
VERDICTS = codes(cc.VERDICTS)
CERTAINTIES = codes(cc.CERTAINTIES)

# Field name -> (required, kind). Kinds: str, str?, int?, float?, bool, list, dict, code sets.
LIBRARY_RECORD_FIELDS = {
    "key",
    "source_kind",
    "type",
    "title",
    "container_title",
    "authors",
    "year",
    "volume",
    "issue",
    "pages",
    "doi",
    "pmid",
    "pmcid",
    "url",
    "topic",
    "appraisal",
    "confirmed_from",
    "confidence",
    "notes",
}
APPRAISAL_FIELDS = {
    "design_code",
    "design",
    "n",
    "arms",
    "population",
    "intervention",
    "route",
    "dose",
    "comparator",
    "duration",
    "follow_up",
    "outcomes",
}
TOPIC_FIELDS = {"about_ketamine", "about_substance_use", "summary"}
STUDY_EXTRA_FIELDS = {"substances", "route_code", "n", "n_studies"}
OUTCOME_FIELDS = {
    "study",
    "measure",
    "time_point",
    "arms",
    "effect_measure",
    "estimate",
    "ci_low",
    "ci_high",
    "p_value_text",
    "direction",
    "primary",
    "source_text",
}
ARM_FIELDS = {"label", "value", "n"}
ARTICLE_FIELDS = {
    "key",
    "title",
    "publisher",
    "author",
    "url",
    "published",
    "text_file",
    "citations",
    "claims",
}
CITATION_FIELDS = {"key", "marker", "raw_text", "location", "study", "note"}
CLAIM_FIELDS = {"key", "quote", "claim_type", "substances", "wording", "links"}
CLAIM_OPTIONAL_FIELDS = {"occurrence", "override"}
# An editor's verdict that the evidence links cannot express (e.g. a claim about the
# research that the library itself contradicts); it names the records it rests on.
OVERRIDE_FIELDS = {"verdict", "certainty", "rationale"}
LINK_FIELDS = {"citation", "reliance", "stance", "misfit_reasons", "rationale"}


# --- YAML that refuses duplicate mapping keys ----------------------------------------


class _StrictLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node, deep=False):
    seen = set()
    for key_node, _value_node in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        seen.add(key)
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _label(path, root):
    """Path as shown in messages: relative to the corpus directory's parent."""
    path, root = Path(path), Path(root)
    try:
        return str(path.relative_to(root.parent))
    except ValueError:
        return str(path)


def _read_text(path, label):
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return fh.read()
    except FileNotFoundError:
        raise CorpusError(f"{label}: file not found") from None
    except UnicodeDecodeError as exc:
        raise CorpusError(f"{label}: not valid UTF-8 ({exc})") from None


def _load_yaml(path, label):
    text = _read_text(path, label)
    try:
        return yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        raise CorpusError(f"{label}: malformed YAML: {exc}") from None


# --- field checks --------------------------------------------------------------------


class _Checker:
    """Checks one record's fields; every message starts with the file and the record."""

    def __init__(self, label, record_name):
        self.where = f"{label}: {record_name}"

    def fail(self, message):
        raise CorpusError(f"{self.where}: {message}")

    def mapping(self, value, required, optional=frozenset()):
        if not isinstance(value, dict):
            self.fail(f"expected a mapping, got {type(value).__name__}")
        unknown = sorted(set(value) - set(required) - set(optional), key=str)
        if unknown:
            self.fail(f"unknown field(s): {', '.join(map(str, unknown))}")
        missing = sorted(set(required) - set(value))
        if missing:
            self.fail(f"missing required field(s): {', '.join(missing)}")
        return value

    def text(self, value, field, *, nullable=False, allow_empty=False):
        if value is None and nullable:
            return None
        if not isinstance(value, str):
            self.fail(f"{field} must be text, got {type(value).__name__}")
        if not allow_empty and not value.strip():
            self.fail(f"{field} must not be empty")
        return value

    def integer(self, value, field, *, nullable=True, minimum=0):
        if value is None and nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(f"{field} must be an integer{' or null' if nullable else ''}")
        if value < minimum:
            self.fail(f"{field} must be at least {minimum}")
        return value

    def number(self, value, field):
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.fail(f"{field} must be a number or null")
        return float(value)

    def boolean(self, value, field):
        if not isinstance(value, bool):
            self.fail(f"{field} must be true or false")
        return value

    def code(self, value, field, allowed, *, nullable=False):
        if value is None and nullable:
            return None
        if value not in allowed:
            self.fail(f"unknown {field} code {value!r}")
        return value

    def code_list(self, value, field, allowed, *, allow_empty=True):
        if not isinstance(value, list):
            self.fail(f"{field} must be a list")
        if not value and not allow_empty:
            self.fail(f"{field} must not be empty")
        for item in value:
            self.code(item, field, allowed)
        if len(set(value)) != len(value):
            self.fail(f"{field} lists a code twice")
        return list(value)


# --- library.json --------------------------------------------------------------------


def read_library(root):
    """Records of library.json as a dict key -> record (the record as stored)."""
    root = Path(root)
    path = root / "library.json"
    label = _label(path, root)
    text = _read_text(path, label)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorpusError(f"{label}: malformed JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("records"), list):
        raise CorpusError(f"{label}: expected an object with a 'records' list")
    records = {}
    for index, record in enumerate(data["records"], start=1):
        name = f"record {record.get('key')!r}" if isinstance(record, dict) else f"record #{index}"
        check = _Checker(label, name)
        check.mapping(record, LIBRARY_RECORD_FIELDS, optional={"trial_names"})
        key = check.text(record["key"], "key")
        if key in records:
            check.fail("duplicate key")
        check.text(record["title"], "title")
        check.code(record["source_kind"], "source_kind", SOURCE_KINDS)
        check.integer(record["year"], "year", minimum=sc.MIN_YEAR)
        if not isinstance(record["authors"], list):
            check.fail("authors must be a list")
        if not isinstance(record["confirmed_from"], list):
            check.fail("confirmed_from must be a list")
        trials = record.get("trial_names", [])
        if not isinstance(trials, list) or not all(isinstance(t, str) and t.strip() for t in trials):
            check.fail("trial_names must be a list of trial names")
        pmcid = check.text(record["pmcid"], "pmcid", nullable=True)
        if pmcid is not None and not re.fullmatch(r"PMC[1-9][0-9]*", pmcid):
            check.fail(f"pmcid must be 'PMC' and digits, got {pmcid!r}")
        topic = record["topic"]
        _Checker(label, f"{name} topic").mapping(topic, TOPIC_FIELDS)
        appraisal = record["appraisal"]
        check_appraisal = _Checker(label, f"{name} appraisal")
        # Web pages and statistics carry only a design code; studies carry every field.
        if isinstance(appraisal, dict) and set(appraisal) == {"design_code"}:
            pass
        else:
            check_appraisal.mapping(appraisal, APPRAISAL_FIELDS)
        check_appraisal.code(appraisal.get("design_code"), "design_code", DESIGN_CODES)
        records[key] = record
    return records


# --- studies.yaml --------------------------------------------------------------------


def read_studies(root, library):
    """studies.yaml as a dict key -> extras; every library record has exactly one entry."""
    root = Path(root)
    path = root / "studies.yaml"
    label = _label(path, root)
    data = _load_yaml(path, label)
    if not isinstance(data, dict):
        raise CorpusError(f"{label}: expected a mapping of library keys to entries")
    studies = {}
    for key, entry in data.items():
        check = _Checker(label, f"study {key!r}")
        if key not in library:
            check.fail("not a key of library.json")
        check.mapping(entry, STUDY_EXTRA_FIELDS)
        studies[key] = {
            "substances": check.code_list(entry["substances"], "substances", SUBSTANCES),
            "route_code": check.code(entry["route_code"], "route_code", ROUTES, nullable=True),
            "n": check.integer(entry["n"], "n"),
            "n_studies": check.integer(entry["n_studies"], "n_studies", minimum=1),
        }
    missing = [key for key in library if key not in studies]
    if missing:
        raise CorpusError(f"{label}: no entry for library record(s): {', '.join(missing)}")
    return studies


# --- settled.yaml ---------------------------------------------------------------------

SETTLED_FIELDS = (
    "key", "kind", "subject", "value", "statement", "quote", "source_title", "publisher",
    "year", "url", "confirmed_from", "notes",
)  # fmt: skip
SETTLED_KINDS = codes(sc.SETTLED_KINDS)


def read_settled(root):
    """settled.yaml as a list of background facts, each with its source's words and the
    pages they were read on (an absent file is an empty list)."""
    root = Path(root)
    path = root / "settled.yaml"
    if not path.exists():
        return []
    label = _label(path, root)
    data = _load_yaml(path, label)
    if not isinstance(data, list):
        raise CorpusError(f"{label}: expected a list of settled facts")
    facts, seen = [], set()
    for index, fact in enumerate(data, start=1):
        name = f"settled fact #{index}"
        if isinstance(fact, dict) and isinstance(fact.get("key"), str):
            name = f"settled fact {fact['key']!r}"
        check = _Checker(label, name)
        check.mapping(fact, SETTLED_FIELDS)
        if fact["key"] in seen:
            check.fail("duplicate key")
        seen.add(fact["key"])
        check.code(fact["kind"], "kind", SETTLED_KINDS)
        for field in ("subject", "value", "statement", "quote", "source_title", "url"):
            check.text(fact[field], field)
        check.text(fact["publisher"], "publisher", nullable=True, allow_empty=True)
        check.text(fact["notes"], "notes", nullable=True, allow_empty=True)
        check.integer(fact["year"], "year")
        pages = fact["confirmed_from"]
        if not isinstance(pages, list) or not pages or not all(
            isinstance(page, str) and page.startswith(("http://", "https://")) for page in pages
        ):
            check.fail("confirmed_from must list at least one page (http or https address)")
        facts.append(
            {
                **fact,
                "value": str(fact["value"]),
                "publisher": fact["publisher"] or "",
                "notes": fact["notes"] or "",
            }
        )
    return facts


# --- outcomes.yaml -------------------------------------------------------------------


def read_outcomes(root, library):
    """outcomes.yaml as a list of rows, each checked against its record's outcomes text."""
    root = Path(root)
    path = root / "outcomes.yaml"
    label = _label(path, root)
    data = _load_yaml(path, label)
    if not isinstance(data, list):
        raise CorpusError(f"{label}: expected a list of outcome rows")
    rows = []
    for index, row in enumerate(data, start=1):
        name = f"outcome #{index}"
        if isinstance(row, dict) and isinstance(row.get("study"), str):
            name += f" ({row['study']})"
        check = _Checker(label, name)
        check.mapping(row, OUTCOME_FIELDS)
        study = row["study"]
        if study not in library:
            check.fail(f"study {study!r} is not a key of library.json")
        source_text = check.text(row["source_text"], "source_text")
        record_outcomes = (library[study].get("appraisal") or {}).get("outcomes") or ""
        if source_text not in record_outcomes:
            check.fail("source_text is not in the record's appraisal.outcomes")
        arms = row["arms"]
        if not isinstance(arms, list):
            check.fail("arms must be a list")
        clean_arms = []
        for arm_index, arm in enumerate(arms, start=1):
            arm_check = _Checker(label, f"{name} arm #{arm_index}")
            arm_check.mapping(arm, ARM_FIELDS)
            clean_arms.append(
                {
                    "label": arm_check.text(arm["label"], "label"),
                    "value": arm_check.text(arm["value"], "value", nullable=True),
                    "n": arm_check.integer(arm["n"], "n"),
                }
            )
        clean = {
            "study": study,
            "measure": check.text(row["measure"], "measure"),
            "time_point": check.text(row["time_point"], "time_point", nullable=True),
            "arms": clean_arms,
            "effect_measure": check.code(
                row["effect_measure"], "effect_measure", EFFECT_MEASURES, nullable=True
            ),
            "estimate": check.number(row["estimate"], "estimate"),
            "ci_low": check.number(row["ci_low"], "ci_low"),
            "ci_high": check.number(row["ci_high"], "ci_high"),
            "p_value_text": check.text(row["p_value_text"], "p_value_text", nullable=True),
            "direction": check.code(row["direction"], "direction", DIRECTIONS),
            "primary": check.boolean(row["primary"], "primary"),
            "source_text": source_text,
        }
        if clean["estimate"] is not None and clean["effect_measure"] is None:
            check.fail("an estimate needs an effect_measure")
        if (clean["ci_low"] is None) != (clean["ci_high"] is None):
            check.fail("a confidence interval needs both bounds")
        if clean["ci_low"] is not None:
            if clean["estimate"] is None:
                check.fail("a confidence interval needs an estimate")
            if clean["ci_low"] > clean["ci_high"]:
                check.fail("ci_low is above ci_high")
        rows.append(clean)
    return rows


# --- articles/<key>.yaml ---------------------------------------------------------------


def read_article(root, path, library):
    """One article file, with its captured text, hash, and each claim's span."""
    root, path = Path(root), Path(path)
    label = _label(path, root)
    data = _load_yaml(path, label)
    check = _Checker(label, f"article {data.get('key')!r}" if isinstance(data, dict) else "article")
    check.mapping(data, ARTICLE_FIELDS)
    key = check.text(data["key"], "key")
    if key != path.stem:
        check.fail(f"key must match the file name ({path.stem!r})")
    text_file = check.text(data["text_file"], "text_file")
    if Path(text_file).name != text_file:
        check.fail("text_file must be a bare file name under texts/")
    text_path = root / "texts" / text_file
    if not text_path.is_file():
        check.fail(f"text_file {text_file!r} not found under texts/")
    text = _read_text(text_path, _label(text_path, root))

    article = {
        "key": key,
        "title": check.text(data["title"], "title"),
        "publisher": check.text(data["publisher"], "publisher", nullable=True),
        "author": check.text(data["author"], "author", nullable=True),
        "url": check.text(data["url"], "url", nullable=True),
        "published": _date_text(check, data["published"]),
        "text_file": text_file,
        "text": text,
        "content_hash": content_hash(text),
        "citations": [],
        "claims": [],
    }

    if not isinstance(data["citations"], list):
        check.fail("citations must be a list")
    citation_keys = set()
    for index, citation in enumerate(data["citations"], start=1):
        ckey = citation.get("key") if isinstance(citation, dict) else None
        c = _Checker(label, f"citation {ckey!r}" if ckey else f"citation #{index}")
        c.mapping(citation, CITATION_FIELDS)
        ckey = c.text(citation["key"], "key")
        if ckey in citation_keys:
            c.fail("duplicate citation key")
        citation_keys.add(ckey)
        raw_text = c.text(citation["raw_text"], "raw_text")
        if raw_text not in text:
            c.fail("raw_text not found in the text")
        study = c.text(citation["study"], "study", nullable=True)
        if study is not None and study not in library:
            c.fail(f"study {study!r} is not a key of library.json")
        article["citations"].append(
            {
                "key": ckey,
                "marker": c.text(citation["marker"], "marker", allow_empty=True),
                "raw_text": raw_text,
                "location": c.code(citation["location"], "location", LOCATIONS),
                "study": study,
                "note": c.text(citation["note"], "note"),
                "position": index,
            }
        )

    if not isinstance(data["claims"], list):
        check.fail("claims must be a list")
    claim_keys = set()
    for index, claim in enumerate(data["claims"], start=1):
        qkey = claim.get("key") if isinstance(claim, dict) else None
        q = _Checker(label, f"claim {qkey!r}" if qkey else f"claim #{index}")
        q.mapping(claim, CLAIM_FIELDS, CLAIM_OPTIONAL_FIELDS)
        qkey = q.text(claim["key"], "key")
        if qkey in claim_keys:
            q.fail("duplicate claim key")
        claim_keys.add(qkey)
        quote = q.text(claim["quote"], "quote")
        occurrence = q.integer(claim.get("occurrence", 1), "occurrence", nullable=False, minimum=1)
        span = find_span(text, quote, occurrence)
        if span is None:
            if occurrence > 1 and quote in text:
                q.fail(f"quote occurs fewer than {occurrence} times in the text")
            q.fail("quote not found in the text")
        if not isinstance(claim["links"], list):
            q.fail("links must be a list (write 'links: []' for a claim that cites nothing)")
        links = []
        linked = set()
        for link_index, link in enumerate(claim["links"], start=1):
            lk = _Checker(label, f"claim {qkey!r} link #{link_index}")
            lk.mapping(link, LINK_FIELDS)
            target = lk.text(link["citation"], "citation")
            if target not in citation_keys:
                lk.fail(f"unknown citation key {target!r}")
            if target in linked:
                lk.fail(f"citation {target!r} is linked twice")
            linked.add(target)
            links.append(
                {
                    "citation": target,
                    "reliance": lk.code(link["reliance"], "reliance", RELIANCE),
                    # null: the editor cannot judge (the work is not identified, or its
                    # record does not hold the fact); it loads as an empty stance.
                    "stance": lk.code(link["stance"], "stance", STANCES, nullable=True),
                    "misfit_reasons": lk.code_list(
                        link["misfit_reasons"], "misfit_reasons", MISFIT_REASONS
                    ),
                    "rationale": lk.text(link["rationale"], "rationale"),
                }
            )
        override = None
        if claim.get("override") is not None:
            o = _Checker(label, f"claim {qkey!r} override")
            o.mapping(claim["override"], OVERRIDE_FIELDS)
            override = {
                "verdict": o.code(claim["override"]["verdict"], "verdict", VERDICTS),
                "certainty": o.code(claim["override"]["certainty"], "certainty", CERTAINTIES),
                "rationale": o.text(claim["override"]["rationale"], "rationale"),
            }
            for key in re.findall(r"\[([a-z0-9_]+)\]", override["rationale"]):
                if key not in library:
                    o.fail(f"rationale cites [{key}], which is not a key of library.json")
        article["claims"].append(
            {
                "key": qkey,
                "override": override,
                "quote": quote,
                "occurrence": occurrence,
                "start": span[0],
                "end": span[1],
                "claim_type": q.code(claim["claim_type"], "claim_type", CLAIM_TYPES),
                "substances": q.code_list(
                    claim["substances"], "substances", SUBSTANCES, allow_empty=False
                ),
                "wording": q.code(claim["wording"], "wording", WORDING),
                "links": links,
            }
        )
    return article


def _date_text(check, value):
    """Dates stay ISO text (YYYY-MM-DD) or null; YAML may have parsed one already."""
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    check.fail("published must be an ISO date (YYYY-MM-DD) or null")


# --- the whole corpus ------------------------------------------------------------------


def read_corpus(path):
    """Read and validate the corpus at path; return plain data.

    Returns {"library": {key: record}, "studies": {key: extras}, "outcomes": [row],
    "settled": [fact], "articles": [article]}; raises CorpusError on the first problem found.
    """
    root = Path(path)
    if not root.is_dir():
        raise CorpusError(f"{root}: not a corpus directory")
    library = read_library(root)
    studies = read_studies(root, library)
    outcomes = read_outcomes(root, library)
    articles_dir = root / "articles"
    article_paths = sorted(articles_dir.glob("*.yaml")) if articles_dir.is_dir() else []
    if not article_paths:
        raise CorpusError(f"{_label(articles_dir, root)}: no article files")
    articles = []
    seen = {}
    for article_path in article_paths:
        article = read_article(root, article_path, library)
        label = _label(article_path, root)
        # Keys are unique across the corpus, so that a key names one thing in messages.
        for kind, items in (("citation", article["citations"]), ("claim", article["claims"])):
            for item in items:
                owner = seen.get((kind, item["key"]))
                if owner is not None:
                    raise CorpusError(
                        f"{label}: {kind} {item['key']!r}: duplicate key (also in {owner})"
                    )
                seen[(kind, item["key"])] = label
        owner = seen.get(("text", article["text_file"]))
        if owner is not None:
            raise CorpusError(
                f"{label}: article {article['key']!r}: text_file {article['text_file']!r} "
                f"is already used by {owner}"
            )
        seen[("text", article["text_file"])] = label
        articles.append(article)
    return {
        "library": library,
        "studies": studies,
        "outcomes": outcomes,
        "settled": read_settled(root),
        "articles": articles,
    }


def library_facts(corpus) -> dict:
    """The facts of each study of a read corpus (`read_corpus`), by key: its record, its
    curated route and its outcome rows, named as people name it ("Dakwar 2019")."""
    outcomes = {}
    for row in corpus["outcomes"]:
        outcomes.setdefault(row["study"], []).append(row)
    facts = {}
    for key, record in corpus["library"].items():
        label = work_label(
            authors=record.get("authors") or (), year=record.get("year"),
            container_title=record.get("container_title") or "", title=record.get("title") or "",
        )  # fmt: skip
        extras = corpus["studies"][key]
        values = {
            **record,
            "label": label,
            "route_code": extras["route_code"],
            "substances": extras.get("substances") or (),
        }
        facts[key] = StudyFacts.from_record(values, outcomes=outcomes.get(key, ()))
    return facts
