"""Explorer links of transposed and causal layers: ``transposed``, ``output_padding`` and ``causal`` parsed,
repaired with a notice where PyTorch would refuse them, and written back canonically (round trip); the
shapes checked against the real modules."""

import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from convviz.layer.spec import ConvSpec
from convviz.text.i18n import LANGUAGES, t
from ui.explorer.link import EXPLORER_KEYS, explorer_query, parse_explorer
from ui.explorer.state import BOUNDS, DEFAULT_STATE, spec_from_state


def codes(parsed):
    return [n.code for n in parsed.notices]


def real_output_shape(spec: ConvSpec, shape: tuple[int, ...]) -> tuple[int, ...]:
    with torch.no_grad():
        return tuple(spec.to_module()(torch.zeros(shape)).shape)


@pytest.mark.parametrize(("raw", "expected"), [
    ({"transposed": "true", "stride": "2", "output_padding": "1", "kernel_size": "3"},
     ConvSpec(1, 1, 3, stride=2, output_padding=1, transposed=True)),
    ({"transposed": "on", "stride": "2x3", "output_padding": "1x2", "padding": "1"},
     ConvSpec(1, 1, 3, stride=(2, 3), output_padding=(1, 2), padding=1, transposed=True)),
    ({"transposed": "true", "dilation": "3", "output_padding": "2"},              # below the dilation is enough
     ConvSpec(1, 1, 3, dilation=3, output_padding=2, transposed=True)),
    ({"spatial_dims": "1", "causal": "true", "dilation": "2", "kernel_size": "2"},
     ConvSpec(1, 1, 2, dilation=2, causal=True, spatial_dims=1)),
    ({"spatial_dims": "3", "transposed": "true", "stride": "2", "output_padding": "1x0x1"},
     ConvSpec(1, 1, 3, stride=2, output_padding=(1, 0, 1), transposed=True, spatial_dims=3)),
    ({"transposed": "false", "causal": "false"}, ConvSpec(1, 1, 3)),
])
def test_formats(raw, expected):
    parsed = parse_explorer(raw)
    assert parsed.notices == []
    spec, shape, _ = spec_from_state(parsed.values)
    assert spec == expected
    assert spec.output_shape(shape) == real_output_shape(spec, shape)


def test_issue_link_shows_the_transposed_output_shape():
    parsed = parse_explorer({"transposed": "true", "stride": "2", "output_padding": "1", "kernel_size": "3"})
    spec, shape, _ = spec_from_state(parsed.values)
    assert spec.output_shape(shape) == (1, 1, 12, 12) == real_output_shape(spec, shape)  # (5 − 1)·2 + 3 + 1


@pytest.mark.parametrize(("raw", "notices", "expected"), [
    ({"transposed": "true", "output_padding": "1"}, ["output_padding"], ConvSpec(1, 1, 3, transposed=True)),
    ({"transposed": "true", "stride": "2", "output_padding": "4x1"}, ["output_padding"],
     ConvSpec(1, 1, 3, stride=2, output_padding=1, transposed=True)),
    ({"transposed": "true", "stride": "2", "output_padding": "9"}, ["clamped", "output_padding"],
     ConvSpec(1, 1, 3, stride=2, output_padding=1, transposed=True)),
    ({"output_padding": "1", "stride": "2"}, ["output_padding_forward"], ConvSpec(1, 1, 3, stride=2)),
    ({"causal": "true"}, ["causal_dims"], ConvSpec(1, 1, 3)),
    ({"spatial_dims": "1", "causal": "true", "transposed": "true"}, ["causal_transposed"],
     ConvSpec(1, 1, 3, transposed=True, spatial_dims=1)),
    ({"spatial_dims": "1", "causal": "true", "padding_mode": "reflect"}, ["causal_padding_mode"],
     ConvSpec(1, 1, 3, causal=True, spatial_dims=1)),
    ({"transposed": "true", "padding_mode": "circular", "padding": "1"}, ["transposed_padding_mode"],
     ConvSpec(1, 1, 3, padding=1, transposed=True)),
    ({"transposed": "true", "padding": "same"}, ["transposed_padding"], ConvSpec(1, 1, 3, transposed=True)),
    ({"transposed": "maybe"}, ["malformed"], ConvSpec(1, 1, 3)),
    ({"transposed": "true", "output_padding": "1x2x3"}, ["dims"], ConvSpec(1, 1, 3, transposed=True)),
])
def test_refused_or_repaired_with_a_notice(raw, notices, expected):
    parsed = parse_explorer(raw)
    assert codes(parsed) == notices
    assert spec_from_state(parsed.values)[0] == expected
    for notice in parsed.notices:
        for lang in LANGUAGES:
            assert t(notice.key, lang, **notice.params)


def test_old_links_read_as_before():
    query = explorer_query(parse_explorer({"in_channels": "64", "kernel_size": "3", "padding": "1"}).values)
    assert not {"transposed", "output_padding", "causal"} & set(query)


def test_causal_link_leaves_out_the_padding_it_replaces():
    parsed = parse_explorer({"spatial_dims": "1", "causal": "true", "padding": "2"})
    query = explorer_query(parsed.values)
    assert query["causal"] == "true" and "padding" not in query
    assert spec_from_state(parse_explorer(query).values)[0] == ConvSpec(1, 1, 3, causal=True, spatial_dims=1)


@settings(max_examples=150, deadline=None)
@given(dims=st.integers(1, 3), kind=st.sampled_from(["transposed", "causal", "forward"]), data=st.data())
def test_canonical_link_round_trips(dims, kind, data):
    per_dim = {name: tuple(data.draw(st.integers(*BOUNDS[name])) for _ in range(dims))
               for name in ("input_size", "kernel_size", "stride", "padding", "dilation")}
    output_padding = tuple(data.draw(st.integers(0, max(s, d) - 1))
                           for s, d in zip(per_dim["stride"], per_dim["dilation"]))
    state = dict(DEFAULT_STATE, spatial_dims=dims, per_dim=True, device="cpu", transposed=kind == "transposed",
                 causal=kind == "causal" and dims == 1, bias=data.draw(st.booleans()))
    for name, values in {**per_dim, "output_padding": output_padding}.items():
        for axis in range(3):
            state[f"{name}_{axis}"] = values[min(axis, dims - 1)]
    query = explorer_query(state)
    assert list(query) == [key for key in EXPLORER_KEYS if key in query]
    parsed = parse_explorer(query)
    assert parsed.notices == []
    assert spec_from_state(parsed.values) == spec_from_state(state)
    assert explorer_query(parsed.values) == query
