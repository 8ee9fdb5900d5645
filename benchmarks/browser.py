"""Key press (or click) → result shown, measured inside the page.

A ``keydown`` / ``pointerdown`` listener (capture phase) records ``performance.now()`` and a text signature of
what is watched; a ``MutationObserver`` on the main area records ``performance.now()`` when that signature
first differs. The time therefore runs from the key press to the DOM holding the new result, in the page's
own clock, with no Playwright round trip inside it.
"""

from __future__ import annotations

import time
from typing import Optional

from benchmarks.stats import FALLBACKS, Control

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
EXCEPTION = '[data-testid="stException"]'

# Installed once per page load. ``controlSelector`` marks the control's own element container, whose text (a
# slider's value label) changes in the browser before the server answers and is therefore left out; with
# ``metricLabel`` only that metric's value counts.
INSTALL = """
([controlSelector, metricLabel]) => {
  const main = document.querySelector('[data-testid="stMain"]');
  const holder = (el) => el && (el.closest('[data-testid="stElementContainer"]') || el);
  const control = holder(controlSelector ? document.querySelector(controlSelector) : null);
  const signature = () => {
    if (metricLabel) {
      for (const m of main.querySelectorAll('[data-testid="stMetric"]')) {
        const label = m.querySelector('[data-testid="stMetricLabel"]');
        if (label && label.textContent.trim() === metricLabel) {
          return m.querySelector('[data-testid="stMetricValue"]').textContent;
        }
      }
      return '';
    }
    let text = '';
    for (const el of main.querySelectorAll('[data-testid="stElementContainer"]')) {
      if (control && (el === control || el.contains(control) || control.contains(el))) continue;
      text += el.textContent + '\\u0001';
    }
    return text;
  };
  const lat = window.__lat = {t0: 0, pending: false, before: '', samples: [], signature};
  const start = () => { lat.t0 = performance.now(); lat.before = signature(); lat.pending = true; };
  document.addEventListener('keydown', start, true);
  document.addEventListener('pointerdown', start, true);
  new MutationObserver((records) => {
    if (!lat.pending) return;
    if (control && records.every((r) => control.contains(r.target))) return;
    if (signature() !== lat.before) { lat.samples.push(performance.now() - lat.t0); lat.pending = false; }
  }).observe(main, {childList: true, subtree: true, characterData: true});
  return true;
}
"""


def launch(playwright, executable: str = CHROMIUM):
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)


def wait_idle(page, timeout_ms: int = 30_000) -> None:
    page.wait_for_selector(IDLE, timeout=timeout_ms)


def open_page(context, url: str, timeout_ms: int = 60_000):
    page = context.new_page()
    page.goto(url, timeout=timeout_ms)
    # The app reports "notRunning" before its first run starts: wait for content, then for the run to end.
    page.wait_for_selector('[data-testid="stMain"] [data-testid="stElementContainer"]', timeout=timeout_ms)
    wait_idle(page, timeout_ms)
    page.wait_for_timeout(300)
    wait_idle(page, timeout_ms)
    return page


def resolve_control(page, control: Optional[Control]) -> Optional[Control]:
    """``control`` if its element is on the page, else the first fallback whose element is; None if none is."""
    if control is not None:
        try:
            page.wait_for_selector(control.selector or control.click[0], state="attached", timeout=15_000)
        except Exception:  # not there: a fallback is tried
            pass
    for candidate in ([control] if control else []) + list(FALLBACKS):
        selector = candidate.selector or (candidate.click[0] if candidate.click else "")
        if selector and page.locator(selector).count() > 0:
            return candidate
    return None


def measure(page, control: Control, *, presses: int, warmup: int, spacing_s: float = 0.5,
            metric_label: Optional[str] = None, timeout_s: float = 10.0,
            on_press=None) -> tuple[list[float], int]:
    """Interact ``warmup + presses`` times, at least ``spacing_s`` apart, each time waiting until the result
    shows and the script run has finished. Returns the samples (ms) after the warm-up, and the misses (presses
    whose result never showed within ``timeout_s``). ``on_press(i)`` is called after each interaction."""
    page.evaluate(INSTALL, [control.selector or None, metric_label])
    first = page.locator(control.selector).first if control.selector else None
    misses = failed = 0
    for i in range(warmup + presses):
        if failed >= 3 and failed == i:  # the first three interactions showed nothing: give up on this page
            break
        began = time.monotonic()
        if control.click:
            page.locator(control.click[i % len(control.click)]).first.click()
        else:
            first.press(control.keys[i % len(control.keys)])
        try:
            page.wait_for_function("() => !window.__lat.pending", timeout=timeout_s * 1000, polling=20)
        except Exception:  # the result never showed: count it, do not let it poison the next press
            misses += i >= warmup
            failed += 1
            page.evaluate("() => { window.__lat.pending = false; window.__lat.samples.push(null); }")
        wait_idle(page)
        if on_press is not None:
            on_press(i)
        rest = spacing_s - (time.monotonic() - began)
        if rest > 0:
            time.sleep(rest)
    samples = page.evaluate("() => window.__lat.samples")[warmup:]
    return [s for s in samples if s is not None], misses
