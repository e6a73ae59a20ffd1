"""A real `aos serve` on a free loopback port, for the tests that drive it with httpx."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

API = "/wp-json/agency-os-ai/v1"
WP_ERROR_KEYS = {"code", "message", "data"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    url: str
    proc: subprocess.Popen
    log: Path

    def client(self, token: str | None = None, **kwargs) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url + API, headers=headers, timeout=30, **kwargs)


def start_server(tmp_path: Path, *args: str, env: dict | None = None, port: int | None = None) -> Server:
    port = port or free_port()
    log = tmp_path / f"server-{port}.log"
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "aostime", "serve", "--port", str(port), "--no-access-log", *args],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=dict(os.environ, **(env or {})),
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(url + API + "/health", timeout=2).status_code == 200:
                return Server(url, proc, log)
        except httpx.TransportError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            raise AssertionError(f"aos serve did not come up:\n{log.read_text()}")
        time.sleep(0.05)


def stop_server(server: Server) -> str:
    server.proc.terminate()
    try:
        server.proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        server.proc.wait()
    return server.log.read_text()


def wp_error_of(response, status: int) -> dict:
    """The WordPress error of a response that must have this status (and no traceback)."""
    assert response.status_code == status, (response.status_code, response.text)
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == WP_ERROR_KEYS, body
    assert body["data"]["status"] == status
    assert "Traceback" not in response.text
    return body
