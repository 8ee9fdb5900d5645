"""The address bar: language and presentation mode in the URL, links read and written, Back/Forward, the
copy-link box.

Language: ``?lang=zh`` in the URL wins; otherwise the plain session key ``lang`` (which survives page switches);
the choice is written back to the URL. Presentation mode (``present``) travels the same way.

Links: every value a link carries is read through the one validator before any widget is drawn: the generic
codec :mod:`convviz.links`, each page's parameters declared once in :mod:`ui.link_schema`.
:func:`ui.explorer.link.sync_explorer_url` keeps the explorer's layer in the URL and draws the copy-link
box; :func:`sync_page_url` does the same for pages 2–8 from :data:`ui.link_schema.PAGE_PARAMS` (a page whose
controls live in a fragment draws the box under them, :func:`write_page_url` with ``sidebar=False``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit

import streamlit as st

from convviz.links import Notice, format_bool, parse_common
from convviz.text.i18n import LANGUAGE_NAMES, LANGUAGES, Translator, normalise_language
from ui.link_schema import FRESH_EACH_VISIT, PAGE_RESETS, link_defaults, page_param_names, page_query, parse_page
from ui.runs import devices

LANG_KEY = "lang"


_LANG_WIDGET = "lang_choice"


PRESENT_KEY = "present"  # presentation mode: a plain session key, kept in the URL as present=true


_PRESENT_WIDGET = "present_choice"


_VISIT_KEY = "_url_page"  # the page of the previous run, to tell the first run of a page visit


_FIRST_RUN_KEY = "_url_first_run"


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


def _page_store(page: str) -> str:
    return f"_url_query_{page}"  # a plain session key: the page's last canonical query, kept across pages


def sync_page_url(tr: Translator, page: str, defaults: Mapping[str, Any] | None = None, *, write: bool = True) -> None:
    """Keep a page's state in the URL (pages 2–8; ``page`` is the URL path: ``'pointwise'``, ``'dilated'``,
    ``'grouped'``, ``'separable'``, ``'receptive_field'``, ``'speed_lab'``, ``'quiz'``). Call right after the
    page's ``setdefault``s and before its widgets; ``defaults`` are the page's starting values (widget keys →
    values; :func:`ui.link_schema.link_defaults` when None).

    On the first run of a visit, a link that names the page's parameters is read by
    :func:`ui.link_schema.parse_page` and seeds the widget keys (the stale keys of
    :data:`~ui.link_schema.PAGE_RESETS` are dropped), with one ``st.warning`` per change; a visit without
    them (navigation carries only ``lang``/``present``) restores the state the page had when last shown (not
    for :data:`~ui.link_schema.FRESH_EACH_VISIT`: the quiz draws a new set).
    With ``write`` (the default) the canonical values are then written back and the copy-link box drawn
    (:func:`write_page_url`); a page whose state is only known after a widget (the receptive-field lab's
    table), or whose controls live in an ``st.fragment`` (the box then drawn under them, ``sidebar=False``),
    passes ``write=False`` and calls :func:`write_page_url` itself.
    """
    state = st.session_state
    defaults = link_defaults(page) if defaults is None else defaults
    if first_run_of_visit() or address_changed(page, page_param_names(page)):
        parsed = parse_page(page, st.query_params.to_dict(), defaults, devices=tuple(devices()))
        if not parsed.from_link and page not in FRESH_EACH_VISIT and _page_store(page) in state:
            parsed = parse_page(page, state[_page_store(page)], defaults, devices=tuple(devices()))
        if parsed.from_link:
            for key in PAGE_RESETS.get(page, ()):
                state.pop(key, None)
            state.update(parsed.values)
        show_notices(tr, parsed.notices)
    if write:
        write_page_url(tr, page, defaults)


def write_page_url(tr: Translator, page: str, defaults: Mapping[str, Any] | None = None,
                   current: Mapping[str, Any] | None = None, *, sidebar: bool = True) -> dict[str, str]:
    """Write the page's canonical link values (from ``current``, else the session) to ``st.query_params``
    (only the page's own names are touched), remember them for the next visit, and draw the copy-link box
    (:func:`copy_link`; ``sidebar=False`` draws it where the caller is, e.g. under the controls inside the
    page's ``st.fragment``, which then writes the URL on each of its reruns); returns the values. ``defaults``:
    as for :func:`sync_page_url`."""
    defaults = link_defaults(page) if defaults is None else defaults
    values = {**{key: st.session_state[key] for key in st.session_state if key in defaults}, **(current or {})}
    try:
        query = page_query(page, values, defaults)
    except (TypeError, ValueError, KeyError):  # a half-set state: leave the URL as it is this run
        return {}
    write_query(query, page_param_names(page), page=page)
    copy_link(tr, page, query, sidebar=sidebar)
    return query


def start_visit(page_key: str) -> bool:
    """Record that ``page_key`` (the page's title key) runs now; True on the first run of a visit to it (a new
    session, or arriving from another page). Call once per run, before any other function of this module."""
    visited = st.session_state.get(_VISIT_KEY)
    st.session_state[_VISIT_KEY] = page_key
    st.session_state[_FIRST_RUN_KEY] = visited != page_key
    return first_run_of_visit()


def language_and_present_switches(tr: Translator) -> None:
    """The language switch and the presentation-mode toggle, where the caller draws (the sidebar)."""
    st.session_state[_LANG_WIDGET] = tr.lang
    st.segmented_control(
        tr("lang.label"), LANGUAGES, format_func=LANGUAGE_NAMES.__getitem__, required=True,
        key=_LANG_WIDGET, on_change=_on_language_change,
    )
    st.session_state[_PRESENT_WIDGET] = bool(st.session_state.get(PRESENT_KEY, False))
    st.toggle(tr("present.label"), key=_PRESENT_WIDGET, on_change=_on_present_change, help=tr("present.help"))
