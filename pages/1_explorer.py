"""Convolution explorer: set up one layer, run it in PyTorch, see every number worked out.

The page's flow only; its parts are in :mod:`ui.explorer`, each view a function of the translator and the layer.
"""

import streamlit as st

import ui
from ui import explorer

tr = ui.setup_page("explorer.title")
explorer.sync_explorer_url(tr, write=False)  # a shared link seeds the controls; the panel writes the URL on every run
explorer.set_defaults()

st.title(tr("explorer.title"))
st.caption(tr("explorer.caption"))
explorer.draw_presets(tr)
explorer.follow_view_link(tr)  # ?view=, and a link's notices on the first run of a visit


@st.fragment
def explorer_panel() -> None:
    """Summary, controls and the chosen view in one fragment: a control change reruns only this panel (not the
    sidebar, title and worked examples), in one run. (Controls drawn outside with callbacks that rerun only the
    results cost more in the browser: the aborted page run that such a callback ends marks the whole page
    stale first.) The shapes are drawn first, so they reach the browser before the controls."""
    groups_reset, device_options = explorer.repair_controls()  # before the layer is read from the widget values
    layer = explorer.read_layer()  # once per run: every view is given it (or the error that makes it invalid)
    # First, above the columns: the first thing seen on a phone. Each is one block whatever it holds: had the
    # columns below moved to another position (an error instead of the metrics), the browser would remount every
    # control, dropping the keyboard focus. The check's block comes after the shapes, so they do not wait for it.
    explorer.draw_summary(tr, layer)
    ui.send_now()  # the shapes reach the screen before the rest is drawn
    explorer.confirm_with_pytorch(tr, layer)
    controls, results = st.columns([1, 2], gap="large")
    with controls:
        explorer.draw_controls(tr, groups_reset, device_options)
        explorer.write_explorer_url(tr, sidebar=False)  # the URL and the copy-link box follow every change
    with results:
        replaced = explorer.choose_view(tr)  # a view this layer's dimensions do not draw is replaced
        explorer.explorer_view(tr, layer, replaced)


explorer_panel()
