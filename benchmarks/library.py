"""In-process measurements: library timings, the explorer's figure payloads, and AppTest reruns.

Each returns plain values for the JSON object, or ``{"value": None, "reason": ...}`` when the piece it
measures does not exist (yet) — other parts of the app are being written at the same time.
"""

from __future__ import annotations

import importlib
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _median_s(run, repeats: int = 5) -> float:
    run()  # warm-up
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        run()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def library_timings() -> dict:
    """``receptive_field`` on a 100-layer stack (target 1 ms) and the effective receptive field of a 10-layer
    3×3 stack at 128×128 (target 0.5 s), from ``convviz.receptive_lab.erf.speed_targets()`` when it exists."""
    out: dict = {}
    try:
        erf = importlib.import_module("convviz.receptive_lab.erf")
        targets = erf.speed_targets()
    except (ImportError, AttributeError) as error:
        targets, reason = [], f"convviz.receptive_lab.erf.speed_targets is not available: {error}"
    else:
        reason = ""
    if targets:
        for target in targets:
            repeats = 200 if target.target_s < 0.01 else 5
            out[target.name] = {"median_s": round(_median_s(target.run, repeats), 6), "target_s": target.target_s}
    else:
        from convviz import ConvSpec, receptive_field

        hundred = [ConvSpec(1, 1, 3, stride=1 + (i % 7 == 0), padding=1, dilation=1 + i % 3) for i in range(100)]
        out["receptive_field_100_layers"] = {"median_s": round(_median_s(lambda: receptive_field(hundred), 200), 6),
                                             "target_s": 1e-3}
        out["erf_10_layers_3x3_128x128"] = {"median_s": None, "target_s": 0.5, "reason": reason}
    return out


def animation_payloads() -> dict:
    """Bytes of the largest plotly figure JSON the explorer draws (sliding-window animation, channel view,
    sweep of the first parameter) at the default layer and at each preset: ``{"max": …, "per_preset": {key:
    {"bytes": …, "figure": …}}}``; ``{"max": None, "reason": …}`` if the explorer has no animation yet."""
    try:
        from convviz.animation.sliding import animation_figure, plan_animation
    except ImportError as error:
        return {"max": None, "reason": f"convviz.animation.sliding is not available: {error}"}
    from convviz.layer.presets import DEFAULT, PRESETS

    def size(fig) -> int:
        return len(fig.to_json().encode())

    per_preset: dict = {}
    for preset in (DEFAULT, *PRESETS.values()):
        figures: dict[str, int] = {}
        try:
            plan = plan_animation(preset.spec, preset.input_shape, preset.pointwise)
            figures["animation"] = size(animation_figure(plan, lang="en", step=0))
        except Exception as error:  # noqa: BLE001 — another developer's code: report, do not crash
            per_preset[preset.key] = {"bytes": None, "reason": f"animation: {type(error).__name__}: {error}"}
            continue
        try:
            from convviz.lessons.channels import channel_figure

            layers = [preset.spec] + ([preset.pointwise] if preset.pointwise else [])
            figures["channels"] = size(channel_figure(layers, selected=0, lang="en"))
        except Exception:  # noqa: BLE001
            pass
        try:
            from convviz.lessons.sweep import PARAMETERS, sweep, sweep_figure

            figures["sweep"] = size(sweep_figure(sweep(preset.spec, preset.input_shape, PARAMETERS[0]), PARAMETERS[0],
                                                 current=0, lang="en"))
        except Exception:  # noqa: BLE001
            pass
        name = max(figures, key=figures.get)
        per_preset[preset.key] = {"bytes": figures[name], "figure": name, "all": figures}
    sizes = [entry["bytes"] for entry in per_preset.values() if entry.get("bytes") is not None]
    return {"max": max(sizes) if sizes else None, "per_preset": per_preset}


def apptest_reruns(runs: int = 10) -> dict:
    """AppTest rerun time of the explorer's kernel_size change (no server, no per-run garbage collection, so it
    flatters): median and max in ms."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    at.switch_page("pages/1_explorer.py").run()
    if at.exception:
        raise RuntimeError(f"the explorer shows an exception: {at.exception[0].value}")
    times = []
    for i in range(runs + 1):
        slider = at.slider(key="kernel_size")
        slider.set_value(3 if i % 2 else 4)
        began = time.perf_counter()
        slider.run()
        times.append((time.perf_counter() - began) * 1000)
    times = times[1:]
    return {"explorer_median_ms": round(statistics.median(times), 1), "explorer_max_ms": round(max(times), 1),
            "runs": len(times)}
