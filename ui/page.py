"""The app's pages: the registry (:data:`PAGES`), the set-up every page runs first (:func:`setup_page`), the
sidebar navigation and the page-wide CSS.

Streamlit's built-in page navigation drops URL values, so it is hidden (``.streamlit/config.toml``) and
:func:`navigation` draws ``st.page_link``s that carry ``lang`` and ``present``.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from convviz.links import parse_common
from convviz.text.i18n import Translator
from ui.address import (
    current_language,
    current_present,
    language_and_present_switches,
    link_params,
    show_notices,
    start_visit,
)

# The browser tab's icon, served by the app itself: a ``:material/…:`` page icon makes every visitor's browser
# fetch an SVG from a public font CDN (an offline classroom sees errors; online, each visit goes to a third party).
PAGE_ICON = str(Path(__file__).resolve().parent.parent / "assets" / "favicon.png")


@dataclass(frozen=True)
class Page:
    """A page of the app: script path relative to app.py, catalogue keys of its label and one-line blurb."""

    path: str
    label_key: str
    icon: str
    blurb_key: str = ""


# The navigation and the home page list these, in this order. A new page adds one line here.
PAGES = (
    Page("app.py", "nav.home", ":material/home:"),
    Page("pages/1_explorer.py", "nav.explorer", ":material/grid_on:", "home.blurb.explorer"),
    Page("pages/2_pointwise.py", "nav.pointwise", ":material/linear_scale:", "home.blurb.pointwise"),
    Page("pages/3_dilated.py", "nav.dilated", ":material/blur_on:", "home.blurb.dilated"),
    Page("pages/4_grouped.py", "nav.grouped", ":material/view_column:", "home.blurb.grouped"),
    Page("pages/5_separable.py", "nav.separable", ":material/layers:", "home.blurb.separable"),
    Page("pages/6_receptive_field.py", "nav.receptive_field", ":material/center_focus_strong:",
         "home.blurb.receptive_field"),
    Page("pages/7_speed_lab.py", "nav.speed_lab", ":material/speed:", "home.blurb.speed_lab"),
    Page("pages/8_quiz.py", "nav.quiz", ":material/quiz:", "home.blurb.quiz"),
)


EXPLORER_PAGE = "pages/1_explorer.py"


# Streamlit's own English words, in the Chinese page: the hints under a text box ("Press Enter to apply") and in a
# file drop zone ("10MB per file • PNG…", which the uploader's translated help states) hidden; "Upload" relabelled.
ZH_CSS = ("<style>[data-testid='InputInstructions'], [data-testid='stFileUploaderDropzoneInstructions'] "
          "{display: none} [data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] p "
          "{font-size: 0} [data-testid='stFileUploaderDropzone'] button [data-testid='stMarkdownContainer'] "
          "p::after {content: '上传'; font-size: 0.875rem}</style>")


# One static block, no user text: larger type (Streamlit sizes in rem), captions and help icons hidden,
# the toolbar gone; the sidebar (language, presentation switch, navigation) stays.
PRESENT_CSS = """<style>
html {font-size: 21px}
[data-testid='stMainBlockContainer'] {padding-top: 1.2rem; padding-left: 2rem; padding-right: 2rem}
[data-testid='stCaptionContainer'], [data-testid='stTooltipIcon'], [data-testid='stToolbar'],
[data-testid='stDecoration'] {display: none}
[data-testid='stMarkdownContainer'] p, [data-testid='stMarkdownContainer'] li {line-height: 1.45}
[data-testid='stPageLink-NavLink'] * {white-space: normal !important; text-overflow: clip !important;
  overflow: visible !important}
[data-testid='stButtonGroup'] [role='radiogroup'] {flex-wrap: wrap}
</style>"""


_PANDAS_LOCK = threading.Lock()
_PANDAS_READY = threading.Event()


def import_pandas() -> None:
    """Import pandas once per process, under a lock, before any page builds a figure or a table.

    plotly imports pandas lazily while it validates a figure, and Streamlit while it draws a table; two sessions'
    first runs importing it at once in different threads got a partially initialised module ("partially
    initialized module 'pandas' has no attribute 'Series'", seen in the 30-session load test). Every page calls
    this through :func:`setup_page` before it draws anything else; the home page, which builds no figure, calls
    it last, so that its content is on screen 0.3–0.6 s sooner on a cold start."""
    if _PANDAS_READY.is_set():
        return
    with _PANDAS_LOCK:
        import pandas  # noqa: F401

        _PANDAS_READY.set()


def setup_page(title_key: str, *, import_pandas_now: bool = True) -> Translator:
    """Configure the page (its tab title in the page's language, the local :data:`PAGE_ICON`), resolve the
    language, draw the sidebar; returns the page's translator. Imports pandas
    first (:func:`import_pandas`) unless ``import_pandas_now`` is False (the home page, which does it last)."""
    if import_pandas_now:
        import_pandas()
    first_run = start_visit(title_key)
    common = parse_common(st.query_params.to_dict()) if first_run else None  # before the URL is tidied
    tr = Translator(current_language())
    st.set_page_config(page_title=f"convviz · {tr(title_key)}", page_icon=PAGE_ICON, layout="wide")  # the tab's title
    # Less empty space above the title, so a 1280×720 projector shows the controls on the first screen. Elements
    # waiting for a rerun keep full opacity: Streamlit's delayed fade (a 1 s opacity transition after 0.5 s) never
    # shows on a fast rerun, yet starting it on every element of a fragment cost the explorer 2–3 ms a key press.
    st.html("<style>[data-testid='stMainBlockContainer'] {padding-top: 2.5rem} "
            "[data-testid='stElementContainer'][data-stale='true'] {opacity: 1 !important; transition: none !important}"
            "</style>")
    if tr.lang == "zh":
        st.html(ZH_CSS)
    if current_present():
        st.html(PRESENT_CSS)
    navigation(tr)
    if common is not None:
        show_notices(tr, common.notices)
    return tr


def navigation(tr: Translator) -> None:
    """The sidebar: language switch, then links to every page that keep the language."""
    with st.sidebar:
        language_and_present_switches(tr)
        st.markdown(f"**{tr('nav.heading')}**")
        for page in PAGES:
            st.page_link(page.path, label=tr(page.label_key), icon=page.icon, query_params=link_params(tr.lang))
