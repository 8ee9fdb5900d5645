"""Element helpers shared by the pages: figures (presentation mode), formulas, code boxes, errors, PyTorch's
confirmation, and the callbacks that rerun only a fragment.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable

import streamlit as st

from convviz.layer.errors import ConvSpecError
from convviz.layer.presets import Preset
from convviz.layer.spec import ConvSpec
from convviz.text.i18n import Translator
from convviz.text.snippet import module_expression
from convviz.text.units import format_shape
from ui.address import current_present, link_params
from ui.explorer.state import state_for
from ui.page import EXPLORER_PAGE
from ui.runs import RunSummary

PRESENT_FIGURE_SCALE = 1.3  # presentation mode: figure text (and explicit figure heights) grow by this factor


def plotly_chart(figure, **kwargs):
    """``st.plotly_chart`` for every figure of the app: in presentation mode the figure's text is enlarged
    (:func:`convviz.plotting.enlarged`) to match the page's larger text on a projector; the figure given (often
    a cached one shared by every session) is never changed. Plotly's mode bar is hidden unless ``config`` says
    otherwise."""
    if current_present():
        from convviz.plotting import PreparedFigure, enlarged

        figure = PreparedFigure(enlarged(figure.to_dict(), PRESENT_FIGURE_SCALE))
    kwargs.setdefault("config", {"displayModeBar": False})
    return st.plotly_chart(figure, **kwargs)


FLUSH_PAUSE_S = 0.003  # see send_now


def send_now() -> None:
    """Let the browser have what this run has drawn so far before the run draws the rest: call it after the
    numbers a user waits for. Streamlit's event loop sends a run's messages while the script thread goes on, and
    the browser draws whatever has arrived in one pass, so numbers drawn first reached the screen only together
    with everything after them. A 3 ms pause (the script thread waits, other sessions run) lets them go alone, so
    the numbers show sooner and the whole update is not later (README, Performance)."""
    time.sleep(FLUSH_PAUSE_S)


def section(heading: str, *paragraphs: str) -> None:
    """A subheading and the paragraphs under it as one ``st.markdown`` element (``### heading``): the same look
    as ``st.subheader`` + ``st.markdown``, one message per rerun instead of several (each rerun sends every
    element to the browser again)."""
    st.markdown("\n\n".join((f"### {heading}", *paragraphs)))


def pytorch_code(tr: Translator, code: str, *, stack: bool = False, expanded: bool = False,
                 key: str | None = None) -> None:
    """A "Copy as PyTorch" expander holding ``code`` (from :mod:`convviz.text.snippet`) in an ``st.code`` block,
    which has a copy button. With ``key`` the expander is lazy (``on_change="rerun"``): its content is drawn,
    and re-sent on each rerun, only while it is open."""
    label = tr("snippet.stack_heading" if stack else "snippet.heading")
    if key is None:
        box = st.expander(label, expanded=expanded, icon=":material/content_copy:")
    else:
        box = st.expander(label, expanded=expanded, icon=":material/content_copy:", key=key, on_change="rerun")
        if not box.open:
            return
    with box:
        st.caption(tr("snippet.help"))
        st.code(code, language="python")


_ALIGNED = (r"\begin{aligned}", r"\end{aligned}")


def stacked_latex(blocks: list[str]) -> str:
    """Several formulas (each a complete LaTeX block) stacked as one ``st.latex`` block: one element per rerun
    instead of one per formula (a formula costs the browser about 2 ms to draw on every rerun). ``aligned``
    blocks become the row groups of one ``aligned`` block (their ``=`` line up; a gap between groups, which
    KaTeX keeps there but not between nested blocks); other blocks are centred one under the other."""
    if len(blocks) == 1:
        return blocks[0]
    parts = [block.strip() for block in blocks]
    if all(part.startswith(_ALIGNED[0]) and part.endswith(_ALIGNED[1]) for part in parts):
        rows = (part.removeprefix(_ALIGNED[0]).removesuffix(_ALIGNED[1]).strip() for part in parts)
        return f"{_ALIGNED[0]} " + r" \\[1.2em] ".join(rows) + f" {_ALIGNED[1]}"
    return r"\begin{gathered} " + r" \\[2em] ".join(parts) + r" \end{gathered}"


def open_in_explorer(tr: Translator, layer: Preset, *, key: str) -> None:
    """A button that opens ``layer`` (a layer, its input and an optional pointwise layer) in the explorer,
    keeping the language. Build the ``Preset`` with any ``key`` string, e.g. ``Preset("page", spec, shape)``."""
    if st.button(tr("nav.open_in_explorer"), key=key, icon=":material/open_in_new:"):
        st.session_state.update(state_for(layer))
        st.switch_page(EXPLORER_PAGE, query_params=link_params(tr.lang))


def rerun_only(*fragment_keys: str) -> None:
    """Widget callback (``on_change=ui.rerun_only, args=("page_results",)``): rerun only the named keyed
    fragments (``@st.fragment(key=...)``) instead of the whole page.

    Why: the browser's time to show a result grows with every element a rerun sends (about 0.9 ms each on
    these 2-core machines, 2 ms for a formula; an element left as drawn costs about 0.25 ms), so a control
    drawn in the page body whose change only alters results should not send the page's controls again.
    Use it only for a control that changes no other control (its options, bounds or visibility); such a
    control must rerun the page (no callback, or a callback that returns normally)."""
    st.rerun(list(fragment_keys))


def confirm_shape(tr: Translator, layer: ConvSpec, expected: tuple[int, ...], run: RunSummary, prefix: str) -> None:
    """PyTorch's confirmation of a layer's output shape: ``<prefix>.confirm`` (module, device, shape) as a success
    when the run returned ``expected``, else ``<prefix>.mismatch`` (torch_shape, shape) as an error."""
    if run.output_shape == expected:
        st.success(tr(f"{prefix}.confirm", module=module_expression(layer), device=run.device,
                      shape=format_shape(run.output_shape)), icon=":material/check_circle:")
    else:
        st.error(tr(f"{prefix}.mismatch", torch_shape=format_shape(run.output_shape), shape=format_shape(expected)))


def show_error(tr: Translator, error: ConvSpecError) -> None:
    """The library's message for ``error`` in the page's language, as one ``st.error`` line."""
    st.error(tr("error.prefix") + tr.error(error), icon=":material/error:")


def gif_download(tr: Translator, *, key: str, identity: Hashable, frames: int,
                 make: Callable[[Callable[[int, int], None]], bytes], file_name: str) -> None:
    """An animation's GIF: a "prepare" button (a GIF of ``frames`` frames takes seconds to render), a progress bar
    while ``make(progress)`` renders it (calling ``progress(done, total)``), then its download button. The bytes are
    kept in ``st.session_state[key]`` with ``identity`` (the hashable values the GIF shows: layer, input, channel,
    language), so that the download button stays while they do not change. Widget keys ``<key>_prepare`` and
    ``<key>_dl``."""
    ready = st.session_state.get(key)
    if ready and ready[0] == identity:
        _gif_button(tr, ready[1], ready[2], file_name, key)
    elif st.button(tr("anim.gif.prepare", frames=frames), key=f"{key}_prepare", icon=":material/movie:"):
        bar = st.progress(0.0, text=tr("anim.gif.progress", done=0, total=frames))

        def progress(done: int, total: int) -> None:
            bar.progress(done / total, text=tr("anim.gif.progress", done=done, total=total))

        data = make(progress)
        st.session_state[key] = (identity, data, frames)
        bar.empty()
        _gif_button(tr, data, frames, file_name, key)


def _gif_button(tr: Translator, data: bytes, frames: int, file_name: str, key: str) -> None:
    st.download_button(tr("anim.gif.download", frames=frames), data=data, file_name=file_name, mime="image/gif",
                       on_click="ignore", icon=":material/download:", key=f"{key}_dl")
