"""Every control of pages 2–8 that mirrors a link parameter shows the schema's bounds and, on the first open, the
schema's default (``ui/link_schema.py``), so a widget's bound cannot drift from its link's again; and no page spells
such a control's key or bounds itself (the source checks: not in a widget call, nor where it reads or writes the value,
which goes through ``ui.link_state`` by link name). One language: bounds and defaults do not depend on it
(tests/pages/test_all_pages.py opens every page in both)."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from convviz.links import STACK_BOUNDS, stack_low
from tests.pages.apptest_pages import open_page
from ui.link_schema import PAGE_PARAMS, link_bounds, link_defaults

ROOT = Path(__file__).resolve().parents[2]
PAGE_FILES = {"pointwise": "pages/2_pointwise.py", "dilated": "pages/3_dilated.py", "grouped": "pages/4_grouped.py",
              "separable": "pages/5_separable.py", "receptive_field": "pages/6_receptive_field.py",
              "speed_lab": "pages/7_speed_lab.py", "quiz": "pages/8_quiz.py"}
# Lazy expanders (their session keys) holding linked controls, drawn only while open.
EXPANDERS = {"pointwise": ("pw_bottleneck_open",), "grouped": ("gc_shuffle_open",), "separable": ("s_measure_open",)}
# Controls whose options the page computes from other values (the groups that divide both channel counts) or from
# this machine (its devices): their values must lie within the schema's bounds or choices.
COMPUTED_OPTIONS = {("grouped", "groups"), ("speed_lab", "groups"), ("separable", "device"), ("speed_lab", "device"),
                    ("speed_lab", "dtype")}
WIDGETS = ("number_input", "slider", "select_slider", "selectbox", "segmented_control", "checkbox", "toggle")
EDITOR = {"receptive_field": "rf_editor"}  # the stack's table editor


def find(at: AppTest, key: str):
    for kind in WIDGETS:
        for widget in getattr(at, kind):
            if widget.key == key:
                return widget
    raise AssertionError(f"no control with key {key!r}")


def controls(param) -> list[str]:
    """The widget keys that mirror ``param`` (a padding parameter: its number and its number/same switch)."""
    if param.kind == "rates":
        return [f"{param.key}_{i}" for i in range(param.count)]
    if param.kind == "padding":
        return [param.key, param.key + "_kind"]
    return [param.key]


def opened(page: str) -> tuple[AppTest, dict]:
    """The page after its first open (and the linked values it showed then), with its lazy expanders opened."""
    at = open_page(PAGE_FILES[page])
    first = {key: at.session_state[key] for key in link_defaults(page) if key in at.session_state}
    for key in EXPANDERS.get(page, ()):
        at.session_state[key] = True
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at, first


@pytest.mark.parametrize("page", list(PAGE_FILES))
def test_linked_controls_show_the_schemas_bounds_and_defaults(page):
    at, first = opened(page)
    defaults = link_defaults(page)
    assert {key: value for key, value in first.items() if defaults[key] is not None} == \
        {key: value for key, value in defaults.items() if value is not None}  # the first open shows the defaults
    state = {key: at.session_state[key] for key in defaults if key in at.session_state}
    for param in PAGE_PARAMS[page]:
        if param.kind == "stack":
            editor = next(e for e in at.get("data_editor") if e.proto.id.endswith(EDITOR[page]))
            columns = json.loads(editor.proto.columns)
            for column, high in STACK_BOUNDS.items():
                if column != "padding":  # typed as text: a number, same or causal
                    config = columns[column]["type_config"]
                    assert (config["min_value"], config["max_value"]) == (stack_low(column), high), column
            continue
        for key in controls(param):
            widget = find(at, key)
            where = f"{page}.{param.name} ({key})"
            if defaults.get(key) is not None:
                assert widget.value == defaults[key], where
            if key.endswith("_kind"):
                assert len(widget.options) == 2, where  # number / same
            elif (page, param.name) in COMPUTED_OPTIONS:
                values = [int(option) for option in widget.options] if param.kind == "int" else widget.options
                if param.kind == "int":
                    assert all(param.low <= value <= param.high for value in values), where
                elif param.name == "dtype":
                    assert set(values) <= set(param.choices), where
            elif param.kind in ("int", "padding", "rates"):
                assert (widget.min, widget.max) == link_bounds(page, param.name, state), where
            elif param.kind == "int_choice" and widget.type == "slider":
                choices = [int(choice) for choice in param.choices]
                assert (widget.min, widget.max, widget.step) == (choices[0], choices[-1], choices[1] - choices[0])
            elif param.kind in ("choice", "int_choice"):
                assert len(widget.options) == len(param.choices), where


# ---- the source: no page spells a linked control's key or bounds ---------------------------------------------

WIDGET_CALLS = {*WIDGETS, "pills", "radio", "NumberColumn", "number"}  # number: the page's NumberColumn alias


def linked_keys() -> set[str]:
    return {key for params in PAGE_PARAMS.values() for param in params for key in controls(param)}


def spelled(node: ast.expr) -> str | None:
    """A key written in the page: a string, or an f-string's text with its fields as ``{}``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(part.value if isinstance(part, ast.Constant) else "{}" for part in node.values)
    return None


def matches(text: str, key: str) -> bool:
    if "{}" not in text:
        return text == key
    head, _, tail = text.partition("{}")
    return key.startswith(head) and key.endswith(tail) and len(key) > len(head) + len(tail) - 1


@pytest.mark.parametrize("path", list(PAGE_FILES.values()))
def test_pages_take_linked_keys_and_bounds_from_the_schema(path):
    keys = linked_keys()
    problems = []
    for node in ast.walk(ast.parse((ROOT / path).read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name not in WIDGET_CALLS:
            continue
        key_node = next((k.value for k in node.keywords if k.arg == "key"), None)
        key = None if key_node is None else spelled(key_node)
        if key is not None and any(matches(key, linked) for linked in keys):
            problems.append(f"line {node.lineno}: {name}(key={key!r}): take it from ui.link_widget / ui.link_key")
        bounds = [k.value for k in node.keywords if k.arg in ("min_value", "max_value")] + node.args[1:3]
        literal = any(isinstance(b, ast.Constant) and isinstance(b.value, int) for b in bounds)
        from_schema = isinstance(key_node, ast.Call) and "link_" in ast.unparse(key_node.func)
        if literal and (name in ("NumberColumn", "number") or from_schema):
            problems.append(f"line {node.lineno}: {name} with literal bounds: take them from ui.link_widget")
    assert not problems, "\n".join(problems)


def test_the_source_check_sees_literal_keys():
    source = 'st.number_input("x", 1, 1024, key="pw_in")\nst.number_input("r", 1, 8, key=f"d_rate_{i}")\n'
    calls = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    found = [spelled(k.value) for call in calls for k in call.keywords if k.arg == "key"]
    assert found == ["pw_in", "d_rate_{}"]
    assert matches("d_rate_{}", "d_rate_2") and not matches("d_rate_{}", "d_rate") and matches("pw_in", "pw_in")


# ---- the source: no page spells a linked value's key anywhere (reads, writes, presets, callbacks) ---------------

LINKED_PAGES_KEYS = {key for page in PAGE_FILES for param in PAGE_PARAMS[page] for key in controls(param)}


def is_session_state(node: ast.expr) -> bool:
    """``state`` (the pages' alias) or ``st.session_state``."""
    return (isinstance(node, ast.Name) and node.id == "state") or \
        (isinstance(node, ast.Attribute) and node.attr == "session_state")


def linked_key_spellings(source: str) -> list[str]:
    """Every place ``source`` writes the widget key of a link parameter of pages 2–8 itself: a string (``"pw_in"``,
    a dict key, an ``on_change`` argument), an f-string whose text can only be such a key (``f"d_rate_{i}"``), a
    keyword name (``state.update(rf_dims=2)``) or a session-state attribute (``state.sl_in``). The pages read and
    write those values through ``ui.link_state`` by link name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        text = None
        if isinstance(node, (ast.Constant, ast.JoinedStr)):
            text = spelled(node)
            if text is not None and text.replace("{}", "") == "":
                text = None  # f"{x}": no text of its own
        elif isinstance(node, ast.keyword):
            text = node.arg
        elif isinstance(node, ast.Attribute) and is_session_state(node.value):
            text = node.attr
        if text and any(matches(text, key) for key in LINKED_PAGES_KEYS):
            found.append((node.lineno, text))
    return [f"line {line}: {text!r}" for line, text in sorted(found)]


@pytest.mark.parametrize("path", list(PAGE_FILES.values()))
def test_pages_read_and_write_linked_values_by_link_name(path):
    found = linked_key_spellings((ROOT / path).read_text(encoding="utf-8"))
    assert not found, "widget keys of link parameters, spelled in the page (use ui.link_state(PAGE)[name]):\n" + \
        "\n".join(found)


def test_the_spelling_check_sees_every_form():
    source = "\n".join((
        'state["pw_in"] = 1', 'state.update(rf_dims=2)', 'x = state.sl_in', 'PICTURE = {"s_in": 3}',
        'for i in range(3):\n    state[f"d_rate_{i}"] = 1', 'st.button("b", on_click=f, args=("gc_groups",))',
        # not linked keys: a result's key, an attribute of another object, a link name, an f-string's bare field
        'st.code(x, key="pw_code")', 'n = grid.rf_size', 'values["in_channels"] = 1', 'k = f"{key}"',
    ))
    found = linked_key_spellings(source)
    assert [entry.split(": ", 1)[1] for entry in found] == \
        ["'pw_in'", "'rf_dims'", "'sl_in'", "'s_in'", "'d_rate_{}'", "'gc_groups'"], found


# ---- the explorer: its one table of bounds (ui/explorer/state.py's BOUNDS) feeds the widgets and the link parser --

def test_explorer_controls_show_the_bounds_tables_values_and_defaults():
    from ui.explorer.state import BOUNDS, DEFAULT_STATE, MORE_OPTIONS_KEY, per_dim_key

    at = open_page("pages/1_explorer.py")
    at.session_state[MORE_OPTIONS_KEY] = True  # the less common options (batch, the 1×1 layer after it, …)
    at.run()
    drawn = {widget.key: widget for kind in WIDGETS for widget in getattr(at, kind)}
    shown = {name: drawn[name] for name in BOUNDS if name in drawn}
    for name, widget in shown.items():
        assert (widget.min, widget.max) == BOUNDS[name], name
        assert widget.value == DEFAULT_STATE[name], name  # the first open shows the default layer
    at.session_state["transposed"] = True  # output_padding is a control of transposed layers
    at.session_state["pointwise"] = True  # pointwise_out, of a 1×1 layer after the layer
    at.session_state["per_dim"] = True  # one control per dimension
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    for name in ("output_padding", "pointwise_out"):
        key = per_dim_key(name, 0) if name == "output_padding" else name
        widget = find(at, key)
        assert (widget.min, widget.max) == BOUNDS[name], name
        shown[name] = widget
    for name in ("input_size", "kernel_size", "stride", "padding", "dilation"):
        for axis in range(2):  # the default layer is 2-D
            widget = find(at, per_dim_key(name, axis))
            assert (widget.min, widget.max) == BOUNDS[name], (name, axis)
    assert set(shown) == set(BOUNDS), set(BOUNDS) - set(shown)  # every bound in the table bounds a control
