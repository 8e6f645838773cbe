"""``pipeline/checks/`` holds check families only: every module or package directly in it
(besides ``base``) exposes a ``FAMILY``; a family's helpers live inside its package; readers
live in ``pipeline/nlp/``."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pipeline.checks
from pipeline.checks import discover
from pipeline.checks.base import CheckFamily

CHECKS = Path(pipeline.checks.__file__).resolve().parent


def test_every_module_in_checks_is_a_family():
    not_families = []
    for info in pkgutil.iter_modules(pipeline.checks.__path__):
        if info.name == "base":
            continue
        module = importlib.import_module(f"pipeline.checks.{info.name}")
        if not isinstance(getattr(module, "FAMILY", None), CheckFamily):
            not_families.append(info.name)
    assert not not_families, f"modules in checks/ that are no check family: {not_families}"


def test_family_packages_hold_only_their_own_parts():
    # a module inside a family's package is imported by that family and by no other
    for package in (p for p in CHECKS.iterdir() if (p / "__init__.py").is_file()):
        for part in package.glob("*.py"):
            if part.name == "__init__.py":
                continue
            dotted = f"pipeline.checks.{package.name}.{part.stem}"
            users = set()
            for path in CHECKS.rglob("*.py"):
                tree = ast.parse(path.read_text(encoding="utf-8"))
                if any(isinstance(n, ast.ImportFrom) and n.module == dotted
                       for n in ast.walk(tree)):
                    users.add(path.relative_to(CHECKS).parts[0])
            assert users == {package.name}, (dotted, users)


def test_discovery_finds_family_packages():
    names = {family.name for family in discover()}
    assert {"anatomy", "posture", "contradiction", "safety"} <= names


def test_no_reader_imports_a_check():
    # the reading layer never depends on a check family
    offenders = []
    for path in (CHECKS.parent / "nlp").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "pipeline.checks"):
                offenders.append(f"{path.name}: {node.module}")
    assert not offenders, offenders
