"""``chronomerge serve``: the checks and the pack through a page in the browser,
served on this machine only (127.0.0.1), with an access token, sending
nothing anywhere."""

from __future__ import annotations

import secrets
import socket
import webbrowser
from collections.abc import Callable

from ..review import ReviewSettings
from .app import create_app

__all__ = ["create_app", "serve"]


def serve(
    review: ReviewSettings | None = None,
    *,
    port: int = 0,
    open_browser: bool = True,
    announce: Callable[[str], None] = print,
) -> None:
    """Run the local web page until interrupted.

    Args:
        review: the review settings (template, checks and pack use them).
        port: the port on 127.0.0.1; 0 picks a free one.
        open_browser: open the address in the default browser.
        announce: called once with the address to open (it holds the token).

    Example:
        >>> from chronomerge import read_review
        >>> serve(read_review("review.toml"), open_browser=False)  # doctest: +SKIP
        http://127.0.0.1:53117/?token=...
    """
    import uvicorn

    token = secrets.token_urlsafe(24)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    chosen = sock.getsockname()[1]
    app = create_app(review, token=token, port_ref=[chosen])
    address = f"http://127.0.0.1:{chosen}/?token={token}"
    announce(address)
    if open_browser:
        webbrowser.open(address)
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,
    )
    server = uvicorn.Server(config)
    server.run(sockets=[sock])
