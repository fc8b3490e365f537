"""The bibliographic registries: Crossref, PubMed (NCBI E-utilities) and OpenAlex.

`client` is the one way out to the network (timeouts, retries with backoff, a rate limit
per registry shared by every process through the cache, cached answers, the polite contact
settings, and an "offline" state); `crossref`, `pubmed` and `openalex` turn each registry's
documented answers into `records.RegistryRecord`s (plain parsing, tested on recorded
responses); `lookup` resolves a parsed reference: identifiers first, then a bibliographic
search, a candidate accepted only when the project's matcher accepts it.
"""
