"""``python -m benchmarks.load --sessions 30``: a classroom against one server.

Starts the app with ``streamlit run`` (same ``.streamlit/config.toml``, :class:`benchmarks.serve.Server`), then
``--sessions`` sessions join, staggered over ``--stagger`` seconds; each makes ``--interactions`` interactions on
different pages with 1–3 s of thinking between them (seeded, so runs are comparable).

- ``--browsers`` of them (default 2) are real headless Chromium contexts (Playwright), each in one tab that moves
  between pages through the sidebar's links, as a student does: the time from the key press to the new value in the
  page (a ``MutationObserver``, in the page's own clock) is the *browser* time.
- The rest are lightweight clients speaking Streamlit's own protocol on ``/_stcore/stream`` (the ``websockets``
  package that streamlit installs, with ``BackMsg``/``ForwardMsg`` protobufs): each interaction sends a
  ``rerun_script`` with the changed widget state and waits for ``script_finished``; that round trip on localhost
  is the *server-side rerun* time. Every element the server sends is inspected: an exception element is an error.

Warm-up: before the class joins, one session opens every page once (``warm_up_s`` in the report), as the teacher
does before sharing the link: a server's first runs import torch and plotly and compile each page (``python -m
benchmarks`` measures that cold start). ``--no-warm-up`` lets the class meet a cold server.

Priority: the clients share the 2 cores with the server at the same priority (the harder case: in a class they run
on the students' own computers). ``--client-nice N`` lowers theirs once the server has started (the browsers inherit
it); on 30 November 2026 that made no clear difference (server p95 390–818 ms at 10, 413–752 ms at 0).

Isolation: session ``i`` sets its own values (explorer ``out_channels = 2 + i``, 1×1 page ``out_channels = 100 + i``,
grouped page ``out_channels = 8·(i + 1)``) and checks that every output-shape metric it receives shows its own value
— a value of another session would be a leak. The server's peak resident memory is sampled every 0.2 s.
Prints a summary and, with ``--json PATH``, writes it.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import threading
import time
from dataclasses import dataclass, field

from benchmarks.serve import Server
from benchmarks.stats import percentile


@dataclass
class Tally:
    rerun_ms: list[float] = field(default_factory=list)
    rerun_ms_by_page: dict[str, list[float]] = field(default_factory=dict)
    open_ms: list[float] = field(default_factory=list)
    open_ms_by_page: dict[str, list[float]] = field(default_factory=dict)
    browser_ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    interactions: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, **values) -> None:
        with self.lock:
            for name, value in values.items():
                getattr(self, name).append(value)


# One interaction per entry: (page URL name, widget key, value for session i, metric label to check or None,
# expected metric text for session i or None). Numbers are the widgets' own legal values.
def plan(session: int) -> list[tuple[str, str, object, str | None, str | None]]:
    i = session
    return [
        ("explorer", "out_channels", 2 + i, "Output shape", f"(1, {2 + i}, 3, 3)"),
        ("pointwise", "pw_out", 100 + i, "Output shape", f"(1, {100 + i}, 32, 32)"),
        ("dilated", "d_dilation", [float(1 + i % 4)], None, None),
        ("grouped", "gc_out", 8 * (i + 1), "Output shape", f"(1, {8 * (i + 1)}, 32, 32)"),
        ("separable", "s_kernel", [float(1 + i % 7)], None, None),
        ("receptive_field", "rf_size", 64 + i, None, None),
        ("speed_lab", "sl_in", 16 + i, None, None),
        ("quiz", "quiz_seed", 1000 + i, None, None),
        ("explorer", "kernel_size", [float(1 + i % 5)], None, None),
        ("pointwise", "pw_in", 10 + i, None, None),
    ]


# ---- lightweight clients: Streamlit's websocket protocol ---------------------------------------------------------

async def protocol_session(url: str, session: int, interactions: int, tally: Tally, rng: random.Random) -> None:
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=60) as ws:
        widget_ids: dict[str, str] = {}
        widget_fragments: dict[str, str] = {}  # widget key → the fragment that drew it (as a browser knows)

        async def rerun(page: str, states: dict[str, object]) -> dict[str, str]:
            """One script run; returns the metrics shown (label → value) and records ids, errors, time. A widget
            drawn inside an ``st.fragment`` reruns only that fragment, as in a browser (``fragment_id``)."""
            message = BackMsg()
            message.rerun_script.query_string = "lang=en"
            message.rerun_script.page_name = page
            fragments = {widget_fragments[key] for key in states if widget_fragments.get(key)}
            if len(fragments) == 1:
                message.rerun_script.fragment_id = fragments.pop()
            for key, value in states.items():
                state = message.rerun_script.widget_states.widgets.add()
                state.id = widget_ids[key]
                if isinstance(value, list):
                    state.double_array_value.data[:] = value
                else:
                    state.int_value = int(value)
            began = time.monotonic()
            await ws.send(message.SerializeToString())
            metrics: dict[str, str] = {}
            while True:
                forward = ForwardMsg()
                forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=60))
                kind = forward.WhichOneof("type")
                if kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                    element = forward.delta.new_element
                    which = element.WhichOneof("type")
                    if which == "exception":
                        tally.add(errors=f"session {session} {page}: {element.exception.type}")
                    elif which == "metric":
                        metrics.setdefault(element.metric.label, element.metric.body)
                    elif which is not None and hasattr(getattr(element, which), "id"):
                        widget_id = getattr(element, which).id
                        if "-" in widget_id:
                            key = widget_id.rsplit("-", 1)[-1]
                            widget_ids[key] = widget_id
                            widget_fragments[key] = forward.delta.fragment_id
                elif kind == "script_finished":
                    status = forward.script_finished
                    if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                        continue  # a callback asked for another run (e.g. only some keyed fragments): wait for it
                    if status not in (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY):
                        tally.add(errors=f"session {session} {page}: script_finished {status}")
                    elapsed = (time.monotonic() - began) * 1000
                    with tally.lock:
                        (tally.rerun_ms if states else tally.open_ms).append(elapsed)
                        by_page = tally.rerun_ms_by_page if states else tally.open_ms_by_page
                        by_page.setdefault(page, []).append(elapsed)
                    return metrics

        for page, key, value, label, expected in plan(session)[:interactions]:
            await rerun(page, {})  # open the page (as a link or the navigation does)
            if key not in widget_ids:
                tally.add(errors=f"session {session} {page}: no widget {key}")
                continue
            await asyncio.sleep(rng.uniform(1.0, 3.0))  # thinking
            metrics = await rerun(page, {key: value})
            with tally.lock:
                tally.interactions += 1
            if label is not None and metrics.get(label) != expected:
                tally.add(leaks=f"session {session} {page}: {label} = {metrics.get(label)!r}, expected {expected!r}")


async def warm_up(url: str) -> float:
    """Open every page of the plan once in one session, as the teacher does before sharing the link (the server's
    first runs import torch and plotly and compile each page); returns the seconds it took."""
    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    began = time.monotonic()
    async with websockets.connect(url.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, open_timeout=60) as ws:
        for page in dict.fromkeys(step[0] for step in plan(0)):
            message = BackMsg()
            message.rerun_script.query_string = "lang=en"
            message.rerun_script.page_name = page
            await ws.send(message.SerializeToString())
            while True:
                forward = ForwardMsg()
                forward.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
                if forward.WhichOneof("type") == "script_finished" and \
                        forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    break
    return time.monotonic() - began


async def protocol_sessions(url: str, sessions: list[int], interactions: int, stagger: float, tally: Tally,
                            seed: int) -> None:
    async def one(session: int) -> None:
        rng = random.Random(seed + session)
        await asyncio.sleep(session * stagger)
        try:
            await protocol_session(url, session, interactions, tally, rng)
        except Exception as error:  # noqa: BLE001 — a failed session is an error in the report
            tally.add(errors=f"session {session}: {type(error).__name__}: {error}")

    await asyncio.gather(*(one(session) for session in sessions))


# ---- real browsers ---------------------------------------------------------------------------------------------------

BROWSER_STEPS = (  # (URL path, control selector, keys): every press changes a shown value
    ("/explorer", '.st-key-kernel_size input[type="range"]', ("ArrowRight", "ArrowLeft")),
    ("/dilated", '.st-key-d_dilation input[type="range"]', ("ArrowRight", "ArrowLeft")),
    ("/grouped", '.st-key-gc_groups input[type="range"]', ("ArrowRight", "ArrowLeft")),
    ("/separable", '.st-key-s_kernel input[type="range"]', ("ArrowRight", "ArrowLeft")),
    ("/pointwise", ".st-key-pw_in input", ("ArrowUp", "ArrowDown")),
)


def browser_session(url: str, session: int, interactions: int, delay: float, tally: Tally, seed: int) -> None:
    """One real Chromium session (its own Playwright in this thread): joins after ``delay`` seconds by opening the
    first page, then, ``interactions`` times, goes to a page through the sidebar's links (as a student does: one
    tab, no reload) and presses its control, thinking 1–3 s in between."""
    from playwright.sync_api import sync_playwright

    from benchmarks import browser

    rng = random.Random(seed + session)
    time.sleep(delay)
    try:
        with sync_playwright() as playwright:
            chromium = browser.launch(playwright)
            context = chromium.new_context(viewport={"width": 1280, "height": 800})
            try:
                page = browser.open_page(context, f"{url}{BROWSER_STEPS[0][0]}?lang=en")
                for step in range(interactions):
                    path, selector, keys = BROWSER_STEPS[step % len(BROWSER_STEPS)]
                    if step:
                        page.locator(f'[data-testid="stSidebar"] a[href^="{path.lstrip("/")}?"]').first.click()
                        page.wait_for_selector(selector, state="attached", timeout=60_000)
                        browser.wait_idle(page, 60_000)
                    samples, misses = browser.measure(page, browser.Control(selector, keys), presses=1, warmup=0,
                                                      spacing_s=0.0)
                    exceptions = page.locator(browser.EXCEPTION).count()
                    with tally.lock:
                        tally.browser_ms.extend(samples)
                        tally.interactions += 1
                        if misses or exceptions:
                            tally.errors.append(f"browser {session} {path}: misses={misses} exceptions={exceptions}")
                    time.sleep(rng.uniform(1.0, 3.0))
            finally:
                context.close()
                chromium.close()
    except Exception as error:  # noqa: BLE001 — a failed session is an error in the report
        tally.add(errors=f"browser {session}: {type(error).__name__}: {error}")


# ---- the run --------------------------------------------------------------------------------------------------------

def summary(values: list[float]) -> dict:
    if not values:
        return {"p50_ms": None, "p95_ms": None, "n": 0}
    return {"p50_ms": round(percentile(values, 50), 1), "p95_ms": round(percentile(values, 95), 1), "n": len(values)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.load", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--browsers", type=int, default=2, help="how many sessions are real Chromium contexts")
    parser.add_argument("--interactions", type=int, default=10)
    parser.add_argument("--stagger", type=float, default=10.0, help="seconds over which the sessions join")
    parser.add_argument("--no-warm-up", dest="warm_up", action="store_false",
                        help="let the class join a server that has run nothing yet")
    parser.add_argument("--client-nice", type=int, default=0,
                        help="niceness added to the clients (this process and its browsers) after the server starts")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="write the result here")
    args = parser.parse_args(argv)

    tally = Tally()
    browsers = max(0, min(args.browsers, args.sessions))
    step = args.stagger / max(1, args.sessions - 1)
    protocol = list(range(browsers, args.sessions))
    with Server("app.py") as server:
        warm_up_s = asyncio.run(warm_up(server.url)) if args.warm_up else None
        if args.client_nice > 0:
            os.nice(args.client_nice)  # this thread, and the threads and browsers started from it; not the server
        peak = [server.rss_mib() or 0.0]
        stop = threading.Event()

        def sample_memory() -> None:
            while not stop.wait(0.2):
                peak[0] = max(peak[0], server.rss_mib() or 0.0)

        sampler = threading.Thread(target=sample_memory, daemon=True)
        sampler.start()
        began = time.monotonic()
        threads = [threading.Thread(target=browser_session, args=(server.url, session, args.interactions,
                                                                  session * step, tally, args.seed))
                   for session in range(browsers)]
        for thread in threads:
            thread.start()
        asyncio.run(protocol_sessions(server.url, protocol, args.interactions, step, tally, args.seed))
        for thread in threads:
            thread.join()
        stop.set()
        elapsed = time.monotonic() - began
        result = {
            "command": "python -m benchmarks.load " + " ".join(sys.argv[1:] if argv is None else argv),
            "cpus": os.cpu_count(), "client_nice": args.client_nice, "sessions": args.sessions,
            "browser_sessions": browsers,
            "warm_up_s": None if warm_up_s is None else round(warm_up_s, 2),
            "protocol_sessions": len(protocol), "interactions": tally.interactions, "wall_s": round(elapsed, 1),
            "server_rerun": summary(tally.rerun_ms), "browser": summary(tally.browser_ms),
            "server_rerun_by_page": {page: summary(values) for page, values in sorted(tally.rerun_ms_by_page.items())},
            "server_page_open": summary(tally.open_ms),
            "server_page_open_by_page": {page: summary(values)
                                         for page, values in sorted(tally.open_ms_by_page.items())},
            "errors": len(tally.errors), "leaks": len(tally.leaks), "peak_rss_mib": peak[0],
            "error_examples": tally.errors[:10], "leak_examples": tally.leaks[:10],
        }
    print(json.dumps(result, indent=2, ensure_ascii=False))
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(result, handle, indent=2, ensure_ascii=False)
    return 0 if not tally.errors and not tally.leaks else 1


if __name__ == "__main__":
    raise SystemExit(main())
