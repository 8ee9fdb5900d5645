"""AppTest: the depthwise-separable page in both languages, the article's numbers by default, its controls, the
measure button on a tiny configuration and the link to the explorer."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from convviz.lessons.separable import separable_comparison
from convviz.text.i18n import t
from convviz.text.units import format_int
from tests.pages import apptest_pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/5_separable.py"
# A control change reruns only the keyed results fragment (ui.rerun_only); AppTest's tree then holds only that
# fragment's elements, while a browser keeps the controls as drawn: ``at.run()`` redraws the whole page before
# the next control is used. The measurement sits in a lazy expander (drawn only while open).


def open_page(lang: str = "en") -> AppTest:
    return apptest_pages.open_page(PAGE, lang)


metrics = apptest_pages.metrics


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_defaults_are_the_article_numbers_in_both_languages(lang):
    at = open_page(lang)
    assert at.title[0].value == t("separable.title", lang)
    assert metrics(at, "separable.res.params", lang) == ["73,856", "640", "8,320"]
    outputs = [line for line in text(at).split("\n") if line.startswith(t("separable.res.output", lang))]
    assert outputs == [f"{t('separable.res.output', lang)}: `{shape}`"
                       for shape in ("(1, 128, 32, 32)", "(1, 64, 32, 32)", "(1, 128, 32, 32)")]
    shown = text(at)
    assert "**8,960**" in shown and "**73,856**" in shown
    assert "8,768" in shown and "73,728" in shown  # the weights, from PyTorch's modules
    latex = "\n".join(m.value for m in at.latex)
    assert r"\frac{1}{128} + \frac{1}{9}" in latex
    assert any("(1, 128, 32, 32)" in s.value for s in at.success)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in shown) == (lang == "zh")
    assert "逐点卷积" in at.warning[0].value  # the standard term, named in both languages


def test_multiplier_and_bias_change_the_numbers():
    at = open_page()
    at.slider(key="s_mult").set_value(2).run()
    assert not at.slider  # a keyed rerun: only the results were redrawn
    pair = separable_comparison(64, 128, 3, (1, 64, 32, 32), multiplier=2)
    assert metrics(at, "separable.res.params") == [format_int(p) for p in pair.params()]
    assert "Output shape: `(1, 128, 32, 32)`" in text(at)
    assert r"2 \cdot \left(\frac{1}{128} + \frac{1}{9}\right)" in "\n".join(m.value for m in at.latex)
    assert dict(at.query_params)["multiplier"] == "2"  # the link follows
    at.run().checkbox(key="s_bias").set_value(False).run()
    assert metrics(at, "separable.res.params") == [format_int(w) for w in pair.weights()]
    assert t("separable.check.no_bias", "en") in text(at)
    assert not at.exception


def test_the_article_picture_preset():
    at = open_page()
    at.button(key="s_preset_picture").click().run()
    assert metrics(at, "separable.res.params") == ["108", "27", "12"]
    assert "Output shape: `(1, 4, 32, 32)`" in text(at)


def set_inputs(at: AppTest, values: dict[str, int]) -> AppTest:
    for key, value in values.items():
        at.run().number_input(key=key).set_value(value).run()
    return at


def open_measurement(at: AppTest) -> AppTest:
    at.session_state["s_measure_open"] = True
    return at.run()


def test_measure_runs_on_a_tiny_configuration():
    at = set_inputs(open_page("zh"), {"s_in": 2, "s_out": 3, "s_size": 4})
    assert "s_measure" not in [b.key for b in at.button]  # the measurement is drawn only once opened
    open_measurement(at)
    at.button(key="s_measure").click().run()
    assert not at.exception and not at.error
    pair = separable_comparison(2, 3, 3, (1, 2, 4, 4))
    flops = [format_int(2 * pair.macs()[0]), format_int(2 * (pair.macs()[1] + pair.macs()[2]))]
    assert metrics(at, "separable.measure.flops", "zh") == flops
    assert metrics(at, "separable.measure.flop_ratio", "zh")[0].endswith("×")
    assert metrics(at, "separable.measure.time_ratio", "zh")[0].endswith("×")
    assert any("torch.inference_mode()" in c.value and "float32" in c.value for c in at.caption)
    verdicts = [t(f"separable.measure.{v}", "zh").split("{")[0] for v in ("below", "above", "overlap")]
    assert any(m.value.startswith(tuple(verdicts)) for m in at.markdown)  # why the ratios differ, this run
    at.run().slider(key="s_kernel").set_value(1).run()  # another configuration: no stale result
    assert metrics(at, "separable.res.params", "zh") and not metrics(at, "separable.measure.time_ratio", "zh")


def test_oversize_measurement_is_refused_with_a_message():
    at = open_measurement(set_inputs(open_page(), {"s_in": 1024, "s_out": 2048, "s_size": 256}))
    at.button(key="s_measure").click().run()
    assert not at.exception
    assert any("above the limit" in e.value for e in at.error)


def test_open_in_explorer_shows_the_same_pair():
    at = open_page()
    at.button(key="s_open").click().run()
    assert not at.exception
    assert [m.value for m in at.metric if m.label == t("res.output_shape", "en")] == ["(1, 128, 32, 32)"]
    assert at.selectbox(key="groups").value == 64 and at.toggle(key="pointwise").value


# ---- what the pair is, and what a measurement can say (issue 16) ----------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_introduction_says_the_pair_is_a_restricted_standard_layer(lang):
    """The intro names the composed kernel W[o, i] = P[o, i] · D[i] (checked against PyTorch in
    tests/lib/lessons/test_separable.py) and the subset it expresses; the multiplier's help tells Keras's
    depth_multiplier from MobileNets' width multiplier α."""
    at = open_page(lang)
    intro = t("separable.intro", lang)
    assert intro in text(at) and "W[o, i] = P[o, i] · D[i]" in intro and "Chollet 2017" in intro.replace("，", " ")
    assert ("subset" if lang == "en" else "子集") in intro
    assert at.slider(key="s_mult").help == t("separable.ctl.multiplier.help", lang)
    assert "depth_multiplier" in at.slider(key="s_mult").help and "α" in at.slider(key="s_mult").help


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_time_ratio_above_the_flop_ratio_is_explained_by_the_one_by_one_layer(lang, monkeypatch):
    """When the pair runs at more GFLOP/s than the standard layer, the verdict says it can be real (most of its
    FLOPs are a 1×1 matrix multiply), not only a busy machine; the hint states the code's timing budget."""
    import streamlit as st

    from convviz.lessons.separable import MEASURE_SECONDS
    from convviz.runtime import timing
    from convviz.runtime.timing import Timing
    from convviz.text.units import format_seconds

    budgets = []

    def fake_measure(layers, input_shape, *, min_run_time, **settings):
        budgets.append(min_run_time)
        flops, median = (9e9, 1.0) if len(layers) == 1 else (1e9, 0.05)  # FLOP ratio 9, time ratio 20
        return Timing(median, median * 0.99, median * 1.01, 10, 1, int(flops), "cpu", 2, "float32")

    st.cache_data.clear()
    monkeypatch.setattr(timing, "measure", fake_measure)
    at = open_measurement(set_inputs(open_page(lang), {"s_in": 5, "s_out": 7, "s_size": 6}))
    at.button(key="s_measure").click().run()
    assert not at.exception and budgets == [MEASURE_SECONDS, MEASURE_SECONDS]
    shown = text(at)
    assert t("separable.measure.above", lang, pair_gflops="20.0", std_gflops="9.0") in shown
    assert "1×1" in t("separable.measure.above", lang)
    assert t("separable.measure.hint", lang, device="cpu", each=format_seconds(MEASURE_SECONDS),
             total=format_seconds(2 * MEASURE_SECONDS)) in [c.value for c in at.caption]
    st.cache_data.clear()
