"""Article intake: a page's text in, proposed claims, references and markers out.

Capture (`capture`) turns bytes, a file or a URL into the captured text; `sections` finds the
reference list, `markers` the in-text markers and mentions, `candidates` the checkable
sentences; `pipeline.extract` runs them in that order. None of these touch the database:
what an editor accepts is written by `claims.editing.intake`.
"""
