"""The project's own speed measurements: ``python -m benchmarks --json PATH``.

Starts the app with ``streamlit run`` as a user does (same ``.streamlit/config.toml``), drives it in headless
Chromium (Playwright), prints a table and writes a JSON object (see ``benchmarks/README.md``). Timings are
reported, never asserted in unit tests: on a shared machine they move by several times between runs.
"""
