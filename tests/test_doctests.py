"""Every ``>>>`` example in a docstring under ``convviz/`` runs, and prints what the docstring says it prints.

One test per module that has at least one example (as einops runs its docstrings); a wrong example fails with
doctest's report: the example, what it expected and what it got.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import convviz

OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
FINDER = doctest.DocTestFinder(exclude_empty=True)


def _modules_with_examples() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(convviz.__path__, prefix="convviz."):
        module = importlib.import_module(info.name)
        if any(test.examples for test in FINDER.find(module)):
            names.append(info.name)
    return sorted(names)


MODULES = _modules_with_examples()


def test_examples_are_found():
    assert "convviz.layer.spec" in MODULES and "convviz.text.units" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=OPTIONS)
    report: list[str] = []
    for test in FINDER.find(module):
        runner.run(test, out=report.append)
    assert runner.tries > 0
    if runner.failures:
        pytest.fail(f"{runner.failures} of {runner.tries} examples in {name} failed:\n" + "".join(report),
                    pytrace=False)
