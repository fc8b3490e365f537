"""What a registry says of a work, as plain data."""

from dataclasses import asdict, dataclass, field

# Kinds of update notice, as Crossref names them ("updated-by[].type"); PubMed's
# publication types map onto the same words.
NOTICE_KINDS = ("retraction", "withdrawal", "removal", "expression_of_concern", "correction")


@dataclass(frozen=True)
class Notice:
    """A notice that changes the standing of a work: a retraction, a correction..."""

    kind: str  # one of NOTICE_KINDS
    doi: str = ""
    date: str = ""  # ISO date
    label: str = ""
    source: str = ""  # who asserted it: "publisher", "retraction-watch", "pubmed"...


@dataclass(frozen=True)
class RegistryRecord:
    registry: str  # crossref, pubmed, openalex
    title: str = ""
    authors: tuple[tuple[str, str], ...] = ()  # (family, given)
    container_title: str = ""
    year: int | None = None
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    pmid: str = ""
    pmcid: str = ""
    url: str = ""
    work_type: str = ""  # the registry's own type word
    abstract: str = ""
    keywords: tuple[str, ...] = ()  # keywords, MeSH headings, subjects: what the topic rests on
    notices: tuple[Notice, ...] = field(default=())
    retracted: bool = False  # the registry says so (OpenAlex's is_retracted, PubMed's type)

    @property
    def label(self) -> str:
        first = self.authors[0][0] if self.authors else "Anonymous"
        return f"{first} {self.year or 'n.d.'}"

    def study_values(self) -> dict:
        """The record as a Study's fields (studies.models.Study)."""
        return {
            "title": self.title,
            "authors": [{"family": f, "given": g} for f, g in self.authors],
            "container_title": self.container_title,
            "year": self.year,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "doi": self.doi,
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "url": self.url,
            "abstract": self.abstract,
        }

    def as_dict(self) -> dict:
        return asdict(self)
