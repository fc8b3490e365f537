"""The library as reference checking sees it, read from the database.

Nothing is built per process: `current_index()` answers from the tables of studies and of
their blocking keys (`studies.library.match_index`), so each process sees every study as soon
as it is saved. `prepare` reads, in a few queries, what checking a batch of references needs;
checking itself is `claims.checking.reference`.
"""

from collections.abc import Iterable

from claims.checking.reference import ReferenceIndex
from studies.library.match_index import StoredFacts, StoredMatchIndex


def current_index() -> ReferenceIndex:
    """The index of every study in the library now. Serves one batch: it keeps what it read."""
    matcher = StoredMatchIndex()
    return ReferenceIndex(matcher=matcher, facts=StoredFacts(size=matcher.size))


def prepare(index: ReferenceIndex, *, references: Iterable[str], study_ids: Iterable[int] = ()):
    """Read what checking these references needs: their candidates, and the facts of the
    studies they match and of `study_ids` (studies editors identified). An index built in
    memory has everything already."""
    if not isinstance(index.matcher, StoredMatchIndex):
        return
    matches = index.matcher.prepare(index.parse(raw) for raw in references)
    ids = {int(m.study_id) for m in matches if m.study_id is not None}
    ids.update(study_ids)
    index.matcher.load(ids)  # the editor's studies too, for their field comparison
    index.facts.load(ids)
