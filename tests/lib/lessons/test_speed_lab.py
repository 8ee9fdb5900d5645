"""The speed lab: its four layer chains against PyTorch's own modules (shapes, numel, FlopCounterMode), limits
refused before running, the ratios and their chart. No timing assertions. The page: tests/pages/test_speed_lab.py."""

import pytest
import torch

from convviz import ConvSpecError, MemoryLimitError
from convviz.lessons.speed_lab import (
    KINDS,
    PRESETS,
    SpeedCase,
    chain_flops,
    chain_output_shape,
    chain_params,
    check_case,
    compare,
    measure_case,
    ratio_figure,
    speed_layers,
)
from convviz.runtime.engine import make_module
from convviz.runtime.timing import Timing, count_flops


def torch_chain(layers):
    return torch.nn.Sequential(*(make_module(layer, seed=i) for i, layer in enumerate(layers)))


@pytest.mark.parametrize("case", [SpeedCase(64, 128, 32, 3, 4), SpeedCase(6, 9, 7, 5, 3, 2), SpeedCase(4, 4, 5, 1, 4)])
def test_chains_match_pytorch(case):
    chains = speed_layers(case.in_channels, case.out_channels, case.kernel_size, case.groups)
    assert tuple(chains) == KINDS
    x = torch.zeros(case.input_shape)
    for kind, layers in chains.items():
        module = torch_chain(layers)
        with torch.inference_mode():
            y = module(x)
        assert chain_output_shape(layers, case.input_shape) == tuple(y.shape) == (
            case.batch, case.out_channels, case.size, case.size), kind
        assert chain_params(layers) == sum(p.numel() for p in module.parameters()), kind
        assert chain_flops(layers, case.input_shape) == count_flops(module, x), kind
    grouped, depthwise = chains["grouped"][0], chains["separable"][0]
    assert grouped.groups == case.groups and depthwise.groups == case.in_channels


def test_article_case_flops():
    chains = check_case(PRESETS["article"])
    flops = [chain_flops(chains[kind], PRESETS["article"].input_shape) for kind in KINDS]
    # 2·k²·C_in·C_out·H·W = 2·9·64·128·1024; ÷4 for groups=4; depthwise 2·9·64·1024 + pointwise 2·64·128·1024
    assert flops == [150_994_944, 37_748_736, 1_179_648 + 16_777_216, 16_777_216]
    assert PRESETS["large"].input_shape == (1, 256, 56, 56)


def test_limits_are_checked_before_anything_runs():
    with pytest.raises(MemoryLimitError) as caught:
        check_case(SpeedCase(1024, 1024, 512, 3, 4, 4))
    assert caught.value.code == "memory_limit"
    with pytest.raises(MemoryLimitError) as caught:
        measure_case(SpeedCase(8, 8, 16), mac_limit=1000)
    assert caught.value.code == "compute_limit"
    with pytest.raises(ConvSpecError) as caught:
        speed_layers(6, 9, 3, 4)
    assert caught.value.code == "groups_divide"


def test_tiny_measurement_structure_and_progress():
    seen = []
    timings = measure_case(SpeedCase(2, 4, 4, 3, 2), channels_last=True, min_run_time=0.005, progress=seen.append)
    assert tuple(timings) == KINDS
    for kind, timing in timings.items():
        assert timing.median_s > 0 and timing.q1_s <= timing.median_s <= timing.q3_s
        assert timing.channels_last and timing.inference_mode and timing.dtype == "float32"
        assert timing.flops == chain_flops(speed_layers(2, 4, 3, 2)[kind], (1, 2, 4, 4))
    assert seen == sorted(seen) and 0 <= seen[0] and seen[-1] == 1.0


def timing(median, q1, q3, flops):
    return Timing(median_s=median, q1_s=q1, q3_s=q3, runs=5, number_per_run=1, flops=flops, device="cpu",
                  threads=2, dtype="float32")


def test_compare_and_figure():
    timings = {"standard": timing(8.0, 6.0, 10.0, 900), "grouped": timing(4.0, 3.0, 5.0, 225),
               "separable": timing(2.0, 1.0, 3.0, 100), "pointwise": timing(1.0, 0.5, 2.0, 90)}
    comparisons = compare(timings)
    assert [c.kind for c in comparisons] == list(KINDS)
    assert [c.flop_ratio for c in comparisons] == [1.0, 4.0, 9.0, 10.0]
    separable = comparisons[2].time
    assert (separable.median, separable.low, separable.high) == (4.0, 2.0, 10.0)
    labels = {kind: kind.title() for kind in KINDS} | {"flops": "F", "time": "T", "y": "ratio"}
    fig = ratio_figure(comparisons, labels=labels).to_dict()
    flops_bar, time_bar = fig["data"]
    assert list(flops_bar["y"]) == [1.0, 4.0, 9.0, 10.0] and list(time_bar["y"]) == [1.0, 2.0, 4.0, 8.0]
    assert list(time_bar["error_y"]["array"]) == [c.time.high - c.time.median for c in comparisons]
    assert list(time_bar["error_y"]["arrayminus"]) == [c.time.median - c.time.low for c in comparisons]
    assert fig["layout"]["yaxis"]["type"] == "log"
