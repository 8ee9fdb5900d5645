"""The worked examples of the source article (see BRIEF), as one-click presets, and the default layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from convviz.layer.spec import ConvSpec


@dataclass(frozen=True)
class Preset:
    """A layer on an input ``(N, C_in, *spatial)``, optionally followed by a 1×1 ``pointwise`` layer."""

    key: str
    spec: ConvSpec
    input_shape: tuple[int, ...]
    pointwise: Optional[ConvSpec] = None


# The classic small case: every number can be followed by eye.
DEFAULT = Preset("classic", ConvSpec(1, 1, 3), (1, 1, 5, 5))

PRESETS: dict[str, Preset] = {p.key: p for p in (
    Preset("pointwise", ConvSpec(64, 128, 1), (1, 64, 32, 32)),
    Preset("pointwise_reduction", ConvSpec(100, 20, 1), (1, 100, 500, 500)),
    Preset("dilated", ConvSpec(1, 1, 3, dilation=2), (1, 1, 7, 7)),
    Preset("grouped", ConvSpec(64, 64, 3, padding=1, groups=4), (1, 64, 32, 32)),
    Preset("separable", ConvSpec(64, 64, 3, padding=1, groups=64), (1, 64, 32, 32),
           pointwise=ConvSpec(64, 128, 1)),
    Preset("separable_picture", ConvSpec(3, 3, 3, stride=2, padding=1, groups=3, bias=False), (1, 3, 64, 64),
           pointwise=ConvSpec(3, 4, 1, bias=False)),
)}
