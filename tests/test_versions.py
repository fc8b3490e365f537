"""The version of a piece of code that stored derived data is keyed by."""

from types import SimpleNamespace

from core.versions import code_version


def test_a_code_version_changes_with_the_source_and_only_with_it(tmp_path):
    first, second = tmp_path / "first.py", tmp_path / "second.py"
    first.write_text("WORDS = ('ketamine',)\n")
    second.write_text("def read(text):\n    return text\n")
    modules = [SimpleNamespace(__file__=str(path)) for path in (first, second)]
    before = code_version(*modules)

    assert code_version(*modules) == before and len(before) == 16
    first.write_text("WORDS = ('ketamine', 'esketamine')\n")
    assert code_version(*modules) != before
    first.write_text("WORDS = ('ketamine',)\n")
    assert code_version(*modules) == before
