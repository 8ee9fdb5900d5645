"""What every figure shares: the palette (Okabe–Ito and the sliding window's colours), and figures handed to the
page ready to send: a validated plotly figure kept as its JSON-ready dict.

A page that draws the same figure again (the same configuration on the next rerun) should not rebuild it:
plotly validates every value of every trace when a ``go.Figure`` is built, and ``st.plotly_chart`` then
deep-copies the figure with ``to_dict()``. :func:`prepare` does both once; the page caches the result per
configuration (``st.cache_resource``: shared read-only, no copy per rerun) and hands it to ``st.plotly_chart``.

Building a figure cheaply (for a configuration no cached figure covers): pass the traces as plain dicts and the
whole layout to one ``go.Figure(data=[...], layout={...})`` call, which validates every value once (a ``go.Scatter``
given to ``add_trace`` is validated twice, and each ``add_trace``/``update_*axes(row=…)`` call walks the figure
again); give arrays as numpy arrays (validated in bulk; a list of lists is walked value by value; ``NaN`` is a gap,
as ``None`` is); and lay out subplots with :func:`grid_domains` and :func:`subplot_title` instead of
``plotly.subplots.make_subplots``.

>>> import plotly.graph_objects as go
>>> ready = prepare(go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout={"height": 300}))
>>> ready.to_dict()["data"][0]["type"], ready.to_dict()["layout"]["height"]
('bar', 300)
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

# ---- palette: every colour two modules share is written here once ---------------------------------------

# Okabe & Ito (2008), "Color Universal Design": eight colours told apart with the common colour-vision deficiencies.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
ORANGE, SKY_BLUE, BLUISH_GREEN, YELLOW, BLUE, VERMILLION, REDDISH_PURPLE, BLACK = OKABE_ITO

# The sliding window, drawn alike by the plotly animations, the GIF/PNG export and the parameter sweep.
TAP_FILL = "rgba(230, 159, 0, 0.55)"   # ORANGE, 55 % opaque: the kernel's taps
WINDOW_LINE = VERMILLION               # the window and the output cell it produces
PADDING_GREY = "#C8C8C8"               # padding cells
PENDING_FILL = "#F4F4F4"               # output cells not computed yet
VALUE_SCALE = "Cividis"                # values in cells: colour-blind safe (Nuñez et al. 2018)
# Plotly's default series colours, for the lessons' accents (a span, a hole, a second series)
SERIES_BLUE = "#1f77b4"
SERIES_ORANGE = "#ff7f0e"
SERIES_RED = "#d62728"
SERIES_GREY = "#7f7f7f"


class PreparedFigure(go.Figure):
    """A ``go.Figure`` that hands out an already validated figure dict (from :func:`prepare`, or the explorer's
    :func:`convviz.animation.sliding.figure_dict_at_step`).

    ``st.plotly_chart`` (and ``plotly.io.to_json``) turn a figure into a dict with ``to_dict()``, which deep-copies
    every trace and frame; a plain dict would instead be validated again. The dict was validated when plotly built
    it, so handing it over as is is safe.
    Treat it as read-only: the same object may be shared by every session.
    """

    def __init__(self, prepared: dict) -> None:
        super().__init__()
        self._prepared = prepared

    def to_dict(self) -> dict:
        return self._prepared

    def to_plotly_json(self) -> dict:
        return self._prepared


def prepare(fig: go.Figure) -> PreparedFigure:
    """``fig`` as a :class:`PreparedFigure`: its ``to_dict()`` taken once, without trace ``uid``s (which
    ``plotly.io.to_json`` leaves out anyway), so that sending it again costs only the JSON encoding."""
    result = fig.to_dict()
    for trace in result.get("data", []):
        trace.pop("uid", None)
    return PreparedFigure(result)


PLOTLY_DEFAULT_FONT_SIZE = 12  # px: plotly's layout.font.size when a figure sets none


def enlarged(figure: dict, scale: float) -> dict:
    """A figure dict with every font size multiplied by ``scale`` (the layout's default font, which plotly takes
    as 12 px when unset, and every ``…font.size`` of traces, axes, annotations, legends and frames) and an explicit
    ``layout.height`` grown by the same factor, for presentation mode on a projector.

    The input is not changed (it may be a cached figure shared by every session): only the dicts on the path to a
    changed size are copied, so a 400-frame animation is walked but not duplicated.

    >>> small = {"data": [{"type": "bar", "textfont": {"size": 10}}], "layout": {"height": 300}}
    >>> big = enlarged(small, 1.5)
    >>> big["data"][0]["textfont"]["size"], big["layout"]["font"]["size"], big["layout"]["height"], small["layout"]
    (15.0, 18.0, 450, {'height': 300})
    """
    if scale == 1:
        return figure
    result = _scaled_fonts(figure, scale, in_font=False)
    layout = dict(result.get("layout") or {})
    font = dict(layout.get("font") or {})
    if "size" not in font:
        font["size"] = PLOTLY_DEFAULT_FONT_SIZE * scale
    layout["font"] = font
    if isinstance(layout.get("height"), (int, float)):
        layout["height"] = round(layout["height"] * scale)
    return {**result, "layout": layout}


def _scaled_fonts(node, scale: float, *, in_font: bool):
    """``node`` with the ``size`` of every font dict in it scaled; the same object when nothing changed."""
    if isinstance(node, dict):
        changed = {}
        for key, value in node.items():
            if in_font and key == "size" and isinstance(value, (int, float)) and not isinstance(value, bool):
                changed[key] = value * scale
            elif in_font and key == "size" and isinstance(value, list):  # one size per point
                changed[key] = [size * scale if isinstance(size, (int, float)) else size for size in value]
            elif isinstance(value, (dict, list)):
                new = _scaled_fonts(value, scale, in_font=key.endswith("font"))
                if new is not value:
                    changed[key] = new
        return {**node, **changed} if changed else node
    if isinstance(node, list):
        items = [_scaled_fonts(item, scale, in_font=in_font) for item in node]
        return items if any(new is not old for new, old in zip(items, node)) else node
    return node


def grid_domains(sizes: Sequence[float], spacing: float) -> list[tuple[float, float]]:
    """Domains (fractions of the plotting area, 0…1) of cells placed side by side from 0 upwards, with relative
    ``sizes`` and a gap of ``spacing`` between neighbours: the arithmetic of ``plotly.subplots.make_subplots``
    for ``column_widths``/``horizontal_spacing`` (left to right), or for ``row_heights``/``vertical_spacing``
    given bottom row first.

    >>> [tuple(round(v, 4) for v in d) for d in grid_domains([0.85, 0.15], 0.03)]
    [(0.0, 0.8245), (0.8545, 1.0)]
    """
    total = float(sum(sizes))
    widths = [(1.0 - spacing * (len(sizes) - 1)) * (size / total) for size in sizes]
    starts = [sum(widths[:i]) + i * spacing for i in range(len(widths))]
    return [(start, min(1.0, start + width)) for start, width in zip(starts, widths)]


def subplot_title(text: str, x_domain: Sequence[float], y_domain: Sequence[float]) -> dict:
    """The annotation ``make_subplots(subplot_titles=...)`` writes above a cell: ``text`` centred over
    ``x_domain``, its bottom on the top of ``y_domain`` (paper coordinates), 16 px."""
    return {"text": text, "x": (x_domain[0] + x_domain[1]) / 2.0, "y": y_domain[1], "xref": "paper",
            "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False, "font": {"size": 16}}
