"""Pure helpers of benchmarks/ (no server, no browser, no timing assertions): summaries, page URLs, the control
table, the targets and the printed table."""

import ast
from pathlib import Path

import pytest

import ui
from benchmarks.stats import (
    CONTROLS,
    FALLBACKS,
    Target,
    control_for,
    format_table,
    page_url_path,
    percentile,
    report,
    summarize,
    targets,
)

ROOT = Path(__file__).resolve().parents[2]


def test_percentile_and_summary_match_numpys_linear_rule():
    numpy = pytest.importorskip("numpy")
    values = [12.0, 3.5, 7.25, 100.0, 44.0, 8.0, 9.5]
    for q in (0, 25, 50, 90, 95, 100):
        assert percentile(values, q) == pytest.approx(float(numpy.percentile(values, q)))
    assert summarize(values) == {"median_ms": 9.5, "p95_ms": round(float(numpy.percentile(values, 95)), 1), "runs": 7}
    assert summarize([], misses=2) == {"median_ms": None, "p95_ms": None, "runs": 0, "misses": 2}
    with pytest.raises(ValueError):
        percentile([], 50)


def test_page_url_paths_follow_streamlits_naming():
    assert page_url_path("app.py") == "/"
    assert page_url_path("pages/1_explorer.py") == "/explorer"
    assert page_url_path("pages/7_speed_lab.py") == "/speed_lab"
    assert page_url_path("pages/12_some page.py") == "/some page"


def test_every_page_has_a_control_or_a_fallback():
    assert all(control_for(page.path) is None or page.path in CONTROLS for page in ui.PAGES)
    assert control_for("pages/99_not_written_yet.py") is None and FALLBACKS
    for path, control in CONTROLS.items():
        assert bool(control.keys) != bool(control.click), path
        assert control.note
    # a keyed control names a key the page really uses (drawn by the page itself or by the ui/ modules it calls:
    # the explorer's views in ui/explorer/, the other pages' keys in ui/link_schema.py)
    wiring = "".join(path.read_text() for path in sorted((ROOT / "ui").rglob("*.py")))
    for path, control in CONTROLS.items():
        if control.selector.startswith(".st-key-") and (ROOT / path).exists():
            key = control.selector.split()[0].removeprefix(".st-key-")
            source = (ROOT / path).read_text() + wiring
            keys = {kw.value.value for node in ast.walk(ast.parse(source)) if isinstance(node, ast.Call)
                    for kw in node.keywords if kw.arg == "key" and isinstance(kw.value, ast.Constant)}
            assert key in keys or f'"{key}"' in source, (path, key)  # a literal key, or a name passed on


def test_targets_and_report():
    result = {"browser": {"median_ms": 40.0, "p95_ms": 120.0, "runs": 30},
              "pages": [{"page": "2_pointwise.py", "median_ms": 80.0, "p95_ms": 200.0, "runs": 20, "control": "x"}],
              "baseline_median_ms": 30.0, "baseline": {"median_ms": 30.0, "p95_ms": 35.0, "runs": 20},
              "cold_start_s": 2.5, "animation_payload_bytes": {"max": 2_000_000},
              "library": {"rf": {"median_s": 0.0002, "target_s": 0.001}, "erf": {"median_s": None, "target_s": 0.5}}}
    verdicts = {t.name: t.ok for t in targets(result)}
    assert verdicts == {"explorer median": True, "explorer p95": False, "2_pointwise.py median": True,
                        "2_pointwise.py p95": True, "cold start": True, "animation payload (largest)": False,
                        "library rf": True, "library erf": None}
    text = report(result)
    assert "MISSED" in text and "not measured" in text and "2_pointwise.py" in text
    assert Target("x", None, 1, "s").ok is None


def test_format_table_pads_columns():
    table = format_table([("a", 1.23456, None), ("long name", 2, "z")], ("name", "value", "note"))
    lines = table.splitlines()
    assert lines[0].startswith("name       value") and set(lines[1]) <= {"-", " "}
    assert lines[2].split() == ["a", "1.235", "—"]
    assert len(lines) == 4
