"""The literature knows nothing of claims: `claims` depends on `studies`, never the reverse."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module


def test_no_module_of_studies_imports_claims():
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sorted((ROOT / "studies").rglob("*.py"))
        for module in imported_modules(path)
        if module == "claims" or module.startswith("claims.")
    ]
    assert offenders == []


def test_the_check_finds_an_import_of_claims(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from claims.models import Claim\nimport studies.models\n")
    assert list(imported_modules(sample)) == ["claims.models", "studies.models"]
