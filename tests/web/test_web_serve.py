"""`communique serve` as users start it: a real server process on a loopback port."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import free_port


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "communique", "serve", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_answers_on_loopback_until_stopped(tmp_path):
    port = free_port()
    server = start("--port", str(port), "--db", str(tmp_path / "served.db"))
    try:
        deadline, body = time.monotonic() + 60, None
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/articles", timeout=5) as response:
                    body = json.loads(response.read())
            except OSError:
                time.sleep(0.2)
        assert body == {"items": [], "page": 1, "per_page": 50, "total": 0}
    finally:
        server.terminate()
        _, stderr = server.communicate(timeout=30)
    assert f"serving on http://127.0.0.1:{port}/" in stderr


def test_serve_refuses_a_port_in_use_with_one_line():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = start("--port", str(port))
        _, stderr = server.communicate(timeout=60)
    assert server.returncode == 3
    assert stderr.strip() == f"communique: error: cannot listen on 127.0.0.1:{port} (Address already in use)"
