"""The three layers stay apart: every module of ``convviz/`` imports with streamlit and the app's ``ui`` package
made unimportable, as in a notebook without the app (ruff's TID251 rule catches the import statements; this
catches what they pull in)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import importlib, pkgutil, sys
sys.modules['streamlit'] = None  # any import of streamlit now raises ImportError
sys.modules['ui'] = None
import convviz
names = [m.name for m in pkgutil.walk_packages(convviz.__path__, 'convviz.')]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_library_module_imports_without_streamlit_or_ui():
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout.split()[-1]) >= 40  # every module was imported, not an empty walk


def test_the_probe_fails_when_a_library_module_imports_streamlit(tmp_path):
    package = tmp_path / "convviz"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "leaky.py").write_text("import streamlit\n")
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and "streamlit" in done.stderr
