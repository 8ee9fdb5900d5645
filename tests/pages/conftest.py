"""Fixtures for the page tests.

``app_copy``: the links and presentation-mode tests (test_explorer.py, test_all_pages.py, test_home.py) run a copy
of the app in a temporary folder whose explorer has the one line ``ui.sync_explorer_url(tr)`` added after
``setup_page`` if the page does not call it itself (the other pages are links to the real ones). Once the explorer
calls it itself, the copy is identical to the real page.
"""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SETUP_LINE = 'tr = ui.setup_page("explorer.title")\n'
SYNC_LINE = "explorer.sync_explorer_url(tr)\n"
SYNC_CALL = "sync_explorer_url(tr"


@pytest.fixture(scope="module")
def app_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("links_app")
    (folder / "pages").mkdir()
    (folder / "app.py").write_text((ROOT / "app.py").read_text(encoding="utf-8"), encoding="utf-8")
    for page in (ROOT / "pages").glob("*.py"):
        if page.name == "1_explorer.py":
            source = page.read_text(encoding="utf-8")
            assert SETUP_LINE in source
            if SYNC_CALL not in source:
                source = source.replace(SETUP_LINE, SETUP_LINE + SYNC_LINE, 1)
            (folder / "pages" / page.name).write_text(source, encoding="utf-8")
        else:
            (folder / "pages" / page.name).symlink_to(page)
    return folder
