"""The sliding window (convviz.animation.window) and one cell's arithmetic (convviz.animation.cell_arithmetic)
against PyTorch.

Oracles: ``torch.nn.functional.unfold`` on an explicitly padded input whose elements are their own indices
(which element each tap reads), and the gradient of one output element of the real module with all-ones
weights (which input elements it depends on, and how often: padding modes, 'same' and groups included), and a
zero-padded convolution of all-ones with all-ones (how many of a window's taps land on the input: the rest fall in
the padding, whatever padding_mode fills it with).
"""

import itertools
from collections import Counter

import pytest
import torch
import torch.nn.functional as F
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError
from convviz.animation.cell_arithmetic import cell_arithmetic, is_small, products_text
from convviz.animation.window import (
    group_in_channels,
    output_positions,
    padded_sources,
    source_index,
    taps_outside,
    window,
)
from convviz.runtime.engine import run_conv

SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def layers(draw):
    """A valid (spec, input_shape): 1-D or 2-D, groups, non-square kernels, 'same'/'valid', padding modes."""
    dims = draw(st.sampled_from([1, 2]))
    groups = draw(st.sampled_from([1, 2, 3]))
    cin = groups * draw(st.integers(1, 2))
    cout = groups * draw(st.integers(1, 2))
    kernel = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    dilation = tuple(draw(st.integers(1, 3)) for _ in range(dims))
    padding_kind = draw(st.sampled_from(["number", "same", "valid"]))
    stride = (1,) * dims if padding_kind == "same" else tuple(draw(st.integers(1, 3)) for _ in range(dims))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(dims)) if padding_kind == "number" else padding_kind
    mode = draw(st.sampled_from(["zeros", "reflect", "replicate", "circular"]))
    size = tuple(draw(st.integers(1, 7)) for _ in range(dims))
    try:
        spec = ConvSpec(cin, cout, kernel, stride=stride, padding=padding, dilation=dilation, groups=groups,
                        padding_mode=mode, spatial_dims=dims)
        shape = (1, cin, *size)
        spec.check_input(shape)
    except ConvSpecError:
        from hypothesis import assume
        assume(False)
    return spec, shape


def unfold_sources(spec, shape):
    """Per output position (row-major) and input channel: the flat input index each tap reads (−1: a zero)."""
    x = torch.arange(torch.Size(shape).numel(), dtype=torch.float64).reshape(shape)
    pads = [p for before_after in reversed(spec.padding_amounts(shape)) for p in before_after]
    if spec.padding_mode == "zeros":
        padded = F.pad(x, pads, value=-1.0)
    else:
        padded = F.pad(x, pads, mode=spec.padding_mode)
    kernel, dilation, stride = spec.kernel_size, spec.dilation, spec.stride
    if spec.spatial_dims == 1:
        padded = padded.unsqueeze(2)
        kernel, dilation, stride = (1, *kernel), (1, *dilation), (1, *stride)
    cols = F.unfold(padded, kernel, dilation=dilation, stride=stride)[0]  # (C_in·∏k, L)
    return cols.reshape(shape[1], -1, cols.shape[-1])  # (C_in, taps, L)


@SETTINGS
@given(layers())
def test_window_taps_equal_unfold(layer):
    spec, shape = layer
    cols = unfold_sources(spec, shape)
    spatial = shape[2:]
    positions = output_positions(spec, shape)
    assert cols.shape[-1] == len(positions)
    for column, position in enumerate(positions):
        for out_channel in range(spec.out_channels):
            win = window(spec, shape, position, out_channel=out_channel)
            for ci in win.in_channels:
                expected = [int(v) for v in cols[ci, :, column]]
                got = []
                for source in win.taps_source:
                    if source is None:
                        got.append(-1)
                    else:
                        flat = ci
                        for s, n in zip(source, spatial):
                            flat = flat * n + s
                        got.append(flat)
                assert got == expected, (spec, shape, position, ci)


@SETTINGS
@given(layers(), st.data())
def test_window_equals_what_the_real_module_depends_on(layer, data):
    """Gradient of one output element with all-ones weights counts each input element it reads."""
    spec, shape = layer
    positions = output_positions(spec, shape)
    position = data.draw(st.sampled_from(positions))
    out_channel = data.draw(st.integers(0, spec.out_channels - 1))
    module = spec.to_module().double()
    with torch.no_grad():
        module.weight.fill_(1.0)
    x = torch.zeros(shape, dtype=torch.float64, requires_grad=True)
    module(x)[(0, out_channel, *position)].backward()
    win = window(spec, shape, position, out_channel=out_channel)
    expected = Counter()
    for ci in win.in_channels:
        for s in win.taps_source:
            if s is not None:
                expected[(ci, *s)] += 1
    got = {tuple(int(i) for i in idx[1:]): int(x.grad[tuple(idx)]) for idx in x.grad.nonzero()}
    assert got == dict(expected)


@SETTINGS
@given(layers(), st.data())
def test_cell_sum_equals_the_module_output(layer, data):
    spec, shape = layer
    run = run_conv(spec, shape, seed=data.draw(st.integers(0, 5)))
    position = data.draw(st.sampled_from(output_positions(spec, shape)))
    out_channel = data.draw(st.integers(0, spec.out_channels - 1))
    cell = cell_arithmetic(spec, run, position, out_channel=out_channel)
    assert cell.result == float(run.output[(0, out_channel, *position)])
    assert cell.agrees
    assert len(cell.products) == (spec.in_channels // spec.groups) * len(window(spec, shape, position).kernel_taps)


@pytest.mark.parametrize("spec, shape", [
    (ConvSpec(4, 4, 3, padding=1, groups=2, dilation=2), (1, 4, 6, 6)),   # groups > 1 and dilation > 1
    (ConvSpec(3, 3, 3, stride=2, padding=1, groups=3, bias=False), (1, 3, 8, 8)),  # depthwise, no bias
    (ConvSpec(2, 2, (2, 3), padding="same", padding_mode="reflect"), (1, 2, 5, 4)),
])
def test_cell_arithmetic_every_cell(spec, shape):
    run = run_conv(spec, shape)
    for position in output_positions(spec, shape):
        for c in range(spec.out_channels):
            cell = cell_arithmetic(spec, run, position, out_channel=c)
            assert cell.result == float(run.output[(0, c, *position)]), (position, c)
    assert is_small(spec, shape)
    assert products_text(cell)[0].count("·") == min(9, len(cell.products))


def test_dilated_article_example_and_groups():
    spec = ConvSpec(1, 1, 3, dilation=2)
    win = window(spec, (1, 1, 7, 7), (2, 2))
    assert win.span_padded == ((2, 6), (2, 6)) and len(win.taps_padded) == 9
    grouped = ConvSpec(64, 64, 3, padding=1, groups=4)
    assert group_in_channels(grouped, 17) == range(16, 32)
    assert group_in_channels(ConvSpec(64, 64, 3, groups=64), 5) == range(5, 6)


def test_padding_sources_follow_torch_pad():
    for mode in ("reflect", "replicate", "circular"):
        x = torch.arange(5.0).reshape(1, 1, 5)
        padded = F.pad(x, (3, 4), mode=mode)[0, 0].tolist()
        assert [source_index(p, 5, 3, mode) for p in range(12)] == [int(v) for v in padded]
    assert padded_sources(ConvSpec(1, 1, 3, padding=1), (1, 1, 3, 3))[0] == (None, 0, 1, 2, None)


def test_outside_the_output_is_an_error():
    with pytest.raises(ConvSpecError) as err:
        window(ConvSpec(1, 1, 3), (1, 1, 5, 5), (3, 0))
    assert err.value.code == "cell_range"
    with pytest.raises(ConvSpecError):
        group_in_channels(ConvSpec(1, 2, 3), 2)


@pytest.mark.parametrize("kernel, stride, padding, dilation, size", [
    (3, 1, 1, 1, 5), (3, 2, 2, 1, 6), (5, 1, 2, 2, 7), (2, 1, 1, 1, 4), (3, 1, 0, 1, 5), (3, 1, "same", 3, 8),
])
def test_taps_outside_is_what_pytorch_does_not_read(kernel, stride, padding, dilation, size):
    """A zero-padded convolution of all-ones with all-ones counts the taps that land on the input; the rest of
    the kernel's taps fall in the padding, whatever padding_mode fills it with."""
    zeros = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation)
    shape = (1, 1, size, size - 1)
    pad = zeros.before_padding()
    ones = torch.ones((1, 1, *shape[2:]), dtype=torch.float64)
    weight = torch.ones((1, 1, kernel, kernel), dtype=torch.float64)
    padded = F.pad(ones, [p for amounts in reversed(zeros.padding_amounts(shape)) for p in amounts])
    inside = F.conv2d(padded, weight, stride=stride, dilation=dilation)[0, 0].round().to(torch.int64)
    assert tuple(inside.shape) == zeros.output_spatial(shape) and len(pad) == 2
    reflect = ConvSpec(1, 1, kernel, stride=stride, padding=padding, dilation=dilation, padding_mode="replicate")
    for index in itertools.product(*(range(n) for n in inside.shape)):
        outside = kernel * kernel - int(inside[index])
        win = window(zeros, shape, index)
        assert taps_outside(zeros, shape, win) == outside
        assert sum(source is None for source in win.taps_source) == outside   # zeros: every outside tap reads 0
        copied = window(reflect, shape, index)
        assert taps_outside(reflect, shape, copied) == outside
        assert all(source is not None for source in copied.taps_source)      # replicate: copies, no zeros


def test_taps_outside_of_the_corner():
    spec = ConvSpec(1, 1, 3, padding=1)
    assert taps_outside(spec, (1, 1, 5, 5), window(spec, (1, 1, 5, 5), (0, 0))) == 5
    assert taps_outside(spec, (1, 1, 5, 5), window(spec, (1, 1, 5, 5), (2, 2))) == 0
    one_d = ConvSpec(1, 1, 3, padding=2, dilation=2, spatial_dims=1)
    assert taps_outside(one_d, (1, 1, 6), window(one_d, (1, 1, 6), (0,))) == 1   # taps at -2, 0, 2


def test_a_1d_signal_of_up_to_64_elements_lists_its_products():
    """In 1-D a cell reads only k elements: signals up to 64 long (as many elements as 8×8) list their products."""
    spec = ConvSpec(1, 1, 3, padding=1, dilation=2, spatial_dims=1)
    assert is_small(spec, (1, 1, 9)) and is_small(spec, (1, 1, 64)) and not is_small(spec, (1, 1, 65))
    assert is_small(ConvSpec(1, 1, 3), (1, 1, 8, 8)) and not is_small(ConvSpec(1, 1, 3), (1, 1, 9, 8))
    run = run_conv(spec, (1, 1, 9))
    cell = cell_arithmetic(spec, run, (4,))
    assert len(cell.products) == 3 and cell.agrees and cell.result == float(run.output[0, 0, 4])
