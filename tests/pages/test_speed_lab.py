"""AppTest of the speed lab page in both languages: the article's case counted, the measure button on a tiny
configuration and its result cached per configuration, presets, the size limit, a noisy measurement and groups
repaired with a notice. No timing assertions. The library: tests/lib/lessons/test_speed_lab.py."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import convviz.lessons.speed_lab as speed_lab
from convviz.lessons.speed_lab import KINDS, chain_flops, speed_layers
from convviz.runtime.timing import Timing
from convviz.text.i18n import t
from convviz.text.units import format_int

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/7_speed_lab.py"


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


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_headings_and_the_timing_budget_in_both_languages(lang):
    """The two tables are headed "counted from the shapes" / "measured" (按形状计算 / 实测结果), and the hint
    states the budget the code measures with (MEASURE_SECONDS per layer)."""
    from convviz.lessons.speed_lab import MEASURE_SECONDS
    from convviz.text.units import format_seconds

    at = open_page(lang)
    assert [h.value for h in at.subheader][:2] == [t("speed.counted.heading", lang), t("speed.measure.heading", lang)]
    if lang == "zh":
        assert [h.value for h in at.subheader][:2] == ["按形状计算", "实测结果"]
    assert t("speed.measure.hint", lang, device="cpu", each=format_seconds(MEASURE_SECONDS),
             total=format_seconds(4 * MEASURE_SECONDS)) in [c.value for c in at.caption]
