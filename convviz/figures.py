"""Figures handed to the page ready to send: a validated plotly figure kept as its JSON-ready dict.

A page that draws the same figure again (the same configuration on the next rerun) should not rebuild it:
plotly validates every value of every trace when a ``go.Figure`` is built (80–120 ms for the 1×1 page's
mixing heatmaps or a grouped-convolution diagram on these machines), and ``st.plotly_chart`` then deep-copies
the figure with ``to_dict()``. :func:`prepare` does both once; the page caches the result per configuration
(``st.cache_resource``: shared read-only, no copy per rerun) and hands it to ``st.plotly_chart``.

>>> import plotly.graph_objects as go
>>> ready = prepare(go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout={"height": 300}))
>>> ready.to_dict()["data"][0]["type"], ready.to_dict()["layout"]["height"]
('bar', 300)
"""

from __future__ import annotations

import plotly.graph_objects as go


class PreparedFigure(go.Figure):
    """A ``go.Figure`` that hands out an already validated figure dict (from :func:`prepare`, or the explorer's
    :func:`convviz.animation.figure_dict_at_step`).

    ``st.plotly_chart`` (and ``plotly.io.to_json``) turn a figure into a dict with ``to_dict()``, which deep-copies
    every trace and frame (about 65 ms for a 400-frame animation); a plain dict would instead be validated
    again (about 250 ms). The dict was validated when plotly built it, so handing it over as is is safe.
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
