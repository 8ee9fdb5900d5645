"""Export the sliding-window animations for slides: a GIF (matplotlib ``PillowWriter``) and a PNG of one step,
for 1-D/2-D layers and for 3-D layers.

>>> plan = plan_animation(ConvSpec(1, 1, 3, stride=2, dilation=2), (1, 1, 7, 7))
>>> export_title(plan)
'nn.Conv2d(1, 1, kernel_size=3, stride=2, dilation=2) on 7×7'
>>> len(gif_steps(plan))                         # 2·2 output cells, one frame each
4
>>> volume = plan_volume_animation(ConvSpec(1, 1, 3, padding=1, spatial_dims=3), (1, 1, 4, 4, 4))
>>> volume_export_title(volume), len(volume_gif_steps(volume, 10))   # 64 steps: every 7th and the last
('nn.Conv3d(1, 1, kernel_size=3, padding=1) on 4×4×4', 10)

The pictures are drawn from the same plans as the browser animations. 1-D/2-D
(:class:`~convviz.animation.sliding.AnimationPlan`): input values in cividis, padding cells grey with the value
they hold, the kernel's taps in orange inside the window's outline, the output filling in. 3-D
(:class:`~convviz.animation.volume_window.VolumePlan`): the input's and the output's depth-slice mosaics in the
category colours of :mod:`convviz.animation.volume`, each kernel depth's taps in the slice it reads, the output
filling in. matplotlib cannot write an animation into memory, so a GIF goes through a temporary file and comes
back as bytes.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Sequence
from typing import Optional

from convviz.animation.sliding import (
    AnimationPlan,
    overlays,
    plan_animation,  # noqa: F401  (used in the docstring example)
    step_label,
    thinned_frames,
)
from convviz.animation.volume import COLOURS, SELECTED
from convviz.animation.volume_window import (
    OUTPUT_DONE,
    VolumePlan,
    input_categories,
    output_cells,
    plan_volume_animation,  # noqa: F401  (used in the docstring example)
    tile_labels,
    volume_overlay,
    volume_panel_titles,
    volume_step_label,
)
from convviz.layer.spec import ConvSpec  # noqa: F401  (used in the docstring example)
from convviz.plotting import PADDING_GREY, PENDING_FILL, TAP_FILL, WINDOW_LINE
from convviz.text.i18n import t
from convviz.text.snippet import module_expression
from convviz.text.units import format_number

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
                    text = (plan.layers[0].padding_labels[r][c] if k == 0 else None) if v is None else format_number(v)
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
            artists.append(ax_out.add_patch(Polygon(points, closed=True, facecolor=_rgb(PENDING_FILL),
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


# ---- 3-D layers: the depth-slice mosaics of convviz.animation.volume_window ----------------------------

def volume_export_title(plan: VolumePlan) -> str:
    """``'nn.Conv3d(1, 1, kernel_size=3, padding=1) on 4×4×4'``; a crop is stated (``'on the first 10×10×10 of
    64×64×64'``)."""
    shown = "×".join(map(str, plan.input_shape[2:]))
    full = "×".join(map(str, plan.full_input_shape[2:]))
    where = f"on the first {shown} of {full}" if plan.cropped else f"on {shown}"
    return f"{module_expression(plan.spec)} {where}"


def volume_gif_steps(plan: VolumePlan, max_frames: Optional[int] = None) -> list[int]:
    """Indices of the steps the GIF shows: every step, or every k-th and the last, at most ``max_frames``
    (default :data:`GIF_MAX_FRAMES`)."""
    return list(thinned_frames(len(plan.steps), GIF_MAX_FRAMES if max_frames is None else max_frames)[0])


def _rgba_image(grid: list[list[Optional[int]]], colours: list[str]):
    import numpy as np

    image = np.ones((len(grid), len(grid[0]), 4))
    for r, row in enumerate(grid):
        for c, v in enumerate(row):
            if v is not None:
                image[r, c] = _rgb(colours[v])
    return image


def _draw_volume_static(plan: VolumePlan, lang: str):
    """A matplotlib figure with the two mosaics, tile labels, titles, and an empty step label."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    matplotlib.rcParams["font.family"] = _font_family()
    rows_in, cols_in = plan.mosaic_in.size
    rows_out, cols_out = plan.mosaic_out.size
    width = 8.0
    cell = min(0.35, width * 0.92 / max(cols_in, cols_out))
    height = 1.6 + (rows_in + rows_out) * cell + 0.9
    fig = Figure(figsize=(width, height), dpi=DPI)
    axes = fig.subplots(2, 1, gridspec_kw=dict(height_ratios=[max(rows_in, 1), max(rows_out, 1)], hspace=0.35))
    axes[0].imshow(_rgba_image(input_categories(plan), list(COLOURS)), interpolation="nearest")
    axes[1].imshow(_rgba_image(output_cells(plan), [OUTPUT_DONE]), interpolation="nearest")
    titles = volume_panel_titles(plan, lang)
    inputs, outputs = tile_labels(plan)
    fontsize = max(5, min(8, cell * 72 * 0.8))
    for ax, title, labels, mosaic in zip(axes, titles, (inputs, outputs), (plan.mosaic_in, plan.mosaic_out)):
        rows, cols = mosaic.size
        ax.set_xlim(-0.5, cols - 0.5)
        ax.set_ylim(rows - 0.5, -0.5)
        ax.set_autoscale_on(False)
        # white lines between cells, above the overlays (as the plotly heatmaps' xgap/ygap)
        ax.vlines([c + 0.5 for c in range(cols - 1)], -0.5, rows - 0.5, colors="white", linewidth=0.6, zorder=4)
        ax.hlines([r + 0.5 for r in range(rows - 1)], -0.5, cols - 0.5, colors="white", linewidth=0.6, zorder=4)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title(title.replace("<br>", "\n"), fontsize=8, loc="left")
        for x, y, d in labels:
            ax.text(x, y, t("vol.anim.tile", lang, d=d), ha="center", va="center", fontsize=fontsize, color="#555555")
    fig.suptitle(volume_export_title(plan), fontsize=9, family="monospace")
    label = fig.text(0.5, 0.01, "", ha="center", va="bottom", fontsize=9)
    return fig, axes, label


def _draw_volume_overlay(plan: VolumePlan, axes, label, step: int, lang: str) -> list:
    """Patches of ``steps[step]``: taps and holes, outlines, pending outputs, the output element; the step label."""
    from matplotlib.patches import Polygon, Rectangle

    over = volume_overlay(plan, step)
    artists = []
    for row0, col0, z in over.taps:
        extent = (col0 - 0.5, col0 + len(z[0]) - 0.5, row0 + len(z) - 0.5, row0 - 0.5)
        artists.append(axes[0].imshow(_rgba_image(z, list(COLOURS)), extent=extent, interpolation="nearest",
                                      zorder=3))
        artists.append(axes[0].add_patch(Rectangle((col0 - 0.5, row0 - 0.5), len(z[0]), len(z), fill=False,
                                                   edgecolor=_rgb(WINDOW_LINE), linewidth=1.2, linestyle=":")))

    def polygons(xs: list, ys: list):
        points: list = []
        for x, y in zip(xs + [None], ys + [None]):
            if x is None:
                if points:
                    yield points
                points = []
            else:
                points.append((x, y))

    for points in polygons(*over.pending):
        artists.append(axes[1].add_patch(Polygon(points, closed=True, facecolor=_rgb(PENDING_FILL),
                                                 edgecolor="none", zorder=5)))
    xs, ys = over.cell
    artists.append(axes[1].add_patch(Rectangle((min(xs), min(ys)), 1, 1, facecolor=_rgb(COLOURS[SELECTED]),
                                               edgecolor=_rgb(WINDOW_LINE), linewidth=1.5, zorder=6)))
    label.set_text(volume_step_label(plan, step, lang))
    return artists


def _freeze_background(fig, axes, keep) -> None:
    """Render the static picture once and put it behind the axes as one pixel image (``figimage``), hiding the
    static artists: each GIF frame then draws only that image, the overlay, the cell lines and ``keep`` (the step
    label), not every text again."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.image import AxesImage
    from matplotlib.text import Text

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    background = np.asarray(canvas.buffer_rgba()).copy()
    for ax in axes:
        for artist in ax.get_children():
            if isinstance(artist, (AxesImage, Text)):
                artist.set_visible(False)
        ax.patch.set_visible(False)
    for text in fig.texts:
        text.set_visible(text is keep)
    if fig._suptitle is not None:
        fig._suptitle.set_visible(False)
    fig.figimage(background, xo=0, yo=0, origin="upper", zorder=-1)


def volume_png_bytes(plan: VolumePlan, step: int, *, lang: str = "en") -> bytes:
    """A PNG of ``steps[step]`` (taps, output so far), titled with the configuration."""
    fig, axes, label = _draw_volume_static(plan, lang)
    _draw_volume_overlay(plan, axes, label, step, lang)
    return figure_png_bytes(fig)


def volume_gif_bytes(plan: VolumePlan, *, lang: str = "en", max_frames: Optional[int] = None,
                     fps: Optional[int] = None, progress: Optional[Callable[[int, int], None]] = None) -> bytes:
    """The 3-D animation as a GIF of :func:`volume_gif_steps` frames (at most ``max_frames``, default
    :data:`GIF_MAX_FRAMES`), ``fps`` frames a second (default :data:`GIF_FPS`), through
    :func:`animation_gif_bytes`. ``progress(done, total)`` is called after each frame is drawn (for a progress
    bar)."""
    steps = volume_gif_steps(plan, max_frames)
    fig, axes, label = _draw_volume_static(plan, lang)
    _freeze_background(fig, axes, label)
    return animation_gif_bytes(fig, lambda step: _draw_volume_overlay(plan, axes, label, step, lang), steps,
                               fps=GIF_FPS if fps is None else fps, progress=progress)
