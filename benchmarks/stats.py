"""Pure helpers of the benchmarks: summaries of samples, which control to press on which page, the targets,
and the printed table. No server, no browser, no timing here (tests/benchmarks/test_stats.py)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Optional

# ---- summaries ------------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """Linear-interpolation percentile (numpy's default) of ``values`` for ``q`` in [0, 100]; raises ValueError
    on an empty sequence."""
    if not values:
        raise ValueError("no samples")
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def summarize(samples_ms: Sequence[float], misses: int = 0) -> dict:
    """``{"median_ms", "p95_ms", "runs"}`` (rounded to 0.1 ms) of latency samples in milliseconds, with
    ``misses`` (presses whose result never showed) when there were any; ``None`` values without samples."""
    summary: dict = {"median_ms": None, "p95_ms": None, "runs": len(samples_ms)}
    if samples_ms:
        summary["median_ms"] = round(percentile(samples_ms, 50), 1)
        summary["p95_ms"] = round(percentile(samples_ms, 95), 1)
    if misses:
        summary["misses"] = misses
    return summary


# ---- pages and their controls ---------------------------------------------------------------------------------


def page_url_path(script: str) -> str:
    """The URL path Streamlit gives a page script: ``"app.py" -> "/"``, ``"pages/7_speed_lab.py" -> "/speed_lab"``
    (the leading number and underscore are dropped)."""
    name = script.rsplit("/", 1)[-1].removesuffix(".py")
    if "/" not in script:
        return "/"
    return "/" + re.sub(r"^\d+[_ -]*", "", name)


@dataclass(frozen=True)
class Control:
    """How to interact with a page once: press ``keys`` in turn on the element ``selector`` (keyboard), or click
    the elements of ``click`` in turn; ``watch_metric`` is the catalogue key of the metric whose value must
    change (default: any text in the main area outside the control). ``note`` says how the control was chosen."""

    selector: str = ""
    keys: tuple[str, ...] = ()
    click: tuple[str, ...] = ()
    watch_metric: Optional[str] = None
    note: str = ""


def slider(key: str, **extra) -> Control:
    """The thumb of the keyed slider (or select_slider): a hidden ``<input type=range>`` in Streamlit 1.67."""
    return Control(f'.st-key-{key} input[type="range"]', ("ArrowRight", "ArrowLeft"), **extra)


def number_input(key: str, **extra) -> Control:
    """The keyed number input: ArrowUp / ArrowDown step it and commit the value."""
    return Control(f".st-key-{key} input", ("ArrowUp", "ArrowDown"), **extra)


LANGUAGE_BUTTONS = ('[data-testid="stSidebar"] .st-key-lang_choice button:nth-of-type(2)',
                    '[data-testid="stSidebar"] .st-key-lang_choice button:nth-of-type(1)')

# One ordinary interaction per known page; an unknown page gets its first slider (see fallback_controls).
CONTROLS: dict[str, Control] = {
    "app.py": Control(click=LANGUAGE_BUTTONS, note="language switch (the home page has no other control)"),
    "pages/1_explorer.py": slider("kernel_size", watch_metric="res.output_shape",
                                  note="kernel_size slider; watches the output shape"),
    "pages/2_pointwise.py": number_input("pw_in", note="in_channels number input"),
    "pages/3_dilated.py": slider("d_dilation", note="dilation slider"),
    "pages/4_grouped.py": slider("gc_groups", note="groups select_slider"),
    "pages/5_separable.py": slider("s_kernel", note="kernel_size slider"),
    "pages/6_receptive_field.py": number_input("rf_size", note="input size number input"),
    "pages/7_speed_lab.py": slider("sl_kernel", note="kernel_size slider"),
    "pages/8_quiz.py": number_input("quiz_seed", note="seed number input (new questions)"),
}
FALLBACKS = (
    Control('[data-testid="stMain"] [data-testid="stSlider"] input[type="range"]', ("ArrowRight", "ArrowLeft"),
            note="unknown page: its first slider"),
    Control('[data-testid="stMain"] [data-testid="stNumberInput"] input', ("ArrowUp", "ArrowDown"),
            note="unknown page: its first number input"),
)


def control_for(script: str) -> Optional[Control]:
    """The control of a known page, or ``None`` for a page that needs a fallback (try :data:`FALLBACKS`)."""
    return CONTROLS.get(script)


# ---- targets and the table ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A measured number against its limit: ``ok`` is None when the number is missing."""

    name: str
    value: Optional[float]
    limit: float
    unit: str

    @property
    def ok(self) -> Optional[bool]:
        return None if self.value is None else self.value <= self.limit


def targets(result: dict) -> list[Target]:
    """The issue's targets, read from a result object (missing numbers give ``ok = None``)."""
    out = [Target("explorer median", result.get("browser", {}).get("median_ms"), 50, "ms"),
           Target("explorer p95", result.get("browser", {}).get("p95_ms"), 100, "ms")]
    for page in result.get("pages", []):
        out.append(Target(f"{page['page']} median", page.get("median_ms"), 100, "ms"))
        out.append(Target(f"{page['page']} p95", page.get("p95_ms"), 250, "ms"))
    out.append(Target("cold start", result.get("cold_start_s"), 3, "s"))
    payload = result.get("animation_payload_bytes")
    if isinstance(payload, dict):
        out.append(Target("animation payload (largest)", payload.get("max"), 1_000_000, "B"))
    for name, entry in (result.get("library") or {}).items():
        if isinstance(entry, dict) and "target_s" in entry:
            out.append(Target(f"library {name}", entry.get("median_s"), entry["target_s"], "s"))
    return out


def _cell(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def format_table(rows: Iterable[Sequence[object]], header: Sequence[str]) -> str:
    """A plain-text table with columns padded to their widest cell; ``None`` prints as ``—``."""
    cells = [[_cell(v) for v in header]] + [[_cell(v) for v in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def report(result: dict) -> str:
    """The readable summary printed by ``python -m benchmarks``: latencies, then every target with its verdict."""
    rows = [("explorer (browser)", result["browser"].get("median_ms"), result["browser"].get("p95_ms"),
             result["browser"].get("runs"), "kernel_size → output shape")] if result.get("browser") else []
    rows.append(("baseline (one slider)", result.get("baseline_median_ms"),
                 (result.get("baseline") or {}).get("p95_ms"), (result.get("baseline") or {}).get("runs"),
                 "computes nothing"))
    for page in result.get("pages", []):
        rows.append((page["page"], page.get("median_ms"), page.get("p95_ms"), page.get("runs"),
                     page.get("control", "")))
    text = [format_table(rows, ("interaction", "median ms", "p95 ms", "runs", "control"))]
    verdict = {True: "ok", False: "MISSED", None: "not measured"}
    text.append("")
    text.append(format_table([(t.name, t.value, f"≤ {t.limit:g} {t.unit}", verdict[t.ok]) for t in targets(result)],
                             ("target", "value", "limit", "verdict")))
    return "\n".join(text)
