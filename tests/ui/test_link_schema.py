"""The link schema (ui/link_schema.py): every declaration is consistent (defaults within bounds and choices, one
key and one URL name per control), every page's defaults read back from their own canonical link, the quiz and
the explorer's view go through the same reader as pages 2–7, and its ``>>>`` examples run."""

from __future__ import annotations

import doctest

import pytest

from convviz.links import KINDS, PADDING_KINDS, Param
from ui import link_schema
from ui.link_schema import (
    FRESH_EACH_VISIT,
    PAGE_PARAMS,
    PAGE_RESETS,
    REPAIRS,
    STATE_BOUNDS,
    link_bounds,
    link_defaults,
    link_key,
    link_state,
    link_widget,
    page_param_names,
    page_query,
    parse_page,
    parse_quiz,
    parse_view,
    quiz_query,
)


def test_examples_run():
    result = doctest.testmod(link_schema, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 10 and result.failed == 0


@pytest.mark.parametrize("page", list(PAGE_PARAMS))
def test_declarations_are_consistent(page):
    params = PAGE_PARAMS[page]
    assert len(set(page_param_names(page))) == len(page_param_names(page))
    keys = list(link_defaults(page))
    assert len(set(keys)) == len(keys) and len({p.key for p in params}) == len(params)
    for param in params:
        assert param.kind in KINDS, param
        default = param.default
        if param.kind in ("int",) and default is not None:
            assert param.low <= default <= param.high, param
        if param.kind == "padding":
            assert default == "same" or param.low <= default <= param.high, param
        if param.kind == "rates":
            assert len(default) == param.count and all(param.low <= v <= param.high for v in default), param
        if param.kind in ("choice", "int_choice"):
            assert str(default) in param.choices, param
        if param.kind == "int" and default is None:
            assert (page, param.name) == ("quiz", "seed")  # the page draws a random set


def test_repairs_resets_and_bounds_name_declared_pages():
    assert set(REPAIRS) | set(PAGE_RESETS) | FRESH_EACH_VISIT <= set(PAGE_PARAMS)
    for page, name in STATE_BOUNDS:
        assert name in page_param_names(page)


@pytest.mark.parametrize("page", [page for page in PAGE_PARAMS if page != "quiz"])
def test_defaults_read_back_from_their_link(page):
    defaults = link_defaults(page)
    query = page_query(page, defaults)
    assert set(query) == {p.name for p in PAGE_PARAMS[page] if p.core}
    parsed = parse_page(page, query)
    assert parsed.notices == [] and parsed.values == (defaults if query else {})  # the explorer's view: no core


def test_quiz_is_read_as_a_page():
    state = {**link_defaults("quiz"), "quiz_seed": 7}
    assert page_query("quiz", state) == quiz_query(7, "easy") == {"seed": "7", "level": "easy"}
    parsed = parse_page("quiz", {"seed": "-3", "level": "Hard"}, state)
    assert parsed.values == {"quiz_seed": 0, "quiz_level": "hard"} and [n.code for n in parsed.notices] == ["clamped"]
    # a link that names only the level keeps the page's seed: the page passes its current values as defaults
    assert parse_page("quiz", {"level": "medium"}, state).values == {"quiz_seed": 7, "quiz_level": "medium"}
    assert parse_quiz({"seed": "x", "level": "hard"}).values == {"level": "hard"}


def test_explorer_view_is_a_choice_parameter():
    views = ("numbers", "window", "channels", "sweep")
    assert parse_view({}, views).values == {} and not parse_view({}, views).from_link
    assert parse_view({"view": "Window"}, views).values == {"view": "window"}  # case ignored
    assert parse_view({"view": ["x", "sweep"]}, views).values == {"view": "sweep"}  # the last value wins
    refused = parse_view({"view": "depth"}, views)  # a view this layer does not draw
    assert refused.values == {} and not refused.from_link
    assert [(n.code, n.params["value"], n.params["choices"]) for n in refused.notices] == \
        [("choice", "depth", "numbers, window, channels, sweep")]
    assert parse_view({"view": "`x`"}, views).notices[0].params["value"] == "x"  # no backticks repeated
    assert parse_view({"view": "depth"}).values == {"view": "depth"}


def test_widget_arguments(monkeypatch):
    assert link_widget("grouped", "kernel_size") == {"options": (1, 3, 5, 7), "key": "gc_kernel"}
    assert link_widget("pointwise", "bias") == {"key": "pw_bias"}
    assert link_widget("dilated", "padding") == {"min_value": 0, "max_value": 15, "key": "d_padding"}
    assert link_widget("dilated", "padding", part="kind")["options"] == PADDING_KINDS
    assert link_widget("speed_lab", "dtype", options=("float32",)) == {"options": ("float32",), "key": "sl_dtype"}
    assert link_widget("receptive_field", "input_size", state={"rf_dims": 1})["max_value"] == 4096
    assert link_bounds("receptive_field", "input_size", {"rf_dims": 2}) == (1, 512)
    assert link_key("quiz", "level") == "quiz_level"
    with pytest.raises(KeyError, match="no link parameter"):
        link_key("pointwise", "groups")
    with pytest.raises(ValueError, match="column"):
        link_widget("receptive_field", "stack")
    monkeypatch.setitem(PAGE_PARAMS, "uneven", (Param("k", "k", "int_choice", choices=("1", "2", "4")),))
    with pytest.raises(ValueError, match="evenly spaced"):
        link_widget("uneven", "k", as_range=True)


def test_link_state_reads_and_writes_widget_keys_by_link_name():
    state = link_defaults("dilated")
    values = link_state("dilated", state)
    assert values["kernel_size"] == state["d_kernel"] and values["padding_kind"] == state["d_padding_kind"]
    values.update({"stride": 2, "padding_kind": "same"}, rates=(1, 2, 5))
    assert (state["d_stride"], state["d_padding_kind"]) == (2, "same")
    assert [state[f"d_rate_{i}"] for i in range(3)] == [1, 2, 5] and values["rates"] == (1, 2, 5)
    values.reset("stride", "padding_kind", "rates")
    assert state == link_defaults("dilated")  # the schema's defaults, rates as one tuple
    assert values.default("rates") == (2, 2, 2) and values.key("rates", 1) == "d_rate_1"
    assert values.get("padding", 9) == 0 and link_state("dilated", {}).get("rates", "none") == "none"
    with pytest.raises(KeyError, match="no link parameter"):
        values["groups"]
    with pytest.raises(KeyError, match="no link parameter"):
        link_state("pointwise", {}).key("bias_kind")  # _kind: a padding parameter's switch only
    with pytest.raises(KeyError, match="index"):
        values.key("rates")
    with pytest.raises(ValueError, match="3 values"):
        values["rates"] = (1, 2)


def test_link_state_covers_every_key_of_every_page():
    """Every session key a page's defaults seed is reachable by link name (so a page never needs the key)."""
    for page, params in PAGE_PARAMS.items():
        state = link_defaults(page)
        values = link_state(page, state)
        reached = set()
        for param in params:
            if param.kind == "rates":
                reached |= {values.key(param.name, i) for i in range(param.count)}
            else:
                reached.add(values.key(param.name))
            if param.kind == "padding":
                reached.add(values.key(param.name + "_kind"))
        assert reached == set(state), page
