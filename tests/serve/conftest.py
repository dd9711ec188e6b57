"""A real local server on 127.0.0.1 for the page tests."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from chronomerge.review import read_review
from chronomerge.serve import create_app

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_data" / "child_a"


@dataclass
class LiveServer:
    port: int
    token: str
    app: object

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def address(self) -> str:
        return f"{self.base}/?token={self.token}"


@pytest.fixture
def live_server() -> Iterator[LiveServer]:
    import uvicorn

    review = (
        read_review(SAMPLE / "review.toml")
        if (SAMPLE / "review.toml").exists()
        else None
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    token = "live-token-for-tests"
    app = create_app(review, token=token, port_ref=[port])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, daemon=True
    )
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield LiveServer(port, token, app)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
