"""The house rules of the import graph (issue 20; ../shared/GUIDE.md section 2), read from the modules' own import
statements with `ast`, so a new arrow that breaks them fails the suite instead of waiting for a reviewer.

- Screens live in `desk/` and `reading/`: no other app imports them (the public site and the capability apps must
  never depend on the workbench's screens), and the public site imports nothing but the content model and the
  shared rights.
- `declarations/` owns the content model and imports none of the apps built on it; `access.py` (who may do what)
  imports only the content model, so every app may import it.
- `align/` is plain Python: no Django, no other part of the workbench.
- No import inside a function: a late import is how a loop between modules hides. And there is no loop.
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "workbench"
SCREEN_APPS = {"desk", "reading"}


@dataclass(frozen=True)
class Arrow:
    source: str  # the importing module, e.g. workbench.reading.views
    target: str  # the imported module, as precisely as the tree knows it
    line: int
    in_function: bool

    def __str__(self) -> str:
        return f"{self.source}:{self.line} imports {self.target}" + (" inside a function" if self.in_function else "")


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(root: Path) -> dict[str, Path]:
    return {module_name(root, path): path for path in sorted(root.rglob("*.py")) if "migrations" not in path.parts}


def _resolve(known: dict[str, Path], base: str, names: list[str]) -> list[str]:
    """`from base import a, b`: each name is a submodule when the tree has one, otherwise an attribute of base."""
    return [f"{base}.{name}" if f"{base}.{name}" in known else base for name in names] or [base]


def _type_checking_only(node: ast.AST) -> bool:
    return isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"


def _statements(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
    """Every import statement that runs, and whether it runs inside a function. Imports under `if TYPE_CHECKING:`
    never run, so they make no arrow."""

    def visit(node: ast.AST, in_function: bool) -> Iterator[tuple[ast.Import | ast.ImportFrom, bool]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, in_function
            elif not _type_checking_only(child):
                yield from visit(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    yield from visit(tree, False)


def arrows(root: Path) -> list[Arrow]:
    """Every import of a workbench module (or of django, for the aligner's rule) in the tree under root."""
    known = modules(root)
    found = []
    for source, path in known.items():
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for statement, in_function in _statements(ast.parse(path.read_text(), str(path))):
            if isinstance(statement, ast.Import):
                targets = [alias.name for alias in statement.names]
            else:
                base = statement.module or ""
                if statement.level:
                    anchor = package.split(".")[: len(package.split(".")) - statement.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = _resolve(known, base, [alias.name for alias in statement.names])
            for target in targets:
                if target.split(".")[0] in (root.name, "django"):
                    found.append(Arrow(source, target, statement.lineno, in_function))
    return found


def app_of(module: str) -> str:
    """The app a module belongs to: `desk` for workbench.desk.views, '' for the project's own top-level modules."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 else ""


def broken_rules(root: Path) -> list[str]:
    known = modules(root)
    found = arrows(root)
    problems = []
    for arrow in found:
        source_app, target_app = app_of(arrow.source), app_of(arrow.target)
        if arrow.target.startswith("django"):
            if source_app == "align":
                problems.append(f"{arrow}: the aligner imports no Django")
            continue
        if arrow.in_function:
            problems.append(f"{arrow}: imports go at the top of the module, not where they hide a loop")
        if target_app in SCREEN_APPS and source_app not in (target_app, "") or (
            source_app == "" and target_app == "desk"
        ):
            problems.append(f"{arrow}: only the screens themselves may import the {target_app} screens")
        public_may_read = ("reading", "declarations")
        if source_app == "reading" and target_app not in public_may_read and arrow.target != "workbench.access":
            problems.append(f"{arrow}: the public site reads the content model only")
        if source_app == "declarations" and target_app != "declarations":
            problems.append(f"{arrow}: the content model imports none of the apps built on it")
        if arrow.source == "workbench.access" and target_app != "declarations":
            problems.append(f"{arrow}: the rights import nothing but the content model")
        if source_app == "align" and target_app != "align":
            problems.append(f"{arrow}: the aligner is plain Python and imports no other part of the workbench")
    problems += [f"import loop: {' -> '.join(loop)}" for loop in loops({a for a in found if a.target in known})]
    return problems


def loops(found: set[Arrow]) -> list[list[str]]:
    """Cycles among module-level imports (Tarjan's strongly connected components of more than one module)."""
    graph: dict[str, set[str]] = {}
    for arrow in found:
        if not arrow.in_function and arrow.source != arrow.target:
            graph.setdefault(arrow.source, set()).add(arrow.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for neighbour in sorted(graph.get(node, ())):
            if neighbour not in index:
                connect(neighbour)
                low[node] = min(low[node], low[neighbour])
            elif neighbour in stack:
                low[node] = min(low[node], index[neighbour])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return components


def test_the_workbench_keeps_its_import_rules() -> None:
    assert broken_rules(ROOT) == []


def test_the_lexicon_and_term_proposals_do_not_import_each_other() -> None:
    # Both learn from the memory's bitext (memory/bitext.py); term proposals read the lexicon.
    apps = {(app_of(a.source), app_of(a.target)) for a in arrows(ROOT) if not a.target.startswith("django")}
    assert ("terms", "lexicon") in apps
    assert ("lexicon", "terms") not in apps


def test_the_reader_sees_the_real_tree() -> None:
    # The rules above only mean something if the walk finds the arrows that exist.
    found = {(arrow.source, arrow.target) for arrow in arrows(ROOT)}
    assert ("workbench.desk.views", "workbench.access") in found
    assert ("workbench.jobs.tasks", "workbench.reviews.alignment") in found
    assert ("workbench.reading.views", "workbench.declarations.models") in found


def write_tree(root: Path, files: dict[str, str]) -> Path:
    package = root / "workbench"
    for name, text in files.items():
        path = package / name
        path.parent.mkdir(parents=True, exist_ok=True)
        for folder in [path.parent, *path.parent.parents]:
            if folder == root:
                break
            (folder / "__init__.py").touch()
        path.write_text(text)
    return package


def test_each_forbidden_arrow_is_caught(tmp_path: Path) -> None:
    package = write_tree(tmp_path, {
        "access.py": "from workbench.desk.views import page\n",
        "desk/views.py": "from workbench.declarations.models import Passage\npage = 1\n",
        "reading/views.py": "from workbench.exchange import po\nfrom workbench.desk import views\n",
        "exchange/po.py": "def f():\n    from workbench.jobs import tasks\n",
        "jobs/tasks.py": "from ..exchange import po\n",
        "declarations/models.py": "from workbench.memory import units\nPassage = 1\n",
        "memory/units.py": "",
        "align/dp.py": "import django\n",
    })  # fmt: skip
    problems = "\n".join(broken_rules(package))
    assert "workbench.access:1 imports workbench.desk.views: only the screens" in problems
    assert "workbench.reading.views:1 imports workbench.exchange.po: the public site" in problems
    assert "workbench.reading.views:2 imports workbench.desk.views: only the screens" in problems
    assert "workbench.exchange.po:2 imports workbench.jobs.tasks inside a function" in problems
    assert "workbench.declarations.models:1 imports workbench.memory.units: the content model" in problems
    assert "workbench.align.dp:1 imports django: the aligner" in problems
    assert "the rights import nothing but the content model" in problems


def test_a_loop_between_modules_is_caught(tmp_path: Path) -> None:
    package = write_tree(tmp_path, {
        "exchange/jobs.py": "from workbench.reviews import alignment\n",
        "reviews/alignment.py": "from workbench.exchange.jobs import start\n",
    })  # fmt: skip
    assert broken_rules(package) == [
        "import loop: workbench.exchange.jobs -> workbench.reviews.alignment",
    ]
