"""Streamlit helpers shared by every page: page setup, language, navigation, errors, cached runs.

Kept at the top level (not in ``pages/``, where every file becomes a page) and out of ``convviz/``
(which never imports streamlit).

Language: ``?lang=zh`` in the URL wins; otherwise the plain session key ``lang`` (which survives page
switches); the choice is written back to the URL. Streamlit's built-in page navigation drops URL values,
so it is hidden (``.streamlit/config.toml``) and :func:`navigation` draws ``st.page_link``s that carry
``lang``.

Links: every value a link carries is read through :mod:`convviz.url_state` (the one validator) before any
widget is drawn; presentation mode (``present``, a plain session key and a sidebar switch) travels like the
language. :func:`sync_explorer_url` keeps the explorer's layer in the URL and draws the copy-link box (the
explorer draws it under its controls, inside its fragment);
:func:`sync_page_url` does the same for pages 2–6 from their tables in :data:`convviz.url_state.PAGE_PARAMS`
(a page whose controls live in a fragment draws the box under them, :func:`write_page_url` with ``sidebar=False``).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st

from convviz.explorer_state import DEFAULT_STATE, state_for
from convviz.layer.errors import ConvSpecError
from convviz.layer.presets import Preset
from convviz.layer.spec import ConvSpec
from convviz.runtime.engine import available_devices, run_conv
from convviz.text.i18n import LANGUAGE_NAMES, LANGUAGES, Translator, normalise_language
from convviz.text.snippet import module_expression
from convviz.text.units import format_shape
from convviz.url_state import (
    EXPLORER_KEYS,
    PAGE_RESETS,
    Notice,
    explorer_query,
    format_bool,
    page_param_names,
    page_query,
    parse_common,
    parse_explorer,
    parse_page,
)

LANG_KEY = "lang"
_LANG_WIDGET = "lang_choice"
PRESENT_KEY = "present"  # presentation mode: a plain session key, kept in the URL as present=true
_PRESENT_WIDGET = "present_choice"
_VISIT_KEY = "_url_page"  # the page of the previous run, to tell the first run of a page visit
_FIRST_RUN_KEY = "_url_first_run"



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
    """Query parameters every internal link carries: the language, and presentation mode when it is on."""
    params = {LANG_KEY: lang}
    if st.session_state.get(PRESENT_KEY):
        params[PRESENT_KEY] = format_bool(True)
    return params


def current_present() -> bool:
    """Presentation mode for this run: ``present=`` in the URL wins (read by the validator), then the session;
    written back to the URL (left out when off)."""
    parsed = parse_common({PRESENT_KEY: raw} if (raw := st.query_params.get(PRESENT_KEY)) is not None else {})
    if PRESENT_KEY in parsed.values:
        st.session_state[PRESENT_KEY] = parsed.values[PRESENT_KEY]
    present = bool(st.session_state.get(PRESENT_KEY, False))
    st.session_state[PRESENT_KEY] = present
    write_query({PRESENT_KEY: format_bool(True)} if present else {}, (PRESENT_KEY,))
    return present


def _on_present_change() -> None:
    st.session_state[PRESENT_KEY] = bool(st.session_state[_PRESENT_WIDGET])
    write_query({PRESENT_KEY: format_bool(True)} if st.session_state[PRESENT_KEY] else {}, (PRESENT_KEY,))


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


PRESENT_FIGURE_SCALE = 1.3  # presentation mode: figure text (and explicit figure heights) grow by this factor


def plotly_chart(figure, **kwargs):
    """``st.plotly_chart`` for every figure of the app: in presentation mode the figure's text is enlarged
    (:func:`convviz.plotting.enlarged`) to match the page's larger text on a projector; the figure given (often
    a cached one shared by every session) is never changed. Plotly's mode bar is hidden unless ``config`` says
    otherwise."""
    if current_present():
        from convviz.plotting import PreparedFigure, enlarged

        figure = PreparedFigure(enlarged(figure.to_dict(), PRESENT_FIGURE_SCALE))
    kwargs.setdefault("config", {"displayModeBar": False})
    return st.plotly_chart(figure, **kwargs)


def write_query(values: Mapping[str, str], keys: tuple[str, ...], *, page: str | None = None) -> None:
    """Make ``st.query_params`` hold ``values`` for ``keys`` (a key absent from ``values`` is removed); no other
    key changes. All changes go to the browser as one address (``from_dict``): every separate write became its own
    browser-history entry, so Back seemed dead after a page open that wrote five values. With ``page`` the values
    are also remembered as that page's, for :func:`address_changed` (and for a page's next visit without a link)."""
    if page is not None:
        st.session_state[_page_store(page)] = dict(values)
    current = st.query_params.to_dict()
    wanted = {key: value for key, value in current.items() if key not in keys}
    wanted.update({key: value for key, value in values.items() if key in keys})  # in the link box's order
    if wanted != current:
        st.query_params.from_dict(wanted)


def show_notices(tr: Translator, notices: list[Notice]) -> None:
    """What the link validator changed, one translated ``st.warning`` each (raw values inside inline code)."""
    for notice in notices:
        st.warning(tr(notice.key, **notice.params), icon=":material/link:")


def first_run_of_visit() -> bool:
    """True on the first run of a visit to this page (a new session, or arriving from another page)."""
    return bool(st.session_state.get(_FIRST_RUN_KEY, True))


def history_navigation() -> bool:
    """True on the run that the browser's Back or Forward started. Streamlit 1.67 keeps this in its run context
    only (``ScriptRunContext.is_history_navigation``, internal: re-check when upgrading Streamlit)."""
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    return bool(getattr(ctx, "is_history_navigation", False))


def address_changed(page: str, keys: tuple[str, ...]) -> bool:
    """True on a run started by the browser's Back or Forward (:func:`history_navigation`) when the address's
    values for ``keys`` differ from those ``page`` last wrote there. The page then reads the address, as it reads a
    link, instead of writing its newer state over it (which made Back seem dead). Other runs never read it again:
    a control changed while the previous run was still going sends the address from before that run."""
    last = st.session_state.get(_page_store(page))
    if last is None or not history_navigation():
        return False
    now = {key: value for key, value in st.query_params.to_dict().items() if key in keys}
    return now != {key: value for key, value in last.items() if key in keys}


def copy_link(tr: Translator, page: str, query: Mapping[str, str], *, sidebar: bool = True) -> str:
    """Show the full link to ``page`` (its URL path: ``'explorer'``, ``'quiz'``) with the language,
    presentation mode and the page's canonical ``query``, in a code box with Streamlit's copy button, in the
    sidebar (or, with ``sidebar=False``, where the caller is drawing: a fragment cannot draw in the sidebar);
    returns the link. Without a browser (AppTest) the link starts at ``/``."""
    params = {**link_params(tr.lang), **query}
    link = f"{_app_base_url()}{page}?{urlencode(params, safe=',')}"
    with st.sidebar if sidebar else contextlib.nullcontext():  # no block of its own: one message less per run
        st.markdown(f"**{tr('url.copy_link')}**", help=tr("url.copy_link.help"))
        st.code(link, language=None, wrap_lines=True)
    return link


def _app_base_url() -> str:
    """``scheme://host[:port]/[baseUrlPath/]`` of the app in the user's browser, or ``/`` when unknown."""
    try:
        url = st.context.url
    except Exception:  # no browser context (bare script run)
        url = None
    if not url:
        return "/"
    parts = urlsplit(url)
    base_path = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"{parts.scheme}://{parts.netloc}/" + (f"{base_path}/" if base_path else "")


def sync_explorer_url(tr: Translator, *, write: bool = True) -> None:
    """Keep the explorer's layer in the URL. Call at the top of ``pages/1_explorer.py``, right after
    ``setup_page`` and before any widget.

    On the first run of a visit, a link that names explorer keys (``in_channels=64&kernel_size=3x5…``) is read
    by :func:`convviz.url_state.parse_explorer` and seeds the widgets' session keys; what it changed is shown
    as warnings. With ``write`` (the default) the canonical values of the current state are then written back
    and the copy-link box drawn in the sidebar (:func:`write_explorer_url`); the explorer passes
    ``write=False`` and calls :func:`write_explorer_url` itself from its fragment, after its controls.
    """
    state = st.session_state
    if first_run_of_visit() or address_changed("explorer", EXPLORER_KEYS):
        parsed = parse_explorer(st.query_params.to_dict(), devices=tuple(devices()))
        if parsed.from_link:
            state.update(parsed.values)
        show_notices(tr, parsed.notices)
    if write:
        write_explorer_url(tr)


def write_explorer_url(tr: Translator, *, sidebar: bool = True) -> None:
    """Write the canonical link values of the explorer's current state to ``st.query_params`` (only the
    explorer's keys are touched) and draw the copy-link box (:func:`copy_link`; ``sidebar=False`` draws it
    where the caller is, e.g. inside an ``st.fragment``)."""
    state = st.session_state
    current = {**DEFAULT_STATE, "device": "cpu", **{key: state[key] for key in state if key in DEFAULT_STATE}}
    if "device" in state:
        current["device"] = state["device"]
    try:
        query = explorer_query(current)
    except (TypeError, ValueError, KeyError):  # a half-set state: leave the URL as it is this run
        return
    write_query(query, EXPLORER_KEYS, page="explorer")
    view = state.get("view")  # the explorer writes ?view= itself; the shared link must open the same view
    shared = {**query, "view": view} if isinstance(view, str) and view != "numbers" else query
    copy_link(tr, "explorer", shared, sidebar=sidebar)


def _page_store(page: str) -> str:
    return f"_url_query_{page}"  # a plain session key: the page's last canonical query, kept across pages


def sync_page_url(tr: Translator, page: str, defaults: Mapping[str, Any], *, write: bool = True) -> None:
    """Keep a page's state in the URL (pages 2–6; ``page`` is the URL path: ``'pointwise'``, ``'dilated'``,
    ``'grouped'``, ``'separable'``, ``'receptive_field'``). Call right after the page's ``setdefault``s and
    before its widgets; ``defaults`` are the page's starting values (widget keys → values).

    On the first run of a visit, a link that names the page's parameters is read by
    :func:`convviz.url_state.parse_page` and seeds the widget keys (the stale keys of
    :data:`~convviz.url_state.PAGE_RESETS` are dropped), with one ``st.warning`` per change; a visit without
    them (navigation carries only ``lang``/``present``) restores the state the page had when last shown.
    With ``write`` (the default) the canonical values are then written back and the copy-link box drawn
    (:func:`write_page_url`); a page whose state is only known after a widget (the receptive-field lab's
    table), or whose controls live in an ``st.fragment`` (the box then drawn under them, ``sidebar=False``),
    passes ``write=False`` and calls :func:`write_page_url` itself.
    """
    state = st.session_state
    if first_run_of_visit() or address_changed(page, page_param_names(page)):
        parsed = parse_page(page, st.query_params.to_dict(), defaults, devices=tuple(devices()))
        if not parsed.from_link and _page_store(page) in state:
            parsed = parse_page(page, state[_page_store(page)], defaults, devices=tuple(devices()))
        if parsed.from_link:
            for key in PAGE_RESETS.get(page, ()):
                state.pop(key, None)
            state.update(parsed.values)
        show_notices(tr, parsed.notices)
    if write:
        write_page_url(tr, page, defaults)


def write_page_url(tr: Translator, page: str, defaults: Mapping[str, Any],
                   current: Mapping[str, Any] | None = None, *, sidebar: bool = True) -> dict[str, str]:
    """Write the page's canonical link values (from ``current``, else the session) to ``st.query_params``
    (only the page's own names are touched), remember them for the next visit, and draw the copy-link box
    (:func:`copy_link`; ``sidebar=False`` draws it where the caller is, e.g. under the controls inside the
    page's ``st.fragment``, which then writes the URL on each of its reruns); returns the values."""
    values = {**{key: st.session_state[key] for key in st.session_state if key in defaults}, **(current or {})}
    try:
        query = page_query(page, values, defaults)
    except (TypeError, ValueError, KeyError):  # a half-set state: leave the URL as it is this run
        return {}
    write_query(query, page_param_names(page), page=page)
    copy_link(tr, page, query, sidebar=sidebar)
    return query


FLUSH_PAUSE_S = 0.003  # see send_now


def send_now() -> None:
    """Let the browser have what this run has drawn so far before the run draws the rest: call it after the
    numbers a user waits for. Streamlit's event loop sends a run's messages while the script thread goes on, and
    the browser draws whatever has arrived in one pass, so numbers drawn first reached the screen only together
    with everything after them. A 3 ms pause (the script thread waits, other sessions run) lets them go alone:
    the explorer's output shape shows about 10 ms sooner (52 → 42 ms median) and the whole update is not later
    (72 ms either way; A/B on one machine, 44 key presses each)."""
    time.sleep(FLUSH_PAUSE_S)


def section(heading: str, *paragraphs: str) -> None:
    """A subheading and the paragraphs under it as one ``st.markdown`` element (``### heading``): the same look
    as ``st.subheader`` + ``st.markdown``, one message per rerun instead of several (each rerun sends every
    element to the browser again)."""
    st.markdown("\n\n".join((f"### {heading}", *paragraphs)))


def pytorch_code(tr: Translator, code: str, *, stack: bool = False, expanded: bool = False,
                 key: str | None = None) -> None:
    """A "Copy as PyTorch" expander holding ``code`` (from :mod:`convviz.text.snippet`) in an ``st.code`` block,
    which has a copy button. With ``key`` the expander is lazy (``on_change="rerun"``): its content is drawn,
    and re-sent on each rerun, only while it is open."""
    label = tr("snippet.stack_heading" if stack else "snippet.heading")
    if key is None:
        box = st.expander(label, expanded=expanded, icon=":material/content_copy:")
    else:
        box = st.expander(label, expanded=expanded, icon=":material/content_copy:", key=key, on_change="rerun")
        if not box.open:
            return
    with box:
        st.caption(tr("snippet.help"))
        st.code(code, language="python")


_ALIGNED = (r"\begin{aligned}", r"\end{aligned}")


def stacked_latex(blocks: list[str]) -> str:
    """Several formulas (each a complete LaTeX block) stacked as one ``st.latex`` block: one element per rerun
    instead of one per formula (a formula costs the browser about 2 ms to draw on every rerun). ``aligned``
    blocks become the row groups of one ``aligned`` block (their ``=`` line up; a gap between groups, which
    KaTeX keeps there but not between nested blocks); other blocks are centred one under the other."""
    if len(blocks) == 1:
        return blocks[0]
    parts = [block.strip() for block in blocks]
    if all(part.startswith(_ALIGNED[0]) and part.endswith(_ALIGNED[1]) for part in parts):
        rows = (part.removeprefix(_ALIGNED[0]).removesuffix(_ALIGNED[1]).strip() for part in parts)
        return f"{_ALIGNED[0]} " + r" \\[1.2em] ".join(rows) + f" {_ALIGNED[1]}"
    return r"\begin{gathered} " + r" \\[2em] ".join(parts) + r" \end{gathered}"


def navigation(tr: Translator) -> None:
    """The sidebar: language switch, then links to every page that keep the language."""
    with st.sidebar:
        st.session_state[_LANG_WIDGET] = tr.lang
        st.segmented_control(
            tr("lang.label"), LANGUAGES, format_func=LANGUAGE_NAMES.__getitem__, required=True,
            key=_LANG_WIDGET, on_change=_on_language_change,
        )
        st.session_state[_PRESENT_WIDGET] = bool(st.session_state.get(PRESENT_KEY, False))
        st.toggle(tr("present.label"), key=_PRESENT_WIDGET, on_change=_on_present_change, help=tr("present.help"))
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


_PANDAS_LOCK = threading.Lock()
_pandas_imported = False


def import_pandas() -> None:
    """Import pandas once per process, under a lock, before any page builds a figure or a table.

    plotly imports pandas lazily while it validates a figure, and Streamlit while it draws a table; two sessions'
    first runs importing it at once in different threads got a partially initialised module ("partially
    initialized module 'pandas' has no attribute 'Series'", seen in the 30-session load test). Every page calls
    this through :func:`setup_page` before it draws anything else; the home page, which builds no figure, calls
    it last, so that its content is on screen 0.3–0.6 s sooner on a cold start."""
    global _pandas_imported
    if _pandas_imported:
        return
    with _PANDAS_LOCK:
        import pandas  # noqa: F401

        _pandas_imported = True


def setup_page(title_key: str, icon: str = ":material/grid_on:", *, import_pandas_now: bool = True) -> Translator:
    """Configure the page, resolve the language, draw the sidebar; returns the page's translator. Imports pandas
    first (:func:`import_pandas`) unless ``import_pandas_now`` is False (the home page, which does it last)."""
    if import_pandas_now:
        import_pandas()
    visited = st.session_state.get(_VISIT_KEY)
    st.session_state[_VISIT_KEY] = title_key
    st.session_state[_FIRST_RUN_KEY] = visited != title_key
    common = parse_common(st.query_params.to_dict()) if first_run_of_visit() else None  # before the URL is tidied
    tr = Translator(current_language())
    st.set_page_config(page_title=f"convviz · {tr(title_key)}", page_icon=icon, layout="wide")  # the tab's title
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


def rerun_only(*fragment_keys: str) -> None:
    """Widget callback (``on_change=ui.rerun_only, args=("page_results",)``): rerun only the named keyed
    fragments (``@st.fragment(key=...)``) instead of the whole page.

    Why: the browser's time to show a result grows with every element a rerun sends (about 0.9 ms each on
    these 2-core machines, 2 ms for a formula; an element left as drawn costs about 0.25 ms), so a control
    drawn in the page body whose change only alters results should not send the page's controls again.
    Use it only for a control that changes no other control (its options, bounds or visibility); such a
    control must rerun the page (no callback, or a callback that returns normally)."""
    st.rerun(list(fragment_keys))


def confirm_shape(tr: Translator, layer: ConvSpec, expected: tuple[int, ...], run: RunSummary, prefix: str) -> None:
    """PyTorch's confirmation of a layer's output shape: ``<prefix>.confirm`` (module, device, shape) as a success
    when the run returned ``expected``, else ``<prefix>.mismatch`` (torch_shape, shape) as an error."""
    if run.output_shape == expected:
        st.success(tr(f"{prefix}.confirm", module=module_expression(layer), device=run.device,
                      shape=format_shape(run.output_shape)), icon=":material/check_circle:")
    else:
        st.error(tr(f"{prefix}.mismatch", torch_shape=format_shape(run.output_shape), shape=format_shape(expected)))


def show_error(tr: Translator, error: ConvSpecError) -> None:
    """The library's message for ``error`` in the page's language, as one ``st.error`` line."""
    st.error(tr("error.prefix") + tr.error(error), icon=":material/error:")


@st.cache_resource(show_spinner=False)
def _devices() -> tuple[str, ...]:
    """The devices of this machine, asked once per server process; a tuple, so no session can change it."""
    return tuple(available_devices())


def devices() -> list[str]:
    """The devices of this machine (``['cpu']``, ``['cpu', 'cuda']``): a fresh list per call, so a page that
    changes its list changes nobody else's (``st.cache_resource`` objects are shared by every session)."""
    return list(_devices())


@dataclass(frozen=True)
class RunSummary:
    """What the page shows of a PyTorch run: the module's output shape and the device it ran on."""

    output_shape: tuple[int, ...]
    device: str


@st.cache_data(max_entries=16, show_spinner=False)
def channel_view(layers: tuple[ConvSpec, ...], input_shape: tuple[int, ...], selected: int, lang: str):
    """The explorer's channel view with the values of a real run (:func:`convviz.lessons.channels.channel_runs`, CPU),
    cached per layers, input, followed filter and language; a run the engine refuses leaves the maps empty
    (the page states that refusal with the layer's numbers)."""
    from convviz.lessons.channels import channel_figure, channel_runs

    try:
        result = channel_runs(list(layers), tuple(input_shape))
    except ConvSpecError:
        result = None
    return channel_figure(list(layers), selected=selected, lang=lang, result=result)


@st.cache_data(max_entries=256, show_spinner=False)
def run_summary(spec: ConvSpec, input_shape: tuple[int, ...], device: str) -> RunSummary:
    """Run ``spec`` in PyTorch (cached per layer, input shape and device); raises ConvSpecError."""
    result = run_conv(spec, input_shape, device=device)
    return RunSummary(tuple(result.output.shape), result.device)
