"""Shared AppTest helpers for the page tests: open a page as a user does (through app.py, with ``?lang=``
and any other URL parameters) and read what it shows."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from convviz.text.i18n import t

ROOT = Path(__file__).resolve().parents[2]


def open_page(page: str, lang: str = "en", **query: str) -> AppTest:
    """Run app.py with ``?lang=…`` (and ``query``), switch to ``page`` (e.g. ``"pages/4_grouped.py"``), and
    check that no exception is shown."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest, key: str, lang: str = "en") -> list[str]:
    """Values of every ``st.metric`` labelled with catalogue message ``key``."""
    return [m.value for m in at.metric if m.label == t(key, lang)]


def metric(at: AppTest, key: str, lang: str = "en") -> str:
    """Value of the first ``st.metric`` labelled with catalogue message ``key``."""
    values = metrics(at, key, lang)
    assert values, f"no metric {key!r} ({t(key, lang)!r})"
    return values[0]


def open_numbers_topic(at: AppTest, name: str) -> AppTest:
    """Open the explorer's numbers topic ``name`` (one of ``ui.explorer.state.NUMBER_TOPICS``), as a click on it
    does: only the chosen topic is drawn."""
    from ui.explorer.state import NUMBERS_TOPIC_KEY

    at.segmented_control(key=NUMBERS_TOPIC_KEY).set_value(name).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_more_options(at: AppTest) -> AppTest:
    """Open the explorer's "more options" expander (its controls are drawn only while it is open)."""
    from ui.explorer.state import MORE_OPTIONS_KEY

    at.session_state[MORE_OPTIONS_KEY] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_explorer(app_copy: Path, **params: str) -> AppTest:
    """Open the explorer of ``app_copy`` (the fixture in conftest.py) from a link with ``params``; the home page's
    warnings are kept in ``at.home_warnings``."""
    at = AppTest.from_file(str(app_copy / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()  # AppTest starts at the home page, where the language is read first
    at.home_warnings = [w.value for w in at.warning]
    at.switch_page("pages/1_explorer.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def query(at: AppTest) -> dict[str, str]:
    """The URL's parameters, one value each (the last where a key is repeated)."""
    return {key: (value[-1] if isinstance(value, list) else value) for key, value in at.query_params.items()}
