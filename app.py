"""convviz home page: what the app teaches and where to start."""

import streamlit as st

import ui
from convviz.layer.presets import PRESETS

tr = ui.setup_page("nav.home", import_pandas_now=False)  # imported last, below

st.title(tr("app.name"))
st.markdown(f"### {tr('app.tagline')}")
st.markdown(tr("home.intro"))
for page in ui.PAGES:
    if page.blurb_key:
        st.page_link(page.path, label=f"**{tr(page.label_key)}**", icon=page.icon, query_params=ui.link_params(tr.lang))
        st.caption(tr(page.blurb_key))  # page-link labels never wrap: the blurb goes below

st.subheader(tr("home.topics"))
for topic in ("pointwise", "dilated", "grouped", "separable"):
    st.markdown(f"- {tr('home.topic.' + topic)}")
st.caption(tr("home.presets_hint") + " " + " · ".join(tr(f"preset.{key}") for key in PRESETS))


@st.cache_resource(show_spinner=False)
def runtime() -> tuple[str, str]:
    """PyTorch's version and this machine's devices (asked once per server process)."""
    import torch

    return torch.__version__, ", ".join(ui.devices())


# Last: the page is already on screen while torch and pandas load (cold start).
version, devices = runtime()
ui.import_pandas()
st.caption(tr("home.runtime", torch=version, devices=devices))
