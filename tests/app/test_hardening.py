"""Hardening for a classroom on one server: no raw HTML with user text, links read only by the validator, upload
limits, the server-wide run budget and thread count, device out-of-memory reported, shared caches never
changed by a session, tracebacks hidden from users."""

from __future__ import annotations

import ast
import threading
import tomllib
from pathlib import Path

import pytest
import torch
from streamlit.testing.v1 import AppTest

import ui
from convviz.layer.errors import ConvSpecError, MemoryLimitError
from convviz.layer.spec import ConvSpec
from convviz.receptive_lab.images import MAX_BYTES, MAX_PIXELS, load_image
from convviz.runtime import engine
from convviz.runtime.engine import run_conv, run_slot
from convviz.text.i18n import t

ROOT = Path(__file__).resolve().parents[2]
# ui.py or the ui/ package, whichever the working tree has
UI_FILES = [ROOT / "app.py", *sorted(ROOT.glob("ui.py")), *sorted((ROOT / "ui").rglob("*.py")),
            *sorted((ROOT / "pages").glob("*.py"))]
CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())


# ---- no raw HTML from users; links through the one validator --------------------------------------------------

def _module_constants(tree: ast.Module) -> set[str]:
    """Names bound at module level to a string literal."""
    return {target.id for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)
            for target in node.targets if isinstance(target, ast.Name)}


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_raw_html_only_from_literals(path):
    """``unsafe_allow_html`` is never switched on; ``st.html`` gets only string literals or module constants."""
    tree = ast.parse(path.read_text())
    constants = _module_constants(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            if keyword.arg == "unsafe_allow_html":
                assert isinstance(keyword.value, ast.Constant) and keyword.value.value is False, \
                    f"{path.name}:{node.lineno} unsafe_allow_html"
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "html":
            arg = node.args[0] if node.args else None
            literal = isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            assert literal or (isinstance(arg, ast.Name) and arg.id in constants), \
                f"{path.name}:{node.lineno} st.html with a computed argument"
        assert not (isinstance(func, ast.Name) and func.id in ("eval", "exec")), f"{path.name}:{node.lineno}"


def test_no_eval_in_the_library():
    for path in sorted((ROOT / "convviz").rglob("*.py")):
        tree = ast.parse(path.read_text())
        calls = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call)
                 and isinstance(node.func, ast.Name) and node.func.id in ("eval", "exec", "compile")]
        assert not calls, f"{path.name}: eval/exec/compile at lines {calls}"


def _is_query_params(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "query_params"


@pytest.mark.parametrize("path", [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))], ids=lambda p: p.name)
def test_pages_read_the_url_only_through_the_validator(path):
    """A page hands ``st.query_params.to_dict()`` to :mod:`ui.link_schema` (or :mod:`ui.explorer.link`); it never
    reads a raw value
    (``st.query_params[...]``), and ``st.query_params.get`` only to compare with the canonical value it writes."""
    tree = ast.parse(path.read_text())
    compared = {id(side) for node in ast.walk(tree) if isinstance(node, ast.Compare)
                for side in (node.left, *node.comparators)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Subscript) and _is_query_params(node.value) and isinstance(node.ctx, ast.Load):
            pytest.fail(f"{path.name}:{node.lineno} reads st.query_params[...] without the validator")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and _is_query_params(node.func.value):
            assert node.func.attr in ("to_dict", "get", "clear"), f"{path.name}:{node.lineno}"
            if node.func.attr == "get":
                assert id(node) in compared, f"{path.name}:{node.lineno} uses a raw link value"


# ---- uploads ------------------------------------------------------------------------------------------------

def test_upload_limits_match_the_server():
    assert CONFIG["server"]["maxUploadSize"] * 2**20 == MAX_BYTES  # Streamlit refuses above it, we refuse too
    assert MAX_PIXELS < 89_478_485  # below Pillow's own warning threshold (Image.MAX_IMAGE_PIXELS)


def test_decompression_bomb_is_refused_before_decoding():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(buffer, format="PNG")  # 144 M pixels in a few kB
    data = buffer.getvalue()
    assert len(data) < 100_000
    with pytest.raises(ConvSpecError) as error:
        load_image(data, name="bomb.png")
    assert error.value.code == "image_pixels"


def test_an_upload_name_is_shown_as_code_not_markdown():
    name = "**bold** [x](javascript:alert(1)) `tick` <img src=x onerror=alert(1)>\n.png"
    with pytest.raises(ConvSpecError) as error:
        load_image(b"not an image", name=name)
    shown = error.value.params["name"]
    assert "`" not in shown and "\n" not in shown and len(shown) <= 40
    for lang in ("en", "zh"):
        message = t(f"error.{error.value.code}", lang, **error.value.params)
        assert f"`{shown}`" in message  # inside inline code: rendered literally


def test_upload_with_a_hostile_name_in_the_page():
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    at.switch_page("pages/6_receptive_field.py").run()
    at.file_uploader(key="rf_upload").set_value(("**x** <b>y</b>.png", b"\x89PNG\r\n\x1a\n garbage", "image/png"))
    at.run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert any("`**x** <b>y</b>.png`" in e for e in errors), errors


# ---- the engine's server-wide budget ----------------------------------------------------------------------------

def test_torch_threads_are_fixed_in_every_thread_that_runs():
    """The thread count is per thread (OpenMP): set in another thread first, as a Streamlit script thread does, it
    must still hold in this one after a run, and in a thread that was already running."""
    threading.Thread(target=engine.configure_torch).start()
    waiting, counts = threading.Event(), []

    def running_thread():
        waiting.wait()
        run_conv(ConvSpec(1, 1, 3), (1, 1, 5, 5))
        counts.append(torch.get_num_threads())

    thread = threading.Thread(target=running_thread)
    thread.start()
    torch.set_num_threads(2)  # this thread's own setting, as before the app's first run
    waiting.set()
    thread.join()
    run_conv(ConvSpec(1, 1, 3), (1, 1, 5, 5))
    assert torch.get_num_threads() == engine.TORCH_THREADS == counts[0] == engine.configure_torch()


def test_runs_beyond_the_budget_wait_then_are_refused(monkeypatch):
    monkeypatch.setattr(engine, "_RUN_SLOTS", threading.BoundedSemaphore(1))
    monkeypatch.setattr(engine, "RUN_WAIT_S", 0.0)
    outcome = {}

    def other_session():
        try:
            run_conv(ConvSpec(1, 1, 3), (1, 1, 5, 5))
        except ConvSpecError as error:
            outcome["code"] = error.code

    with run_slot():  # this "session" holds the only slot
        assert run_conv(ConvSpec(1, 1, 3), (1, 1, 5, 5)).output.shape == (1, 1, 3, 3)  # re-entrant
        worker = threading.Thread(target=other_session)
        worker.start()
        worker.join()
    assert outcome == {"code": "server_busy"}
    assert run_conv(ConvSpec(1, 1, 3), (1, 1, 5, 5)).output.shape == (1, 1, 3, 3)  # the slot came back
    for lang in ("en", "zh"):
        assert "{" not in t("error.server_busy", lang, runs=1, seconds="0")


def test_out_of_memory_is_reported_and_the_cache_freed(monkeypatch):
    freed = []
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "empty_cache", lambda: freed.append(True))
    with pytest.raises(MemoryLimitError) as error:
        with run_slot():
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
    assert error.value.code == "device_memory" and freed == [True]
    with pytest.raises(ZeroDivisionError):  # anything else passes through unchanged
        with run_slot():
            raise ZeroDivisionError
    slots = engine._RUN_SLOTS
    assert slots.acquire(blocking=False)  # every slot was released
    slots.release()


# ---- shared caches ------------------------------------------------------------------------------------------------

def _explorer_session(view: str = "window") -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["view"] = view
    at.run()
    at.switch_page("pages/1_explorer.py").run()
    assert not at.exception
    return at


def _charts(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("plotly_chart")]


def test_sessions_cannot_change_each_other_through_cache_resource():
    before = _charts(_explorer_session())
    assert before, "the window view draws the animation"
    busy = _explorer_session()  # another student steps through the animation and switches language
    for slider in busy.slider:
        if slider.key == "anim_step":
            slider.set_value(int(slider.max)).run()
    busy.button_group(key="lang_choice").set_value("zh").run()
    assert not busy.exception
    ui.devices().append("bogus")  # a page changing its list of devices changes nobody else's
    assert "bogus" not in ui.devices()
    after = _charts(_explorer_session())
    assert after == before


# ---- deployment config ----------------------------------------------------------------------------------------------

def test_tracebacks_are_hidden_from_users():
    assert CONFIG["client"]["showErrorDetails"] == "none"
