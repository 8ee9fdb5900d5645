"""The baseline of the browser benchmark: one slider, nothing computed, nothing imported but streamlit.

Served by ``python -m benchmarks`` as its own ``streamlit run benchmarks/baseline_app.py`` from the repository
root, so it reads the same ``.streamlit/config.toml`` as the app. It is not a page of the app (it is not in
``pages/`` nor in ``ui.PAGES``). Its key-press → text-change time is Streamlit's own floor on this machine.
"""

import streamlit as st

st.title("Baseline")
value = st.slider("Value", 0, 100, 50, key="value")
st.markdown(f"Value: **{value}**")
