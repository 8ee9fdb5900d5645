"""Counter cross-check: the issue's numbers, FlopCounterMode itself, and the bias/FLOP relations."""

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


@pytest.mark.parametrize("tool", TOOLS)
def test_every_tool_names_a_version(tool):
    (report,) = [r for r in counter_reports(ConvSpec(1, 1, 3), (1, 1, 5, 5)) if r.tool == tool]
    assert any(ch.isdigit() for ch in report.version)
