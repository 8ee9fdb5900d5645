"""Links of pages 2–6: each page's parameters parse, clamp, refuse and round-trip (hypothesis garbage never
raises); every page opens from a seeded link in both languages showing the linked values; a garbage link opens
with messages and no exception; navigation keeps the state; every generated PyTorch snippet runs."""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from convviz.layer.spec import ConvSpec
from convviz.lessons.dilated import dilated_stack
from convviz.lessons.separable import separable_comparison
from convviz.links import format_stack, parse_stack
from convviz.receptive_lab import stack as sk
from convviz.text.i18n import t
from convviz.text.snippet import pytorch_snippet, separable_snippet, stack_snippet
from ui.link_schema import PAGE_PARAMS, page_param_names, page_query, parse_page

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = {
    "pointwise": {"pw_in": 64, "pw_out": 128, "pw_size": 32, "pw_bias": True, "pw_bn_channels": 256,
                  "pw_bn_width": 64},
    "dilated": {"d_size": 7, "d_kernel": 3, "d_dilation": 2, "d_stride": 1, "d_padding_kind": "number",
                "d_padding": 0, "d_rate_0": 2, "d_rate_1": 2, "d_rate_2": 2, "d_stack_kernel": 3, "d_layers": 6},
    "grouped": {"gc_in": 64, "gc_out": 64, "gc_kernel": 3, "gc_size": 32, "gc_bias": True, "gc_groups": 4,
                "gc_shuffle": True},
    "separable": {"s_in": 64, "s_out": 128, "s_kernel": 3, "s_size": 32, "s_batch": 1, "s_stride": 1, "s_mult": 1,
                  "s_bias": True, "s_device": "cpu"},
    "receptive_field": {"rf_rows": [dict(r) for r in sk.PRESETS["vgg"].rows], "rf_dims": 2, "rf_size": 224,
                        "rf_in_channels": 3},
    "speed_lab": {"sl_in": 64, "sl_out": 128, "sl_size": 32, "sl_kernel": 3, "sl_groups": 4, "sl_batch": 1,
                  "sl_device": "cpu", "sl_dtype": "float32", "sl_channels_last": False},
}


def codes(parsed):
    return [n.code for n in parsed.notices]


# ---- the validator ------------------------------------------------------------------------------------

def test_no_page_keys_is_not_a_link():
    for page, defaults in DEFAULTS.items():
        parsed = parse_page(page, {"lang": "zh", "in_channels_x": "3"}, defaults)
        assert not parsed.from_link and parsed.values == {} and parsed.notices == []


def test_pointwise_values_and_clamps():
    parsed = parse_page("pointwise", {"in_channels": "100", "out_channels": "20", "input_size": "500",
                                      "bias": "false", "bottleneck_channels": "99999"}, DEFAULTS["pointwise"])
    v = parsed.values
    assert (v["pw_in"], v["pw_out"], v["pw_size"], v["pw_bias"], v["pw_bn_channels"]) == (100, 20, 500, False, 2048)
    assert codes(parsed) == ["clamped"]


def test_dilated_rates_padding_and_same_with_stride():
    parsed = parse_page("dilated", {"rates": "1,2,5", "padding": "same", "kernel_size": "5"}, DEFAULTS["dilated"])
    v = parsed.values
    assert (v["d_rate_0"], v["d_rate_1"], v["d_rate_2"], v["d_padding_kind"], v["d_kernel"]) == (1, 2, 5, "same", 5)
    assert parsed.notices == []
    assert parse_page("dilated", {"rates": "3"}, DEFAULTS["dilated"]).values["d_rate_2"] == 3  # one for all
    parsed = parse_page("dilated", {"rates": "1,2", "padding": "same", "stride": "2"}, DEFAULTS["dilated"])
    assert codes(parsed) == ["count", "same_stride"]
    assert parsed.values["d_padding_kind"] == "number" and parsed.values["d_rate_0"] == 2
    parsed = parse_page("dilated", {"rates": "0,9,2", "padding": "3"}, DEFAULTS["dilated"])
    assert [parsed.values[f"d_rate_{i}"] for i in range(3)] == [1, 8, 2] and codes(parsed) == ["clamped"]
    assert parsed.values["d_padding"] == 3


def test_grouped_invalid_groups_become_one():
    parsed = parse_page("grouped", {"in_channels": "64", "out_channels": "64", "groups": "3"}, DEFAULTS["grouped"])
    assert parsed.values["gc_groups"] == 1 and codes(parsed) == ["groups_used"]
    assert parsed.notices[0].params["used"] == 1
    # no groups in the link: the page's own groups (4) no longer divides the link's in_channels=1
    parsed = parse_page("grouped", {"in_channels": "1"}, DEFAULTS["grouped"])
    assert DEFAULTS["grouped"]["gc_groups"] == 4
    assert parsed.values["gc_groups"] == 1 and codes(parsed) == ["groups_default"]
    assert t("url.notice.groups_default", "en", **parsed.notices[0].params).startswith("The page's own groups=4")
    parsed = parse_page("grouped", {"in_channels": "32", "out_channels": "32", "groups": "32", "kernel_size": "4"},
                        DEFAULTS["grouped"])
    assert parsed.values["gc_groups"] == 32 and parsed.values["gc_kernel"] == 3 and codes(parsed) == ["choice"]


def test_separable_device_is_one_of_this_machines():
    parsed = parse_page("separable", {"device": "tpu", "multiplier": "2"}, DEFAULTS["separable"], devices=("cpu",))
    assert parsed.values["s_device"] == "cpu" and parsed.values["s_mult"] == 2 and codes(parsed) == ["choice_one"]
    parsed = parse_page("separable", {"device": "cuda"}, DEFAULTS["separable"], devices=("cpu", "cuda"))
    assert parsed.values["s_device"] == "cuda"


def test_stack_form_round_trips_every_preset():
    for preset in sk.PRESETS.values():
        text = format_stack(list(preset.rows))
        notices = []
        rows = parse_stack(text, notices)
        assert notices == []
        layers = sk.parse_rows(rows, spatial_dims=preset.spatial_dims, in_channels=preset.in_channels).layers
        expected = sk.parse_rows(preset.rows, spatial_dims=preset.spatial_dims, in_channels=preset.in_channels)
        assert layers == expected.layers
    assert format_stack(list(sk.PRESETS["hdc_125"].rows)) == "c3p1o16,c3p2d2o16,c3p5d5o16"
    assert format_stack(list(sk.PRESETS["wavenet"].rows)).startswith("c2pcausalo32,c2pcausalo32,c2pcausald2o32")


def test_stack_refusals_and_clamps():
    notices = []
    assert parse_stack("c3,x2", notices) is None and codes_of(notices) == ["stack_layer"]
    assert (notices[0].params["number"], notices[0].params["layer"]) == (2, "x2")  # says which layer is wrong
    notices = []
    assert parse_stack("", notices) is None
    notices = []
    rows = parse_stack("C99S0 , m2s2g7o9", notices)
    assert rows[0]["kernel_size"] == 64 and rows[0]["stride"] == 1 and codes_of(notices) == ["stack_clamped"]
    assert rows[1] == {"type": "max-pool", "kernel_size": 2, "stride": 2, "padding": 0, "dilation": 1, "groups": 1,
                       "channels": None, "ceil_mode": False}
    notices = []
    assert len(parse_stack(",".join(["c1"] * 150), notices)) == 100 and codes_of(notices) == ["stack_long"]
    # a pooling row with padding 'same' reaches the table, which explains it as for a typed row
    parsed = sk.parse_rows(parse_stack("m2psame", []), spatial_dims=2, in_channels=3)
    assert parsed.errors and parsed.errors[0].error.code == "stack_pool_padding"


def test_stack_form_ceil_mode_flag():
    """A trailing ``c`` ticks ceil_mode on a pooling layer; it round-trips through the table's rows, and on a
    convolution the table refuses it with its own message."""
    rows = parse_stack("c7s2p3o64,m3s2p1c,a2s2c,m2s2", [])
    assert [row["ceil_mode"] for row in rows] == [False, True, True, False]
    assert format_stack(rows) == "c7s2p3o64,m3s2p1c,a2s2c,m2s2"
    layers = sk.parse_rows(rows, spatial_dims=2, in_channels=3).layers
    assert [getattr(layer, "ceil_mode", None) for layer in layers] == [None, True, True, False]
    assert format_stack(sk.layers_to_rows(layers)) == "c7s2p3o64,m3s2p1c,a2s2c,m2s2"
    assert format_stack([{**sk.pool("max", 2, 2), "ceil_mode": float("nan")}]) == "m2s2"
    assert format_stack([{**sk.pool("max", 2, 2), "ceil_mode": "maybe"}]) is None
    parsed = sk.parse_rows(parse_stack("c3c", []), spatial_dims=2, in_channels=3)
    assert [e.error.code for e in parsed.errors] == ["stack_ceil_conv"]
    notices = []
    assert parse_stack("m2cc", notices) is None and codes_of(notices) == ["stack_layer"]

def codes_of(notices):
    return [n.code for n in notices]


def test_format_stack_reads_table_cells_and_refuses_unwritable_rows():
    rows = [{"type": "conv", "kernel_size": 3.0, "stride": "2", "padding": "1", "dilation": None,
             "groups": float("nan"), "channels": 8}]
    assert format_stack(rows) == "c3s2p1o8"
    assert format_stack([{"type": "conv", "kernel_size": None}]) is None
    assert format_stack([{"type": "conv", "kernel_size": 3, "padding": "abc"}]) is None
    assert format_stack([{"type": "lstm", "kernel_size": 3}]) is None


@pytest.mark.parametrize("page", list(DEFAULTS))
def test_canonical_query_of_the_defaults_reads_back(page):
    query = page_query(page, DEFAULTS[page], DEFAULTS[page])
    assert set(query) == {p.name for p in PAGE_PARAMS[page] if p.core}
    parsed = parse_page(page, query, DEFAULTS[page])
    assert parsed.notices == [] and parsed.values == DEFAULTS[page] | {}


def _value_for(param):
    if param.kind == "int":
        return st.integers(param.low, param.high)
    if param.kind == "bool":
        return st.booleans()
    if param.kind == "int_choice":
        return st.sampled_from([int(c) for c in param.choices])
    if param.kind == "choice":
        return st.sampled_from(param.choices)
    return None


@settings(max_examples=60, deadline=None)
@given(data=st.data(), page=st.sampled_from(sorted(DEFAULTS)))
def test_any_valid_state_round_trips(data, page):
    state = dict(DEFAULTS[page])
    for param in PAGE_PARAMS[page]:
        strategy = _value_for(param)
        if strategy is not None:
            state[param.key] = data.draw(strategy)
        elif param.kind == "rates":
            for i in range(param.count):
                state[f"{param.key}_{i}"] = data.draw(st.integers(param.low, param.high))
        elif param.kind == "padding":
            state[param.key + "_kind"] = data.draw(st.sampled_from(["number", "same"]))
            state[param.key] = data.draw(st.integers(param.low, param.high))
        elif param.kind == "stack":
            state[param.key] = [dict(r) for r in data.draw(st.sampled_from(list(sk.PRESETS.values()))).rows]
    if page == "dilated" and state["d_padding_kind"] == "same":
        state["d_stride"] = 1
    if page == "grouped":
        state["gc_groups"] = 1
    if page == "speed_lab":
        state["sl_groups"], state["sl_device"] = 1, "cpu"
        state["sl_dtype"] = "float32" if state["sl_dtype"] == "float16" else state["sl_dtype"]
    if page == "receptive_field":
        state["rf_size"] = min(state["rf_size"], 512 if state["rf_dims"] == 2 else 4096)
    query = page_query(page, state, DEFAULTS[page])
    parsed = parse_page(page, query, DEFAULTS[page])
    assert parsed.notices == []
    assert page_query(page, parsed.values, DEFAULTS[page]) == query
    for key, value in parsed.values.items():
        if key == "rf_rows":
            assert format_stack(value) == format_stack(state[key])
        elif not (key == "d_padding" and state["d_padding_kind"] == "same"):
            assert value == state[key], key


TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@settings(max_examples=150, deadline=None)
@given(page=st.sampled_from(sorted(DEFAULTS)), raw=st.dictionaries(
    st.sampled_from(sorted({n for p in DEFAULTS for n in page_param_names(p)} | {"lang", "other"})),
    st.one_of(TEXT, st.lists(TEXT, max_size=3), st.from_regex(r"[cmaspdgo0-9,x]{0,40}", fullmatch=True))))
def test_garbage_never_raises_and_renders_in_both_languages(page, raw):
    parsed = parse_page(page, raw, DEFAULTS[page], devices=("cpu",))
    for notice in parsed.notices:
        for lang in ("en", "zh"):
            assert t(notice.key, lang, **notice.params)
    if parsed.from_link:
        page_query(page, parsed.values, DEFAULTS[page])  # the repaired state is always writable


# ---- snippets run ----------------------------------------------------------------------------------------

def run_snippet(code: str) -> None:
    exec(compile(code, "<snippet>", "exec"), {})  # the generated code asserts its own shapes


@pytest.mark.parametrize("key", sorted(sk.PRESETS))
def test_stack_snippet_of_every_preset_runs(key):
    preset = sk.PRESETS[key]
    size = 64 if preset.spatial_dims == 2 else preset.input_size  # smaller images keep the test quick
    layers = sk.parse_rows(preset.rows, spatial_dims=preset.spatial_dims, in_channels=preset.in_channels).layers
    code = stack_snippet(layers, (1, preset.in_channels, *(size,) * preset.spatial_dims))
    assert code.count("assert x.shape == expected") == 1 and code.count("    (1, ") == len(layers)
    run_snippet(code)


def test_stack_snippet_with_pools_and_a_wrong_shape_fails():
    layers = sk.parse_rows(parse_stack("c3s2p1o8,a2s2,m3s1p1d2,c1o4", []), spatial_dims=2, in_channels=3).layers
    code = stack_snippet(layers, (2, 3, 17, 17))
    assert "nn.AvgPool2d(kernel_size=2, stride=2)" in code and "dilation=2" in code
    run_snippet(code)
    with pytest.raises(AssertionError):
        run_snippet(code.replace("(2, 4, ", "(2, 5, "))


@pytest.mark.parametrize("rates", [(1, 2, 5), (2, 2, 2)])
def test_dilated_stack_snippet_runs(rates):
    run_snippet(stack_snippet(dilated_stack(rates, 4), (1, 1, 9, 9)))


def test_layer_and_separable_snippets_run():
    run_snippet(pytorch_snippet(ConvSpec(1, 1, 3, dilation=2), (1, 1, 7, 7)))
    run_snippet(pytorch_snippet(ConvSpec(64, 64, 3, padding=1, groups=4), (1, 64, 8, 8)))
    pair = separable_comparison(3, 4, 3, (1, 3, 64, 64), stride=2, bias=False)
    run_snippet(separable_snippet(pair.depthwise, pair.pointwise, pair.standard, (1, 3, 64, 64)))


# ---- the pages, opened from links ---------------------------------------------------------------------------

PAGE_FILES = {"pointwise": "2_pointwise", "dilated": "3_dilated", "grouped": "4_grouped",
              "separable": "5_separable", "receptive_field": "6_receptive_field", "speed_lab": "7_speed_lab"}


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(f"pages/{PAGE_FILES[page]}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metric(at: AppTest, key: str, lang: str) -> str:
    return next(m.value for m in at.metric if m.label == t(key, lang))


def query(at: AppTest) -> dict[str, str]:
    return {key: (value[-1] if isinstance(value, list) else value) for key, value in at.query_params.items()}


def snippets(at: AppTest) -> list[str]:
    return [c.value for c in at.code if c.value.startswith("import torch\nimport torch.nn as nn\n\n")]


LINKS = {
    "pointwise": ({"in_channels": "100", "out_channels": "20", "input_size": "500"},
                  {"pw_in": 100, "pw_out": 20, "pw_size": 500}, ("pw.res.output_shape", "(1, 20, 500, 500)")),
    "dilated": ({"input_size": "9", "kernel_size": "3", "dilation": "3", "padding": "same", "rates": "1,2,5"},
                {"d_size": 9, "d_dilation": 3, "d_rate_2": 5}, ("dilated.res.output", "(1, 1, 9, 9)")),
    "grouped": ({"in_channels": "32", "out_channels": "64", "kernel_size": "5", "groups": "8", "input_size": "16"},
                {"gc_in": 32, "gc_out": 64, "gc_kernel": 5, "gc_groups": 8},
                ("gc.res.output_shape", "(1, 64, 16, 16)")),
    "separable": ({"in_channels": "3", "out_channels": "4", "kernel_size": "3", "input_size": "64", "stride": "2",
                   "bias": "false"}, {"s_in": 3, "s_stride": 2, "s_bias": False}, None),
    "receptive_field": ({"stack": "c3p1o8,m2s2,c3p2d2o8", "input_size": "32", "in_channels": "1"},
                        {"rf_size": 32}, ("rf.res.output", "(1, 8, 16, 16)")),
}


# Pages whose "Copy as PyTorch" boxes are lazy expanders (drawn only while open): their session keys.
CODE_BOXES = {"pointwise": ("pw_code",), "dilated": ("d_code", "d_stack_code"), "grouped": ("gc_code",),
              "separable": ("s_code",)}


def open_code_boxes(at: AppTest, page: str) -> None:
    if page in CODE_BOXES:
        for key in CODE_BOXES[page]:
            at.session_state[key] = True
        at.run()


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("page", list(LINKS))
def test_page_opens_from_a_link(page, lang):
    params, values, shown = LINKS[page]
    at = open_page(page, lang=lang, **params)
    assert at.title[0].value == t({"pointwise": "pw.title", "dilated": "dilated.title", "grouped": "gc.title",
                                   "separable": "separable.title", "receptive_field": "rf.title"}[page], lang)
    assert not [w for w in at.warning if "link" in w.value.lower() or "链接" in w.value]
    for key, value in values.items():
        assert at.session_state[key] == value, key
    if shown:
        assert metric(at, *shown[:1], lang) == shown[1]
    for key, value in params.items():
        assert query(at)[key] == value
    link = next(c.value for c in at.code if c.value.startswith(f"/{page}?"))
    assert link.startswith(f"/{page}?lang={lang}&")
    open_code_boxes(at, page)
    for code in snippets(at):
        if "torch.randn(1, 20, 500" not in code:  # the 100→20 layer on 500×500 runs, but not in a test
            run_snippet(code)
    assert snippets(at)


def test_separable_page_shows_the_linked_layers():
    at = open_page("separable", in_channels="3", out_channels="4", kernel_size="3", input_size="64", stride="2",
                   bias="false", lang="zh")
    open_code_boxes(at, "separable")
    code = snippets(at)[0]
    assert "nn.Conv2d(3, 3, kernel_size=3, stride=2, padding=1, groups=3, bias=False)" in code
    assert "assert y.shape == (1, 4, 32, 32)" in code
    run_snippet(code)


def test_receptive_field_stack_is_shown_and_asserted():
    at = open_page("receptive_field", stack="c3p1o8,m2s2,c3p2d2o8", input_size="32", in_channels="1", lang="zh")
    assert metric(at, "rf.res.size", "zh") == "12×12"  # 3, +1·1 (pool), +4·2 (dilated)
    code = snippets(at)[0]
    assert "nn.MaxPool2d(kernel_size=2, stride=2)" in code and "(1, 8, 16, 16)," in code


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_garbage_links_open_with_messages(lang):
    at = open_page("grouped", lang=lang, in_channels="64", out_channels="64", groups="abc", kernel_size="-3",
                   input_size="99999999")
    shown = " ".join(w.value for w in at.warning)
    assert "`groups=abc`" in shown and "`kernel_size=-3`" in shown and "`input_size=99999999`" in shown
    assert query(at)["groups"] == "4" and query(at)["input_size"] == "256"  # malformed: the default
    at = open_page("receptive_field", lang=lang, stack="c3;rm -rf", input_size="-5", spatial_dims="9")
    shown = " ".join(w.value for w in at.warning)
    assert "`stack=c3;rm -rf`" in shown and "`input_size=-5`" in shown and "`spatial_dims=9`" in shown
    assert query(at)["stack"] == format_stack(list(sk.PRESETS["vgg"].rows))


def test_navigation_keeps_the_page_state_and_notices_show_once():
    at = open_page("grouped", lang="zh", in_channels="32", out_channels="32", groups="4", kernel_size="7",
                   shuffle="false", bias="maybe")
    assert at.warning
    at.switch_page("pages/3_dilated.py").run()
    at.query_params.clear()  # a navigation link carries only lang (and present)
    at.query_params["lang"] = "zh"
    at.switch_page("pages/4_grouped.py").run()
    assert not at.exception and not at.warning
    assert (at.session_state["gc_in"], at.session_state["gc_groups"], at.session_state["gc_kernel"]) == (32, 4, 7)
    assert query(at)["kernel_size"] == "7" and query(at)["shuffle"] == "false" and query(at)["lang"] == "zh"
    assert at.title[0].value == t("gc.title", "zh")


def test_speed_lab_repairs_groups_and_a_cpu_half_dtype():
    parsed = parse_page("speed_lab", {"in_channels": "6", "out_channels": "9", "groups": "2", "dtype": "float16"},
                        DEFAULTS["speed_lab"])
    assert codes(parsed) == ["groups_used", "dtype_cpu"]
    assert parsed.values["sl_groups"] == 3  # the largest divisor of both up to 4
    assert parsed.values["sl_dtype"] == "float32"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_speed_lab_opens_from_a_link_and_writes_it_back(lang):
    params = {"in_channels": "32", "out_channels": "48", "input_size": "28", "kernel_size": "5", "groups": "8",
              "batch": "2", "dtype": "bfloat16", "channels_last": "true"}
    at = open_page("speed_lab", lang=lang, **params)
    assert at.title[0].value == t("speed.title", lang)
    assert not at.warning
    assert [at.session_state[key] for key in ("sl_in", "sl_out", "sl_size", "sl_kernel", "sl_groups", "sl_batch")] \
        == [32, 48, 28, 5, 8, 2]
    assert at.session_state["sl_dtype"] == "bfloat16" and at.session_state["sl_channels_last"] is True
    assert at.selectbox(key="sl_groups").value == 8 and at.slider(key="sl_kernel").value == 5
    assert query(at) == {"lang": lang, **params}
    link = next(c.value for c in at.code if c.value.startswith("/speed_lab?"))
    assert link == f"/speed_lab?lang={lang}&" + "&".join(f"{k}={v}" for k, v in params.items())
    at.number_input(key="sl_size").set_value(14).run()  # a change goes into the link
    assert query(at)["input_size"] == "14"


@pytest.mark.parametrize("page", ["grouped", "dilated"])
def test_an_address_changed_by_back_or_forward_is_followed(page, monkeypatch):
    """The browser's Back/Forward changes the values in the address and reruns the page: the page reads them as it
    reads a link, instead of writing its current state back over them. Any other run whose address differs (a
    control changed while the previous run was going sends the older address) keeps the state."""
    import ui.address

    params, _, _ = LINKS[page]
    at = open_page(page, lang="en")
    defaults = query(at)
    state = {key: at.session_state[key] for key in LINKS[page][1]}
    at.query_params.update(params)
    at.run()  # not a history navigation: the address is written over
    assert {key: at.session_state[key] for key in state} == state
    assert {key: value for key, value in query(at).items() if key in params} == \
        {key: value for key, value in defaults.items() if key in params}

    monkeypatch.setattr(ui.address, "history_navigation", lambda: True)  # what the browser's Back sends
    at.query_params.update(params)  # Back to an entry with the linked values
    at.run()
    assert not at.exception
    assert all(query(at)[key] == value for key, value in params.items())
    linked = {key: at.session_state[key] for key in LINKS[page][1]}
    assert linked == LINKS[page][1]
    at.query_params.clear()
    at.query_params.update(defaults)  # Forward/Back to the first entry
    at.run()
    assert {key: at.session_state[key] for key in state} == state
