"""The layer-stack table (convviz.receptive_lab.stack) and receptive_field against PyTorch itself: the cases from public
reports, the presets' famous numbers, output shapes of the real modules, and — for random stacks — size, jump
and start against the gradient support of an interior output element, with the path-count coverage
proportional to that gradient."""

from dataclasses import replace

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convviz import ConvSpec, ConvSpecError, PoolSpec, receptive_field
from convviz.receptive_lab import stack as sk
from convviz.receptive_lab.coverage import path_counts


def torch_stack(layers, *, ones=True):
    """One-channel torch modules with the layers' geometry: convolutions with all-ones weights and no bias,
    max pooling replaced by an all-ones convolution of the same kernel, stride, padding and dilation, average
    pooling kept as it is (its gradient is the all-ones one divided by the window size)."""
    modules = []
    for layer in layers:
        if isinstance(layer, PoolSpec) and layer.kind == "avg":
            cls = (torch.nn.AvgPool1d, torch.nn.AvgPool2d)[layer.spatial_dims - 1]
            modules.append(cls(layer.kernel_size, layer.stride, layer.padding))
            continue
        if isinstance(layer, PoolSpec):
            conv = ConvSpec(1, 1, layer.kernel_size, stride=layer.stride, padding=layer.padding,
                            dilation=layer.dilation, bias=False, spatial_dims=layer.spatial_dims)
        else:
            conv = replace(layer, in_channels=1, out_channels=1, groups=1, bias=False)
        module = conv.to_module().double()
        with torch.no_grad():
            for parameter in module.parameters():
                parameter.fill_(1.0)
        modules.append(module)
    return torch.nn.Sequential(*modules)


def gradient(layers, input_size, index):
    x = torch.zeros((1, 1, *input_size), dtype=torch.float64, requires_grad=True)
    torch_stack(layers)(x)[(0, 0, *index)].backward()
    return x.grad[0, 0].numpy()


def support(grad):
    """(first, last) input index of the nonzero gradient, per dimension."""
    nonzero = np.nonzero(grad)
    return tuple((int(axis.min()), int(axis.max())) for axis in nonzero)


def sizes_of(layers):
    return [r.size[0] for r in receptive_field(layers)]


# ---- cases from public reports ----------------------------------------------------------------------------

def test_dilated_1d_layers_give_3_7_13():
    layers = [ConvSpec(1, 1, 3, dilation=d, spatial_dims=1) for d in (1, 2, 3)]
    assert sizes_of(layers) == [3, 7, 13]
    assert support(gradient(layers, (40,), (10,))) == ((10, 22),)  # 13 elements from output 10's start


def test_conv5_then_conv3_is_5_then_7_measured_from_the_input():
    layers = [ConvSpec(3, 8, 5), ConvSpec(8, 16, 3)]
    assert sizes_of(layers) == [5, 7]
    x = torch.zeros(1, 3, 20, 20, requires_grad=True)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 8, 5), torch.nn.Conv2d(8, 16, 3))
    net(x)[0, :, 5, 5].sum().backward()
    (r0, r1), (c0, c1) = support(x.grad.abs().sum(dim=(0, 1)).numpy())
    assert (r1 - r0 + 1, c1 - c0 + 1) == (7, 7)


def test_tcn_two_convs_per_block_is_253():
    layers = [ConvSpec(1, 1, 3, dilation=d, causal=True, spatial_dims=1) for d in (1, 2, 4, 8, 16, 32) for _ in "ab"]
    assert receptive_field(layers)[-1].size == (253,)
    preset = sk.PRESETS["tcn"]
    parsed = sk.parse_rows(preset.rows, spatial_dims=1, in_channels=1)
    assert receptive_field(parsed.layers)[-1].size == (253,)
    grad = gradient(layers, (300,), (299,))
    assert support(grad) == ((299 - 252, 299),)  # causal: the 253 newest samples


def test_kernel4_stride2_padding1_starts_at_minus_one():
    rf = receptive_field([ConvSpec(1, 1, 4, stride=2, padding=1, spatial_dims=1)])[0]
    assert (rf.start, rf.size, rf.jump) == ((-1,), (4,), (2,))
    assert rf.span((0,)) == ((-1, 2),)
    assert support(gradient([ConvSpec(1, 1, 4, stride=2, padding=1, spatial_dims=1)], (10,), (0,))) == ((0, 2),)


# ---- presets ------------------------------------------------------------------------------------------------

def preset_layers(key):
    preset = sk.PRESETS[key]
    parsed = sk.parse_rows(preset.rows, spatial_dims=preset.spatial_dims, in_channels=preset.in_channels)
    assert parsed.ok, parsed.errors
    return preset, parsed.layers


@pytest.mark.parametrize(("key", "size", "jump"), [
    ("wavenet", (1025,), (1,)), ("tcn", (253,), (1,)), ("patchgan", (70, 70), (8, 8)), ("vgg", (44, 44), (8, 8)),
    ("resnet", (99, 99), (8, 8)), ("mobilenet", (27, 27), (8, 8)), ("hdc_125", (17, 17), (1, 1)),
    ("hdc_222", (13, 13), (1, 1)),
])
def test_preset_receptive_fields(key, size, jump):
    _, layers = preset_layers(key)
    rf = receptive_field(layers)[-1]
    assert (rf.size, rf.jump) == (size, jump)


@pytest.mark.parametrize("key", list(sk.PRESETS))
def test_preset_output_shapes_equal_the_real_modules(key):
    preset, layers = preset_layers(key)
    shape = (1, preset.in_channels) + (preset.input_size,) * preset.spatial_dims
    table = sk.layer_table(layers, shape)
    x = torch.empty(shape, device="meta")
    for info in table:
        layer = info.layer
        if isinstance(layer, PoolSpec):
            cls = {("max", 2): torch.nn.MaxPool2d, ("avg", 2): torch.nn.AvgPool2d}[(layer.kind, layer.spatial_dims)]
            module = cls(layer.kernel_size, layer.stride, layer.padding)
        else:
            module = layer.to_module().to("meta")
            assert sum(p.numel() for p in module.parameters()) == info.params
        x = module(x)
        assert tuple(x.shape) == info.output_shape


def test_mobilenet_blocks_see_what_standard_3x3_convolutions_see():
    _, layers = preset_layers("mobilenet")
    standard = [replace(layer, groups=1) for layer in layers if layer.kernel_size != (1, 1)]
    assert receptive_field(layers)[-1] == receptive_field(standard)[-1]


def test_patchgan_output_reads_a_70x70_patch_in_torch():
    _, layers = preset_layers("patchgan")
    support_box = support(gradient(layers, (256, 256), (15, 15)))
    assert [last - first + 1 for first, last in support_box] == [70, 70]
    assert support_box == receptive_field(layers)[-1].span((15, 15))


# ---- random stacks against the gradient ------------------------------------------------------------------

@st.composite
def stacks(draw):
    dims = draw(st.sampled_from([1, 2]))
    layers = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["conv", "conv", "max", "avg"]))
        k, s = draw(st.integers(1, 4)), draw(st.integers(1, 3))
        if kind == "conv":
            layers.append(ConvSpec(1, 1, k, stride=s, padding=draw(st.integers(0, 2)),
                                   dilation=draw(st.integers(1, 3)), spatial_dims=dims))
        else:
            layers.append(PoolSpec(k, stride=s, padding=draw(st.integers(0, k // 2)), kind=kind,
                                   dilation=draw(st.integers(1, 2)) if kind == "max" else 1, spatial_dims=dims))
    return layers


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(stacks())
def test_size_jump_start_equal_the_gradient_support_of_an_interior_output(layers):
    rf = receptive_field(layers)[-1]
    dims = layers[0].spatial_dims
    n = rf.size[0] + 2 * abs(rf.start[0]) + 3 * rf.jump[0] + 2
    size = (n,) * dims
    try:
        out = sk.output_shapes(layers, (1, 1, *size))[-1][2:]
    except ConvSpecError:
        assume(False)
    # an output element whose span, and that of its neighbour, lie inside the input
    inside = [i for i in range(out[0] - 1)
              if rf.start[0] + i * rf.jump[0] >= 0 and rf.start[0] + (i + 1) * rf.jump[0] + rf.size[0] <= n]
    assume(inside)
    i = inside[0]
    index = (i,) * dims
    grad = gradient(layers, size, index)
    assert support(grad) == rf.span(index)
    neighbour = support(gradient(layers, size, (i + 1,) * dims))
    assert neighbour[0][0] - support(grad)[0][0] == rf.jump[0]
    counts = path_counts(layers, size, output_index=index).astype(np.float64)
    assert np.array_equal(counts > 0, grad > 0)
    np.testing.assert_allclose(counts * (grad.sum() / counts.sum()), grad, rtol=1e-9, atol=1e-12)


# ---- the table ---------------------------------------------------------------------------------------------

def test_rows_round_trip_and_channels_chain():
    _, layers = preset_layers("resnet")
    rows = sk.layers_to_rows(layers)
    again = sk.parse_rows(rows, spatial_dims=2, in_channels=3)
    assert again.layers == layers
    assert [getattr(layer, "in_channels", None) for layer in layers][:3] == [3, None, 64]


def test_invalid_rows_give_one_error_each_and_valid_rows_still_parse():
    rows = [
        sk.conv(8, 3, 1, 1),
        {"type": "conv", "kernel_size": float("nan"), "stride": 1, "padding": "0"},  # empty kernel cell
        {"type": "pool", "kernel_size": 2},  # unknown type
        sk.conv(6, 3, groups=4),  # 4 does not divide 8 and 6
        {"type": "max-pool", "kernel_size": 2, "padding": "same"},  # pooling padding word
        {"type": "conv", "kernel_size": "2.5"},
        {"type": "conv", "kernel_size": 3, "padding": "wide"},
        {"type": "conv", "kernel_size": 3, "stride": -1},
        {"type": "avg-pool", "kernel_size": 3, "dilation": 2},
        sk.conv(4, 3, padding="causal"),  # causal needs 1-D
        {"type": "conv", "kernel_size": 3, "stride": None, "dilation": "", "groups": None, "channels": None},
    ]
    parsed = sk.parse_rows(rows, spatial_dims=2, in_channels=3)
    codes = {e.row: e.error.code for e in parsed.errors}
    assert codes == {2: "stack_cell_missing", 3: "stack_type", 4: "groups_divide", 5: "stack_pool_padding",
                     6: "stack_cell_integer", 7: "stack_padding", 8: "stack_cell_range", 9: "pool_avg_dilation",
                     10: "causal_dims"}
    assert not parsed.ok and len(parsed.layers) == 2
    # empty cells: stride 1, dilation 1, groups 1, channels kept (4, from the failed but readable row 10)
    assert parsed.layers[1] == ConvSpec(4, 4, 3)


def test_empty_and_too_long_stacks():
    assert sk.parse_rows([], spatial_dims=2, in_channels=1).errors[0].error.code == "rf_empty"
    parsed = sk.parse_rows([sk.conv(1)] * (sk.MAX_LAYERS + 1), spatial_dims=2, in_channels=1)
    assert [e.error.code for e in parsed.errors] == ["stack_too_long"]


def test_output_sizes_and_the_layer_that_cannot_pass():
    layers = [ConvSpec(1, 1, 3, spatial_dims=1)] * 5
    table = sk.layer_table(layers, (1, 1, 12))
    assert [info.rf.size[0] for info in table] == [3, 5, 7, 9, 11]
    assert [info.output_shape[2] for info in table] == [10, 8, 6, 4, 2]
    with pytest.raises(ConvSpecError) as caught:
        sk.layer_table([ConvSpec(1, 1, 3, spatial_dims=1)] * 5, (1, 1, 9))
    assert caught.value.params["layer"] == 5  # 9 → 7 → 5 → 3 → 1 → nothing


# ---- what the border and centre outputs read of a bounded input, against the gradient ------------------------

def real_reads(layers, input_size, index):
    """(first, last) input index per dimension that output ``index`` of the real stack depends on: the support of
    its gradient w.r.t. the input (all-ones weights, zero padding, PyTorch's own output sizes); None if none."""
    grad = gradient(layers, input_size, index)
    return support(grad) if grad.any() else None


def output_size(layers, input_size):
    x = torch.zeros((1, 1, *input_size), dtype=torch.float64)
    return tuple(torch_stack(layers)(x).shape[2:])


def test_patchgan_on_64_layer_5_is_larger_than_the_input_and_its_border_outputs_still_gain():
    """The 70×70 PatchGAN on 64×64: at layer 5 the receptive field (70) exceeds the input, yet output 0 of the
    real stack reads rows and columns 0…30 after layer 4 and 0…46 after layer 5 (16 more each way), and no
    output reads the whole input (the centre output reads 1…63)."""
    _, layers = preset_layers("patchgan")
    reach = sk.input_reach(layers, (64, 64))
    after4, after5 = real_reads(layers[:4], (64, 64), (0, 0)), real_reads(layers, (64, 64), (0, 0))
    assert (after4, after5) == (((0, 30), (0, 30)), ((0, 46), (0, 46)))
    assert (reach[4].first_before, reach[4].first) == (after4, after5)
    out = output_size(layers, (64, 64))
    assert out == (6, 6) and reach[4].centre_index == (3, 3) and reach[4].last_index == (5, 5)
    assert reach[4].centre == real_reads(layers, (64, 64), (3, 3)) == ((1, 63), (1, 63))
    assert reach[4].last == real_reads(layers, (64, 64), (5, 5)) == ((17, 63), (17, 63))
    assert reach[4].first_gain == 47 * 47 - 31 * 31 and reach[4].last_gain == 47 * 47 - 31 * 31
    assert [r.larger for r in reach] == [False] * 4 + [True]
    assert not reach[4].centre_covers and not reach[4].all_cover and reach[4].border_grows
    assert [r.note for r in reach] == [""] * 4 + ["larger_gain"]
    # on its own 256×256 input nothing is larger than the input
    assert [r.note for r in sk.input_reach(layers, (256, 256))] == [""] * 5


def test_padded_3x3_stack_centre_then_every_output_reads_the_whole_input():
    """Twelve 3×3 convolutions with padding 1 on 8 elements: the centre output reads all 8 after layer 4, output 0
    after layer 7 (its span is centred on element 0: about twice the input), and layers 8 … 12 add no input to any
    output — all as the real stack's gradient says."""
    layers = [ConvSpec(1, 1, 3, padding=1, spatial_dims=1)] * 12
    reach = sk.input_reach(layers, (8,))
    for depth, r in enumerate(reach, start=1):
        assert r.first == real_reads(layers[:depth], (8,), (0,))
        assert r.centre == real_reads(layers[:depth], (8,), (4,))
        assert r.last == real_reads(layers[:depth], (8,), (7,))
    assert [r.centre_covers for r in reach].index(True) + 1 == 4
    assert [r.all_cover for r in reach].index(True) + 1 == 7
    assert [r.note for r in reach] == [""] * 3 + ["centre_gain"] * 3 + ["all_new"] + ["all_old"] * 5
    assert [r.first_gain for r in reach] == [1] * 7 + [0] * 5


def test_causal_stack_only_the_last_output_gains():
    layers = [ConvSpec(1, 1, 2, dilation=d, causal=True, spatial_dims=1) for d in (1, 2, 4, 8)]
    reach = sk.input_reach(layers, (12,))  # receptive field 16 > 12 at layer 4
    assert [r.first for r in reach] == [((0, 0),)] * 4 == [real_reads(layers[:n], (12,), (0,)) for n in (1, 2, 3, 4)]
    assert [r.last for r in reach] == [real_reads(layers[:n], (12,), (11,)) for n in (1, 2, 3, 4)]
    assert [r.last for r in reach] == [((10, 11),), ((8, 11),), ((4, 11),), ((0, 11),)]
    assert [(r.first_gain, r.last_gain) for r in reach] == [(0, 1), (0, 2), (0, 4), (0, 4)]
    assert reach[3].note == "larger_gain"  # the last output reads it all, output 0 only its own sample


@st.composite
def hole_free_stacks(draw):
    """1-D stacks without holes (dilation 1, stride ≤ kernel, padding ≤ kernel // 2) on an input no layer's
    floor-rounded output cuts short; the receptive field often larger than the input."""
    layers, n = [], draw(st.integers(4, 24))
    length = n
    for _ in range(draw(st.integers(1, 6))):
        k = draw(st.integers(1, 5))
        s, p = draw(st.integers(1, k)), draw(st.integers(0, k // 2))
        layer = ConvSpec(1, 1, k, stride=s, padding=p, spatial_dims=1)
        assume(length + 2 * p >= k and (length + 2 * p - k) % s == 0)
        length = (length + 2 * p - k) // s + 1
        layers.append(layer)
    return layers, n


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(hole_free_stacks())
def test_reach_equals_the_gradient_support_of_the_border_and_centre_outputs(case):
    layers, n = case
    reach = sk.input_reach(layers, (n,))
    for depth, r in enumerate(reach, start=1):
        for span, index in ((r.first, (0,)), (r.centre, r.centre_index), (r.last, r.last_index)):
            real = real_reads(layers[:depth], (n,), index)
            assert span == real if real is not None else span[0][0] > span[0][1]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(stacks())
def test_what_an_output_reads_lies_inside_its_reach(layers):
    """Any stack (holes, pooling, rounded sizes): the real dependency of the first, centre and last outputs lies
    inside the span's part in the input."""
    n = receptive_field(layers)[-1].size[0] + 3
    size = (n,) * layers[0].spatial_dims
    try:
        reach = sk.input_reach(layers, size)
    except ConvSpecError:
        assume(False)
    last = reach[-1]
    for span, index in ((last.first, (0,) * len(size)), (last.centre, last.centre_index), (last.last, last.last_index)):
        real = real_reads(layers, size, index)
        if real is not None:
            assert all(lo <= a and b <= hi for (a, b), (lo, hi) in zip(real, span))


def test_resnet50_receptive_field_is_larger_than_its_224_input():
    """The page's example of a receptive field larger than the input: torchvision's ResNet-50 (stride in the 3×3
    of each bottleneck) has 427 on its 224×224 input — its main path's geometry in 1-D (all-ones weights: the
    gradient support of an interior output is the receptive field; the shortcuts see less)."""
    layers = [ConvSpec(1, 1, 7, stride=2, padding=3, spatial_dims=1), PoolSpec(3, stride=2, padding=1, spatial_dims=1)]
    for blocks, stride in ((3, 1), (4, 2), (6, 2), (3, 2)):
        for block in range(blocks):
            layers += [ConvSpec(1, 1, 1, spatial_dims=1),
                       ConvSpec(1, 1, 3, stride=stride if block == 0 else 1, padding=1, spatial_dims=1),
                       ConvSpec(1, 1, 1, spatial_dims=1)]
    assert receptive_field(layers)[-1].size == (427,)
    first, last = support(gradient(layers, (2048,), (32,)))[0]
    assert last - first + 1 == 427
    assert sk.input_reach(layers, (224,))[-1].larger


def test_recurrence_latex_is_one_equation_a_line_with_the_jump_before_the_layer():
    lines = sk.recurrence_latex().splitlines()
    assert lines[0] == r"\begin{aligned}" and lines[-1] == r"\end{aligned}"
    equations = lines[1:-1]
    assert [line.split("&=")[0].strip() for line in equations] == [r"\text{size}_l", r"\text{jump}_l",
                                                                  r"\text{start}_l"]
    assert all(r"\text{jump}_{l-1}" in line for line in equations)  # growth uses the jump before layer l
    assert all(line.endswith(r"\\") for line in equations[:-1])  # separate lines, not a "·" between them


def test_describe_is_short_and_plain():
    assert sk.describe(ConvSpec(1, 1, 3, padding=1, groups=1)) == "conv 3, s1, p1, d1"
    assert sk.describe(PoolSpec(3, stride=2, padding=1)) == "max-pool 3, s2, p1"
    assert sk.describe(ConvSpec(1, 1, 2, dilation=4, causal=True, spatial_dims=1)) == "conv 2, s1, causal, d4"


# ---- ceil_mode on pooling rows -----------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "kernel", "stride", "padding", "size"), [
    ("max", 3, 2, 0, 8), ("max", 3, 2, 1, 112), ("max", 2, 2, 0, 7), ("avg", 3, 2, 0, 8), ("avg", 2, 2, 1, 5),
    ("avg", 3, 3, 1, 10), ("max", 2, 2, 1, 5),
])
def test_ceil_mode_rows_give_the_output_sizes_of_the_real_pools(kind, kernel, stride, padding, size):
    """A pooling row with ceil_mode ticked → PoolSpec(ceil_mode=True), and the table's output sizes (a conv
    before and after it) equal nn.MaxPool2d / nn.AvgPool2d with ceil_mode=True on a real tensor."""
    rows = [sk.conv(4, 3, 1, 1), sk.pool(kind, kernel, stride, padding, ceil_mode=True), sk.conv(2, 1)]
    parsed = sk.parse_rows(rows, spatial_dims=2, in_channels=3)
    assert parsed.ok and parsed.layers[1].ceil_mode is True
    table = sk.layer_table(parsed.layers, (1, 3, size, size - 1))
    cls = {"max": torch.nn.MaxPool2d, "avg": torch.nn.AvgPool2d}[kind]
    with torch.inference_mode():
        x = torch.nn.Conv2d(3, 4, 3, padding=1)(torch.rand(1, 3, size, size - 1))
        pooled = cls(kernel, stride, padding, ceil_mode=True)(x)
        y = torch.nn.Conv2d(4, 2, 1)(pooled)
        floor = cls(kernel, stride, padding)(x)
    assert [info.output_shape for info in table] == [tuple(x.shape), tuple(pooled.shape), tuple(y.shape)]
    # the receptive field does not depend on ceil_mode, the output size may
    unticked = sk.parse_rows([*rows[:1], sk.pool(kind, kernel, stride, padding), rows[2]], spatial_dims=2,
                             in_channels=3).layers
    assert receptive_field(unticked) == receptive_field(parsed.layers)
    assert sk.layer_table(unticked, (1, 3, size, size - 1))[1].output_shape == tuple(floor.shape)


def test_ceil_mode_changes_a_size_and_round_trips():
    # 8 → MaxPool2d(2, 2): 4 either way; 7 → 3 floor, 4 ceil
    layers = sk.parse_rows([sk.pool("max", 2, 2, ceil_mode=True)], spatial_dims=2, in_channels=1).layers
    assert sk.layer_table(layers, (1, 1, 7, 7))[0].output_shape == (1, 1, 4, 4)
    assert tuple(torch.nn.MaxPool2d(2, 2, ceil_mode=True)(torch.zeros(1, 1, 7, 7)).shape) == (1, 1, 4, 4)
    rows = sk.layers_to_rows(layers)
    assert rows[0]["ceil_mode"] is True
    assert sk.parse_rows(rows, spatial_dims=2, in_channels=1).layers == layers
    assert sk.describe(layers[0]) == "max-pool 2, s2, ceil"


def test_ceil_mode_cells():
    pool = {"type": "avg-pool", "kernel_size": 2, "stride": 2}
    for cell, expected in ((None, False), (float("nan"), False), (np.bool_(True), True), ("true", True),
                           (0, False), (1.0, True), ("False", False)):
        layer = sk.parse_row({**pool, "ceil_mode": cell}, spatial_dims=2, in_channels=1)
        assert layer.ceil_mode is expected, cell
    parsed = sk.parse_rows([{**pool, "ceil_mode": "maybe"}, {**sk.conv(4), "ceil_mode": True}],
                           spatial_dims=2, in_channels=1)
    assert {e.row: e.error.code for e in parsed.errors} == {1: "not_bool", 2: "stack_ceil_conv"}
    assert sk.parse_rows([{**sk.conv(4), "ceil_mode": False}], spatial_dims=2, in_channels=1).ok
