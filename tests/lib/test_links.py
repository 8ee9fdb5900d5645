"""The generic link codec (convviz/links.py) beyond its docstring examples: each parameter kind round-trips
through its link text, and a ``fields`` parameter (one control whose state is a dict) reads and writes its fields
as separate URL parameters."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.links import KINDS, Param, last_value, link_query, param_defaults, parse_link, parse_param
from convviz.receptive_lab import stack as sk

PARAMS = (
    Param("in_channels", "c_in", high=64, default=8, core=True),
    Param("kernel_size", "k", "int_choice", choices=("1", "3", "5"), default=3),
    Param("mode", "mode", "choice", choices=("zeros", "reflect"), default="zeros"),
    Param("bias", "bias", "bool", default=True),
    Param("padding", "pad", "padding", 0, 9, default=0),
    Param("rates", "rate", "rates", 1, 8, count=2, default=(2, 2)),
    Param("stack", "rows", "stack", default=tuple(sk.PRESETS["hdc_125"].rows), core=True),
)
# A later explorer control: the layer's shape as one component whose state is a dict.
SHAPE = Param("shape", "shape", "fields", fields=(
    Param("in_channels", "in_channels", high=2048, default=64, core=True),
    Param("out_channels", "out_channels", high=2048, default=64, core=True),
    Param("groups", "groups", high=2048, default=1),
))


def codes(parsed):
    return [n.code for n in parsed.notices]


def test_every_kind_is_documented():
    assert {param.kind for param in (*PARAMS, SHAPE)} == set(KINDS)
    for kind in KINDS:
        assert f"``{kind}``" in Param.__doc__


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_state_round_trips(data):
    defaults = param_defaults(PARAMS)
    state = dict(defaults)
    state["c_in"] = data.draw(st.integers(1, 64))
    state["k"] = data.draw(st.sampled_from([1, 3, 5]))
    state["mode"] = data.draw(st.sampled_from(["zeros", "reflect"]))
    state["bias"] = data.draw(st.booleans())
    state["pad_kind"] = data.draw(st.sampled_from(["number", "same"]))
    state["pad"] = data.draw(st.integers(0, 9)) if state["pad_kind"] == "number" else 0
    state["rate_0"], state["rate_1"] = data.draw(st.integers(1, 8)), data.draw(st.integers(1, 8))
    query = link_query(PARAMS, state, defaults)
    parsed = parse_link(PARAMS, query, defaults)
    assert parsed.from_link and parsed.notices == [] and parsed.values == state


def test_fields_parameter_is_one_dict_of_separate_url_parameters():
    defaults = param_defaults((SHAPE,))
    assert defaults == {"shape": {"in_channels": 64, "out_channels": 64, "groups": 1}}
    assert SHAPE.names == ("in_channels", "out_channels", "groups")
    parsed = parse_link((SHAPE,), {"out_channels": "128", "groups": "9999", "lang": "zh"}, defaults)
    assert parsed.values == {"shape": {"in_channels": 64, "out_channels": 128, "groups": 2048}}
    assert codes(parsed) == ["clamped"] and parsed.notices[0].params["name"] == "groups"
    assert defaults["shape"]["out_channels"] == 64  # the defaults are not changed
    query = link_query((SHAPE,), parsed.values, defaults)
    assert query == {"in_channels": "64", "out_channels": "128", "groups": "2048"}
    assert parse_link((SHAPE,), query, defaults).values == parsed.values
    assert parse_link((SHAPE,), {"lang": "zh"}, defaults).from_link is False
    assert parse_link((SHAPE,), {"groups": "x"}, defaults).values == defaults  # refused: the default, a notice


def test_a_fields_parameter_is_not_read_from_one_value():
    with pytest.raises(ValueError, match="fields"):
        parse_param(SHAPE, "3", [])


def test_runtime_choices_replace_the_declared_ones():
    params = (Param("device", "dev", "choice", choices=("cpu",), default="cpu"),)
    parsed = parse_link(params, {"device": "cuda"}, {"dev": "cpu"})
    assert parsed.values == {"dev": "cpu"} and codes(parsed) == ["choice_one"]
    assert parse_link(params, {"device": "cuda"}, {"dev": "cpu"}, choices={"device": ("cpu", "cuda")}).values == \
        {"dev": "cuda"}


def test_a_stack_being_edited_is_left_out_of_the_link():
    defaults = param_defaults(PARAMS)
    query = link_query(PARAMS, {**defaults, "rows": [{"type": "conv", "kernel_size": None}]}, defaults)
    assert "stack" not in query and query["in_channels"] == "8"


def test_repeated_parameters_count_once():
    assert last_value({"k": ["1", "5"]}, "k") == "5" and last_value({"k": []}, "k") is None
    assert parse_link(PARAMS, {"kernel_size": ["1", "5"]}, param_defaults(PARAMS)).values["k"] == 5
