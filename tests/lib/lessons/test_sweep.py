"""Parameter sweeps (convviz.lessons.sweep): every value equals the library's and the real PyTorch module's; the
explorer's current value and index mark the layer itself among the swept points."""

import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from convviz import ConvSpec, receptive_field
from convviz.lessons.sweep import PARAMETERS, current_index, current_value, quantity, sweep, sweep_figure, sweep_values

CASES = [
    (ConvSpec(4, 8, 3, padding=1, groups=2), (2, 4, 9, 9)),
    (ConvSpec(2, 2, 2, dilation=2, spatial_dims=1), (1, 2, 12)),
]


def torch_numbers(spec, shape):
    """Output shape, parameters and MACs of the real module (shapes on the meta device, MACs = FLOPs / 2)."""
    module = spec.to_module().to("meta")
    x = torch.empty(shape, device="meta")
    with FlopCounterMode(display=False) as counter:
        y = module(x)
    return tuple(y.shape), sum(p.numel() for p in module.parameters()), counter.get_total_flops() // 2


@pytest.mark.parametrize("spec, shape", CASES)
@pytest.mark.parametrize("parameter", PARAMETERS)
def test_sweep_values_equal_the_library_and_pytorch(spec, shape, parameter):
    points = sweep(spec, shape, parameter)
    assert [p.value for p in points] == sweep_values(spec, parameter)
    assert any(p.ok for p in points)
    for p in points:
        if not p.ok:
            continue
        assert p.output_shape == p.spec.output_shape(p.input_shape)
        assert (p.output_shape, p.params, p.macs) == torch_numbers(p.spec, p.input_shape), (parameter, p.value)
        assert p.rf_size == receptive_field([p.spec])[0].size == p.spec.effective_kernel_size
        assert getattr(p.spec, parameter) in (p.value, (p.value,) * spec.spatial_dims)


def test_invalid_values_are_kept_with_the_reason_pytorch_agrees():
    points = sweep(ConvSpec(1, 1, 3), (1, 1, 7, 7), "dilation")
    assert [p.ok for p in points] == [True, True, True, False, False, False]
    assert points[3].error.code == "kernel_too_large"
    with pytest.raises(RuntimeError):
        ConvSpec(1, 1, 3, dilation=4).to_module()(torch.zeros(1, 1, 7, 7))
    assert quantity(points[3], "macs") is None and quantity(points[1], "output") == 9


def test_groups_sweep_uses_valid_values_and_the_figure_animates_them():
    points = sweep(ConvSpec(4, 6, 3), (1, 4, 5, 5), "groups")
    assert [p.value for p in points] == [1, 2]
    assert [p.params for p in points] == [6 * 4 * 9 + 6, 6 * 2 * 9 + 6]
    fig = sweep_figure(points, "groups", current=1).to_dict()
    assert len(fig["frames"]) == 2 and fig["layout"]["sliders"][0]["active"] == 1
    marker = fig["frames"][1]["data"][1]                       # the moving marker on the parameters chart
    assert list(marker["x"]) == [2] and list(marker["y"]) == [points[1].params]


@pytest.mark.parametrize("spec, shape", [
    (ConvSpec(4, 8, 5, padding="same", dilation=2, groups=2), (1, 4, 20, 20)),
    (ConvSpec(6, 12, 3, stride=2, padding=2, dilation=2, groups=3), (2, 6, 16, 16)),
    (ConvSpec(3, 5, 4, stride=3, padding=1, spatial_dims=1), (1, 3, 30)),
])
def test_current_value_and_index_mark_the_layer_itself(spec, shape):
    """The sweep applies a value to every dimension: on a layer with one value for all, the marked point is the
    layer itself."""
    expected = {"kernel_size": spec.kernel_size[0], "stride": spec.stride[0], "dilation": spec.dilation[0],
                "groups": spec.groups, "out_channels": spec.out_channels, "in_channels": spec.in_channels}
    with torch.no_grad():
        module = spec.to_module()
        torch_shape = tuple(module(torch.zeros(shape)).shape)
    for parameter in PARAMETERS:
        value = current_value(spec, parameter)
        if parameter == "padding":   # the padding in front: what PyTorch adds before the first element
            assert value == spec.padding_amounts(shape)[0][0]
        else:
            assert value == expected[parameter]
        points = sweep(spec, shape, parameter)
        index = current_index(points, spec, parameter)
        if value in [p.value for p in points]:
            point = points[index]
            assert point.value == value and point.ok and point.output_shape == torch_shape
        else:
            assert index == 0


def test_current_value_of_same_padding_and_unknown_parameters():
    assert current_value(ConvSpec(8, 16, 5, padding="same", groups=2), "padding") == 2
    assert current_index(sweep(ConvSpec(1, 1, 3), (1, 1, 7, 7), "dilation"), ConvSpec(1, 1, 3, dilation=2),
                         "dilation") == 1
    assert current_index(sweep(ConvSpec(1, 1, 3), (1, 1, 7, 7), "dilation"), ConvSpec(1, 1, 3, dilation=9),
                         "dilation") == 0
    with pytest.raises(ValueError, match="unknown sweep parameter"):
        current_value(ConvSpec(1, 1, 3), "bias")
