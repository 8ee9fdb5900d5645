"""Which of the explorer's views is shown: ``?view=`` in the address, the view control, and the view itself."""

from __future__ import annotations

import streamlit as st

import ui
from convviz.layer.errors import ConvSpecError
from convviz.text.i18n import Translator
from ui.explorer.channels import show_channels
from ui.explorer.controls import more_options_changed
from ui.explorer.layer import KEEP, ExplorerLayer
from ui.explorer.numbers import show_numbers
from ui.explorer.state import MORE_OPTIONS_KEY
from ui.explorer.sweep import show_sweep
from ui.explorer.volume import show_depth
from ui.explorer.window import show_window
from ui.link_schema import EXPLORER_VIEWS, parse_view

state = st.session_state
VIEWS = EXPLORER_VIEWS  # "window": 1-D/2-D only, "depth": 3-D only


def follow_view_link(tr: Translator) -> None:
    """A link's ``?view=`` opens that view; on the first run of a visit, what the link validator refused is shown,
    and a link that set a less common option opens "More options"."""
    view_link = parse_view(st.query_params.to_dict(), VIEWS)  # the one validator of link values
    if view_link.from_link:
        state["view"] = view_link.values["view"]
    if ui.first_run_of_visit():
        ui.show_notices(tr, view_link.notices)
        if more_options_changed():  # a link set a less common option: show it
            state[MORE_OPTIONS_KEY] = True
    state.setdefault("view", "numbers")


def write_view(view: str) -> None:
    """``?view=`` in the address, left out for the default view (so that a plain link stays plain)."""
    if view == "numbers":
        if "view" in st.query_params:
            del st.query_params["view"]
    elif st.query_params.get("view") != view:
        st.query_params["view"] = view


def on_view_change() -> None:  # before the run: the page's top reads ?view= on every full run
    write_view(state["view"])


def choose_view(tr: Translator) -> str | None:
    """The view control. A 3-D layer has no sliding-window animation: its stepping view, the depth slices, takes
    that place. Returns the view asked for when this layer's dimensions replaced it (``'window'`` in 3-D,
    ``'depth'`` in 1-D/2-D), else None."""
    views = tuple(v for v in VIEWS if v != ("window" if int(state["spatial_dims"]) == 3 else "depth"))
    replaced = state["view"] if state["view"] not in views else None
    if replaced:
        state["view"] = "depth" if replaced == "window" else "numbers"
    chosen = st.segmented_control(tr("view.label"), views, key="view", required=True, on_change=on_view_change,
                                  format_func=lambda v: tr(f"view.{v}"), persist_state=KEEP)
    write_view(chosen)  # a shared link opens the same view (also one the layer's dimensions replaced)
    return replaced


@st.fragment
def explorer_view(tr: Translator, layer: ExplorerLayer | ConvSpecError, replaced: str | None) -> None:
    """The chosen view of the layer, after a note when the asked-for view (``replaced``: ``'window'`` or
    ``'depth'``) does not draw this layer's dimensions. A fragment inside the panel: its own steps (a topic, the
    animation's step) rerun only the view. An invalid layer's error is repeated here, beside the controls: the
    one above them is out of sight once the page is scrolled down to a slider."""
    if isinstance(layer, ConvSpecError):
        ui.show_error(tr, layer)
        return
    if replaced == "depth":
        st.info(tr("vol.only_3d"), icon=":material/info:")
    view = state["view"]
    if view == "window":
        show_window(tr, layer)
    elif view == "channels":
        show_channels(tr, layer)
    elif view == "sweep":
        show_sweep(tr, layer)
    elif view == "depth":
        if replaced == "window":
            st.info(tr("anim.no_3d") + " " + tr("vol.see_depth"), icon=":material/info:")
        show_depth(tr, layer)
    else:
        show_numbers(tr, layer)
