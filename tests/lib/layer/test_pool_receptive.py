"""PoolSpec against torch.nn.{Max,Avg}Pool{1,2,3}d, and receptive_field against known architectures and
against the gradient of real PyTorch layer stacks."""

from __future__ import annotations

import re
import warnings

import pytest
import torch
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError, PoolSpec, receptive_field

MAX_POOL = {1: torch.nn.MaxPool1d, 2: torch.nn.MaxPool2d, 3: torch.nn.MaxPool3d}
AVG_POOL = {1: torch.nn.AvgPool1d, 2: torch.nn.AvgPool2d, 3: torch.nn.AvgPool3d}


def assert_good_error(err: ConvSpecError, code: str) -> None:
    assert err.code == code, (err.code, str(err))
    message = str(err)
    assert message and "\n" not in message and not re.search(r"[.!?]\s+[A-Z]", message)
    if re.search(r"\d", message):
        assert err.params, message


def torch_pool(kind, dims, kernel, stride, padding, dilation, ceil_mode):
    if kind == "max":
        return MAX_POOL[dims](kernel, stride=stride, padding=padding, dilation=dilation, ceil_mode=ceil_mode)
    return AVG_POOL[dims](kernel, stride=stride, padding=padding, ceil_mode=ceil_mode)


# ---- PoolSpec ---------------------------------------------------------------------------------

def ints_or_tuple(draw, dims, low, high):
    if draw(st.booleans()):
        return tuple(draw(st.integers(low, high)) for _ in range(dims))
    return draw(st.integers(low, high))


@st.composite
def raw_pools(draw):
    dims = draw(st.sampled_from([1, 2, 3]))
    kind = draw(st.sampled_from(["max", "avg"]))
    kernel = ints_or_tuple(draw, dims, 1, 4)
    stride = None if draw(st.booleans()) else ints_or_tuple(draw, dims, 1, 3)
    padding = ints_or_tuple(draw, dims, 0, 2 if draw(st.integers(0, 3)) == 3 else 1)
    dilation = ints_or_tuple(draw, dims, 1, 3) if kind == "max" else 1
    ceil_mode = draw(st.booleans())
    shape = (draw(st.integers(1, 2)), draw(st.integers(1, 3)), *[draw(st.integers(1, 9)) for _ in range(dims)])
    return kind, dims, kernel, stride, padding, dilation, ceil_mode, shape


@settings(max_examples=60, deadline=None)
@given(raw_pools())
def test_poolspec_agrees_with_torch(raw):
    kind, dims, kernel, stride, padding, dilation, ceil_mode, shape = raw
    try:
        spec = PoolSpec(kernel, stride=stride, padding=padding, dilation=dilation, kind=kind,
                        ceil_mode=ceil_mode, spatial_dims=dims)
        ours = spec.output_shape(shape)
    except ConvSpecError as err:
        ours, our_error = None, err
    else:
        our_error = None
    try:
        with torch.inference_mode():
            y = torch_pool(kind, dims, kernel, stride, padding, dilation, ceil_mode)(torch.zeros(shape))
    except RuntimeError as err:
        theirs, their_error = None, err
    else:
        theirs, their_error = tuple(y.shape), None
        if 0 in theirs:
            their_error = "empty output"
    event(f"refused: {our_error.code}" if our_error else "accepted")
    assert (our_error is None) == (their_error is None), (our_error, their_error)
    if our_error is None:
        assert ours == theirs
        k = spec.kernel_size
        assert spec.stride == (k if stride is None else spec.stride)
        assert spec.effective_kernel_size == tuple(d * (kk - 1) + 1 for d, kk in zip(spec.dilation, k))


def test_pool_padding_rule_is_half_the_kernel_size():
    """PyTorch: "pad should be smaller than or equal to half of kernel size" — the kernel, not its span."""
    for dims in (1, 2, 3):
        x = torch.zeros((1, 1) + (12,) * dims)
        # kernel 2, dilation 3: span 4, but PyTorch allows padding 1 only
        with pytest.raises(RuntimeError):
            MAX_POOL[dims](2, padding=2, dilation=3)(x)
        with pytest.raises(ConvSpecError) as info:
            PoolSpec(2, padding=2, dilation=3, spatial_dims=dims)
        assert_good_error(info.value, "pool_padding")
        assert info.value.params["half"] == 1
        ok = PoolSpec(2, padding=1, dilation=3, spatial_dims=dims)
        assert ok.output_shape(tuple(x.shape)) == tuple(MAX_POOL[dims](2, padding=1, dilation=3)(x).shape)
    for kernel, padding in ((3, 2), (4, 3), (1, 1)):
        with pytest.raises(RuntimeError):
            torch.nn.AvgPool2d(kernel, padding=padding)(torch.zeros(1, 1, 12, 12))
        with pytest.raises(ConvSpecError) as info:
            PoolSpec(kernel, padding=padding, kind="avg")
        assert_good_error(info.value, "pool_padding")


def test_pool_errors():
    with pytest.raises(ConvSpecError) as info:
        PoolSpec(3, dilation=2, kind="avg")
    assert_good_error(info.value, "pool_avg_dilation")
    with pytest.raises(TypeError):
        torch.nn.AvgPool2d(3, dilation=2)  # PyTorch's average pooling has no dilation
    cases = [
        (dict(kernel_size=3, kind="min"), "pool_kind"),
        (dict(kernel_size=3, spatial_dims=0), "spatial_dims"),
        (dict(kernel_size=0), "positive"),
        (dict(kernel_size=3, stride=0), "positive"),
        (dict(kernel_size=3, dilation=0), "positive"),
        (dict(kernel_size=3, padding=-1), "pool_padding"),
        (dict(kernel_size=(3, 3, 3)), "tuple_length"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ConvSpecError) as info:
            PoolSpec(**kwargs)
        assert_good_error(info.value, code)
    for shape, code in (((1, 8, 8), "input_rank"), ((1, 1, 0, 8), "input_rank"), ((1, 1, 2, 8), "pool_too_large")):
        with pytest.raises(ConvSpecError) as info:
            PoolSpec(3).output_shape(shape)
        assert_good_error(info.value, code)


@pytest.mark.parametrize("ceil_mode", [False, True])
@pytest.mark.parametrize("kind", ["max", "avg"])
def test_pool_too_large_has_its_own_message_and_a_true_smallest_input(kind, ceil_mode):
    """A pool that does not fit says "pooling window" (not the convolution's "dilated kernel"), and the
    smallest input it names is the smallest PyTorch accepts (ceil mode lets a partial window start inside)."""
    from convviz.text.i18n import error_text

    spec = PoolSpec(3, stride=2, kind=kind, ceil_mode=ceil_mode)
    layer = torch_pool(kind, 2, 3, 2, 0, 1, ceil_mode)
    with pytest.raises(ConvSpecError) as info:
        spec.output_shape((1, 1, 1, 8))
    assert_good_error(info.value, "pool_too_large")
    smallest = info.value.params["smallest"]
    assert smallest == (2 if ceil_mode else 3)
    assert layer(torch.zeros(1, 1, smallest, 8)).shape[2] == 1
    with pytest.raises(RuntimeError):
        layer(torch.zeros(1, 1, smallest - 1, 8))
    en, zh = error_text(info.value, "en"), error_text(info.value, "zh")
    assert "pooling window" in en and "dilated kernel" not in en and f"at least {smallest} on H" in en
    assert "池化窗口" in zh and "膨胀后的卷积核" not in zh and str(smallest) in zh

def test_avg_pool_3d_needs_input_at_least_the_kernel():
    """PyTorch's avg_pool3d, unlike the 1-D/2-D ones, refuses an unpadded input smaller than the kernel."""
    with pytest.raises(RuntimeError):
        torch.nn.AvgPool3d(3, padding=1)(torch.zeros(1, 1, 2, 3, 3))
    y2d = torch.nn.AvgPool2d(3, padding=1)(torch.zeros(1, 1, 2, 3))
    with pytest.raises(ConvSpecError) as info:
        PoolSpec(3, padding=1, kind="avg", spatial_dims=3).output_shape((1, 1, 2, 3, 3))
    assert_good_error(info.value, "pool_avg3d_input")
    assert info.value.params["dim"] == "D" and info.value.params["size"] == 2
    assert PoolSpec(3, padding=1, kind="avg").output_shape((1, 1, 2, 3)) == tuple(y2d.shape)
    y3d = torch.nn.MaxPool3d(3, padding=1)(torch.zeros(1, 1, 2, 3, 3))
    assert PoolSpec(3, padding=1, spatial_dims=3).output_shape((1, 1, 2, 3, 3)) == tuple(y3d.shape)


def test_pool_stride_defaults_to_kernel():
    spec = PoolSpec((2, 3))
    assert spec.stride == (2, 3)
    x = torch.zeros(1, 2, 11, 11)
    assert spec.output_shape(tuple(x.shape)) == tuple(torch.nn.MaxPool2d((2, 3))(x).shape)
    assert torch.nn.MaxPool2d((2, 3)).stride == (2, 3)


def test_resnet_stem_pool():
    x = torch.zeros(1, 64, 112, 112)
    spec = PoolSpec(3, stride=2, padding=1)
    assert spec.output_shape(tuple(x.shape)) == tuple(torch.nn.MaxPool2d(3, 2, 1)(x).shape)


def test_ceil_mode_drops_a_window_starting_in_the_padding():
    # ceil((5 + 2 - 2) / 2) + 1 = 4 windows would start at -1, 1, 3, 5; the last starts in the right padding
    spec = PoolSpec(2, stride=2, padding=1, ceil_mode=True, spatial_dims=1)
    torch_out = torch.nn.MaxPool1d(2, 2, 1, ceil_mode=True)(torch.zeros(1, 1, 5))
    assert spec.output_shape((1, 1, 5)) == tuple(torch_out.shape)
    assert (5 + 2 - 2 + 1) // 2 + 1 == tuple(torch_out.shape)[-1] + 1


# ---- receptive_field: known architectures ---------------------------------------------------------

def test_three_3x3_convs():
    records = receptive_field([ConvSpec(8, 8, 3)] * 3)
    assert [r.size for r in records] == [(3, 3), (5, 5), (7, 7)]
    assert records[-1].jump == (1, 1) and records[-1].start == (0, 0)
    padded = receptive_field([ConvSpec(8, 8, 3, padding=1)] * 3)
    assert padded[-1].size == (7, 7) and padded[-1].jump == (1, 1) and padded[-1].start == (-3, -3)


def test_patchgan_is_70():
    channels = [3, 64, 128, 256, 512, 1]
    strides = [2, 2, 2, 1, 1]
    stack = [ConvSpec(c_in, c_out, 4, stride=s, padding=1)
             for c_in, c_out, s in zip(channels, channels[1:], strides)]
    records = receptive_field(stack)
    assert records[-1].size == (70, 70)
    assert records[-1].jump == (8, 8)
    # the usual 256×256 input gives PatchGAN's 30×30 map of patches
    shape = (1, 3, 256, 256)
    for spec in stack:
        shape = spec.output_shape(shape)
    assert shape == (1, 1, 30, 30)


def test_wavenet_1025():
    stack = [ConvSpec(16, 16, 2, spatial_dims=1)]
    stack += [ConvSpec(16, 16, 2, dilation=2 ** i, spatial_dims=1) for i in range(10)]
    records = receptive_field(stack)
    assert records[-1].size == (1025,)
    assert records[-1].jump == (1,) and records[-1].start == (0,)


def test_resnet_stem_by_hand():
    conv, pool = ConvSpec(3, 64, 7, stride=2, padding=3), PoolSpec(3, stride=2, padding=1)
    after_conv, after_pool = receptive_field([conv, pool])
    # conv: size 7, jump 2, start −3; pool: size 7 + (3 − 1)·2 = 11, jump 2·2 = 4, start −3 − 1·2 = −5
    assert (after_conv.size, after_conv.jump, after_conv.start) == ((7, 7), (2, 2), (-3, -3))
    assert (after_pool.size, after_pool.jump, after_pool.start) == ((11, 11), (4, 4), (-5, -5))
    assert after_pool.span((1, 2)) == ((-1, 9), (3, 13))


def test_gridding_leaves_holes():
    """Three dilation-2 3×3 layers: span 13 but only every other input element is read (BRIEF note 6)."""
    stack = [ConvSpec(1, 1, 3, dilation=2, bias=False, spatial_dims=1)] * 3
    assert receptive_field(stack)[-1].size == (13,)
    deps = dependencies(stack, (1, 1, 40), (0,))[0]
    assert deps == list(range(0, 13, 2))


def test_receptive_field_errors():
    with pytest.raises(ConvSpecError) as info:
        receptive_field([])
    assert_good_error(info.value, "rf_empty")
    with pytest.raises(ConvSpecError) as info:
        receptive_field([ConvSpec(1, 1, 3), ConvSpec(1, 1, 3, spatial_dims=1)])
    assert_good_error(info.value, "rf_dims")
    assert info.value.params["index"] == 2
    with pytest.raises(ConvSpecError) as info:
        receptive_field([ConvSpec(1, 1, 3, spatial_dims=1), PoolSpec(2, spatial_dims=2)])
    assert_good_error(info.value, "rf_dims")
    with pytest.raises(ConvSpecError) as info:
        receptive_field([ConvSpec(1, 1, 3), torch.nn.Conv2d(1, 1, 3)])
    assert_good_error(info.value, "rf_layer")


# ---- receptive_field: empirically, from the gradient of real layers -------------------------------

def torch_layer(layer):
    """All-ones weights, no bias, zero padding: every dependency shows up as a positive gradient."""
    if isinstance(layer, PoolSpec):
        return AVG_POOL[layer.spatial_dims](layer.kernel_size, layer.stride, layer.padding,
                                            ceil_mode=layer.ceil_mode, count_include_pad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        module = layer.to_module().double()
    with torch.no_grad():
        module.weight.fill_(1.0)
    return module


def dependencies(stack, input_shape, index):
    """Per spatial dimension, the sorted input indices that output element ``index`` (channel 0) reads."""
    x = torch.ones(input_shape, dtype=torch.float64, requires_grad=True)
    y = x
    for layer in stack:
        y = torch_layer(layer)(y)
    y[(0, 0, *index)].backward()
    grad = x.grad[0].sum(0)  # over channels
    dims = grad.dim()
    deps = []
    for axis in range(dims):
        other = tuple(a for a in range(dims) if a != axis)
        profile = grad.sum(other) if other else grad
        deps.append(torch.nonzero(profile).flatten().tolist())
    return deps


@st.composite
def stacks(draw):
    dims = draw(st.sampled_from([1, 2]))
    layers = []
    for _ in range(draw(st.integers(1, 4))):
        if draw(st.integers(0, 3)) == 3:
            kernel = draw(st.integers(1, 3))
            layers.append(PoolSpec(kernel, stride=draw(st.sampled_from([None, 1, 2])),
                                   padding=draw(st.integers(0, kernel // 2)), kind="avg",
                                   ceil_mode=draw(st.booleans()), spatial_dims=dims))
        else:
            kernel = draw(st.integers(1, 4))
            dilated = draw(st.integers(0, 3)) == 3
            layers.append(ConvSpec(1, 1, kernel, stride=draw(st.integers(1, 3 if dilated else kernel)),
                                   padding=draw(st.integers(0, 3)),
                                   dilation=draw(st.integers(2, 3)) if dilated else 1,
                                   bias=False, spatial_dims=dims))
    return dims, layers


@settings(max_examples=50, deadline=None)
@given(stacks())
def test_receptive_field_matches_gradient(drawn):
    dims, stack = drawn
    size = 40 if dims == 1 else 24
    input_shape = (1, 1) + (size,) * dims
    shape = input_shape
    try:
        for layer in stack:
            shape = layer.output_shape(shape)
    except ConvSpecError:
        assume(False)
    record = receptive_field(stack)[-1]
    hole_free = all(
        (layer.dilation == (1,) * dims) and all(k >= s for k, s in zip(layer.kernel_size, layer.stride))
        for layer in stack
    )
    event("hole-free" if hole_free else "with holes")
    out_spatial = shape[2:]
    for index in [(0,) * dims, tuple(o - 1 for o in out_spatial), tuple(o // 2 for o in out_spatial)]:
        deps = dependencies(stack, input_shape, index)
        for (first, last), dep, span_size in zip(record.span(index), deps, record.size):
            assert last - first + 1 == span_size
            # a span inside the input is read at both ends (with an end in the padding, the output may
            # read some intermediate layer's padding only, so only containment holds)
            if 0 <= first and last <= size - 1:
                event("span inside the input")
                assert dep and dep[0] == first and dep[-1] == last
            if dep:
                assert first <= dep[0] and dep[-1] <= last
                if hole_free:
                    assert dep == list(range(dep[0], dep[-1] + 1))
