"""A/B in one run: an older commit's app served beside this checkout's, every page measured on both, alternating.

``python -m benchmarks.ab --old 9cbe1ef --presses 30`` checks out ``--old`` in a temporary git worktree, starts
both apps with ``streamlit run app.py`` (same machine, same browser, same moment), and for every page of
``ui.PAGES`` measures the page's ordinary interaction (:data:`benchmarks.stats.CONTROLS`, as ``python -m
benchmarks`` does) in ``--rounds`` alternating blocks: old, new, old, new … so that a change in the machine's load
hits both alike. A page passes when the new median is within +10 % or +5 ms of the old one (the larger); the
verdicts and the machine's load average are printed and, with ``--json``, written.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks import browser
from benchmarks.run import _pages, measure_page
from benchmarks.serve import ROOT, Server
from benchmarks.stats import control_for, format_table, page_url_path, summarize

WARMUP = 3


def worktree(commit: str) -> Path:
    """A detached worktree of ``commit`` in a temporary folder (removed by :func:`drop_worktree`)."""
    folder = Path(tempfile.mkdtemp(prefix="convviz-ab-"))
    subprocess.run(["git", "worktree", "add", "--detach", str(folder), commit], cwd=ROOT, check=True,
                   capture_output=True)
    return folder


def drop_worktree(folder: Path) -> None:
    subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, capture_output=True)


def within(old_ms: float, new_ms: float) -> bool:
    """The issue's rule: the new median at most +10 % or +5 ms (whichever is larger) above the old."""
    return new_ms <= old_ms + max(0.10 * old_ms, 5.0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ab", description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, help="the commit to compare against (e.g. 9cbe1ef)")
    parser.add_argument("--new", help="a commit to measure instead of this working tree (served from a worktree too)")
    parser.add_argument("--presses", type=int, default=30, help="measured interactions per page and version")
    parser.add_argument("--rounds", type=int, default=3, help="alternating blocks the presses are split into")
    parser.add_argument("--pages", nargs="*", help="only these page scripts (default: every page in ui.PAGES)")
    parser.add_argument("--json", type=Path, help="write the result here")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from convviz.text.i18n import t

    pages = args.pages or _pages()
    per_round = max(1, args.presses // args.rounds)
    old_root = worktree(args.old)
    new_root = worktree(args.new) if args.new else ROOT
    samples: dict[str, dict[str, list[float]]] = {page: {"old": [], "new": []} for page in pages}
    errors: list[str] = []
    load_before = os.getloadavg()
    try:
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            with Server("app.py", root=old_root) as old, Server("app.py", root=new_root) as new:
                for round_index in range(args.rounds):
                    for page in pages:
                        control = control_for(page)
                        label = t(control.watch_metric, "en") if control and control.watch_metric else None
                        order = (("old", old), ("new", new)) if round_index % 2 == 0 else (("new", new), ("old", old))
                        for name, server in order:
                            entry = measure_page(chromium, server.url + page_url_path(page) + "?lang=en", control,
                                                 presses=per_round, warmup=WARMUP, spacing_s=0.5, metric_label=label,
                                                 keep_samples=True)
                            if entry.get("error"):
                                errors.append(f"{name} {page}: {entry['error']}")
                            samples[page][name].extend(entry.get("samples_ms", []))
                        print(f"round {round_index + 1} {page}: old {len(samples[page]['old'])}, "
                              f"new {len(samples[page]['new'])} samples", flush=True)
            chromium.close()
    finally:
        drop_worktree(old_root)
        if new_root != ROOT:
            drop_worktree(new_root)
    rows, result = [], {"old": args.old, "new": args.new or "working tree", "load_average_before": load_before,
                        "load_average_after": os.getloadavg(), "pages": [], "errors": errors}
    for page in pages:
        old_s, new_s = summarize(samples[page]["old"]), summarize(samples[page]["new"])
        ok = old_s["median_ms"] is not None and new_s["median_ms"] is not None and within(old_s["median_ms"],
                                                                                          new_s["median_ms"])
        result["pages"].append({"page": page, "old": old_s, "new": new_s, "ok": ok})
        rows.append((page, old_s["runs"], old_s["median_ms"], old_s["p95_ms"], new_s["median_ms"], new_s["p95_ms"],
                     "met" if ok else "NOT MET"))
    print(format_table(rows, ("page", "n", "old median ms", "old p95", "new median ms", "new p95", "≤ +10 % / +5 ms")))
    print(f"load average before {load_before}, after {result['load_average_after']}")
    for error in errors:
        print("error:", error)
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")
    return 0 if all(p["ok"] for p in result["pages"]) else 1


if __name__ == "__main__":
    sys.exit(main())
