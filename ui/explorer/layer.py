"""The explorer's layer, read once per run from the controls' values in the session state."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import streamlit as st

from convviz.layer.errors import ConvSpecError
from convviz.layer.spec import ConvSpec
from convviz.lessons.separable import PairTotals, pair_totals
from ui.explorer.state import spec_from_state

KEEP = "session"  # the explorer's widgets keep their values across page switches (``persist_state``)


@dataclass(frozen=True)
class ExplorerLayer:
    """The layer the controls describe, as every view of the explorer reads it.

    ``spec`` runs on an input of ``input_shape`` ``(N, C_in, *spatial)`` and gives ``output_shape``
    ``(N, C_out, *spatial_out)``; ``pointwise`` is the optional 1×1 layer after it, ``final_shape`` the output after
    that layer (``output_shape`` without one) and ``pair`` the two layers' parameters and MACs (None without one).
    """

    spec: ConvSpec
    input_shape: tuple[int, ...]
    output_shape: tuple[int, ...]
    pointwise: Optional[ConvSpec]
    final_shape: tuple[int, ...]
    pair: Optional[PairTotals]


def read_layer() -> ExplorerLayer | ConvSpecError:
    """The layer from the controls' values, or the library's error when the combination is invalid (returned, not
    raised: the summary above the controls and the view beside them each show it). The panel reads it once per run
    and passes it on; a fragment rerun alone keeps what its last call was given, as nothing inside a view changes
    the layer (the inversion button reruns the whole page)."""
    try:
        spec, input_shape, pointwise = spec_from_state(st.session_state)
        output_shape = spec.output_shape(input_shape)
        final_shape = pointwise.output_shape(output_shape) if pointwise else output_shape
    except ConvSpecError as error:
        return error
    pair = pair_totals(spec, pointwise, input_shape) if pointwise else None
    return ExplorerLayer(spec, input_shape, output_shape, pointwise, final_shape, pair)
