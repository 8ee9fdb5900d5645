"""AppTest: the pages run, react to their controls, show the article's numbers and never a traceback."""

import json
from pathlib import Path

import pytest
from apptest_pages import open_more_options, open_numbers_topic
from streamlit.testing.v1 import AppTest

from convviz import ConvSpec
from convviz.layer.presets import PRESETS
from convviz.text.i18n import t
from convviz.text.units import format_int, format_shape

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["app.py", *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]
EXPLORER = "pages/1_explorer.py"


def open_page(page: str, lang: str | None = None) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if lang:
        at.query_params["lang"] = lang
    at.run()
    if page != "app.py":
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, label_key: str, lang: str = "en") -> str:
    label = t(label_key, lang)
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}"
    return values[0]


def markdown_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def latex_text(at: AppTest) -> str:
    """Every formula shown: ``st.latex`` blocks and ``$$`` blocks inside markdown."""
    return "\n".join([m.value for m in at.latex] + [m.value for m in at.markdown if "$$" in m.value])


def errors(at: AppTest) -> list[str]:
    return [e.value for e in at.error]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_in_both_languages(page, lang):
    at = open_page(page, lang)
    assert at.title, "every page has a title"
    shown = " ".join(e.value for e in [*at.title, *at.markdown])
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in shown)
    assert has_chinese == (lang == "zh")
    assert at.query_params["lang"] in (lang, [lang])


def test_explorer_default_is_the_classic_small_case():
    at = open_page(EXPLORER)
    assert metric(at, "res.input_shape") == "(1, 1, 5, 5)"
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, 3).output_shape((1, 1, 5, 5)))
    assert metric(at, "res.weight_shape") == "(1, 1, 3, 3)"
    assert any("PyTorch agrees" in s.value and "(1, 1, 3, 3)" in s.value for s in at.success)
    assert metric(at, "res.params.heading") == "10"
    assert metric(at, "res.macs") == format_int(ConvSpec(1, 1, 3).macs((1, 1, 5, 5)))
    open_numbers_topic(at, "params")
    assert "**10** parameters" in markdown_text(at)
    open_numbers_topic(at, "code")
    code = next(c.value for c in at.code if c.language == "python")  # the snippet (the link box is code too)
    namespace: dict = {}
    exec(compile(code, "snippet", "exec"), namespace)  # the snippet asserts the shape itself
    assert tuple(namespace["y"].shape) == (1, 1, 3, 3)


def test_moving_controls_changes_shape_params_and_formula():
    at = open_page(EXPLORER)
    before_latex = latex_text(at)
    at.slider(key="kernel_size").set_value(2).run()
    assert metric(at, "res.output_shape") == "(1, 1, 4, 4)"
    assert metric(at, "res.params.heading") == "5"
    assert latex_text(at) != before_latex and "= 4" in latex_text(at)
    at.slider(key="stride").set_value(2).run()
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, 2, stride=2).output_shape((1, 1, 5, 5)))
    at.number_input(key="out_channels").set_value(8).run()
    at.number_input(key="in_channels").set_value(4).run()
    assert metric(at, "res.weight_shape") == "(8, 4, 2, 2)"
    assert metric(at, "res.params.heading") == format_int(ConvSpec(4, 8, 2, stride=2).param_count())
    open_numbers_topic(at, "params")
    assert f"**{format_int(ConvSpec(4, 8, 2, stride=2).param_count())}** parameters" in markdown_text(at)


@pytest.mark.parametrize("key", sorted(PRESETS))
def test_each_preset_shows_the_article_numbers(key):
    preset = PRESETS[key]
    at = open_page(EXPLORER)
    at.button_group(key="preset").set_value(key).run()
    assert not at.exception
    final = preset.spec.output_shape(preset.input_shape)
    if preset.pointwise:
        final = preset.pointwise.output_shape(final)
    assert metric(at, "res.output_shape") == format_shape(final)
    assert metric(at, "res.input_shape") == format_shape(preset.input_shape)
    params, macs = preset.spec.param_count(), preset.spec.macs(preset.input_shape)
    if preset.pointwise:  # the headline counts the whole block: both layers
        params += preset.pointwise.param_count()
        macs += preset.pointwise.macs(preset.spec.output_shape(preset.input_shape))
    assert metric(at, "res.params.pair" if preset.pointwise else "res.params.heading") == format_int(params)
    assert metric(at, "res.macs.pair" if preset.pointwise else "res.macs") == format_int(macs)
    assert not errors(at)


ARTICLE = {  # BRIEF's table: output shape and total parameters
    "pointwise": ("(1, 128, 32, 32)", "8,320"),
    "pointwise_reduction": ("(1, 20, 500, 500)", "2,020"),
    "dilated": ("(1, 1, 3, 3)", "10"),
    "grouped": ("(1, 64, 32, 32)", "9,280"),
    "separable": ("(1, 128, 32, 32)", "8,960"),
    "separable_picture": ("(1, 4, 32, 32)", "39"),
}


@pytest.mark.parametrize("key", sorted(ARTICLE))
def test_presets_reproduce_the_published_figures(key):
    at = open_page(EXPLORER)
    at.button_group(key="preset").set_value(key).run()
    shape, params = ARTICLE[key]
    assert metric(at, "res.output_shape") == shape
    open_numbers_topic(at, "pointwise" if PRESETS[key].pointwise else "params")  # the pair's total, or the layer's
    assert f"**{params}**" in markdown_text(at)
    if key == "separable":
        assert "**73,856**" in markdown_text(at)
    if key == "separable_picture":
        assert "**108**" in markdown_text(at)


@pytest.mark.parametrize(("changes", "fragment"), [
    ({"kernel_size": 7}, "would be empty"),
    ({"padding_kind": "same", "stride": 2}, "padding='same' needs stride=1"),
    ({"padding_mode": "reflect", "padding": 5}, "reflect padding"),
    ({"padding_mode": "circular", "padding": 6}, "wraps around"),
])
def test_invalid_choices_show_an_error_not_an_exception(changes, fragment):
    at = open_more_options(open_page(EXPLORER))  # padding_mode is among the "more" options
    for key, value in changes.items():
        widget = {"kernel_size": at.slider, "stride": at.slider, "padding": at.slider,
                  "padding_kind": at.segmented_control, "padding_mode": at.selectbox}[key]
        widget(key=key).set_value(value).run()
    assert not at.exception
    assert any(fragment.lower() in e.lower() for e in errors(at)), errors(at)
    # the page stays usable: undo and the result is back
    at.slider(key="kernel_size").set_value(1).run()
    at.slider(key="stride").set_value(1).run()
    at.segmented_control(key="padding_kind").set_value("number").run()
    at.selectbox(key="padding_mode").set_value("zeros").run()
    at.slider(key="padding").set_value(0).run()
    assert metric(at, "res.output_shape") == "(1, 1, 5, 5)"


def test_error_is_shown_in_chinese():
    at = open_page(EXPLORER, "zh")
    at.slider(key="kernel_size").set_value(7).run()
    assert any("输出将为空" in e for e in errors(at)), errors(at)


def test_an_invalid_layers_error_stands_above_the_controls_and_beside_them():
    """Above the controls (the first thing seen on a phone) and again in the results column, in sight of a user
    scrolled down to the slider, where the view would be."""
    at = open_page(EXPLORER)
    at.slider(key="kernel_size").set_value(7).run()
    empty = [e for e in errors(at) if "would be empty" in e]
    assert len(empty) == 2 and empty[0] == empty[1]


def test_groups_offers_only_valid_values_and_resets_when_channels_change():
    at = open_page(EXPLORER)
    at.number_input(key="in_channels").set_value(6).run()
    at.number_input(key="out_channels").set_value(4).run()
    assert list(at.selectbox(key="groups").options) == ["1", "2"]
    at.selectbox(key="groups").set_value(2).run()
    assert metric(at, "res.weight_shape") == "(4, 3, 3, 3)"
    at.number_input(key="out_channels").set_value(3).run()
    assert at.selectbox(key="groups").value == 1
    assert any("groups=2" in i.value for i in at.info)
    assert not at.exception


def test_padding_same_shows_the_uneven_split():
    at = open_page(EXPLORER)
    at.slider(key="kernel_size").set_value(4).run()
    at.segmented_control(key="padding_kind").set_value("same").run()
    assert metric(at, "res.output_shape") == "(1, 1, 5, 5)"
    assert "H: (1, 2), W: (1, 2)" in markdown_text(at)


def test_per_dimension_values_and_other_dimensionalities():
    at = open_more_options(open_page(EXPLORER))
    at.toggle(key="per_dim").set_value(True).run()
    at.number_input(key="kernel_size_1").set_value(1).run()
    assert metric(at, "res.output_shape") == "(1, 1, 3, 5)"
    at.segmented_control(key="spatial_dims").set_value(1).run()
    assert metric(at, "res.output_shape") == "(1, 1, 3)"
    at.segmented_control(key="spatial_dims").set_value(3).run()
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, (3, 1, 3), spatial_dims=3)
                                                          .output_shape((1, 1, 5, 5, 5)))
    assert not at.exception


def test_memory_limit_is_refused_with_a_message_but_the_arithmetic_stays():
    at = open_page(EXPLORER)
    at.number_input(key="in_channels").set_value(256).run()
    at.number_input(key="input_size").set_value(512).run()
    assert any("above the limit" in e for e in errors(at)), errors(at)
    assert metric(at, "res.output_shape") == "(1, 1, 510, 510)"
    assert not at.exception


def test_pointwise_pair_compares_with_the_standard_convolution():
    at = open_page(EXPLORER)
    at.number_input(key="in_channels").set_value(8).run()
    at.number_input(key="out_channels").set_value(8).run()
    at.selectbox(key="groups").set_value(8).run()
    open_more_options(at)
    at.toggle(key="pointwise").set_value(True).run()
    at.number_input(key="pointwise_out").set_value(16).run()
    depthwise = ConvSpec(8, 8, 3, groups=8)
    pointwise = ConvSpec(8, 16, 1)
    standard = ConvSpec(8, 16, 3)
    assert metric(at, "res.output_shape") == "(1, 16, 3, 3)"
    text = markdown_text(open_numbers_topic(at, "pointwise"))
    assert f"**{format_int(depthwise.param_count() + pointwise.param_count())}**" in text
    assert f"**{format_int(standard.param_count())}**" in text
    assert sum("PyTorch agrees" in s.value for s in at.success) == 2


def test_no_gpu_is_stated_when_there_is_only_a_cpu():
    import torch

    at = open_more_options(open_page(EXPLORER))  # the device choice is among the "more" options
    captions = " ".join(c.value for c in at.caption)
    assert (t("device.no_gpu", "en") in captions) == (not torch.cuda.is_available())


def test_language_switch_writes_the_url_and_translates():
    at = open_page(EXPLORER)
    at.segmented_control(key="lang_choice").set_value("zh").run()
    assert at.title[0].value == "卷积探索器"
    assert at.query_params["lang"] in ("zh", ["zh"])
    assert json.dumps(metric(at, "res.output_shape", "zh")) == '"(1, 1, 3, 3)"'


def test_counter_cross_check_for_a_linked_layer():
    """The issue's case, opened from a link: each tool's number by its documented convention."""
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    for key, value in {"in_channels": "32", "out_channels": "64", "kernel_size": "3", "padding": "1",
                       "input_size": "56"}.items():
        at.query_params[key] = value
    at.switch_page(EXPLORER).run()
    assert not at.exception
    assert metric(at, "res.output_shape") == "(1, 64, 56, 56)"
    spec, shape = ConvSpec(32, 64, 3, padding=1), (1, 32, 56, 56)
    open_numbers_topic(at, "compute")
    table = "\n".join(t.value.to_string() for t in at.table)
    for number in (spec.flops(shape), spec.macs(shape), spec.macs(shape, include_bias=True)):
        assert format_int(number) in table
    assert format_int(spec.flops(shape)) == "115,605,504"  # the published figures
    assert format_int(spec.macs(shape, include_bias=True)) == "58,003,456"


def test_the_copy_link_keeps_the_chosen_view():
    at = open_page(EXPLORER)
    at.segmented_control(key="view").set_value("sweep").run()
    links = [c.value for c in at.code if c.value.startswith("/explorer?")]
    assert links and "view=sweep" in links[0], links


def test_more_options_stay_open_when_an_option_returns_to_its_default():
    at = open_more_options(open_page(EXPLORER))
    at.toggle(key="transposed").set_value(True).run()
    assert metric(at, "res.output_shape") == format_shape(ConvSpec(1, 1, 3, transposed=True).output_shape((1, 1, 5, 5)))
    at.toggle(key="transposed").set_value(False).run()
    assert at.toggle(key="transposed").value is False  # still drawn: the expander did not fold up
    assert metric(at, "res.output_shape") == "(1, 1, 3, 3)"
