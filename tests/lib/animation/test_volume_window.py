"""The 3-D animation (convviz.animation.volume_window): every frame's taps checked against the gradient of the real
``torch.nn.Conv3d`` / ``torch.nn.ConvTranspose3d`` (all-ones weights), the output element and pending cells of each
frame, the JSON size of the explorer's presets in 3-D, and the GIF read back with Pillow."""

from __future__ import annotations

import io
import json

import numpy as np
import pytest
from PIL import Image

from convviz import ConvSpec, ConvSpecError
from convviz.animation.export import volume_gif_bytes, volume_gif_steps, volume_png_bytes
from convviz.animation.volume import HOLE, TAP_INPUT, TAP_PADDING, gradient_counts
from convviz.animation.volume_window import MAX_GRID, plan_volume_animation, volume_animation_figure
from convviz.layer.presets import DEFAULT, PRESETS

MB = 1_000_000


def grid_position(mosaic: dict, row: int, col: int) -> tuple[int, int, int]:
    """Inverse of the mosaic layout, written out here: tiles of ``(H, W)`` cells, ``columns`` per row, one label row
    above each row of tiles and one column between tiles."""
    _, height, width = mosaic["shape"]
    tile_row, r = divmod(row, height + 1)
    tile_col, c = divmod(col, width + 1)
    assert 1 <= r <= height and c < width, "a cell between tiles"
    return tile_row * mosaic["columns"] + tile_col, r - 1, c


def polygon_area(xs: list, ys: list) -> float:
    """Total area of the polygons in ``xs``/``ys`` (None separates them), by the shoelace formula."""
    total, points = 0.0, []
    for x, y in zip(xs + [None], ys + [None]):
        if x is None:
            total += abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(points, points[1:] + points[:1]))) / 2
            points = []
        else:
            points.append((x, y))
    return total


def check_frames(spec: ConvSpec, shape: tuple[int, ...], out_channel: int = 0) -> int:
    plan = plan_volume_animation(spec, shape, out_channel=out_channel)
    figure = json.loads(volume_animation_figure(plan).to_json())
    mosaic_in = dict(shape=plan.mosaic_in.shape, columns=plan.mosaic_in.columns)
    mosaic_out = dict(shape=plan.mosaic_out.shape, columns=plan.mosaic_out.columns)
    before, stride = plan.grid.before, plan.grid.inserted_stride
    assert [frame["name"] for frame in figure["frames"]] == [str(k) for k in plan.frames]
    total = len(plan.steps)
    for frame in figure["frames"]:
        step = int(frame["name"])
        index = plan.steps[step]
        counts = np.zeros(shape[2:], dtype=np.int64)
        taps = 0
        heatmaps = [trace for trace in frame["data"] if trace["type"] == "heatmap"]
        assert len(heatmaps) == spec.kernel_size[0]
        for trace in heatmaps:
            for i, row in enumerate(trace["z"]):
                for j, value in enumerate(row):
                    assert value in (TAP_INPUT, TAP_PADDING, HOLE)
                    if value == HOLE:
                        continue
                    taps += 1
                    if value == TAP_INPUT:
                        position = grid_position(mosaic_in, trace["y0"] + i, trace["x0"] + j)
                        element = []
                        for p, b, s in zip(position, before, stride):
                            assert (p - b) % s == 0
                            element.append((p - b) // s)
                        counts[tuple(element)] += 1
        assert taps == int(np.prod(spec.kernel_size))
        expected = gradient_counts(spec, shape, index, out_channel=out_channel)[plan.in_channel]
        assert np.array_equal(counts, expected), (spec, index)
        _, pending, cell = [trace for trace in frame["data"] if trace["type"] == "scatter"]
        centre = (min(cell["y"]) + 0.5, min(cell["x"]) + 0.5)
        assert grid_position(mosaic_out, int(centre[0]), int(centre[1])) == index
        assert polygon_area(pending["x"], pending["y"]) == pytest.approx(total - 1 - step)
    return len(figure["frames"])


@pytest.mark.parametrize("spec, shape, channel", [
    (ConvSpec(2, 4, (3, 2, 3), stride=(2, 1, 1), padding=(1, 0, 1), dilation=(1, 2, 1), groups=2, spatial_dims=3),
     (1, 2, 3, 4, 4), 3),
    (ConvSpec(1, 1, 3, stride=2, padding=1, transposed=True, spatial_dims=3), (1, 1, 3, 2, 3), 0),
    (ConvSpec(2, 2, (2, 3, 2), stride=(2, 1, 3), dilation=(2, 1, 1), padding=(0, 1, 0), output_padding=(1, 0, 1),
              transposed=True, spatial_dims=3), (1, 2, 2, 3, 2), 1),
])
def test_every_frame_matches_the_gradient_of_the_real_module(spec, shape, channel):
    plan = plan_volume_animation(spec, shape, out_channel=channel)
    assert not plan.cropped and plan.thinning == 1
    assert len(plan.steps) == int(np.prod(spec.output_shape(shape)[2:]))   # one frame per output element
    assert check_frames(spec, shape, channel) == len(plan.steps)


def test_the_still_picture_is_the_frame_of_its_step():
    spec = ConvSpec(1, 1, 3, stride=2, padding=1, transposed=True, spatial_dims=3)
    plan = plan_volume_animation(spec, (1, 1, 2, 2, 2))
    animated = json.loads(volume_animation_figure(plan, step=5).to_json())
    still = json.loads(volume_animation_figure(plan, step=5, animate=False).to_json())
    assert "frames" not in still and "sliders" not in still["layout"]
    overlay = animated["frames"][0]["traces"]
    frame = next(f for f in animated["frames"] if f["name"] == "5")
    for index, data in zip(overlay, frame["data"]):
        for key in ("z", "x0", "y0", "x", "y"):
            if key in data:
                assert still["data"][index][key] == data[key]
    assert animated["layout"]["sliders"][0]["active"] == 5
    assert animated["layout"]["sliders"][0]["steps"][5]["label"] == "6/27 · y[0, 0, 0, 1, 2]"


def three_d(spec: ConvSpec, *, transposed: bool) -> ConvSpec:
    """A preset's layer made 3-D (the explorer keeps the values and adds a dimension)."""
    padding = spec.padding if isinstance(spec.padding, str) else spec.padding[0]
    return ConvSpec(spec.in_channels, spec.out_channels, spec.kernel_size[0], stride=spec.stride[0],
                    padding=padding, dilation=spec.dilation[0], groups=spec.groups, bias=spec.bias,
                    spatial_dims=3, transposed=transposed)


@pytest.mark.parametrize("preset", [DEFAULT, *PRESETS.values()], ids=lambda p: p.key)
def test_json_stays_under_a_megabyte_for_the_presets_in_3d(preset):
    shape = (1, preset.input_shape[1], *(preset.input_shape[2],) * 3)
    for transposed in (False, True):
        plan = plan_volume_animation(three_d(preset.spec, transposed=transposed), shape)
        assert all(n <= MAX_GRID for n in plan.grid.padded_shape)
        assert len(volume_animation_figure(plan, lang="zh").to_json().encode()) <= MB


def test_large_kernels_are_thinned_to_fit_and_too_large_grids_refused():
    plan = plan_volume_animation(ConvSpec(1, 1, 11, padding=10, spatial_dims=3), (1, 1, 40, 40, 40))
    assert plan.input_shape == (1, 1, 1, 1, 1) and plan.cropped and plan.grid.padded_shape == (21, 21, 21)
    assert len(plan.steps) == 11 ** 3 and plan.thinning > 1 and plan.frames[-1] == len(plan.steps) - 1
    assert len(volume_animation_figure(plan).to_json().encode()) <= MB
    with pytest.raises(ConvSpecError) as error:
        plan_volume_animation(ConvSpec(1, 1, 11, dilation=6, transposed=True, spatial_dims=3), (1, 1, 2, 2, 2))
    assert error.value.code == "volume_animation_size" and error.value.params["size"] == 121
    with pytest.raises(ConvSpecError) as error:
        plan_volume_animation(ConvSpec(1, 1, 3), (1, 1, 5, 5))
    assert error.value.code == "volume_dims"


def test_gif_and_png_open_with_pillow():
    spec = ConvSpec(1, 1, 2, padding=(1, 0, 0), spatial_dims=3)
    plan = plan_volume_animation(spec, (1, 1, 2, 3, 3))                      # output 3×2×2: 12 steps
    calls = []
    data = volume_gif_bytes(plan, max_frames=5, progress=lambda done, total: calls.append((done, total)))
    steps = volume_gif_steps(plan, 5)
    assert steps == [0, 3, 6, 9, 11] and calls[-1] == (5, 5) and len(calls) == 5
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "GIF" and image.n_frames == len(steps)
    with Image.open(io.BytesIO(volume_png_bytes(plan, 4, lang="zh"))) as image:
        assert image.format == "PNG" and image.width > 200
