"""convviz.runtime.timing: structure of a measurement on tiny sizes (no timing assertions), FLOPs as PyTorch counts
them, limits checked before anything runs."""

import pytest
import torch

from convviz import ConvSpec, ConvSpecError, MemoryLimitError
from convviz.runtime.timing import Timing, count_flops, measure, time_ratio
from convviz.text.units import format_seconds


def test_a_tiny_chain_measures_with_a_sane_structure():
    seen = []
    layers = [ConvSpec(4, 4, 3, padding=1, groups=4), ConvSpec(4, 8, 1)]
    result = measure(layers, (1, 4, 6, 6), min_run_time=0.01, progress=seen.append)
    assert result.median_s > 0 and result.q1_s <= result.median_s <= result.q3_s
    assert result.iqr_s == pytest.approx(result.q3_s - result.q1_s)
    assert result.runs >= 1 and result.number_per_run >= 1
    assert result.device == "cpu" and result.dtype == "float32" and result.inference_mode
    assert result.threads == torch.get_num_threads()
    assert result.flops == layers[0].flops((1, 4, 6, 6)) + layers[1].flops((1, 4, 6, 6))
    assert result.gflops_per_s > 0
    assert seen and all(0 <= p <= 1 for p in seen) and seen[-1] == 1.0


def test_flops_are_flop_counter_modes():
    spec = ConvSpec(3, 5, 3, stride=2, padding=1, groups=1)
    module = spec.to_module()
    assert count_flops(module, torch.zeros(2, 3, 9, 9)) == spec.flops((2, 3, 9, 9)) == 2 * spec.macs((2, 3, 9, 9))


def test_oversize_inputs_are_refused_before_running():
    with pytest.raises(MemoryLimitError) as caught:
        measure([ConvSpec(256, 256, 3)], (8, 256, 1024, 1024))
    assert caught.value.code == "memory_limit"
    with pytest.raises(MemoryLimitError) as caught:
        measure([ConvSpec(1, 1, 3), ConvSpec(1, 64, 3)], (1, 1, 64, 64), memory_limit=2**20, mac_limit=10_000)
    assert caught.value.code == "compute_limit"


def test_bad_requests_are_refused():
    with pytest.raises(ConvSpecError) as caught:
        measure([ConvSpec(1, 1, 3)], (1, 1, 5, 5), dtype="int8")
    assert caught.value.code == "dtype"
    with pytest.raises(ConvSpecError) as caught:
        measure([ConvSpec(1, 1, 3)], (1, 1, 5, 5), device="nonexistent")
    assert caught.value.code == "device_unavailable"
    with pytest.raises(ConvSpecError):
        measure([ConvSpec(1, 1, 3)], (1, 2, 5, 5))


def test_time_ratio_spread_and_formatting():
    slow = Timing(median_s=4.0, q1_s=3.0, q3_s=5.0, runs=3, number_per_run=1, flops=8, device="cpu", threads=1,
                  dtype="float32")
    fast = Timing(median_s=1.0, q1_s=0.5, q3_s=1.5, runs=3, number_per_run=1, flops=1, device="cpu", threads=1,
                  dtype="float32")
    ratio = time_ratio(slow, fast)
    assert (ratio.median, ratio.low, ratio.high) == (4.0, 2.0, 10.0)
    assert format_seconds(0.000417) == "417 µs" and format_seconds(0.0846) == "84.6 ms"
    assert format_seconds(2.5) == "2.5 s" and format_seconds(3e-9) == "3 ns"
