"""The run engine: devices, memory estimates, limits refused before allocating, real results, seeds."""

from __future__ import annotations

import re
import warnings

import pytest
import torch
import torch.nn.functional as F
from torch.profiler import ProfilerActivity, profile

from convviz import ConvSpec, ConvSpecError, MemoryLimitError
from convviz.layer.presets import PRESETS
from convviz.runtime import engine
from convviz.runtime.engine import available_devices, check_run, estimate_memory, make_module, run_conv
from convviz.text.units import format_bytes, format_int, format_shape

CONV_FN = {1: F.conv1d, 2: F.conv2d, 3: F.conv3d}
PAD_MODE = {"reflect": "reflect", "replicate": "replicate", "circular": "circular"}

SPECS = [
    (ConvSpec(1, 1, 3), (1, 1, 5, 5)),
    (ConvSpec(4, 6, (3, 2), stride=(2, 1), padding=(1, 0), dilation=(1, 2), groups=2), (2, 4, 9, 8)),
    (ConvSpec(3, 3, 3, padding=2, padding_mode="reflect", groups=3, bias=False), (1, 3, 6, 7)),
    (ConvSpec(2, 4, 4, padding="same", padding_mode="circular", spatial_dims=1), (2, 2, 11)),
    (ConvSpec(2, 2, 4, padding="same", spatial_dims=1), (1, 2, 10)),
    (ConvSpec(2, 3, 2, stride=2, padding=1, padding_mode="replicate", spatial_dims=3), (1, 2, 4, 5, 3)),
]


def reference_output(result, spec: ConvSpec):
    """torch.nn.functional on the run's own input and weights, padding done by hand."""
    x, module = result.input, result.module
    pairs = spec.padding_amounts(tuple(x.shape))
    flat = tuple(v for before, after in reversed(pairs) for v in (before, after))
    mode = PAD_MODE.get(spec.padding_mode, "constant")
    return CONV_FN[spec.spatial_dims](F.pad(x, flat, mode=mode), module.weight, module.bias,
                                      module.stride, 0, module.dilation, module.groups)


def test_available_devices_matches_torch():
    devices = available_devices()
    assert devices[0] == "cpu"
    assert ("cuda" in devices) == torch.cuda.is_available()
    assert ("mps" in devices) == torch.backends.mps.is_available()
    assert len(devices) == len(set(devices))


def test_estimate_memory_reduction_preset():
    preset = PRESETS["pointwise_reduction"]
    estimate = estimate_memory(preset.spec, preset.input_shape)
    assert estimate.input_bytes == 1 * 100 * 500 * 500 * 4
    assert estimate.weight_bytes == (20 * 100 + 20) * 4
    assert estimate.padded_bytes == 0
    assert estimate.output_bytes == 1 * 20 * 500 * 500 * 4
    assert estimate.total_bytes == (100 * 500 * 500 + 2_020 + 20 * 500 * 500) * 4


PAD_OPS = ("aten::pad", "aten::constant_pad_nd")


def padded_copy_bytes(module, x) -> int:
    """Bytes PyTorch allocates for padded copies of the input in one forward pass, from its profiler."""
    with warnings.catch_warnings(), torch.inference_mode():
        warnings.simplefilter("ignore")
        with profile(activities=[ProfilerActivity.CPU], profile_memory=True) as prof:
            module(x)
    return sum(
        event.cpu_memory_usage for event in prof.events()
        if event.name in PAD_OPS and not (event.cpu_parent and event.cpu_parent.name in PAD_OPS)
    )


@pytest.mark.parametrize("spec, shape", SPECS)
def test_estimate_memory_matches_real_tensors(spec, shape):
    result = run_conv(spec, shape)
    estimate = estimate_memory(spec, shape)

    def nbytes(tensor):
        return tensor.numel() * tensor.element_size()

    assert estimate.input_bytes == nbytes(result.input)
    assert estimate.output_bytes == nbytes(result.output)
    assert estimate.weight_bytes == sum(nbytes(p) for p in result.module.parameters())
    assert estimate.padded_bytes == padded_copy_bytes(result.module, result.input)
    if spec.padding_mode != "zeros":
        padded = F.pad(result.input, result.module._reversed_padding_repeated_twice,
                       mode=PAD_MODE[spec.padding_mode])
        assert estimate.padded_bytes == nbytes(padded)
    assert estimate.total_bytes == (estimate.input_bytes + estimate.weight_bytes + estimate.padded_bytes
                                    + estimate.output_bytes)


@pytest.fixture
def no_tensors(monkeypatch):
    """Fail the test if the engine makes a tensor or a module."""
    def refuse(*args, **kwargs):
        raise AssertionError("the engine allocated before checking its limits")
    monkeypatch.setattr(engine, "small_integers", refuse)
    monkeypatch.setattr(engine, "make_module", refuse)


def test_memory_limit_refused_before_allocating(no_tensors):
    preset = PRESETS["pointwise_reduction"]
    needed = estimate_memory(preset.spec, preset.input_shape).total_bytes
    with pytest.raises(MemoryLimitError) as info:
        run_conv(preset.spec, preset.input_shape, memory_limit=1024)
    err = info.value
    assert isinstance(err, ConvSpecError)
    assert err.code == "memory_limit"
    assert err.params == {"needed": format_bytes(needed), "limit": format_bytes(1024)}
    assert "\n" not in str(err) and not re.search(r"[.!?]\s+[A-Z]", str(err))
    # a batch of a million 500×500×100 maps (~ 93 TiB) is refused, not attempted
    huge = (10**6, 100, 500, 500)
    with pytest.raises(MemoryLimitError) as info:
        run_conv(preset.spec, huge)
    assert info.value.code == "memory_limit"


def test_compute_limit_refused_before_allocating(no_tensors):
    spec, shape = ConvSpec(64, 128, 3, padding=1), (1, 64, 32, 32)
    macs = 128 * 32 * 32 * 64 * 9
    assert spec.macs(shape) == macs
    with pytest.raises(MemoryLimitError) as info:
        run_conv(spec, shape, mac_limit=macs - 1)
    assert info.value.code == "compute_limit"
    assert info.value.params == {"needed": format_int(macs), "limit": format_int(macs - 1)}


def test_limits_are_inclusive():
    spec, shape = SPECS[1]
    estimate = estimate_memory(spec, shape)
    assert check_run(spec, shape, memory_limit=estimate.total_bytes, mac_limit=spec.macs(shape)) == estimate
    with pytest.raises(MemoryLimitError):
        check_run(spec, shape, memory_limit=estimate.total_bytes - 1)
    with pytest.raises(MemoryLimitError):
        check_run(spec, shape, mac_limit=spec.macs(shape) - 1)


def test_invalid_input_is_a_spec_error_not_a_limit():
    with pytest.raises(ConvSpecError) as info:
        run_conv(ConvSpec(3, 8, 3), (1, 4, 8, 8))
    assert info.value.code == "input_channels"
    assert not isinstance(info.value, MemoryLimitError)


@pytest.mark.parametrize("spec, shape", SPECS)
def test_run_conv_equals_functional_conv(spec, shape):
    result = run_conv(spec, shape)
    assert result.device == "cpu"
    assert tuple(result.output.shape) == spec.output_shape(shape)
    assert tuple(result.input.shape) == shape
    assert result.output.dtype == torch.float32
    # small integers: input −2…2, weights −1…1, so every output is an exact integer
    assert torch.equal(result.input, result.input.round()) and result.input.abs().max() <= 2
    assert torch.equal(result.module.weight, result.module.weight.round())
    assert result.module.weight.abs().max() <= 1
    assert (result.module.bias is None) == (not spec.bias)
    expected = reference_output(result, spec)
    assert torch.equal(result.output, expected)
    # and by the definition, in float64, for one output element
    x = result.input.double()
    pairs = spec.padding_amounts(shape)
    flat = tuple(v for before, after in reversed(pairs) for v in (before, after))
    padded = F.pad(x, flat, mode=PAD_MODE.get(spec.padding_mode, "constant"))
    channels_per_group = spec.in_channels // spec.groups
    o = spec.out_channels - 1
    group = o // (spec.out_channels // spec.groups)
    window = padded[0, group * channels_per_group:(group + 1) * channels_per_group]
    for axis, (k, d) in enumerate(zip(spec.kernel_size, spec.dilation)):
        window = window.narrow(axis + 1, 0, d * (k - 1) + 1)[(slice(None),) * (axis + 1) + (slice(None, None, d),)]
    value = (window * result.module.weight[o].double()).sum()
    if spec.bias:
        value += result.module.bias[o].double()
    assert result.output[(0, o) + (0,) * spec.spatial_dims].item() == value.item()


def test_run_conv_is_reproducible():
    spec, shape = SPECS[1]
    a, b, c = run_conv(spec, shape, seed=3), run_conv(spec, shape, seed=3), run_conv(spec, shape, seed=4)
    assert torch.equal(a.input, b.input) and torch.equal(a.output, b.output)
    assert torch.equal(a.module.weight, b.module.weight) and torch.equal(a.module.bias, b.module.bias)
    assert not torch.equal(a.input, c.input)
    assert not torch.equal(a.module.weight, c.module.weight)
    assert not torch.equal(a.output, c.output)


def test_run_conv_leaves_the_global_rng_alone():
    """Sessions share a process: a run must neither read nor advance torch's global generator."""
    spec, shape = SPECS[1]
    torch.manual_seed(1234)
    state = torch.get_rng_state()
    first = run_conv(spec, shape, seed=7)
    assert torch.equal(torch.get_rng_state(), state)
    make_module(ConvSpec(8, 8, 5, spatial_dims=3))
    assert torch.equal(torch.get_rng_state(), state)
    torch.manual_seed(99)  # a different global state gives the same run
    second = run_conv(spec, shape, seed=7)
    assert torch.equal(first.output, second.output)
    assert torch.equal(first.module.weight, second.module.weight)


def test_make_module_is_a_real_module():
    spec = ConvSpec(4, 6, 3, padding=1, groups=2, padding_mode="reflect")
    module = make_module(spec, seed=5)
    assert type(module) is torch.nn.Conv2d
    assert module.weight.device.type == "cpu" and not module.weight.is_meta
    assert tuple(module.weight.shape) == spec.weight_shape
    assert module.padding_mode == "reflect" and module.groups == 2
    assert set(module.weight.unique().tolist()) <= {-1.0, 0.0, 1.0}
    assert torch.equal(module.weight, make_module(spec, seed=5).weight)


def test_unavailable_device():
    missing = next(d for d in ("cuda", "mps", "xpu") if d not in available_devices())
    for device in (missing, f"{missing}:0"):
        with pytest.raises(ConvSpecError) as info:
            run_conv(ConvSpec(1, 1, 3), (1, 1, 5, 5), device=device)
        assert info.value.code == "device_unavailable"
        assert info.value.params["device"] == device
        assert "cpu" in info.value.params["choices"]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device")
def test_run_on_cuda_matches_cpu():
    spec, shape = SPECS[1]
    cpu, gpu = run_conv(spec, shape, seed=2), run_conv(spec, shape, device="cuda", seed=2)
    assert gpu.device.startswith("cuda")
    assert torch.equal(cpu.output, gpu.output.cpu())


# ---- units ------------------------------------------------------------------------------------

def test_units_examples():
    assert format_bytes(1536) == "1.50 KiB"
    assert format_bytes(4) == "4 B"
    assert format_shape((5,)) == "(5,)"
    assert format_int(8320) == "8,320"


@pytest.mark.parametrize("n", [0, 1, 1023, 1024, 1025, 10**5, 123_456_789, 2**30, 5 * 2**40 + 7, 3 * 2**50])
def test_format_bytes_reads_back(n):
    text = format_bytes(n)
    number, unit = text.split(" ")
    units = ["B", "KiB", "MiB", "GiB", "TiB"]
    assert unit in units
    value = float(number)
    if unit == "B":
        assert int(number) == n
        return
    assert value * 1024 ** units.index(unit) == pytest.approx(n, rel=5e-3)
    assert value < 1024 or unit == "TiB"
    assert value >= 1


@pytest.mark.parametrize("shape", [(5,), (1, 128, 32, 32), (2, 3), torch.Size([1, 4, 32, 32])])
def test_format_shape_is_python_tuple_notation(shape):
    assert format_shape(shape) == str(tuple(shape))


def test_format_int_separators():
    for n in (0, 7, 999, 1000, 36_928, 73_856, 10**9):
        assert format_int(n).replace(",", "") == str(n)
        groups = format_int(n).split(",")
        assert 1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])
