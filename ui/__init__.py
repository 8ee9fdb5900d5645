"""The app's wiring (may import streamlit; ``convviz/`` never does): what a page, a widget key, a URL or Streamlit
knows. Pages call it as ``import ui; ui.setup_page(...)``; each name lives in one module:

- :mod:`ui.page` — the page registry, ``setup_page``, the sidebar navigation, page-wide CSS;
- :mod:`ui.address` — language and presentation mode in the URL, links read and written, Back/Forward, the
  copy-link box;
- :mod:`ui.link_schema` — every page's link parameters and the controls that mirror them, declared once
  (``link_widget``, ``link_defaults``, ``link_key``, ``link_bounds``, ``link_state``);
- :mod:`ui.elements` — element helpers (figures, formulas, code boxes, errors, fragment reruns, an animation's GIF);
- :mod:`ui.runs` — cached PyTorch runs shared by the server's sessions;
- :mod:`ui.explorer` — the explorer page's state, link and views (that page imports it: ``from ui import
  explorer``).
"""

from ui.address import (
    LANG_KEY,
    PRESENT_KEY,
    address_changed,
    copy_link,
    current_language,
    current_present,
    first_run_of_visit,
    history_navigation,
    link_params,
    show_notices,
    sync_page_url,
    write_page_url,
    write_query,
)
from ui.elements import (
    FLUSH_PAUSE_S,
    PRESENT_FIGURE_SCALE,
    confirm_shape,
    gif_download,
    open_in_explorer,
    plotly_chart,
    pytorch_code,
    rerun_only,
    section,
    send_now,
    show_error,
    stacked_latex,
)
from ui.link_schema import link_bounds, link_defaults, link_key, link_state, link_widget
from ui.page import EXPLORER_PAGE, PAGE_ICON, PAGES, PRESENT_CSS, ZH_CSS, Page, import_pandas, navigation, setup_page
from ui.runs import RunSummary, channel_view, devices, run_summary

__all__ = [
    "EXPLORER_PAGE", "FLUSH_PAUSE_S", "LANG_KEY", "PAGES", "PAGE_ICON", "PRESENT_CSS", "PRESENT_FIGURE_SCALE",
    "PRESENT_KEY", "Page", "RunSummary", "ZH_CSS", "address_changed", "channel_view", "confirm_shape", "copy_link",
    "current_language", "current_present", "devices", "first_run_of_visit", "gif_download", "history_navigation",
    "import_pandas", "link_bounds", "link_defaults", "link_key", "link_params", "link_state", "link_widget",
    "navigation", "open_in_explorer", "plotly_chart", "pytorch_code", "rerun_only", "run_summary", "section",
    "send_now", "setup_page", "show_error", "show_notices", "stacked_latex", "sync_page_url",
    "write_page_url", "write_query",
]
