"""The literature knows nothing of claims: `claims` depends on `studies`, never the reverse."""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def runtime_nodes(tree):
    """Every node but those under `if TYPE_CHECKING:`, which are never imported at run time."""
    pending = [tree]
    while pending:
        node = pending.pop(0)
        yield node
        if isinstance(node, ast.If) and getattr(node.test, "id", "") == "TYPE_CHECKING":
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in runtime_nodes(tree):
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


# --- The boundaries of the pipeline's rooms ---------------------------------------------------

PROJECT_PACKAGES = ("claims", "studies", "core", "ketamine_evidence")


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_modules():
    return {
        module_name(path): path
        for package in PROJECT_PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "migrations" not in path.parts
    }


def import_graph():
    """Project module -> the project modules it imports (a `from package import module`
    counts as importing the module)."""
    modules = project_modules()
    graph = {}
    for name, path in modules.items():
        edges = set()
        for imported in imported_modules(path):
            if imported in modules:
                edges.add(imported)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in runtime_nodes(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                edges.update(
                    f"{node.module}.{alias.name}"
                    for alias in node.names
                    if f"{node.module}.{alias.name}" in modules
                )
        graph[name] = edges - {name}
    return graph


def cycles(graph):
    """The strongly connected groups of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph.get(node, ()):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_two_modules_of_the_project_import_each_other():
    assert cycles(import_graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_verification_and_the_tasks_do_not_import_each_other():
    graph = import_graph()
    reaches_tasks = [name for name in graph if name.startswith("claims.verification.") and "claims.tasks" in graph[name]]
    # Only the dispatcher sends tasks, and the tasks run the use cases, which never send any.
    assert reaches_tasks == ["claims.verification.dispatch"]
    assert "claims.verification.dispatch" not in graph["claims.tasks"]
    assert not graph["claims.verification.runs"] & {"claims.verification.dispatch", "claims.tasks"}


WEB_LAYERS = (
    "claims.admin", "claims.api", "claims.pages", "claims.management", "claims.tasks",
    "studies.admin", "studies.api", "studies.pages", "ketamine_evidence.views",
)  # fmt: skip


def web_layer(name):
    return any(name == layer or name.startswith(layer + ".") for layer in WEB_LAYERS)


def test_views_admin_and_commands_do_not_reach_into_the_rules_and_verdicts():
    inner = ("claims.assessment.rules", "claims.assessment.verdicts", "claims.assessment.grading",
             "claims.checking.status")  # fmt: skip
    offenders = [
        f"{name}: {imported}"
        for name, imports in import_graph().items()
        if web_layer(name)
        for imported in sorted(imports)
        if imported in inner
    ]
    assert offenders == []


def test_no_view_imports_another_apps_views():
    def is_views(name):
        return name.endswith(".views") or name == "ketamine_evidence.views"

    offenders = [
        f"{name}: {imported}"
        for name, imports in import_graph().items()
        if is_views(name)
        for imported in sorted(imports)
        if is_views(imported) and imported.split(".")[0] != name.split(".")[0]
    ]
    assert offenders == []


# Writing a row: what only the services (claims.editing, claims.verification, the seed-corpus
# loader, studies.library) may do to the evidence models.
WRITES = re.compile(r"\.(?:save|delete|bulk_create|bulk_update)\(|objects\.create\(|\)\.update\(")


def test_only_the_services_write_the_evidence():
    modules = project_modules()
    offenders = [
        f"{name}: {write}"
        for name, path in modules.items()
        if web_layer(name)
        or name.startswith(("studies.management", "ketamine_evidence."))
        or name in ("core.api", "core.admin", "core.pages")
        for write in WRITES.findall(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_write_check_finds_a_write():
    assert WRITES.findall("claim.save()\nFlag.objects.create(x=1)\nrows.filter(a=1).update(b=2)") == [
        ".save(", "objects.create(", ").update(",
    ]


def names_bound_twice(source: str) -> set[str]:
    """Module-level names given a value by two statements: the second silently replaces the
    first, and every use before it in the file then means the other value."""
    seen, twice = set(), set()
    for node in ast.parse(source).body:
        targets = []
        if isinstance(node, ast.Assign):
            targets = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            targets = [node.target.id]
        elif isinstance(node, ast.FunctionDef | ast.ClassDef):
            targets = [node.name]
        for name in targets:
            (twice if name in seen else seen).add(name)
    return twice


def test_no_module_of_the_project_binds_one_name_twice():
    twice = {
        str(path.relative_to(ROOT)): names
        for path in sorted(ROOT.glob("*/**/*.py"))
        if ".venv" not in path.parts and "migrations" not in path.parts
        for names in [names_bound_twice(path.read_text(encoding="utf-8"))]
        if names
    }
    assert twice == {}


def test_the_rebinding_check_finds_a_pattern_defined_twice():
    source = 'import re\n_LABEL_RE = re.compile("a")\nX = 1\n_LABEL_RE = re.compile("b")\n'
    assert names_bound_twice(source) == {"_LABEL_RE"}
