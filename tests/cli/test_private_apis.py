"""Private APIs contained (issue 24, item 5): what raqqa takes from typer's private modules
is named in `typer_private.py` alone, and rich's word wrap is vendored (`render/wrap.py`).

The first test fails on a typer release that moves a name raqqa uses; the second on any
module that reaches into a private module of typer, click or rich elsewhere.
"""

from __future__ import annotations

import ast
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest

from raqqa_cli.cli import typer_private

# The checkout's own files, whether raqqa is installed from it editable or not (CI installs
# it as a wheel, so the package's own folder is in site-packages).
ROOT = Path(__file__).parent.parent.parent
SOURCE = ROOT / "src" / "raqqa_cli"


@pytest.mark.parametrize("name", typer_private.NAMES)
def test_every_private_name_raqqa_uses_is_where_it_expects(name: str) -> None:
    assert getattr(typer_private, name) is not None


def test_no_other_module_imports_a_private_module() -> None:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        if path.name == "typer_private.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for module in names:
                top, *rest = module.split(".")
                if top in ("typer", "click", "rich") and any(p.startswith("_") for p in rest):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {module}")
    assert found == []


def test_typer_is_pinned_to_the_release_these_names_come_from() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    [typer] = [d for d in project["project"]["dependencies"] if d.startswith("typer")]
    assert typer == "typer>=0.28,<0.29"
    assert "`>=0.28,<0.29`" in (typer_private.__doc__ or "")
    installed = version("typer")
    assert installed.startswith("0.28."), installed


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        typer_private.NotAName  # noqa: B018
