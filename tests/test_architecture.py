"""The shape of the house: the order of the apps (DESIGN.md) and the anatomy every app follows
(docs/architecture.md), read from the source itself."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "integra"

# Top to bottom, as DESIGN.md draws them: an app imports only apps below it.
ORDER = [
    "demo",
    "api",
    "dashboards",
    "outreach",
    "monitoring",
    "finance",
    "contracts",
    "providers",
    "action_plans",
    "strategies",
    "catalog",
    "allocations",
    "programmes",
    "accounts",
    "territories",
    "audit",
    "core",
]

# The names an app's modules and packages may take (docs/architecture.md, "One app anatomy").
ANATOMY = {
    "models",
    "policies",
    "rules",
    "services",
    "selectors",
    "forms",
    "filters",
    "views",
    "urls",
    "api",
    "importers",
    "exports",
    "demo",
    "tasks",
    "admin",
    "management",
    "tests",
}
# Django's own places in an app.
PLUMBING = {"__init__", "apps", "migrations", "templatetags", "middleware", "backends"}
# core holds the shared technical pieces and the two top apps their own parts; they are not
# domain apps, so the anatomy does not bind them.
NOT_DOMAIN_APPS = {"core", "api", "demo"}


def apps() -> list[str]:
    return sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists())


def imports_of(path: Path) -> set[str]:
    """Every module a file imports, absolute, including imports inside functions and
    TYPE_CHECKING blocks (a layer is broken by any of them)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "integra" else None


def layer_breaches(root: Path) -> list[str]:
    """`file: app → higher app` for every import of an app placed above the importer."""
    rank = {name: index for index, name in enumerate(ORDER)}
    breaches = []
    for path in sorted(root.rglob("*.py")):
        own = path.relative_to(root).parts[0]
        if own not in rank:
            continue
        for module in sorted(imports_of(path)):
            other = app_of(module)
            if other in rank and other != own and rank[other] < rank[own]:
                breaches.append(f"{path.relative_to(root)}: {own} → {other} ({module})")
    return breaches


def test_every_app_has_its_place_in_the_order():
    assert set(apps()) <= set(ORDER), set(apps()) - set(ORDER)


def test_no_app_imports_an_app_above_it():
    assert layer_breaches(PACKAGE) == []


def test_the_layer_check_sees_a_probe_of_the_api_composition(tmp_path):
    """The check above can fail: a catalog module importing the API composition is reported."""
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "probe.py").write_text(
        "def mounted():\n    from integra.api.router import api\n    return api\n"
    )
    assert layer_breaches(tmp_path) == [
        "catalog/probe.py: catalog → api (integra.api.router)",
        "catalog/probe.py: catalog → api (integra.api.router.api)",
    ]


@pytest.mark.parametrize("app", [a for a in apps() if a not in NOT_DOMAIN_APPS])
def test_every_app_follows_the_anatomy(app):
    names = {
        p.stem
        for p in (PACKAGE / app).iterdir()
        if (p.suffix == ".py" or (p / "__init__.py").exists()) and p.name != "__pycache__"
    }
    assert names - ANATOMY - PLUMBING == set()


def test_no_module_is_named_with_a_prefix():
    """`api_users.py`, `urls_signin.py`: a package with one module per document instead.
    (Management commands are named for the operator who types them: `seed_demo`, `demo_code`.)"""
    prefixed = [
        str(p.relative_to(ROOT))
        for p in PACKAGE.rglob("*.py")
        if "migrations" not in p.parts
        and "tests" not in p.parts
        and "management" not in p.parts
        and any(p.stem.startswith(f"{name}_") for name in ANATOMY)
    ]
    assert prefixed == []


@pytest.mark.skipif(shutil.which("git") is None, reason="the probe copies the tracked tree")
def test_import_linter_fails_on_a_probe_of_the_api_composition(tmp_path):
    """`make lint` runs lint-imports; a copy of the code with one import of the API composition
    from a domain app must break its contract (and the untouched copy keep it)."""
    linter = Path(sys.executable).with_name("lint-imports")
    shutil.copytree(PACKAGE, tmp_path / "integra", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)

    def lint() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(linter), "--no-cache"],
            cwd=tmp_path,
            env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(tmp_path)},
            capture_output=True,
            text=True,
            check=False,
        )

    assert lint().returncode == 0
    (tmp_path / "integra" / "catalog" / "probe.py").write_text(
        "from integra.api.router import api  # noqa\n"
    )
    probed = lint()
    assert probed.returncode != 0
    assert "integra.catalog.probe -> integra.api.router" in probed.stdout
