"""The product carries no test hooks: nothing under the product's packages imports the tests or reads a
test-only environment variable. Tests bring their own routes, settings and slowdowns (tests/support)."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PRODUCT_PACKAGES = ("accounts", "catalogue", "config", "deploy")
TEST_VARIABLE = re.compile(r"(^|_)TESTS?(_|$)")
#: Django REST framework's own setting for its test client's default body format; it changes nothing the
#: product does.
FRAMEWORK_SETTINGS = {"TEST_REQUEST_DEFAULT_FORMAT"}

# The shared autouse fixture clears the database cache, so these need the (cheap) test database too.
pytestmark = pytest.mark.django_db


def product_modules():
    for package in PRODUCT_PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def upper_case_strings(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and re.fullmatch(r"[A-Z][A-Z0-9_]*",
                                                                                          node.value):
            yield node.value


def test_no_product_module_imports_the_tests_or_reads_a_test_variable():
    found = []
    for path in product_modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        name = path.relative_to(ROOT)
        found += [f"{name} imports {module}" for module in imported_modules(tree)
                  if module == "tests" or module.startswith("tests.")]
        found += [f"{name} names {value}" for value in upper_case_strings(tree)
                  if TEST_VARIABLE.search(value) and value not in FRAMEWORK_SETTINGS]
    assert not found, found


def test_the_scan_sees_the_product():
    assert len(list(product_modules())) > 50
