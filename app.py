"""convviz home page: what the app teaches and where to start."""

from importlib.metadata import version

import streamlit as st

import ui
from convviz.presets import PRESETS

tr = ui.setup_page("nav.home", icon=":material/home:")

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
# Last, and without importing torch first: the page is on screen while torch loads for ui.devices().
st.caption(tr("home.runtime", torch=version("torch"), devices=", ".join(ui.devices())))
