"""Effective receptive field (convviz.receptive_lab.erf, Luo et al. 2016): inside the theoretical receptive field,
equal to
the path counts with all-ones weights, the 95 % window, progress and limits."""

import numpy as np
import pytest

from convviz import ConvSpec, ConvSpecError, PoolSpec, receptive_field
from convviz.receptive_lab import erf
from convviz.receptive_lab.coverage import path_counts

STACKS = {
    "3x3 x4": [ConvSpec(1, 1, 3, padding=1)] * 4,
    "strided + pool": [ConvSpec(3, 8, 3, stride=2, padding=1), PoolSpec(3, stride=2, padding=1),
                       ConvSpec(8, 8, 3, padding=1)],
    "dilated 2,2,2": [ConvSpec(1, 1, 3, padding=2, dilation=2)] * 3,
    "depthwise": [ConvSpec(8, 8, 3, padding=1, groups=8), ConvSpec(8, 16, 1), PoolSpec(2, kind="avg")],
}


@pytest.mark.parametrize("name", list(STACKS))
@pytest.mark.parametrize(("relu", "channels"), [(False, 1), (True, 3)])
def test_effective_rf_lies_inside_the_theoretical_rf(name, relu, channels):
    layers = STACKS[name]
    result = erf.effective_receptive_field(layers, (32, 32), initialisations=2, relu=relu, channels=channels)
    (r0, r1), (c0, c1) = receptive_field(layers)[-1].span(result.output_index)
    inside = np.zeros(result.gradient.shape, dtype=bool)
    inside[max(r0, 0):r1 + 1, max(c0, 0):c1 + 1] = True
    assert result.gradient[~inside].max(initial=0) == 0
    assert result.gradient[inside].max() > 0
    assert all(1 <= side <= size for side, size in zip(result.side, result.theoretical))


def test_all_ones_weights_give_the_path_counts():
    layers = [ConvSpec(1, 1, 3, padding=1), PoolSpec(2, kind="max"), ConvSpec(1, 1, 3, dilation=2)]
    as_conv = [layers[0], ConvSpec(1, 1, 2, stride=2), layers[2]]  # max-pool routes to one element: use a conv
    grad = erf.gradient_map(as_conv, (16, 16), (3, 2), weights="ones", double=True)
    np.testing.assert_array_equal(grad, path_counts(as_conv, (16, 16), output_index=(3, 2)))


def test_the_effective_rf_is_smaller_than_the_theoretical_one_for_a_deep_stack():
    layers = [ConvSpec(1, 1, 3, padding=1)] * 20
    result = erf.effective_receptive_field(layers, (64, 64), initialisations=3)
    assert result.theoretical == (41, 41)
    assert result.share[0] < 0.8  # Gaussian-like: the 95 % window grows like √n, the theoretical one like n


def test_window_side():
    delta = np.zeros((9, 9))
    delta[4, 4] = 1
    assert erf.window_side(delta, (4, 4)) == (1, 1)
    block = np.zeros((9, 9))
    block[2:7, 2:7] = 1
    assert erf.window_side(block, (4.0, 4.0)) == (5, 5)  # 3×3 holds 9/25; 5×5 all
    even = np.zeros((8,))
    even[2:6] = 1
    assert erf.window_side(even, (3.5,)) == (4,)  # half-integer centre: even sides 2, 4
    assert erf.window_side(np.zeros((4, 4)), (1, 1)) == (0, 0)


def test_progress_is_reported_after_every_initialisation():
    seen = []
    erf.effective_receptive_field([ConvSpec(1, 1, 3)] * 2, (12, 12), initialisations=4,
                                  progress=lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_same_seed_same_result_and_1d():
    layers = [ConvSpec(1, 1, 2, dilation=d, causal=True, spatial_dims=1) for d in (1, 1, 2, 4)]
    first = erf.effective_receptive_field(layers, (40,), (39,))
    again = erf.effective_receptive_field(layers, (40,), (39,))
    np.testing.assert_array_equal(first.gradient, again.gradient)
    assert first.theoretical == (9,) and first.gradient[:31].max() == 0 and first.gradient[31:].min() > 0


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"channels": 17}, "erf_channels"), ({"initialisations": 0}, "erf_initialisations"),
    ({"output_index": (30, 0)}, "output_index"),
])
def test_limits_are_refused(kwargs, code):
    with pytest.raises(ConvSpecError) as caught:
        erf.effective_receptive_field([ConvSpec(1, 1, 3)], (16, 16), **kwargs)
    assert caught.value.code == code


def test_too_large_input_is_refused_before_any_work():
    with pytest.raises(ConvSpecError) as caught:
        erf.effective_receptive_field([ConvSpec(1, 1, 3)], (1024, 1024))
    assert caught.value.code == "erf_input"


def test_speed_targets_are_callable_for_the_benchmarks():
    targets = {t.name: t for t in erf.speed_targets()}
    assert targets["receptive_field_100_layers"].target_s == 1e-3
    assert targets["erf_10_layers_3x3_128x128"].target_s == 0.5
    assert len(targets["receptive_field_100_layers"].run()) == 100
    assert targets["erf_10_layers_3x3_128x128"].run().theoretical == (21, 21)
