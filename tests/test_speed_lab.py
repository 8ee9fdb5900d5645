"""The speed lab: its four layer chains against PyTorch's own modules (shapes, numel, FlopCounterMode), limits
refused before running, the ratios and their chart, and the page in both languages (AppTest) with the measure
button on a tiny configuration and its result cached per configuration. No timing assertions."""

from pathlib import Path

import pytest
import streamlit as st
import torch
from streamlit.testing.v1 import AppTest

import convviz.lessons.speed_lab as speed_lab
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
from convviz.text.i18n import t
from convviz.text.units import format_int

ROOT = Path(__file__).resolve().parents[1]
PAGE = "pages/7_speed_lab.py"


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


# ---- the page (AppTest) ---------------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fresh_caches():
    st.cache_data.clear()
    yield


def open_page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def table(at: AppTest, index: int):
    return at.table[index].value


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_page_counts_the_article_case_and_measures_a_tiny_one(lang, monkeypatch):
    at = open_page(lang)
    assert at.title[0].value == t("speed.title", lang)
    counted = table(at, 0)
    assert list(counted[t("speed.col.flops", lang)]) == [format_int(f) for f in
                                                         (150_994_944, 37_748_736, 17_956_864, 16_777_216)]
    assert t("speed.counted.shapes", lang, input="(1, 64, 32, 32)", output="(1, 128, 32, 32)") in [
        m.value for m in at.markdown]
    pair = "nn.Conv2d(64, 64, kernel_size=3, padding=1, groups=64) → nn.Conv2d(64, 128, kernel_size=1)"
    assert pair in next(c.value for c in at.code if not c.value.startswith("/speed_lab?"))  # not the link box
    assert any("\u4e00" <= ch <= "\u9fff" for ch in at.markdown[0].value + at.title[0].value) == (lang == "zh")

    for key, value in (("sl_in", 2), ("sl_out", 4), ("sl_size", 4)):
        at.number_input(key=key).set_value(value).run()
    at.toggle(key="sl_channels_last").set_value(True).run()
    at.button(key="sl_measure").click().run()
    assert not at.exception and not at.error
    measured = table(at, 1)
    chains = speed_layers(2, 4, 3, 2)
    assert list(measured[t("speed.col.flops", lang)]) == [format_int(chain_flops(chains[k], (1, 2, 4, 4)))
                                                          for k in KINDS]
    assert all(cell.endswith(")") and "×" in cell for cell in measured[t("speed.col.time_ratio", lang)])
    assert all("(" in cell or "（" in cell for cell in measured[t("speed.col.median", lang)])
    assert len(at.get("plotly_chart")) == 1
    assert not [b for b in at.button if b.key == "sl_measure"]  # one button at a time: "Measure again" only
    prefix = t("speed.measure.taken", lang, time="§", ago=0).split("§")[0]  # "Measured at "
    taken = [c.value for c in at.caption if c.value.startswith(prefix)]
    assert len(taken) == 1 and "UTC" in taken[0]
    conditions = at.caption[-1].value
    assert "torch.inference_mode()" in conditions and "float32" in conditions and "cpu" in conditions
    assert t("speed.layout.nhwc", lang) in conditions

    def no_second_measurement(*args, **kwargs):
        raise AssertionError("measured again although this configuration is cached")

    monkeypatch.setattr(speed_lab, "measure_case", no_second_measurement)
    at.run()  # a plain rerun shows the cached numbers
    assert not at.exception and len(at.table) == 2
    at.slider(key="sl_kernel").set_value(1).run()  # another configuration: no stale numbers
    assert len(at.table) == 1 and not at.exception
    assert at.info[-1].value == t("speed.measure.stale", lang)
    assert [b for b in at.button if b.key == "sl_measure"]  # a new configuration: "Measure" again


def test_presets_and_oversize_refusal():
    at = open_page()
    at.button(key="sl_preset_large").click().run()
    assert at.number_input(key="sl_in").value == 256 and at.number_input(key="sl_size").value == 56
    assert any("`(1, 256, 56, 56)`" in m.value for m in at.markdown)
    for key, value in (("sl_in", 1024), ("sl_out", 1024), ("sl_size", 512), ("sl_batch", 4)):
        at.number_input(key=key).set_value(value).run()
    assert not at.exception
    assert any("above the limit" in e.value for e in at.error)
    assert len(at.table) == 0  # refused before the table and the measure button


def test_a_noisy_measurement_is_flagged_and_can_be_measured_again(monkeypatch):
    """A wide spread (IQR above half the median) is flagged, and "measure again" times the layers anew instead
    of replaying the cached result."""
    calls = []

    def fake_measure(case, *, progress=None, **settings):
        spread = (0.5, 1.6) if not calls else (0.95, 1.05)  # the first attempt on a busy machine, then a quiet one
        calls.append(case)
        return {kind: Timing(median_s=m, q1_s=m * spread[0], q3_s=m * spread[1], runs=5, number_per_run=10,
                             flops=1_000, device="cpu", threads=1, dtype="float32")
                for kind, m in zip(KINDS, (4e-3, 2e-3, 1e-3, 5e-4))}

    monkeypatch.setattr(speed_lab, "measure_case", fake_measure)
    at = open_page()
    for key, value in (("sl_in", 3), ("sl_out", 6), ("sl_size", 5)):  # a configuration no other test measures
        at.number_input(key=key).set_value(value).run()
    at.button(key="sl_measure").click().run()
    assert len(calls) == 1 and Timing(1.0, 0.5, 1.6, 1, 1, 1, "cpu", 1, "float32").noisy
    assert [w.value for w in at.warning] == [t("speed.measure.noisy", "en", layers=", ".join(
        t(f"speed.kind.{kind}", "en", groups=at.session_state["sl_groups"]) for kind in KINDS))]
    at.button(key="sl_measure_again").click().run()
    assert len(calls) == 2 and not at.warning and not at.exception


def test_groups_that_stop_dividing_are_repaired_with_a_notice():
    at = open_page()
    at.button(key="sl_preset_article").click().run()  # 64 → 128, groups 4
    assert at.selectbox(key="sl_groups").value == 4
    at.number_input(key="sl_in").set_value(66).run()
    assert at.selectbox(key="sl_groups").value == 2
    assert any("groups=4" in i.value and "2" in i.value for i in at.info), [i.value for i in at.info]
