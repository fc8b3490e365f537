"""The version of a piece of code, as what is derived from it and stored is keyed by. No
Django."""

import hashlib
from pathlib import Path


def code_version(*modules) -> str:
    """A digest of the modules' source: what they compute and store is read back only while
    it is the same. No number to remember to raise when the code changes."""
    digest = hashlib.sha256()
    for module in modules:
        digest.update(Path(module.__file__).read_bytes())
    return digest.hexdigest()[:16]
