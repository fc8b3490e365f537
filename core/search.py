"""What the search functions of every model share (claims.selectors.search_claims,
studies.selectors.search_studies): the PostgreSQL query and the SQLite reading of it.

On PostgreSQL a search is full text: a stored, weighted `search_vector` column that
database triggers keep up to date, a GIN index on it, `websearch_to_tsquery` for the query
and `ts_rank` on the stored column for the order (measured in bench/bench_search.py). The
SQLite default has none of that, so each search function also has a substring path that
honours as much of the same syntax as substrings can.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import BooleanField, F, Func, Value

# The text search configuration of every vector (see the migrations that create the
# triggers) and so of every query: English stemming ("reduces" finds "reduced") and stop
# words.
CONFIG = "english"


# PostgreSQL's English stop words (tsearch_data/english.stop, the list the "english"
# configuration drops from every vector and every query). A word of these is no lexeme to
# PostgreSQL: a search of nothing else would match no row there and every row on SQLite,
# so both databases leave them out of a search (`substring_terms`) and say so
# (`ignored_words`).
STOP_WORDS = frozenset((
    "i", "me", "my", "myself", "we", "our", "ours", "ourselves", "you", "your", "yours",
    "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers", "herself",
    "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
    "who", "whom", "this", "that", "these", "those", "am", "is", "are", "was", "were", "be",
    "been", "being", "have", "has", "had", "having", "do", "does", "did", "doing", "a", "an",
    "the", "and", "but", "if", "or", "because", "as", "until", "while", "of", "at", "by",
    "for", "with", "about", "against", "between", "into", "through", "during", "before",
    "after", "above", "below", "to", "from", "up", "down", "in", "out", "on", "off", "over",
    "under", "again", "further", "then", "once", "here", "there", "when", "where", "why",
    "how", "all", "any", "both", "each", "few", "more", "most", "other", "some", "such", "no",
    "nor", "not", "only", "own", "same", "so", "than", "too", "very", "s", "t", "can", "will",
    "just", "don", "should", "now",
))


def fulltext_query(query: str) -> SearchQuery:
    """The user's words as PostgreSQL's web-search syntax reads them: words (all required),
    "quoted phrases", -excluded words or phrases, and OR."""
    return SearchQuery(query, search_type="websearch", config=CONFIG)


def rank(search_query: SearchQuery) -> SearchRank:
    """How well each row's stored vector matches: passing the column, not an expression,
    lets PostgreSQL read the vector instead of building it again for every row."""
    return SearchRank(F("search_vector"), search_query)


# A quote opens a phrase that runs to the next quote or to the end (as websearch_to_tsquery
# reads an unclosed one); outside quotes, a word is what lies between spaces and quotes.
_TERM_RE = re.compile(r'(-?)"([^"]*)(?:"|$)|(-?)([^\s"]+)')


def substring_terms(query: str) -> tuple[list[str], list[str]]:
    """Words and "quoted phrases" to include, and -excluded ones: the part of PostgreSQL's
    websearch syntax that the SQLite path can honour with plain substring matching. A
    phrase of nothing ('""', '" "') is no term, as it is no lexeme to PostgreSQL; nor is a
    stop word, or a phrase of nothing else."""
    include, exclude = [], []
    for negated, term in _terms(query):
        if not _stop_words_only(term):
            (exclude if negated else include).append(term)
    return include, exclude


def ignored_words(query: str) -> list[str]:
    """The words and phrases of `query` left out of the search as stop words ("the", "of
    the"), in the order given, each once: for a page to say that it did not look for them."""
    ignored = {}
    for _, term in _terms(query or ""):
        if _stop_words_only(term):
            ignored.setdefault(term.lower(), term)
    return list(ignored.values())


def _terms(query: str) -> list[tuple[bool, str]]:
    """(negated, term) for each word or phrase of `query`, websearch's OR left out."""
    terms = []
    for neg_phrase, phrase, neg_word, word in _TERM_RE.findall(query):
        term = " ".join(phrase.split()) or word
        if not phrase and term.lower() == "or":
            continue  # websearch's OR; the substring path treats every term as required
        if term and term != "-":
            terms.append((bool(neg_phrase or neg_word), term))
    return terms


def _stop_words_only(term: str) -> bool:
    words = re.findall(r"\w+", term.lower())
    return all(word in STOP_WORDS for word in words)


def has_terms(query: str) -> bool:
    """Whether `query` holds anything to look for. A query of none (blank, '""', "-",
    "OR", or stop words alone: "the", "of the") finds what a blank one does, every row, on
    both databases: PostgreSQL would read it as an empty query that matches no row."""
    include, exclude = substring_terms(query or "")
    return bool(include or exclude)


class JSONStringContains(Func):
    """SQLite: does any string in a JSON column (a value, never a key) contain `text`?

    The substring path cannot search JSON as text: its keys ("family") would match, and
    SQLite stores names outside ASCII escaped ("M\\u00fcller"). json_tree walks the decoded
    values instead. LIKE, as Django's icontains on SQLite: case-insensitive for ASCII.
    """

    output_field = BooleanField()

    def __init__(self, expression, text):
        super().__init__(expression, Value(text))

    def as_sql(self, compiler, connection, **extra_context):
        raise NotImplementedError("JSONStringContains is for SQLite's substring search path.")

    def as_sqlite(self, compiler, connection, **extra_context):
        column, text = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        pattern = f"%{connection.ops.prep_for_like_query(text.value)}%"
        sql = (
            f"EXISTS (SELECT 1 FROM json_tree({column_sql}) AS item "
            "WHERE item.type = 'text' AND item.value LIKE %s ESCAPE '\\')"
        )
        return sql, (*column_params, pattern)

