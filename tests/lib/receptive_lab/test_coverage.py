"""Path-count coverage (convviz.receptive_lab.coverage) against an independent oracle: the gradient of one output
element
with respect to the input through all-ones convolutions, computed by PyTorch's autograd."""

from dataclasses import replace

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError, PoolSpec, receptive_field
from convviz.receptive_lab.coverage import holes, path_counts, read_count


def oracle(layers, input_size, index):
    """d y[index] / d x through the stack with every weight 1 and no bias (float64: exact for these sizes)."""
    x = torch.zeros((1, 1, *input_size), dtype=torch.float64, requires_grad=True)
    y = x
    for spec in layers:
        conv = replace(spec, in_channels=1, out_channels=1, groups=1, bias=False).to_module().double()
        with torch.no_grad():
            conv.weight.fill_(1)
        y = conv(y)
    y[(0, 0, *index)].backward()
    return x.grad[0, 0].round().long().numpy()


@st.composite
def stacks(draw):
    dims = draw(st.sampled_from([1, 2]))
    layers = []
    for _ in range(draw(st.integers(1, 3))):
        stride = draw(st.integers(1, 2))
        padding = draw(st.sampled_from([0, 1, 2, "same"])) if stride == 1 else draw(st.integers(0, 2))
        layers.append(ConvSpec(
            1, 1, draw(st.integers(1, 3)), stride=stride, padding=padding, dilation=draw(st.integers(1, 3)),
            padding_mode=draw(st.sampled_from(["zeros", "zeros", "reflect", "replicate", "circular"])),
            spatial_dims=dims,
        ))
    size = tuple(draw(st.integers(6, 12)) for _ in range(dims))
    return layers, size


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(stacks(), st.data())
def test_bounded_counts_equal_the_autograd_oracle(stack, data):
    layers, size = stack
    try:
        counts = path_counts(layers, size, output_index=None)
    except ConvSpecError:
        assume(False)
    out = [size]
    for layer in layers:
        out.append(layer.output_shape((1, 1, *out[-1]))[2:])
    index = tuple(data.draw(st.integers(0, o - 1)) for o in out[-1])
    counts = path_counts(layers, size, output_index=index)
    assert counts.shape == size and counts.dtype == np.int64
    np.testing.assert_array_equal(counts, oracle(layers, size, index))


@settings(max_examples=30, deadline=None)
@given(stacks())
def test_unbounded_counts_cover_exactly_the_receptive_field_span(stack):
    layers, _ = stack
    unpadded = [replace(layer, padding=0, padding_mode="zeros") for layer in layers]
    rf = receptive_field(layers)[-1]
    counts = path_counts(layers)
    assert counts.shape == rf.size
    for axis in range(counts.ndim):  # the span's first and last elements are reached
        profile = counts.sum(axis=tuple(a for a in range(counts.ndim) if a != axis))
        assert profile[0] > 0 and profile[-1] > 0
    np.testing.assert_array_equal(counts, oracle(unpadded, rf.size, (0,) * counts.ndim))
    total = np.prod([np.prod(layer.kernel_size) for layer in layers])
    assert counts.sum() == total  # every path (one tap per layer) lands somewhere


def test_small_cases_by_hand():
    one_d = [ConvSpec(1, 1, 3, spatial_dims=1)] * 2
    assert path_counts(one_d).tolist() == [1, 2, 3, 2, 1]
    dilated = [ConvSpec(1, 1, 3, dilation=2, spatial_dims=1)] * 2
    assert path_counts(dilated).tolist() == [1, 0, 2, 0, 3, 0, 2, 0, 1]
    assert holes(path_counts(dilated)).tolist() == [False, True, False, True, False, True, False, True, False]


@pytest.mark.parametrize(("rates", "hole_count"), [((2, 2, 2), 13 * 13 - 7 * 7), ((1, 2, 5), 0), ((1, 1, 1), 0)])
def test_gridding_holes_inside_the_receptive_field(rates, hole_count):
    layers = [ConvSpec(1, 1, 3, dilation=r, padding="same") for r in rates]
    counts = path_counts(layers)
    assert counts.shape == receptive_field(layers)[-1].size
    assert int(holes(counts).sum()) == hole_count


@pytest.mark.parametrize(("rates", "read_rows"), [((2, 2, 2), 7), ((1, 2, 5), 17), ((3, 3), 5)])
def test_read_count_is_what_the_gradient_reaches(rates, read_rows):
    """The rates-2, 2, 2 preset's note: of the 13×13 span only every other row and every other column is read,
    7 × 7 = 49 of 169 elements — counted from the gradient of an interior output of the real stack."""
    layers = [ConvSpec(1, 1, 3, dilation=r, padding=r) for r in rates]
    side = receptive_field(layers)[-1].size[0]
    grad = oracle(layers, (2 * side + 1, 2 * side + 1), (side, side))  # an output far from the borders
    assert read_count(layers) == (int(np.count_nonzero(grad)), side * side) == (read_rows**2, side * side)


def test_pooling_window_counts_like_an_all_ones_kernel():
    stack = [ConvSpec(1, 1, 3), PoolSpec(2), ConvSpec(1, 1, 3)]
    as_convs = [ConvSpec(1, 1, 3), ConvSpec(1, 1, 2, stride=2), ConvSpec(1, 1, 3)]
    np.testing.assert_array_equal(path_counts(stack), path_counts(as_convs))
    np.testing.assert_array_equal(path_counts(stack, (12, 12)), oracle(as_convs, (12, 12), (1, 1)))


def test_counts_too_large_for_int64_stay_exact():
    layers = [ConvSpec(1, 1, 3, spatial_dims=1)] * 45  # 3**45 paths > 2**62
    counts = path_counts(layers)
    assert counts.dtype == object and sum(counts.tolist()) == 3**45


def test_bad_output_index_and_bad_stack_are_refused():
    with pytest.raises(ConvSpecError) as caught:
        path_counts([ConvSpec(1, 1, 3)], (5, 5), output_index=(3, 0))
    assert caught.value.code == "output_index"
    with pytest.raises(ConvSpecError):
        path_counts([])
