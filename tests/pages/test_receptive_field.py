"""AppTest: the receptive-field lab in both languages — every preset, an edited table with bad rows (written to
session state: AppTest cannot edit data_editor cells), the effective receptive field behind its button, and a
bad upload that leaves the page working."""

import io
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from convviz.receptive_lab import stack as sk
from convviz.text.i18n import t
from tests.pages import apptest_pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/6_receptive_field.py"
EXPECTED = {"vgg": "44×44", "resnet": "99×99", "mobilenet": "27×27", "wavenet": "1,025", "tcn": "253",
            "patchgan": "70×70", "hdc_125": "17×17", "hdc_222": "13×13"}


def open_page(lang: str) -> AppTest:
    return apptest_pages.open_page(PAGE, lang)


metric = apptest_pages.metric


def has_chinese(at: AppTest) -> bool:
    text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_preset_in_both_languages(lang):
    at = open_page(lang)
    assert at.title[0].value == t("rf.title", lang)
    assert has_chinese(at) == (lang == "zh")
    for key, size in EXPECTED.items():
        at.button_group(key="rf_preset_pick").set_value(key).run()
        assert not at.exception, (key, [e.value for e in at.exception])
        assert not at.error, (key, [e.value for e in at.error])
        assert metric(at, "rf.res.size", lang) == size, key
        charts = {c.proto.id: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
        assert len(charts) >= 2
        if key in ("wavenet", "tcn"):  # 1-D: the signal and the timeline, no image
            assert len(charts) == 3
    # the 2,2,2 preset (last) warns about the gridding holes: 120 of the 13×13; its note counts what is read,
    # every other row and column: 7 × 7 = 49 of 169 (tests/lib/receptive_lab/test_coverage.py: the gradient)
    assert any("120" in w.value for w in at.warning)
    note = t("rf.preset.hdc_222.note", lang, size="13×13", read="49", span="169")
    assert [c.value for c in at.caption if c.value.endswith(note) and "49" in c.value and "169" in c.value]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_edited_table_with_bad_rows_gives_one_translated_message_per_row(lang):
    at = open_page(lang)
    rows = [sk.conv(8, 3, 1, 1), {**sk.conv(8, 3), "kernel_size": None}, {**sk.conv(6, 3), "groups": 4},
            {**sk.pool("max", 2, 2), "padding": "same"}]
    at.session_state["rf_rows"] = rows
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 3
    assert errors[0].startswith(t("rf.row_error", lang, row=2, message="")[:3])
    assert all(("第" in e) == (lang == "zh") for e in errors)
    at.session_state["rf_rows"] = [sk.conv(4, 3, 1, 1)] * 3  # fixed: the page recovers
    at.run()
    assert not at.error and metric(at, "rf.res.size", lang) == "7×7"


def test_effective_receptive_field_behind_the_button_and_a_too_small_input():
    at = open_page("en")
    at.button_group(key="rf_preset_pick").set_value("hdc_125").run()
    assert not [b for b in at.button if b.key == "rf_erf_button"]  # its settings are drawn only when open
    at.button_group(key="rf_view").set_value("erf").run()  # choosing the view opens them
    assert at.session_state["rf_erf_open"] and at.info
    at.button(key="rf_erf_button").click().run()
    assert not at.exception
    result = [m.value for m in at.markdown if "95 %" in m.value]
    assert result and "17×17" in result[0]
    overlay = json.loads(at.get("plotly_chart")[1].proto.spec)
    roles = {(trace.get("meta") or {}).get("role") for trace in overlay["data"]}
    assert {"erf", "erf_box", "box", "cells"} <= roles
    at.number_input(key="rf_size").set_value(8).run()  # 17×17 dilated stack on 8×8 with 'same'-style padding
    assert not at.exception
    # The size reruns only the fragments (ui.rerun_only): the page's title and controls are not sent again, and
    # AppTest's tree holds only what the last run sent. A page run gives the whole page back.
    assert not at.title and metric(at, "rf.res.output") == "(1, 16, 8, 8)"  # as nn.Conv2d chained gives it
    at.run()
    at.button_group(key="rf_preset_pick").set_value("vgg").run()
    at.number_input(key="rf_size").set_value(4).run()  # 2×2 pools: 4 → 2 → 1 → nothing at layer 10
    assert not at.exception
    assert at.error and t("rf.layer_error", "en", layer=10, message="")[:8] in at.error[0].value
    assert not at.get("plotly_chart")  # no figures for a stack the input cannot pass


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_bad_upload_shows_a_message_and_the_sample_stays(lang):
    at = open_page(lang)
    at.file_uploader(key="rf_upload").set_value(("notes.png", b"not an image at all\n" * 10, "image/png")).run()
    assert not at.exception
    assert len(at.error) == 1 and "notes.png" in at.error[0].value
    assert at.error[0].value.startswith(t("rf.image_error", lang, message=""))
    assert metric(at, "rf.res.size", lang) == "44×44"
    ramp = np.linspace(0, 65535, 64 * 64).astype(np.uint16).reshape(64, 64)
    buffer = io.BytesIO()
    Image.fromarray(ramp).save(buffer, "PNG")  # a 16-bit PNG is accepted
    at.file_uploader(key="rf_upload").set_value(("ramp.png", buffer.getvalue(), "image/png")).run()
    assert not at.exception and not at.error


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_ceil_mode_pool_row_from_a_link_and_the_table(lang):
    """A link with a ceil-mode pool (trailing ``c``): output shape as nn.MaxPool2d(ceil_mode=True) gives it,
    the ceil_mode column ticked, the link kept; ticking it on a convolution gives one translated message."""
    import torch

    at = apptest_pages.open_page(PAGE, lang, spatial_dims="2", input_size="9", in_channels="1", stack="c3o4,m2s2c")
    with torch.inference_mode():
        y = torch.nn.MaxPool2d(2, 2, ceil_mode=True)(torch.nn.Conv2d(1, 4, 3)(torch.zeros(1, 1, 9, 9)))
    assert tuple(y.shape) == (1, 4, 4, 4)  # floor mode would give 3×3
    assert metric(at, "rf.res.output", lang) == "(1, 4, 4, 4)"
    assert not at.error
    editor = at.session_state["rf_rows"]
    assert [row["ceil_mode"] for row in editor] == [False, True]
    link = at.query_params["stack"]
    assert (link[-1] if isinstance(link, list) else link) == "c3o4,m2s2c"
    at.session_state["rf_rows"] = [{**sk.conv(4, 3), "ceil_mode": True}]
    at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("rf.row_error", lang, row=1, message=t("error.stack_ceil_conv", lang))]


PATCHGAN_ON_64 = {"spatial_dims": "2", "input_size": "64", "in_channels": "3",
                  "stack": "c4s2p1o64,c4s2p1o128,c4s2p1o256,c4p1o512,c4p1o1"}  # pix2pix's 70×70 PatchGAN


def rows_read_by_output_0(depth: int) -> str:
    """What output (0, 0) of the first ``depth`` PatchGAN layers really reads of a 64×64 input, as the page
    writes a span: the support of its gradient (nn.Conv2d, all-ones weights, PyTorch's zero padding)."""
    import torch

    convs = [torch.nn.Conv2d(1, 1, 4, stride, 1, bias=False) for stride in (2, 2, 2, 1, 1)][:depth]
    for conv in convs:
        torch.nn.init.ones_(conv.weight)
    x = torch.zeros(1, 1, 64, 64, requires_grad=True)
    torch.nn.Sequential(*convs)(x)[0, 0, 0, 0].backward()
    rows, cols = x.grad[0, 0].nonzero().unbind(1)
    return f"{rows.min()} … {rows.max()} × {cols.min()} … {cols.max()}"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_receptive_field_larger_than_the_input_is_explained_not_called_unproductive(lang):
    """The PatchGAN on 64×64 from a link: layer 5's receptive field (70×70) exceeds the input, yet its border outputs
    still read new input (output 0: rows 0…30 → 0…46 in PyTorch), so the page says that, points to the effective
    receptive field, and no longer calls the layer unproductive."""
    at = apptest_pages.open_page(PAGE, lang, **PATCHGAN_ON_64)
    assert not at.exception and not at.error
    assert metric(at, "rf.res.size", lang) == "70×70"
    shown = [w.value for w in at.warning] + [i.value for i in at.info]
    old = {"en": "unproductive", "zh": "无效的层"}[lang]
    assert not [text for text in shown if old in text or "⚠" in text]
    table = [d.value for d in at.dataframe if t("rf.tcol.note", lang) in d.value.columns]  # not the stack editor
    notes = table[0][t("rf.tcol.note", lang)].tolist()
    assert notes == [""] * 4 + [t("rf.note.larger_gain", lang)]
    before, after = rows_read_by_output_0(4), rows_read_by_output_0(5)
    assert (before, after) == ("0 … 30 × 0 … 30", "0 … 46 × 0 … 46")
    explained = t("rf.reach.larger", lang, first=5, input="64×64", output="0, 0", layer=5, before=before,
                  after=after)
    # no layer adds nothing (the saturated sentence is absent); the effective receptive field is pointed to
    assert explained + "\n\n" + t("rf.reach.erf", lang) in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_layers_that_add_no_input_to_any_output_are_named(lang):
    """Twelve padded 3×3 convolutions on a 1-D input of 8: the receptive field exceeds the input from layer 4, the
    centre output reads all of it from layer 4, output 0 from layer 7, and layers 8 … 12 add no new input to any
    output (tests/lib/receptive_lab/test_stack.py checks these against the real stack's gradient)."""
    at = apptest_pages.open_page(PAGE, lang, spatial_dims="1", input_size="8", in_channels="1",
                                 stack=",".join(["c3p1"] * 12))
    assert metric(at, "rf.res.size", lang) == "25"
    table = [d.value for d in at.dataframe if t("rf.tcol.note", lang) in d.value.columns]
    notes = [t(f"rf.note.{note}", lang) if note else "" for note in
             [""] * 3 + ["centre_gain"] * 3 + ["all_new"] + ["all_old"] * 5]
    assert table[0][t("rf.tcol.note", lang)].tolist() == notes
    info = [i.value for i in at.info]
    assert info == ["\n\n".join([
        t("rf.reach.larger", lang, first=4, input="8", output="0", layer=4, before="0 … 3", after="0 … 4"),
        t("rf.reach.saturated", lang, layers="8, 9, 10, 11, 12"), t("rf.reach.erf", lang)])]


def keys_sent(at: AppTest) -> set:
    """The keys of the widgets and keyed elements in what the last run sent (AppTest keeps only that)."""
    found, stack = set(), [at.main]
    while stack:
        node = stack.pop()
        key = getattr(node, "key", None)
        if key:
            found.add(key)
        stack.extend(getattr(node, "children", {}).values())
    return found


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pending_table_edits_are_read_from_the_session(lang):
    """A table edit reruns only the fragments, so the page reads the editor's edits (its session value: cell
    edits by row position, deletions, added rows, as st.data_editor applies them) instead of its return value.
    Here: row 1 kernel_size 3 → 5, row 2 deleted, a 2×2 max-pool added; numbers as PyTorch gives them."""
    import torch

    at = apptest_pages.open_page(PAGE, lang, spatial_dims="2", input_size="16", in_channels="1",
                                 stack="c3p1o4,c3p1o4,c3o8")
    assert metric(at, "rf.res.size", lang) == "7×7"
    at.session_state["rf_editor"] = {"edited_rows": {0: {"kernel_size": 5}}, "deleted_rows": [1],
                                     "added_rows": [{"type": "max-pool", "kernel_size": 2, "stride": 2, "padding": "0",
                                                     "dilation": 1, "groups": 1, "ceil_mode": False}]}
    at.run()
    assert not at.exception and not at.error
    with torch.inference_mode():
        y = torch.nn.Sequential(torch.nn.Conv2d(1, 4, 5, padding=1), torch.nn.Conv2d(4, 8, 3),
                                torch.nn.MaxPool2d(2, 2))(torch.zeros(1, 1, 16, 16))
    assert metric(at, "rf.res.output", lang) == str(tuple(y.shape)) == "(1, 8, 6, 6)"
    assert metric(at, "rf.res.size", lang) == "8×8"  # 5, +2 (3×3), +1 (2×2 pool at jump 1)
    assert metric(at, "rf.res.jump", lang) == "2×2"
    link = at.query_params["stack"]
    assert (link[-1] if isinstance(link, list) else link) == "c5p1o4,c3o8,m2s2"
    assert any("c5p1o4,c3o8,m2s2" in c.value for c in at.code)  # the copy-link box


def test_a_stack_change_reruns_only_what_it_changes():
    """Keyed fragment reruns (ui.rerun_only): the input size reruns the results and the figures, and the output
    element's controls only when the output grows; the input channels change no figure. (AppTest keeps only what
    the last run sent, so a page run comes before each use of a control in the page body.)"""
    at = open_page("en")
    body = {"rf_preset_pick", "rf_dims", "rf_size", "rf_in_channels", "rf_editor", "rf_sample", "rf_upload"}
    assert body <= keys_sent(at)
    at.number_input(key="rf_size").set_value(225).run()  # VGG: 225 → 28×28, as 224
    sent = keys_sent(at)
    assert not sent & body and "rf_row" not in sent and {"rf_growth", "rf_overlay"} <= sent
    assert metric(at, "rf.res.output") == "(1, 256, 28, 28)"
    at.run()
    at.number_input(key="rf_size").set_value(232).run()  # 232 → 29×29: the element's bounds change
    assert {"rf_row", "rf_col", "rf_growth", "rf_overlay"} <= keys_sent(at)
    assert metric(at, "rf.res.output") == "(1, 256, 29, 29)"
    growth = at.get("plotly_chart")[0].proto.spec
    at.run()
    at.number_input(key="rf_in_channels").set_value(4).run()  # parameters change, the receptive field does not
    assert not keys_sent(at) & {"rf_row", "rf_growth", "rf_view", "rf_overlay"} and not at.get("plotly_chart")
    assert metric(at, "rf.res.size") == "44×44" and metric(at, "rf.res.output") == "(1, 256, 29, 29)"
    import torch

    params = sum(p.numel() for p in torch.nn.Conv2d(4, 64, 3, padding=1).parameters())
    assert at.dataframe[0].value.iloc[0, -2] == f"{params:,}" == "2,368"  # the first layer, now from 4 channels
    at.run()  # the whole page again: same figure as before the channel change
    assert at.get("plotly_chart")[0].proto.spec == growth
