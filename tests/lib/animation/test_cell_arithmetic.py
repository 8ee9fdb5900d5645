"""Per-cell arithmetic of transposed layers: the products over the zero-inserted input add up to the value the
real ``torch.nn.ConvTranspose{1,2,3}d`` computed, for every output element."""

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError
from convviz.animation.cell_arithmetic import transposed_cell_arithmetic
from convviz.runtime.engine import run_conv


def test_issue_example_kernel_3_stride_2():
    spec = ConvSpec(1, 1, 3, stride=2, transposed=True, spatial_dims=1)
    run = run_conv(spec, (1, 1, 4))
    cells = [transposed_cell_arithmetic(spec, run, (o,)) for o in range(9)]
    # output 2 is written by inputs 0 (tap 2) and 1 (tap 0): two real products, one inserted zero
    assert [sum(p.source is not None for p in cell.products) for cell in cells] == [1, 1, 2, 1, 2, 1, 2, 1, 1]
    assert all(cell.agrees for cell in cells)
    assert [p.tap for p in cells[2].products] == [(2,), (1,), (0,)]      # the kernel flipped
    assert [p.source for p in cells[2].products] == [(0,), None, (1,)]


@settings(max_examples=30, deadline=None)
@given(dims=st.integers(1, 3), data=st.data())
def test_every_cell_equals_the_real_conv_transpose(dims, data):
    k = tuple(data.draw(st.integers(1, 3)) for _ in range(dims))
    stride = tuple(data.draw(st.integers(1, 3)) for _ in range(dims))
    dilation = tuple(data.draw(st.integers(1, 2)) for _ in range(dims))
    padding = tuple(data.draw(st.integers(0, 2)) for _ in range(dims))
    output_padding = tuple(data.draw(st.integers(0, max(s, d) - 1)) for s, d in zip(stride, dilation))
    groups = data.draw(st.sampled_from([1, 2]))
    size = tuple(data.draw(st.integers(2, 4 if dims < 3 else 3)) for _ in range(dims))
    spec = ConvSpec(2, 2 * groups, k, stride=stride, padding=padding, dilation=dilation, groups=groups,
                    output_padding=output_padding, bias=data.draw(st.booleans()), transposed=True, spatial_dims=dims)
    shape = (2, 2, *size)
    try:
        out = spec.output_spatial(shape)
    except ConvSpecError:                       # padding crops the whole output: nothing to add up
        return
    run = run_conv(spec, shape, seed=data.draw(st.integers(0, 5)))
    batch = data.draw(st.integers(0, 1))
    for channel in range(spec.out_channels):
        for index in itertools.islice(itertools.product(*(range(n) for n in out)), 40):
            cell = transposed_cell_arithmetic(spec, run, index, out_channel=channel, batch=batch)
            assert cell.agrees, (spec, index, channel, cell.result, cell.torch_value)
            assert len(cell.products) == (spec.in_channels // groups) * math.prod(k)


def test_refuses_a_forward_layer_and_an_index_outside():
    spec = ConvSpec(1, 1, 3, transposed=True)
    run = run_conv(spec, (1, 1, 3, 3))
    with pytest.raises(ConvSpecError):
        transposed_cell_arithmetic(spec, run, (5, 0))
    forward = ConvSpec(1, 1, 3)
    with pytest.raises(ConvSpecError):
        transposed_cell_arithmetic(forward, run_conv(forward, (1, 1, 5, 5)), (0, 0))
