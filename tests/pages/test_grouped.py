"""AppTest of the grouped convolution page: the article's numbers, both languages, groups, shuffle, explorer link."""

import json
from pathlib import Path

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from convviz import ConvSpec
from convviz.text.i18n import t
from convviz.text.units import format_int
from tests.helpers.plotly_arrays import decode
from tests.pages import apptest_pages

ROOT = Path(__file__).resolve().parents[2]
PAGE = "pages/4_grouped.py"
# A result-only control reruns only the keyed results fragment (ui.rerun_only); AppTest's tree then holds only
# that fragment's elements, while a browser keeps the controls as drawn: ``at.run()`` redraws the whole page
# before the next control is used.


def open_page(lang: str = "en") -> AppTest:
    return apptest_pages.open_page(PAGE, lang)


metric = apptest_pages.metric


def text(at: AppTest) -> str:
    return "\n".join(m.value for m in [*at.markdown, *at.success, *at.info])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_default_shows_the_article_numbers(lang):
    at = open_page(lang)
    assert at.title[0].value == t("gc.title", lang)
    assert metric(at, "gc.res.params", lang) == "9,280"
    assert metric(at, "gc.res.output_shape", lang) == "(1, 64, 32, 32)"
    assert metric(at, "gc.res.weight_shape", lang) == "(64, 16, 3, 3)"
    shown = text(at)
    assert "**9,280**" in shown and "**36,928**" in shown  # PyTorch's numel of both layers
    assert "36,864" in shown  # the standard layer's weights, divided by 4, plus the undivided bias
    assert "36{,}864" in "".join(m.value for m in at.latex)
    assert list(at.select_slider(key="gc_groups").options) == ["1", "2", "4", "8", "16", "32", "64"]
    assert not at.error


def test_groups_control_changes_counts_and_diagrams():
    at = open_page()
    before = json.loads(at.get("plotly_chart")[1].proto.spec)["data"][0]["z"]
    at.select_slider(key="gc_groups").set_value(64).run()  # depthwise
    assert not at.select_slider  # a keyed rerun: only the results were redrawn
    assert metric(at, "gc.res.params") == format_int(ConvSpec(64, 64, 3, padding=1, groups=64).param_count()) == "640"
    assert metric(at, "gc.res.weight_shape") == "(64, 1, 3, 3)"
    assert dict(at.query_params)["groups"] == "64"  # the link follows
    after = json.loads(at.get("plotly_chart")[1].proto.spec)["data"][0]["z"]
    assert after != before
    assert (~np.isnan(decode(after))).sum() == 64  # only the diagonal (NaN: no weight)
    at.run().select_slider(key="gc_groups").set_value(1).run()
    assert metric(at, "gc.res.params") == "36,928"
    open_shuffle(at)
    assert any(t("gc.shuffle.none", "en") == i.value for i in at.info)
    assert not at.exception


def test_channels_that_break_groups_reset_it_with_a_message():
    at = open_page()
    at.select_slider(key="gc_groups").set_value(64).run()
    at.run().number_input(key="gc_out").set_value(96).run()  # changes the groups' options: the page reruns
    assert at.select_slider(key="gc_groups").value == 32
    assert any("groups=64" in i.value for i in at.info)
    assert metric(at, "gc.res.weight_shape") == "(96, 2, 3, 3)"
    assert not at.exception


def open_shuffle(at: AppTest) -> AppTest:
    """Open the channel-shuffle expander (drawn only while open) and rerun."""
    at.session_state["gc_shuffle_open"] = True
    return at.run()


def test_shuffle_switch_changes_what_the_second_layer_sees():
    at = open_page()
    assert t("gc.shuffle", "en") in [e.label for e in at.expander] and len(at.get("plotly_chart")) == 2
    open_shuffle(at)
    assert "**0, 1, 2, 3** (4 of 4)" in text(at)
    figure = at.get("plotly_chart")[2].proto.spec
    at.toggle(key="gc_shuffle").set_value(False).run()
    assert at.get("plotly_chart")[2].proto.spec != figure
    assert "nn.ChannelShuffle(4)" in text(at) and "**yes**" in text(at)
    assert dict(at.query_params)["shuffle"] == "false"
    at.session_state["gc_shuffle_open"] = False  # closed: the switch keeps its value, in the state and the link
    at.run()
    assert at.session_state["gc_shuffle"] is False and dict(at.query_params)["shuffle"] == "false"
    assert not at.exception


def test_open_in_explorer_shows_the_same_layer():
    at = open_page()
    at.select_slider(key="gc_groups").set_value(8).run()
    at.button(key="gc_open_explorer").click().run()  # the button is in the results fragment
    assert not at.exception
    assert metric(at, "res.weight_shape") == "(64, 8, 3, 3)"
    assert metric(at, "res.output_shape") == "(1, 64, 32, 32)"
    shown = text(at) + "\n" + "\n".join(m.value for m in at.metric)  # the explorer's parameter count
    assert format_int(ConvSpec(64, 64, 3, padding=1, groups=8).param_count()) in shown
