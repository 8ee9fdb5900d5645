"""Export the sliding-window animation for slides: a GIF (matplotlib ``PillowWriter``) and a PNG of one step.

>>> plan = plan_animation(ConvSpec(1, 1, 3, stride=2, dilation=2), (1, 1, 7, 7))
>>> export_title(plan)
'nn.Conv2d(1, 1, kernel_size=3, stride=2, dilation=2) on 7×7'
>>> len(gif_steps(plan))                         # 2·2 output cells, one frame each
4

The pictures are drawn from the same :class:`~convviz.animation.sliding.AnimationPlan` as the browser animation:
input values in cividis, padding cells grey with the value they hold, the kernel's taps in orange inside the
window's outline, the output filling in. matplotlib cannot write an animation into memory, so the GIF goes
through a temporary file and comes back as bytes.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from typing import Optional

from convviz.animation.sliding import (
    PADDING_GREY,
    TAP_FILL,
    WINDOW_LINE,
    AnimationPlan,
    overlays,
    plan_animation,  # noqa: F401  (used in the docstring example)
    step_label,
    thinned_frames,
)
from convviz.layer.spec import ConvSpec  # noqa: F401  (used in the docstring example)
from convviz.text.snippet import module_expression

GIF_MAX_FRAMES = 100
GIF_FPS = 2
DPI = 100


def gif_steps(plan: AnimationPlan, max_frames: int = GIF_MAX_FRAMES) -> list[int]:
    """Indices of the steps the GIF shows: every step, or every k-th and the last, at most ``max_frames``."""
    return list(thinned_frames(len(plan.steps), max_frames)[0])


def export_title(plan: AnimationPlan) -> str:
    """``'nn.Conv2d(1, 1, kernel_size=3, stride=2, dilation=2) on 7×7'``; a pair joins both modules with →;
    a crop is stated (``'on the top-left 32×32 of 500×500'``)."""
    first = plan.layers[0]
    modules = " → ".join(module_expression(layer.spec) for layer in plan.layers)
    shown = "×".join(map(str, first.input_shape[2:]))
    full = "×".join(map(str, first.full_input_shape[2:]))
    where = f"on the top-left {shown} of {full}" if first.cropped else f"on {shown}"
    return f"{modules} {where}"


def _rgb(color: str) -> tuple[float, ...]:
    """``'#E69F00'`` or ``'rgba(230, 159, 0, 0.55)'`` → an RGBA tuple for matplotlib."""
    if color.startswith("#"):
        return tuple(int(color[i:i + 2], 16) / 255 for i in (1, 3, 5)) + (1.0,)
    parts = [float(p) for p in color[color.index("(") + 1:-1].split(",")]
    return (parts[0] / 255, parts[1] / 255, parts[2] / 255, parts[3] if len(parts) > 3 else 1.0)


CJK_FONTS = ("Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
             "SimHei")


def _font_family() -> list[str]:
    """DejaVu Sans, then the first installed font with Chinese glyphs (matplotlib falls back glyph by glyph)."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return ["DejaVu Sans", *[name for name in CJK_FONTS if name in installed][:1]]


def _draw_static(plan: AnimationPlan, lang: str):
    import matplotlib

    matplotlib.use("Agg")
    import numpy as np
    from matplotlib.figure import Figure

    from convviz.animation.sliding import VALUE_TEXT_MAX, panel_titles

    matplotlib.rcParams["font.family"] = _font_family()
    grids = [plan.layers[0].padded_values] + [layer.output_values for layer in plan.layers]
    widths = [len(g[0]) for g in grids]
    rows = max(len(g) for g in grids)
    fig = Figure(figsize=(min(4.2 * len(grids), 13), 2.2 + min(3.6, 0.35 * rows + 1.5)), dpi=DPI)
    axes = fig.subplots(1, len(grids), gridspec_kw=dict(width_ratios=widths))
    titles = panel_titles(plan, lang)
    for k, (ax, grid) in enumerate(zip(axes, grids)):
        z = np.array([[np.nan if v is None else v for v in row] for row in grid], dtype=float)
        ax.imshow(z, cmap="cividis", interpolation="nearest")
        if k == 0:
            labels = plan.layers[0].padding_labels
            pad = np.array([[1.0 if label is not None else np.nan for label in row] for row in labels])
            ax.imshow(pad, cmap=matplotlib.colors.ListedColormap([_rgb(PADDING_GREY)]), interpolation="nearest")
        if max(len(grid), len(grid[0])) <= VALUE_TEXT_MAX:
            for r, row in enumerate(grid):
                for c, v in enumerate(row):
                    text = (plan.layers[0].padding_labels[r][c] if k == 0 else None) if v is None else (
                        str(int(v)) if float(v).is_integer() else f"{v:.3g}")
                    if text:
                        ax.text(c, r, text, ha="center", va="center", fontsize=8,
                                color="black" if v is None or v >= np.nanmean(z) else "white")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(titles[k].replace("<b>", "").replace("</b>", "").replace("<br>", "\n"), fontsize=8, wrap=True)
    fig.suptitle(export_title(plan), fontsize=10, family="monospace")
    label = fig.text(0.5, 0.02, "", ha="center", fontsize=9)
    return fig, axes, label


def _draw_overlay(plan: AnimationPlan, axes, label, step: int, lang: str) -> list:
    from matplotlib.patches import Polygon, Rectangle

    artists = []
    for i, over in enumerate(overlays(plan, step)):
        ax_in, ax_out = axes[i], axes[i + 1]
        xs, ys = over.taps
        for j in range(0, len(xs), 6):  # each tap is 5 points and a None
            artists.append(ax_in.add_patch(Rectangle((xs[j], ys[j]), 0.8, 0.8, facecolor=_rgb(TAP_FILL),
                                                     edgecolor=_rgb(WINDOW_LINE), linewidth=0.8)))
        if over.outline[0]:
            x0, x1 = min(over.outline[0]), max(over.outline[0])
            y0, y1 = min(over.outline[1]), max(over.outline[1])
            artists.append(ax_in.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, fill=False,
                                                     edgecolor=_rgb(WINDOW_LINE), linewidth=2, linestyle=":")))
        if over.pending[0]:
            points = list(zip(over.pending[0], over.pending[1]))
            artists.append(ax_out.add_patch(Polygon(points, closed=True, facecolor="#F4F4F4",
                                                    edgecolor="none", zorder=5)))
        if over.cell[0]:
            xs, ys = over.cell
            artists.append(ax_out.add_patch(Rectangle((xs[0], ys[0]), 1, 1, fill=False,
                                                      edgecolor=_rgb(WINDOW_LINE), linewidth=2.5)))
    label.set_text(step_label(plan, step, lang))
    return artists


def png_bytes(plan: AnimationPlan, step: int, *, lang: str = "en") -> bytes:
    """A PNG of ``step`` (window, taps, output so far), titled with the configuration."""
    fig, axes, label = _draw_static(plan, lang)
    _draw_overlay(plan, axes, label, step, lang)
    return figure_png_bytes(fig)


def figure_png_bytes(fig) -> bytes:
    """``fig`` (a matplotlib ``Figure``) as PNG bytes, at the figure's own dpi."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def animation_gif_bytes(fig, draw: Callable[[int], list], steps: Sequence[int], *, fps: int,
                        progress: Optional[Callable[[int, int], None]] = None) -> bytes:
    """A GIF of ``fig`` (a matplotlib ``Figure``), one frame per step of ``steps``, ``fps`` frames a second, at
    :data:`DPI`: each frame removes the artists the previous frame's ``draw(step)`` returned and draws its own
    (a ``FuncAnimation``). ``PillowWriter`` cannot write into memory, so it writes a temporary file, always
    removed, whose bytes come back. ``progress(done, total)`` is called after each frame is drawn (for a progress
    bar). ``fig`` is made without pyplot, so there is nothing to close: it goes with its last reference."""
    from matplotlib.animation import FuncAnimation, PillowWriter

    drawn: list = []

    def update(k: int):
        for artist in drawn:
            artist.remove()
        drawn[:] = draw(steps[k])
        return drawn

    animation = FuncAnimation(fig, update, frames=len(steps), blit=False, repeat=False)
    handle, path = tempfile.mkstemp(suffix=".gif")
    os.close(handle)
    try:
        animation.save(path, writer=PillowWriter(fps=fps), dpi=DPI,
                       progress_callback=(lambda i, n: progress(i + 1, n)) if progress else None)
        with open(path, "rb") as file:
            return file.read()
    finally:
        os.unlink(path)


def gif_bytes(plan: AnimationPlan, *, lang: str = "en", max_frames: int = GIF_MAX_FRAMES, fps: int = GIF_FPS,
              progress: Optional[Callable[[int, int], None]] = None) -> bytes:
    """The animation as a GIF of :func:`gif_steps` frames (at most ``max_frames``), ``fps`` frames a second.

    ``progress(done, total)`` is called after each frame is drawn (for a progress bar).
    """
    steps = gif_steps(plan, max_frames)
    fig, axes, label = _draw_static(plan, lang)
    return animation_gif_bytes(fig, lambda step: _draw_overlay(plan, axes, label, step, lang), steps, fps=fps,
                               progress=progress)
