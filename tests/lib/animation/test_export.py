"""GIF and PNG export (convviz.animation.export): they decode, with the expected frames and a title naming the layer."""

import io
import tempfile

import pytest
from PIL import Image

from convviz import ConvSpec
from convviz.animation.export import animation_gif_bytes, export_title, gif_bytes, gif_steps, png_bytes
from convviz.animation.sliding import plan_animation


def test_gif_decodes_with_one_frame_per_step_and_reports_progress():
    plan = plan_animation(ConvSpec(1, 1, 3, stride=2, dilation=2), (1, 1, 7, 7))
    calls = []
    data = gif_bytes(plan, progress=lambda done, total: calls.append((done, total)))
    image = Image.open(io.BytesIO(data))
    assert image.format == "GIF" and image.n_frames == len(plan.steps) == 4
    assert calls[-1] == (4, 4) and len(calls) == 4



def test_gif_writer_removes_its_temporary_file_even_when_a_frame_fails(tmp_path, monkeypatch):
    from matplotlib.figure import Figure

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))   # where mkstemp puts the GIF
    fig = Figure(figsize=(1, 1))
    ax = fig.add_subplot()
    drawn = []

    def draw(step: int):
        drawn.append(step)
        return [ax.text(0.5, 0.5, str(step))]

    data = animation_gif_bytes(fig, draw, [4, 7, 9], fps=5)
    assert Image.open(io.BytesIO(data)).n_frames == 3 and list(tmp_path.iterdir()) == []
    assert set(drawn) == {4, 7, 9} and len(ax.texts) == 1   # each frame removed the previous frame's text

    def fail_on_the_last_frame(step: int):
        if step == 9:
            raise RuntimeError("stop")
        return [ax.text(0.5, 0.5, str(step))]

    with pytest.raises(RuntimeError, match="stop"):
        animation_gif_bytes(fig, fail_on_the_last_frame, [4, 7, 9], fps=5)
    assert list(tmp_path.iterdir()) == []


def test_gif_is_thinned_to_the_frame_limit():
    plan = plan_animation(ConvSpec(2, 2, 3, padding=1, groups=2), (1, 2, 6, 6), ConvSpec(2, 2, 1))
    assert len(plan.steps) == 72
    steps = gif_steps(plan, max_frames=10)
    assert len(steps) == 10 and steps[0] == 0 and steps[-1] == 71
    image = Image.open(io.BytesIO(gif_bytes(plan, max_frames=10, lang="zh")))
    assert image.n_frames == 10


def test_png_of_one_step_decodes():
    plan = plan_animation(ConvSpec(1, 1, 3, padding=1, padding_mode="reflect"), (1, 1, 5, 5))
    image = Image.open(io.BytesIO(png_bytes(plan, 7)))
    image.load()
    assert image.format == "PNG" and image.width > 400 and image.height > 200


def test_titles_name_the_configuration_and_the_crop():
    plan = plan_animation(ConvSpec(1, 1, 3, stride=2, dilation=2), (1, 1, 7, 7))
    assert export_title(plan) == "nn.Conv2d(1, 1, kernel_size=3, stride=2, dilation=2) on 7×7"
    big = plan_animation(ConvSpec(3, 2, 1), (1, 3, 40, 40))
    assert export_title(big) == "nn.Conv2d(3, 2, kernel_size=1) on the top-left 32×32 of 40×40"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_exported_panel_titles_break_lines_instead_of_showing_html(lang):
    from convviz.animation.export import _draw_static

    fig, axes = _draw_static(plan_animation(ConvSpec(1, 1, 3, padding=1), (1, 1, 5, 5)), lang)[:2]
    titles = [ax.get_title() for ax in axes]
    assert all("<br>" not in title for title in titles), titles
    assert "\n" in titles[0] and ("7×7" in titles[0])
