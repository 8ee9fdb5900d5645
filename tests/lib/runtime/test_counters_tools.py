"""The counter cross-check against the real tools: for random layers, the number the explorer shows for each tool
(``counter_reports``' ``value``) is exactly what that tool reports.

The tools are pinned in requirements-dev.txt (torchinfo 1.8.0, fvcore 0.1.5.post20221221, ptflops 0.7.5,
ultralytics-thop 2.2.3). What each returns, as called by :func:`real_counts`:

- ``FlopCounterMode().get_total_flops()``: FLOPs (2 per MAC), bias not counted, the whole batch.
- fvcore ``FlopCountAnalysis(module, x).total()``: one "flop" per MAC, bias not counted, the whole batch.
- thop ``profile(module, inputs=(x,))[0]``: MACs, bias not counted, the whole batch.
- torchinfo ``summary(module, input_data=x).total_mult_adds``: Mult-Adds (MACs), bias counted (one per output
  element), the whole batch.
- ptflops ``get_model_complexity_info(module, x.shape[1:], backend='pytorch')[0]``: MACs, bias counted, for ONE
  sample (it builds a batch of one; given a larger batch through ``input_constructor`` it divides by its size).
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings

import ptflops
import thop
import torch
import torchinfo
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec, ConvSpecError
from convviz.layer.spec import PADDING_MODES, valid_groups
from convviz.runtime.counters import TOOLS, counter_reports

with warnings.catch_warnings():  # fvcore's focal losses call torch.jit.script at import: a DeprecationWarning
    warnings.simplefilter("ignore", DeprecationWarning)
    import fvcore.nn as fvcore_nn


def real_counts(spec: ConvSpec, input_shape: tuple[int, ...]) -> dict[str, float]:
    """Each tool's own number for ``spec.to_module()`` on a random input of ``input_shape``, in :data:`TOOLS`
    order (ptflops: for one sample, on its own batch of one)."""
    torch.manual_seed(0)
    module = spec.to_module().eval()
    x = torch.randn(input_shape)
    counts: dict[str, float] = {}
    sink = io.StringIO()
    with warnings.catch_warnings(), contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink), \
            torch.no_grad():
        warnings.simplefilter("ignore")
        logging.disable(logging.WARNING)
        try:
            with FlopCounterMode(display=False) as counter:
                module(x)
            counts["FlopCounterMode"] = counter.get_total_flops()
            analysis = fvcore_nn.FlopCountAnalysis(module, (x,))
            analysis.unsupported_ops_warnings(False).uncalled_modules_warnings(False)
            counts["fvcore"] = analysis.total()
            counts["thop"] = thop.profile(module, inputs=(x,), verbose=False)[0]
            counts["torchinfo"] = torchinfo.summary(module, input_data=x, verbose=0).total_mult_adds
            counts["ptflops"] = ptflops.get_model_complexity_info(
                module, tuple(input_shape[1:]), as_strings=False, print_per_layer_stat=False,
                backend="pytorch", ost=sink)[0]
        finally:
            logging.disable(logging.NOTSET)
    return counts


def shown(spec: ConvSpec, input_shape: tuple[int, ...]) -> dict[str, int]:
    """What the explorer's compute topic shows for each tool: ``counter_reports``' values."""
    return {report.tool: report.value for report in counter_reports(spec, input_shape)}


def test_the_issue_example_against_the_tools():
    spec, shape = ConvSpec(32, 64, 3, padding=1), (1, 32, 56, 56)
    assert real_counts(spec, shape) == shown(spec, shape) == {
        "FlopCounterMode": 115_605_504, "fvcore": 57_802_752, "thop": 57_802_752, "torchinfo": 58_003_456,
        "ptflops": 58_003_456}


def test_a_transposed_layer_against_the_tools():
    """ConvTranspose2d(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2) on (2, 4, 5, 7): out (2, 6, 10,
    14). The products made: 2·4·5·7 input elements × 6/2·3·3 weights each = 7,560 MACs; bias: 2·6·10·14 = 1,680."""
    spec = ConvSpec(4, 6, 3, stride=2, padding=1, output_padding=1, groups=2, transposed=True)
    shape = (2, 4, 5, 7)
    assert spec.output_shape(shape) == (2, 6, 10, 14)
    expected = {"FlopCounterMode": 2 * 7_560, "fvcore": 7_560, "thop": 7_560,
                "torchinfo": 4 * 3 * 3 * 3 * 10 * 14 * 2 + 1_680,     # every weight × every output position
                "ptflops": (7_560 + 1_680) // 2}                      # one sample
    assert real_counts(spec, shape) == shown(spec, shape) == expected


@st.composite
def layers(draw):
    """A random layer and input: 1/2/3-D, groups, dilation, stride, padding (ints, per dimension, 'same'),
    padding modes, bias on and off, causal 1-D, and ConvTranspose1/2/3d with output_padding."""
    dims = draw(st.integers(1, 3))
    transposed = draw(st.booleans())
    cin, cout = draw(st.sampled_from([1, 2, 3, 4, 6])), draw(st.sampled_from([1, 2, 4, 6]))

    def per_dim(lo, hi):
        return st.one_of(st.integers(lo, hi), st.tuples(*[st.integers(lo, hi)] * dims))

    options = dict(kernel_size=draw(per_dim(1, 3)), stride=draw(per_dim(1, 3)), dilation=draw(per_dim(1, 2)),
                   groups=draw(st.sampled_from(valid_groups(cin, cout))), bias=draw(st.booleans()),
                   spatial_dims=dims, transposed=transposed)
    if transposed:
        options["padding"] = draw(per_dim(0, 2))
        options["output_padding"] = draw(st.integers(0, 2))
    elif dims == 1 and draw(st.integers(0, 5)) == 0:
        options["causal"] = True
    else:
        options["padding"] = draw(st.one_of(per_dim(0, 2), st.just("same")))
        options["padding_mode"] = draw(st.sampled_from(PADDING_MODES))
        if options["padding"] == "same":
            options["stride"] = 1
    try:
        spec = ConvSpec(cin, cout, **options)
        shape = (draw(st.integers(1, 3)), cin, *draw(st.tuples(*[st.integers(3, {1: 12, 2: 8, 3: 5}[dims])] * dims)))
        spec.output_shape(shape)
    except ConvSpecError:
        assume(False)
    return spec, shape


@settings(max_examples=300, deadline=None)
@given(layer=layers())
def test_the_explorer_shows_each_tools_own_number(layer):
    spec, shape = layer
    event(f"{spec.spatial_dims}-D, {'transposed' if spec.transposed else 'causal' if spec.causal else 'convolution'}")
    real = real_counts(spec, shape)
    assert list(real) == list(TOOLS)
    assert shown(spec, shape) == real, (spec, shape)
