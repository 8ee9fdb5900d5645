"""The link validator: every format, clamping and refusals with notices, garbage never raises, canonical links
read back to the same layer, and every notice renders in both languages."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.layer.spec import ConvSpec
from convviz.lessons.quiz import LEVELS as QUIZ_LEVELS
from convviz.links import display_value, parse_common
from convviz.text.i18n import LANGUAGES, t
from ui.explorer.link import EXPLORER_KEYS, explorer_query, parse_explorer
from ui.explorer.state import BOUNDS, DEFAULT_STATE, spec_from_state
from ui.link_schema import parse_quiz, quiz_query


def codes(parsed):
    return [n.code for n in parsed.notices]


def layer(values):
    return spec_from_state(values)


def test_issue_link_gives_the_grouped_layer():
    parsed = parse_explorer({"in_channels": "64", "out_channels": "128", "kernel_size": "3", "padding": "1",
                             "groups": "4", "input_size": "32"})
    assert parsed.notices == [] and parsed.from_link
    spec, shape, pointwise = layer(parsed.values)
    assert spec == ConvSpec(64, 128, 3, padding=1, groups=4) and pointwise is None
    assert spec.output_shape(shape) == (1, 128, 32, 32) and spec.param_count() == 18_560


def test_no_explorer_key_leaves_the_session_alone():
    parsed = parse_explorer({"lang": "zh", "present": "true", "seed": "3"})
    assert not parsed.from_link and parsed.values == {} and parsed.notices == []


@pytest.mark.parametrize(("raw", "expected"), [
    ({"kernel_size": "3x5"}, ConvSpec(1, 1, (3, 5))),
    ({"kernel_size": "3×5", "stride": "1, 2"}, ConvSpec(1, 1, (3, 5), stride=(1, 2))),
    ({"padding": "1x2"}, ConvSpec(1, 1, 3, padding=(1, 2))),
    ({"padding": "same", "dilation": "2"}, ConvSpec(1, 1, 3, padding="same", dilation=2)),
    ({"padding": " VALID "}, ConvSpec(1, 1, 3, padding="valid")),
    ({"bias": "false", "padding_mode": "reflect", "padding": "1"},
     ConvSpec(1, 1, 3, bias=False, padding_mode="reflect", padding=1)),
    ({"spatial_dims": "3", "kernel_size": "1x3x3"}, ConvSpec(1, 1, (1, 3, 3), spatial_dims=3)),
    ({"spatial_dims": "1", "kernel_size": "2", "in_channels": "4", "out_channels": "6", "groups": "2"},
     ConvSpec(4, 6, 2, groups=2, spatial_dims=1)),
])
def test_formats(raw, expected):
    parsed = parse_explorer(raw)
    assert parsed.notices == []
    assert layer(parsed.values)[0] == expected


def test_input_size_batch_pointwise_device():
    parsed = parse_explorer({"input_size": "32x16", "batch": "4", "in_channels": "8", "pointwise": "16",
                             "device": "cuda"}, devices=("cpu", "cuda"))
    spec, shape, pointwise = layer(parsed.values)
    assert shape == (4, 8, 32, 16) and pointwise == ConvSpec(1, 16, 1)  # after the default out_channels=1
    assert parsed.values["device"] == "cuda" and parsed.values["per_dim"]


@pytest.mark.parametrize(("raw", "notice", "field", "used"), [
    ({"kernel_size": "-3"}, "clamped", "kernel_size", 1),
    ({"input_size": "99999999"}, "clamped", "input_size", BOUNDS["input_size"][1]),
    ({"in_channels": "0"}, "clamped", "in_channels", 1),
    ({"stride": "100"}, "clamped", "stride", BOUNDS["stride"][1]),
    ({"groups": "abc"}, "malformed", "groups", 1),
    ({"kernel_size": "3.5"}, "malformed", "kernel_size", DEFAULT_STATE["kernel_size"]),
    ({"kernel_size": "3x5x7"}, "dims", "kernel_size", DEFAULT_STATE["kernel_size"]),
    ({"bias": "maybe"}, "malformed", "bias", True),
    ({"padding_mode": "mirror"}, "choice", "padding_mode", "zeros"),
    ({"spatial_dims": "4"}, "choice", "spatial_dims", 2),
    ({"device": "cuda"}, "choice_one", "device", "cpu"),  # one device here: "only cpu", not "one of cpu"
    ({"in_channels": "64", "out_channels": "64", "groups": "3"}, "groups", "groups", 1),
    ({"padding": "same", "stride": "2"}, "same_stride", "padding_kind", "number"),
])
def test_out_of_range_malformed_and_invalid_together(raw, notice, field, used):
    parsed = parse_explorer(raw)
    assert codes(parsed) == [notice]
    assert parsed.values[field] == used


def test_groups_notice_lists_the_valid_values():
    (notice,) = parse_explorer({"in_channels": "64", "out_channels": "64", "groups": "3"}).notices
    assert notice.params["valid"] == "1, 2, 4, 8, 16, 32, 64"


def test_repeated_parameter_uses_the_last_value():
    assert parse_explorer({"kernel_size": ["3", "5"]}).values["kernel_size"] == 5


@pytest.mark.parametrize(("raw", "values", "notices"), [
    ({"lang": "zh"}, {"lang": "zh"}, []),
    ({"lang": "zh-CN"}, {"lang": "zh"}, []),
    ({"lang": "xx"}, {"lang": "en"}, ["lang"]),
    ({"present": "true"}, {"present": True}, []),
    ({"present": "OFF"}, {"present": False}, []),
    ({"present": "2"}, {}, ["malformed"]),
])
def test_common_parameters(raw, values, notices):
    parsed = parse_common(raw)
    assert parsed.values == values and codes(parsed) == notices


def test_quiz_parameters():
    assert parse_quiz({"seed": "7", "level": "Hard"}).values == {"seed": 7, "level": "hard"}
    parsed = parse_quiz({"seed": "-1", "level": "expert"})
    assert parsed.values == {"seed": 0} and codes(parsed) == ["clamped", "choice"]
    assert parse_quiz(quiz_query(123, "medium")).values == {"seed": 123, "level": "medium"}


def test_display_value_is_short_and_inert():
    shown = display_value("`x`\n[a](http://e)" + "9" * 100)
    assert "`" not in shown and "\n" not in shown and len(shown) <= 40


# ---- properties --------------------------------------------------------------------------------------

garbage = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)
numberish = st.one_of(
    st.integers(-10**40, 10**40).map(str),
    st.lists(st.integers(-20, 40), min_size=1, max_size=4).map(lambda v: "x".join(map(str, v))),
    st.sampled_from(["same", "valid", "true", "false", "", " ", "１２", "3,5", "nan", "1e3", "0x10", "{0}",
                     "{name!r}", "__import__('os')", "%s%s"]),
    garbage,
)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.sampled_from([*EXPLORER_KEYS, "lang", "present", "seed", "level", "other"]),
                       st.one_of(numberish, st.lists(numberish, max_size=3)), max_size=10))
def test_garbage_never_raises_and_gives_a_usable_state(raw):
    for parse in (parse_common, parse_quiz):
        parse(raw)
    parsed = parse_explorer(raw, devices=("cpu",))
    for notice in parsed.notices:  # every notice renders in both languages
        for lang in LANGUAGES:
            t(notice.key, lang, **notice.params)
    if parsed.from_link:
        spec, shape, _ = layer(parsed.values)  # never a construction error: groups and 'same' repaired
        for name in ("kernel_size", "stride", "dilation"):
            low, high = BOUNDS[name]
            assert all(low <= v <= high for v in getattr(spec, name))
        assert all(BOUNDS["input_size"][0] <= s <= BOUNDS["input_size"][1] for s in shape[2:])
        again = parse_explorer(explorer_query(parsed.values), devices=("cpu",))
        assert again.notices == [] and layer(again.values) == (spec, shape, layer(parsed.values)[2])


sizes = st.integers(1, 8)


@settings(max_examples=200, deadline=None)
@given(dims=st.integers(1, 3), data=st.data())
def test_canonical_link_round_trips(dims, data):
    per_dim = {name: tuple(data.draw(st.integers(*BOUNDS[name])) for _ in range(dims))
               for name in ("input_size", "kernel_size", "stride", "padding", "dilation")}
    cin, cout = data.draw(sizes) * 4, data.draw(sizes) * 2
    from convviz.layer.spec import valid_groups
    state = dict(DEFAULT_STATE, spatial_dims=dims, in_channels=cin, out_channels=cout, per_dim=True,
                 groups=data.draw(st.sampled_from(valid_groups(cin, cout))), batch=data.draw(st.integers(1, 64)),
                 bias=data.draw(st.booleans()), padding_mode=data.draw(st.sampled_from(["zeros", "circular"])),
                 padding_kind=data.draw(st.sampled_from(["number", "valid"])), device="cpu",
                 pointwise=data.draw(st.booleans()), pointwise_out=data.draw(st.integers(1, 2048)))
    for name, values in per_dim.items():
        for axis in range(3):
            state[f"{name}_{axis}"] = values[min(axis, dims - 1)]
    query = explorer_query(state)
    assert all(set(value) <= set(string.ascii_lowercase + string.digits) for value in query.values())
    assert list(query) == [key for key in EXPLORER_KEYS if key in query]
    parsed = parse_explorer(query)
    assert parsed.notices == []
    assert layer(parsed.values) == layer(state)
    assert explorer_query(parsed.values) == query


@pytest.mark.parametrize("level", QUIZ_LEVELS)
def test_quiz_levels_round_trip(level):
    assert parse_quiz(quiz_query(5, level)).notices == []
