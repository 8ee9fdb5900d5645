"""The explorer's transposed and causal parts against PyTorch: overlap counts vs autograd, the inner overlap away
from the borders (checkerboard low/high) vs PyTorch's transposed convolution of all-ones with all-ones, the
zero-insertion (gather) view vs the real ConvTranspose module, the animation plan's windows, and explorer-state
round trips."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from convviz import ConvSpec
from convviz.layer.presets import DEFAULT, PRESETS, Preset
from convviz.lessons.transposed import (
    checkerboard_dims,
    inner_overlap,
    overlap_counts,
    plan_transposed_animation,
    zero_inserted_sources,
    zero_inserted_window,
)
from ui.explorer.state import DEFAULT_STATE, spec_from_state, state_for

CASES = [
    (ConvSpec(1, 1, 3, stride=2, transposed=True), (1, 1, 4, 4)),
    (ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True), (1, 1, 5, 5)),
    (ConvSpec(2, 4, (3, 2), stride=(2, 3), padding=(1, 0), output_padding=(1, 2), transposed=True, groups=2),
     (1, 2, 3, 4)),
    (ConvSpec(1, 2, 3, stride=3, dilation=2, padding=4, output_padding=2, transposed=True, spatial_dims=1),
     (1, 1, 5)),   # padding larger than dilation·(k − 1): the equivalent padding is negative (cropping)
]

TRANSPOSE = {1: F.conv_transpose1d, 2: F.conv_transpose2d, 3: F.conv_transpose3d}


def gradient_counts(spec: ConvSpec, shape: tuple[int, ...]) -> np.ndarray:
    """Per output element: the gradient of that element with respect to an all-ones single-channel kernel, on an
    all-ones input, summed — the number of (input, tap) products that write it, from the real module."""
    single = ConvSpec(1, 1, spec.kernel_size, stride=spec.stride, padding=spec.padding, dilation=spec.dilation,
                      output_padding=spec.output_padding, transposed=True, bias=False,
                      spatial_dims=spec.spatial_dims)
    module = single.to_module()
    torch.nn.init.ones_(module.weight)
    y = module(torch.ones(1, 1, *shape[2:]))[0, 0]
    counts = np.zeros(tuple(y.shape), dtype=np.int64)
    for index in np.ndindex(*y.shape):
        (grad,) = torch.autograd.grad(y[index], module.weight, retain_graph=True)
        counts[index] = int(grad.sum())
    return counts


def torch_overlap(spec: ConvSpec, input_shape: tuple[int, ...]) -> np.ndarray:
    """Kernel placements per output element, by PyTorch: the transposed convolution of all-ones with all-ones."""
    ones = torch.ones((1, 1, *input_shape[2:]), dtype=torch.float64)
    weight = torch.ones((1, 1, *spec.kernel_size), dtype=torch.float64)
    y = TRANSPOSE[spec.spatial_dims](ones, weight, stride=spec.stride, padding=spec.padding,
                                     output_padding=spec.output_padding, dilation=spec.dilation)
    return y[0, 0].round().to(torch.int64).numpy()


@pytest.mark.parametrize("spec, shape", CASES)
def test_overlap_counts_equal_the_gradient_count_of_the_real_module(spec, shape):
    assert np.array_equal(overlap_counts(spec, shape), gradient_counts(spec, shape))


def test_checkerboard_for_kernel_3_stride_2_and_none_for_kernel_4():
    inner = overlap_counts(ConvSpec(1, 1, 3, stride=2, transposed=True), (1, 1, 6, 6))[2:-2, 2:-2]
    assert set(np.unique(inner)) == {1, 2, 4}                 # a checkerboard of 1, 2 and 4 placements
    even = overlap_counts(ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True), (1, 1, 6, 6))[1:-1, 1:-1]
    assert set(np.unique(even)) == {4}


@pytest.mark.parametrize("kernel, stride, padding, dilation, size", [
    (3, 2, 0, 1, 8), (4, 2, 1, 1, 8), (5, 3, 1, 1, 9), (3, 2, 1, 2, 10), (2, 2, 0, 1, 6), (7, 2, 0, 1, 3),
])
def test_inner_overlap_is_pytorchs_count_away_from_the_borders(kernel, stride, padding, dilation, size):
    spec = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, transposed=True, spatial_dims=2)
    shape = (1, 1, size, size + 1)
    counts = overlap_counts(spec, shape)
    expected_full = torch_overlap(spec, shape)
    assert np.array_equal(counts, expected_full)
    k_eff = dilation * (kernel - 1) + 1
    ends = [min(k_eff, n // 3) for n in expected_full.shape]
    expected = expected_full[ends[0]:expected_full.shape[0] - ends[0], ends[1]:expected_full.shape[1] - ends[1]]
    inner = inner_overlap(spec, counts)
    assert np.array_equal(inner, expected)
    # the note's claim: a kernel size divisible by the stride overlaps evenly inside, any other does not
    assert (inner.min() == inner.max()) == (kernel % stride == 0)
    assert checkerboard_dims(spec) == (() if kernel % stride == 0 else ("H", "W"))


def test_inner_overlap_of_the_article_examples():
    checker = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    assert inner_overlap(checker, torch_overlap(checker, (1, 1, 8))).tolist() == [1, 2] * 5 + [1]
    even = ConvSpec(1, 1, 4, stride=2, padding=1, transposed=True)
    inner = inner_overlap(even, torch_overlap(even, (1, 1, 8, 8)))
    assert inner.shape == (8, 8) and set(inner.ravel().tolist()) == {4}   # 16 outputs less 4 per end; 2·2 placements
    assert checkerboard_dims(ConvSpec(1, 1, (3, 4, 6), stride=(2, 2, 4), transposed=True, spatial_dims=3)) == (
        "D", "W")


def test_inner_overlap_keeps_everything_when_nothing_is_inner():
    spec = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    counts = np.zeros((0,), dtype=np.int64)
    assert inner_overlap(spec, counts) is counts


@pytest.mark.parametrize("spec, shape", CASES)
def test_zero_inserted_window_reproduces_the_real_module(spec, shape):
    torch.manual_seed(0)
    module = spec.to_module()
    x = torch.randint(-2, 3, shape).float().requires_grad_(True)
    with torch.no_grad():
        module.weight.copy_(torch.randint(-2, 3, module.weight.shape).float())
    y = module(x)
    w = module.weight.detach()
    per_out = spec.out_channels // spec.groups
    per_in = spec.in_channels // spec.groups
    for c in {0, spec.out_channels - 1}:
        g = c // per_out
        for index in np.ndindex(*y.shape[2:]):
            win = zero_inserted_window(spec, shape, index)
            total = float(module.bias[c].detach())
            read = set()
            for ci in range(g * per_in, (g + 1) * per_in):
                for source, tap in zip(win.sources, win.weight_taps):
                    if source is not None:
                        total += float(x[(0, ci, *source)]) * float(w[(ci, c - g * per_out, *tap)])
                        read.add((ci, *source))
            assert total == pytest.approx(float(y[(0, c, *index)]))
            (grad,) = torch.autograd.grad(y[(0, c, *index)], x, retain_graph=True)
            touched = {tuple(p) for p in torch.nonzero(grad[0]).tolist()}
            assert touched <= read                            # a zero weight may hide a read, never add one
            assert {r for r in read if grad[(0, *r)] == 0} <= {   # ... and then only through a zero weight
                (ci, *s) for ci, *s in read
                if all(w[(ci, c - g * per_out, *tap)] == 0 for src, tap in zip(win.sources, win.weight_taps)
                       if src == tuple(s))}


def test_zero_inserted_grid_has_stride_minus_one_zeros_and_the_equivalent_padding():
    spec = ConvSpec(1, 1, 3, stride=3, padding=1, transposed=True, spatial_dims=1)
    (sources,) = zero_inserted_sources(spec, (1, 1, 3))
    # padding dilation·(k − 1) − padding = 1 on both sides, two zeros between neighbours
    assert sources == (None, 0, None, None, 1, None, None, 2, None)


@pytest.mark.parametrize("spec, shape", [c for c in CASES if c[0].spatial_dims in (1, 2)])
def test_animation_plan_windows_read_what_the_module_reads(spec, shape):
    plan = plan_transposed_animation(spec, shape, out_channel=spec.out_channels - 1)
    layer = plan.layers[0]
    out = spec.output_spatial(plan.layers[0].run.input.shape)
    assert layer.out_size == (out if spec.spatial_dims == 2 else (1, *out))
    assert np.array_equal(np.array(layer.output_values), layer.run.output[0, spec.out_channels - 1].numpy()
                          .reshape(layer.out_size))
    for _, cell in plan.steps:
        index = cell if spec.spatial_dims == 2 else (cell[1],)
        expected = zero_inserted_window(spec, shape, index).taps_grid
        if spec.spatial_dims == 1:
            expected = [(0, p[0]) for p in expected]
        assert sorted(layer.taps(cell)) == sorted(map(tuple, expected))
        for r, c in layer.taps(cell):               # a tap on a drawn value reads a real input element
            if layer.padded_values[r][c] is not None:
                assert layer.padding_labels[r][c] is None


@pytest.mark.parametrize("preset", [
    DEFAULT, *PRESETS.values(),
    Preset("t", ConvSpec(4, 8, 3, stride=2, padding=1, output_padding=(1, 0), transposed=True, groups=2),
           (1, 4, 5, 6)),
    Preset("c", ConvSpec(1, 2, 3, dilation=2, causal=True, spatial_dims=1), (2, 1, 9)),
])
def test_explorer_state_round_trips_transposed_and_causal_layers(preset):
    assert spec_from_state(state_for(preset)) == (preset.spec, preset.input_shape, preset.pointwise)


def test_older_states_without_the_new_keys_still_read():
    old = {k: v for k, v in DEFAULT_STATE.items()
           if k not in ("transposed", "causal") and not k.startswith("output_padding")}
    assert spec_from_state(old)[0] == DEFAULT.spec
    stale = {**DEFAULT_STATE, "causal": True, "output_padding": 1}   # switched off / 2-D: ignored
    assert spec_from_state(stale)[0] == DEFAULT.spec
