"""Streamlit helpers shared by every page: page setup, language, navigation, errors, cached runs.

Kept at the top level (not in ``pages/``, where every file becomes a page) and out of ``convviz/``
(which never imports streamlit).

Language: ``?lang=zh`` in the URL wins; otherwise the plain session key ``lang`` (which survives page
switches); the choice is written back to the URL. Streamlit's built-in page navigation drops URL values,
so it is hidden (``.streamlit/config.toml``) and :func:`navigation` draws ``st.page_link``s that carry
``lang``.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from convviz.engine import available_devices, run_conv
from convviz.errors import ConvSpecError
from convviz.explorer_state import state_for
from convviz.i18n import LANGUAGE_NAMES, LANGUAGES, Translator, normalise_language
from convviz.presets import Preset
from convviz.spec import ConvSpec

LANG_KEY = "lang"
_LANG_WIDGET = "lang_choice"



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
    Page("pages/7_speed_lab.py", "nav.speed_lab", ":material/speed:", "home.blurb.speed_lab"),
)


def current_language() -> str:
    """Resolve the language for this run (URL, then session, then English) and write it to the URL."""
    raw = st.query_params.get(LANG_KEY)
    if raw is not None:
        st.session_state[LANG_KEY] = normalise_language(raw)
    lang = normalise_language(st.session_state.get(LANG_KEY))
    st.session_state[LANG_KEY] = lang
    if st.query_params.get(LANG_KEY) != lang:
        st.query_params[LANG_KEY] = lang
    return lang


def _on_language_change() -> None:
    lang = normalise_language(st.session_state[_LANG_WIDGET])
    st.session_state[LANG_KEY] = lang
    st.query_params[LANG_KEY] = lang


def link_params(lang: str) -> dict[str, str]:
    """Query parameters every internal link carries."""
    return {LANG_KEY: lang}


def navigation(tr: Translator) -> None:
    """The sidebar: language switch, then links to every page that keep the language."""
    with st.sidebar:
        st.session_state[_LANG_WIDGET] = tr.lang
        st.segmented_control(
            tr("lang.label"), LANGUAGES, format_func=LANGUAGE_NAMES.__getitem__, required=True,
            key=_LANG_WIDGET, on_change=_on_language_change,
        )
        st.markdown(f"**{tr('nav.heading')}**")
        for page in PAGES:
            st.page_link(page.path, label=tr(page.label_key), icon=page.icon, query_params=link_params(tr.lang))


EXPLORER_PAGE = "pages/1_explorer.py"


def open_in_explorer(tr: Translator, layer: Preset, *, key: str) -> None:
    """A button that opens ``layer`` (a layer, its input and an optional pointwise layer) in the explorer,
    keeping the language. Build the ``Preset`` with any ``key`` string, e.g. ``Preset("page", spec, shape)``."""
    if st.button(tr("nav.open_in_explorer"), key=key, icon=":material/open_in_new:"):
        st.session_state.update(state_for(layer))
        st.switch_page(EXPLORER_PAGE, query_params=link_params(tr.lang))


def setup_page(title_key: str, icon: str = ":material/grid_on:") -> Translator:
    """Configure the page, resolve the language, draw the sidebar; returns the page's translator."""
    st.set_page_config(page_title=f"convviz · {Translator('en')(title_key)}", page_icon=icon, layout="wide")
    # Less empty space above the title, so a 1280×720 projector shows the controls on the first screen.
    st.html("<style>[data-testid='stMainBlockContainer'] {padding-top: 2.5rem}</style>")
    tr = Translator(current_language())
    navigation(tr)
    return tr


def show_error(tr: Translator, error: ConvSpecError) -> None:
    """The library's message for ``error`` in the page's language, as one ``st.error`` line."""
    st.error(tr("error.prefix") + tr.error(error), icon=":material/error:")


@st.cache_resource(show_spinner=False)
def devices() -> list[str]:
    """The devices of this machine (asked once per server process)."""
    return available_devices()


@dataclass(frozen=True)
class RunSummary:
    """What the page shows of a PyTorch run: the module's output shape and the device it ran on."""

    output_shape: tuple[int, ...]
    device: str


@st.cache_data(max_entries=256, show_spinner=False)
def run_summary(spec: ConvSpec, input_shape: tuple[int, ...], device: str) -> RunSummary:
    """Run ``spec`` in PyTorch (cached per layer, input shape and device); raises ConvSpecError."""
    result = run_conv(spec, input_shape, device=device)
    return RunSummary(tuple(result.output.shape), result.device)
