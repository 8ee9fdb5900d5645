"""Depthwise-separable pairs: a (depthwise) convolution followed by a 1×1 pointwise one (Howard et al. 2017)."""

from __future__ import annotations

from dataclasses import replace

from convviz.spec import ConvSpec


def pointwise_after(first: ConvSpec, out_channels: int) -> ConvSpec:
    """The 1×1 convolution that maps ``first.out_channels`` to ``out_channels`` after ``first``,
    with the same bias choice and dimensionality."""
    return ConvSpec(first.out_channels, out_channels, 1, bias=first.bias, spatial_dims=first.spatial_dims)


def standard_equivalent(first: ConvSpec, pointwise: ConvSpec) -> ConvSpec:
    """The single standard convolution (``groups=1``) with the same input, output and window as
    ``first`` followed by ``pointwise``: the layer a depthwise-separable pair replaces."""
    return replace(first, out_channels=pointwise.out_channels, groups=1)
