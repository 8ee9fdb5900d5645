"""Counter cross-check: the issue's numbers, FlopCounterMode itself, the bias/FLOP relations, each tool's label
and scope, and torchinfo's transposed rule rebuilt from PyTorch. The real tools: test_counters_tools.py."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec
from convviz.runtime.counters import TOOLS, counter_reports
from convviz.text.i18n import LANGUAGES, t


def by_tool(spec, shape):
    return {r.tool: r for r in counter_reports(spec, shape)}


def test_issue_example():
    reports = by_tool(ConvSpec(32, 64, 3, padding=1), (1, 32, 56, 56))
    assert list(reports) == list(TOOLS)
    assert reports["FlopCounterMode"].value == 115_605_504 and reports["FlopCounterMode"].quantity == "FLOPs"
    assert reports["fvcore"].value == reports["thop"].value == 57_802_752
    assert reports["torchinfo"].value == reports["ptflops"].value == 58_003_456
    assert "1.8.0" in reports["torchinfo"].version and "0.7.5" in reports["ptflops"].version
    assert "2.2.3" in reports["thop"].version


def test_without_bias_all_macs_agree():
    reports = by_tool(ConvSpec(32, 64, 3, padding=1, bias=False), (1, 32, 56, 56))
    assert {reports[tool].value for tool in ("fvcore", "thop", "torchinfo", "ptflops")} == {57_802_752}


@settings(max_examples=40, deadline=None)
@given(cin=st.sampled_from([1, 2, 4, 8]), cout=st.sampled_from([2, 4, 8]), k=st.integers(1, 4),
       stride=st.integers(1, 3), padding=st.integers(0, 2), bias=st.booleans(), n=st.integers(1, 3),
       size=st.integers(6, 20), dims=st.integers(1, 3))
def test_flop_counter_mode_and_relations(cin, cout, k, stride, padding, bias, n, size, dims):
    import math
    groups = math.gcd(cin, cout)
    spec = ConvSpec(cin, cout, k, stride=stride, padding=padding, groups=groups, bias=bias, spatial_dims=dims)
    shape = (n, cin, *(size,) * dims)
    reports = by_tool(spec, shape)
    with torch.device("meta"):
        module = spec.to_module()
        x = torch.empty(shape)
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        y = module(x)
    assert reports["FlopCounterMode"].value == counter.get_total_flops()
    assert reports["fvcore"].value * 2 == counter.get_total_flops()
    assert reports["torchinfo"].value - reports["thop"].value == (y.numel() if bias else 0)
    weights = module.weight.numel()
    positions = y.numel() // cout
    assert reports["thop"].value == weights * positions  # torchinfo's rule for the weight parameter


def test_catalogue_in_both_languages():
    for lang in LANGUAGES:
        assert "torchinfo" in t("counters.why", lang)
        assert "`flops`" in t("counters.why", lang)
        assert "Dumoulin" in t("counters.why.transposed", lang)
        assert "aten::_convolution_mode" in t("counters.note.fvcore_string_padding", lang)


def test_each_tool_keeps_its_own_label_and_scope():
    """fvcore calls its MACs "flops" and torchinfo "Mult-Adds": shown as such, with what they count; ptflops
    reports one sample, so for a batch of 3 its number is a third of the batch's MACs + bias."""
    spec, shape = ConvSpec(8, 16, 3, padding=1), (3, 8, 10, 10)
    reports = by_tool(spec, shape)
    assert [r.shown_label for r in reports.values()] == ["FLOPs", "flops (= MACs)", "MACs", "Mult-Adds (= MACs)",
                                                         "MACs"]
    assert [r.per_sample for r in reports.values()] == [False, False, False, False, True]
    assert reports["ptflops"].value * 3 == reports["torchinfo"].value == spec.macs(shape, include_bias=True)
    assert reports["ptflops"].value == 16 * 100 * (8 * 9 + 1)        # one sample: 100 positions, 72 MACs + bias
    assert not any(r.note for r in reports.values())


@pytest.mark.parametrize("padding, padding_mode, skipped", [
    ("same", "zeros", True), ("valid", "zeros", True), ("same", "reflect", False), (1, "zeros", False)])
def test_fvcore_reports_zero_for_string_padding(padding, padding_mode, skipped):
    """PyTorch runs ``padding='same'``/``'valid'`` with zero padding through ``aten::_convolution_mode`` (checked
    with the profiler below), which fvcore 0.1.5 does not count; another padding mode pads first and convolves
    through ``aten::_convolution``."""
    spec, shape = ConvSpec(2, 4, 3, padding=padding, padding_mode=padding_mode), (1, 2, 6, 6)
    with torch.profiler.profile() as prof:
        spec.to_module()(torch.randn(shape))
    assert ("aten::_convolution_mode" in {e.key for e in prof.key_averages()}) == skipped
    fvcore = by_tool(spec, shape)["fvcore"]
    assert (fvcore.value, fvcore.note) == ((0, "counters.note.fvcore_string_padding") if skipped
                                           else (spec.macs(shape), ""))


@settings(max_examples=25, deadline=None)
@given(cin=st.sampled_from([2, 4]), cout=st.sampled_from([2, 6]), k=st.integers(1, 3), stride=st.integers(1, 3),
       padding=st.integers(0, 2), dilation=st.integers(1, 2), output_padding=st.integers(0, 2),
       groups=st.sampled_from([1, 2]), dims=st.integers(1, 3), n=st.integers(1, 2), size=st.integers(2, 5))
def test_torchinfo_counts_a_transposed_layer_as_its_equivalent_direct_convolution(
        cin, cout, k, stride, padding, dilation, output_padding, groups, dims, n, size):
    """torchinfo's transposed number (bias aside) is the MACs of the direct convolution over the zero-stuffed input,
    padded by dilation·(k − 1) − padding (+ output_padding after), with the flipped kernel (Dumoulin & Visin 2016,
    relationship 14): built here, checked to give ConvTranspose's output, and counted by FlopCounterMode."""
    from hypothesis import assume

    from convviz import ConvSpecError

    try:
        spec = ConvSpec(cin, cout, k, stride=stride, padding=padding, dilation=dilation, groups=groups,
                        output_padding=output_padding, transposed=True, spatial_dims=dims)
        shape = (n, cin, *(size,) * dims)
        spec.output_shape(shape)
    except ConvSpecError:
        assume(False)
    torch.manual_seed(0)
    module, x = spec.to_module(), torch.randn(shape)
    stuffed = torch.zeros(n, cin, *((size - 1) * stride + 1,) * dims)
    stuffed[(slice(None), slice(None)) + (slice(None, None, stride),) * dims] = x
    before = dilation * (k - 1) - padding
    padded = torch.nn.functional.pad(stuffed, (before, before + output_padding) * dims)  # negative: crop
    weight = module.weight.detach()                                   # (C_in, C_out/groups, *k)
    weight = weight.reshape(groups, cin // groups, cout // groups, *weight.shape[2:]).transpose(1, 2)
    weight = weight.reshape(cout, cin // groups, *weight.shape[3:]).flip(list(range(2, 2 + dims)))
    conv = getattr(torch.nn.functional, f"conv{dims}d")
    with FlopCounterMode(display=False) as counter, torch.no_grad():
        direct = conv(padded, weight, module.bias, dilation=dilation, groups=groups)
    with torch.no_grad():
        torch.testing.assert_close(direct, module(x), atol=1e-5, rtol=1e-5)
    bias = direct.numel() if spec.bias else 0
    reports = by_tool(spec, shape)
    assert reports["torchinfo"].value == counter.get_total_flops() // 2 + bias
    assert reports["thop"].value == reports["fvcore"].value == spec.macs(shape)   # on the input positions
    assert reports["ptflops"].value == (spec.macs(shape) + bias) // n


@pytest.mark.parametrize("tool", TOOLS)
def test_every_tool_names_a_version(tool):
    (report,) = [r for r in counter_reports(ConvSpec(1, 1, 3), (1, 1, 5, 5)) if r.tool == tool]
    assert any(ch.isdigit() for ch in report.version)
