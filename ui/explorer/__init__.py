"""The explorer page's views, each a function of the translator and the layer (an :class:`ExplorerLayer`, read
once per run by :func:`read_layer` and passed on, never global). ``pages/1_explorer.py`` holds only the flow:

- :mod:`ui.explorer.state` — the widget keys, their bounds (``BOUNDS``, which the link parser uses too) and
  defaults, and widget values ↔ ``ConvSpec``;
- :mod:`ui.explorer.link` — the explorer's link: parsed into widget values, written back, the copy-link box;
- :mod:`ui.explorer.layer` — :class:`ExplorerLayer` and :func:`read_layer`;
- :mod:`ui.explorer.controls` — the worked examples, every control of the layer, "More options";
- :mod:`ui.explorer.summary` — the headline shapes and counts, and PyTorch's confirmation;
- :mod:`ui.explorer.views` — ``?view=``, the view control and the chosen view:
  :mod:`~ui.explorer.numbers` (with :mod:`~ui.explorer.transposed`), :mod:`~ui.explorer.window`,
  :mod:`~ui.explorer.volume` (depth), :mod:`~ui.explorer.channels`, :mod:`~ui.explorer.sweep`.
"""

from ui.explorer.controls import draw_controls, draw_presets, repair_controls, set_defaults
from ui.explorer.layer import ExplorerLayer, read_layer
from ui.explorer.link import sync_explorer_url, write_explorer_url
from ui.explorer.summary import confirm_with_pytorch, draw_summary
from ui.explorer.views import choose_view, explorer_view, follow_view_link

__all__ = [
    "ExplorerLayer", "choose_view", "confirm_with_pytorch", "draw_controls", "draw_presets", "draw_summary",
    "explorer_view", "follow_view_link", "read_layer", "repair_controls", "set_defaults", "sync_explorer_url",
    "write_explorer_url",
]
