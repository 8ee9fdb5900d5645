"""AppTest: the receptive-field lab in both languages — every preset, an edited table with bad rows (written to
session state: AppTest cannot edit data_editor cells), the effective receptive field behind its button, and a
bad upload that leaves the page working."""

import io
import json
from pathlib import Path

import apptest_pages
import numpy as np
import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from convviz import stack as sk
from convviz.i18n import t

ROOT = Path(__file__).resolve().parents[1]
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
    # the 2,2,2 preset (last) warns about the gridding holes: 120 of the 13×13
    assert any("120" in w.value for w in at.warning)


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
    at.button(key="rf_erf_button").click().run()
    assert not at.exception
    result = [m.value for m in at.markdown if "95 %" in m.value]
    assert result and "17×17" in result[0]
    overlay = json.loads(at.get("plotly_chart")[1].proto.spec)
    roles = {(trace.get("meta") or {}).get("role") for trace in overlay["data"]}
    assert {"erf", "erf_box", "box", "cells"} <= roles
    at.number_input(key="rf_size").set_value(8).run()  # 17×17 dilated stack on 8×8 with 'same'-style padding
    assert not at.exception
    at.button_group(key="rf_preset_pick").set_value("vgg").run()
    at.number_input(key="rf_size").set_value(4).run()  # 2×2 pools: 4 → 2 → 1 → nothing at layer 10
    assert not at.exception
    assert at.error and t("rf.layer_error", "en", layer=10, message="")[:8] in at.error[0].value


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
