"""Start ``streamlit run SCRIPT`` from the repository root, as a user does, and read its memory."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


class Server:
    """``python -m streamlit run SCRIPT --server.headless true --server.port P`` in the repository root, so it
    reads ``.streamlit/config.toml`` like ``streamlit run app.py`` does. ``started`` is the monotonic time just
    before the process was launched; ``ready_s`` how long ``/_stcore/health`` took to answer ``ok``."""

    def __init__(self, script: str = "app.py", root: Path = ROOT) -> None:
        self.script = script
        self.root = Path(root)  # the checkout to serve (benchmarks.ab serves an older commit's worktree)
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(tempfile.gettempdir()) / f"convviz-benchmark-{self.port}.log"
        self.process: subprocess.Popen | None = None
        self.started = 0.0
        self.ready_s: float | None = None

    def start(self, timeout_s: float = 60.0) -> Server:
        command = [sys.executable, "-m", "streamlit", "run", self.script, "--server.headless", "true",
                   "--server.port", str(self.port), "--server.address", "127.0.0.1"]
        with open(self.log, "w") as log:
            self.started = time.monotonic()
            self.process = subprocess.Popen(command, cwd=self.root, stdout=log, stderr=subprocess.STDOUT,
                                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
        deadline = self.started + timeout_s
        while not healthy(self.url):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.script} did not start; log: {self.log}\n"
                                   + self.log.read_text(errors="replace")[-2000:])
            time.sleep(0.02)
        self.ready_s = time.monotonic() - self.started
        return self

    def rss_mib(self) -> float | None:
        """Resident memory of the server process in MiB (Linux ``/proc``), or None."""
        if self.process is None:
            return None
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return round(int(line.split()[1]) / 1024, 1)
        except OSError:
            return None
        return None

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
