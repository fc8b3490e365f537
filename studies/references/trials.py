"""Trials named by their acronyms: "the KARE trial", "(ADAPT-2)", "STAR*D". No Django.

News and clinic pages name a trial more often than its report: "the Ketamine for Reduction
of Alcohol Relapse (KARE) trial, led by the University of Exeter". A study of the library
may say which trial it is the main report of (`Study.trial_names`); a reference that names
that trial names that study, even when it gives nothing else.

`trial_names(text)` lists the words of a reference that could be a trial's acronym: capitals,
digits, hyphens and asterisks, with three letters at least. Most are not ("RCT", "NIDA", "UK"):
they name a trial only when a study of the library has that name, so nothing here needs to
know which are. `trial_name_key(name)` is how a name is compared.
"""

from __future__ import annotations

import re

# A word of capitals, perhaps with digits joined by hyphens or an asterisk ("ADAPT-2",
# "STAR*D", "MORE-KARE"), standing alone: not a part of a longer word or name.
_ACRONYM_RE = re.compile(r"(?<![\w*-])[A-Z][A-Z0-9]*(?:[*-][A-Z0-9]+)*(?![\w*-])")
# Looked up for each reference: a page in capitals is not read word by word.
MAX_NAMES = 6
MIN_LETTERS = 3


def trial_name_key(name: str) -> str:
    """A trial's name as compared: "KARE" and "Kare" are one trial, "MORE-KARE" another."""
    return name.strip().casefold()


def trial_names(text: str) -> tuple[str, ...]:
    """The words of `text` that could name a trial, first ones first, as keys."""
    found: list[str] = []
    for word in _ACRONYM_RE.findall(text):
        if sum(ch.isalpha() for ch in word) < MIN_LETTERS:
            continue
        key = trial_name_key(word)
        if key not in found:
            found.append(key)
            if len(found) == MAX_NAMES:
                break
    return tuple(found)


def split_trial_names(value) -> tuple[str, ...]:
    """A study's trial names as stored (a comma-separated text, or a list), as keys."""
    names = value.split(",") if isinstance(value, str) else list(value or ())
    return tuple(dict.fromkeys(trial_name_key(str(n)) for n in names if str(n).strip()))
