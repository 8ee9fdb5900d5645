"""``python -m benchmarks``: cold start, explorer latency, one interaction per page, the baseline page, memory
over many interactions, library timings, figure payloads and AppTest reruns; a table, then the JSON object."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import tomllib
from pathlib import Path

from benchmarks import browser, library
from benchmarks.serve import ROOT, Server
from benchmarks.stats import Control, control_for, page_url_path, report, summarize, targets


def _config() -> dict:
    path = ROOT / ".streamlit" / "config.toml"
    return tomllib.loads(path.read_text()) if path.exists() else {}


def _pages() -> list[str]:
    sys.path.insert(0, str(ROOT))
    import ui  # the app's own list of pages, so a page added by anyone is measured

    return [page.path for page in ui.PAGES]


def cold_start(chromium, server: Server) -> dict:
    """Launch the server, open the home page in a fresh context, wait for its title: seconds from launch."""
    from convviz.text.i18n import t

    server.start()
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server.url + "/?lang=en", timeout=60_000)
    page.get_by_role("heading", name=t("app.name", "en")).first.wait_for(timeout=60_000)
    shown = time.monotonic() - server.started
    browser.wait_idle(page)
    context.close()
    return {"cold_start_s": round(shown, 2), "server_ready_s": round(server.ready_s, 2)}


def measure_page(chromium, url: str, control: Control | None, *, presses: int, warmup: int, spacing_s: float,
                 metric_label: str | None = None, keep_samples: bool = False) -> dict:
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    context.set_default_timeout(20_000)
    try:
        page = browser.open_page(context, url)
        if page.locator(browser.EXCEPTION).count():  # a page being rewritten by someone else right now
            text = page.locator(browser.EXCEPTION).first.inner_text()[:300]
            return {**summarize([]), "control": "", "error": f"the page shows an exception: {text}"}
        chosen = browser.resolve_control(page, control)
        if chosen is None:
            return {**summarize([]), "control": "none found: no slider or number input on the page"}
        samples, misses = browser.measure(page, chosen, presses=presses, warmup=warmup, spacing_s=spacing_s,
                                          metric_label=metric_label)
        exceptions = page.locator(browser.EXCEPTION).count()
        entry = {**summarize(samples, misses), "control": chosen.note}
        if keep_samples:  # the raw latencies (ms), for runs that pool several blocks (benchmarks.ab)
            entry["samples_ms"] = samples
        if exceptions:
            entry["exceptions_shown"] = exceptions
        return entry
    except Exception as error:  # noqa: BLE001 — report and go on to the next page
        return {**summarize([]), "control": getattr(control, "note", ""),
                "error": f"{type(error).__name__}: {error}"[:300]}
    finally:
        context.close()


def soak(chromium, server: Server, interactions: int, sessions: int, control: Control, metric_label: str) -> dict:
    """``interactions`` key presses on the explorer spread over ``sessions`` browser sessions, back to back;
    the server's resident memory before, every 50 interactions, and after."""
    rss = [server.rss_mib()]
    per_session = max(1, interactions // sessions)
    done, latencies, missed = 0, [], 0
    for _ in range(sessions):
        context = chromium.new_context(viewport={"width": 1280, "height": 800})
        page = browser.open_page(context, server.url + page_url_path("pages/1_explorer.py") + "?lang=en")

        def sample(i: int, offset: int = done) -> None:
            if (offset + i + 1) % 50 == 0:
                rss.append(server.rss_mib())

        samples, misses = browser.measure(page, control, presses=per_session, warmup=0, spacing_s=0.0,
                                          metric_label=metric_label, on_press=sample)
        done, latencies, missed = done + per_session, latencies + samples, missed + misses
        context.close()
    rss.append(server.rss_mib())
    return {"interactions": done, "sessions": sessions, "rss_mib": rss,
            "growth_mib": round(rss[-1] - rss[1], 1) if len(rss) > 2 else None,
            "back_to_back": summarize(latencies, missed)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--json", type=Path, help="write the result object here")
    parser.add_argument("--quick", action="store_true",
                        help="fewer presses (for development; below the issue's counts)")
    parser.add_argument("--soak", type=int, default=300, help="interactions for the memory check (0: skip)")
    parser.add_argument("--sessions", type=int, default=3, help="browser sessions the memory check uses")
    parser.add_argument("--pages", nargs="*", help="only these page scripts (default: every page in ui.PAGES)")
    parser.add_argument("--no-apptest", action="store_true", help="skip the AppTest reruns")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from convviz.text.i18n import t

    explorer_presses, page_presses, warmup = (10, 8, 2) if args.quick else (30, 20, 5)
    spacing = 0.5
    config = _config()
    pages = args.pages or _pages()
    result: dict = {
        "command": "python -m benchmarks" + (" " + " ".join(sys.argv[1:]) if sys.argv[1:] else ""),
        "environment": {"cpus": os.cpu_count(), "python": platform.python_version(),
                        "runner.postScriptGC": os.environ.get("STREAMLIT_RUNNER_POST_SCRIPT_GC",
                                                              config.get("runner", {}).get("postScriptGC", True)),
                        "quick": args.quick},
    }
    explorer = control_for("pages/1_explorer.py")
    metric_label = t(explorer.watch_metric, "en")
    with sync_playwright() as playwright:
        chromium = browser.launch(playwright)
        app = Server("app.py")
        try:
            result.update(cold_start(chromium, app))
            print(f"cold start {result['cold_start_s']} s (server healthy after {result['server_ready_s']} s)",
                  flush=True)
            with Server("benchmarks/baseline_app.py") as baseline:
                entry = measure_page(chromium, baseline.url, Control('[data-testid="stSlider"] input[type="range"]',
                                                                    ("ArrowRight", "ArrowLeft"), note="baseline"),
                                     presses=page_presses, warmup=warmup, spacing_s=spacing)
            result["baseline"] = {k: v for k, v in entry.items() if k != "control"}
            result["baseline_median_ms"] = entry["median_ms"]
            print(f"baseline {entry}", flush=True)
            entry = measure_page(chromium, app.url + page_url_path("pages/1_explorer.py") + "?lang=en", explorer,
                                 presses=explorer_presses, warmup=warmup, spacing_s=spacing,
                                 metric_label=metric_label)
            result["browser"] = {k: v for k, v in entry.items() if k != "control"}
            print(f"explorer {entry}", flush=True)
            result["pages"] = []
            for script in pages:
                control = control_for(script)
                if script == "pages/1_explorer.py":  # measured above, with more presses
                    result["pages"].append({"page": "1_explorer.py", **result["browser"], "control": explorer.note})
                    continue
                entry = measure_page(chromium, app.url + page_url_path(script) + "?lang=en", control,
                                     presses=page_presses, warmup=warmup, spacing_s=spacing)
                result["pages"].append({"page": script.rsplit("/", 1)[-1], **entry})
                print(f"{script} {entry}", flush=True)
            if args.soak:
                try:
                    result["memory"] = soak(chromium, app, args.soak, args.sessions, explorer, metric_label)
                except Exception as error:  # noqa: BLE001
                    result["memory"] = {"error": f"{type(error).__name__}: {error}"[:300]}
                print(f"memory {result['memory']}", flush=True)
        finally:
            app.stop()
            chromium.close()
    for name, measure in (("library", library.library_timings), ("animation_payload_bytes", library.animation_payloads),
                          ("apptest", None if args.no_apptest else library.apptest_reruns)):
        if measure is None:
            continue
        try:
            result[name] = measure()
        except Exception as error:  # noqa: BLE001 — a page or module being rewritten by someone else right now
            result[name] = {"value": None, "reason": f"{type(error).__name__}: {error}"}
    result["targets"] = [{"name": t_.name, "value": t_.value, "limit": t_.limit, "unit": t_.unit, "ok": t_.ok}
                         for t_ in targets(result)]
    print()
    print(report(result))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        print(f"\nwritten: {args.json}")
    return 0
