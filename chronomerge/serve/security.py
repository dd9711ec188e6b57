"""Keep the local web page local: only this machine, only with the token.

Requests must carry the access token (in the address the first time, then a
cookie the browser keeps for this site only) and a Host header naming the
local address, so another web site cannot reach the server through the
browser (DNS rebinding) or post to it.
"""

from __future__ import annotations

import hmac
from http.cookies import SimpleCookie
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

COOKIE = "chronomerge_token"
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def allowed_host(host_header: str, port: int) -> bool:
    """True for the local address on the server's own port."""
    return host_header.lower() in {f"{h}:{port}" for h in LOCAL_HOSTS}


class LocalOnly:
    """ASGI middleware that refuses foreign hosts and requests without the token."""

    def __init__(self, app: ASGIApp, token: str, port_ref: list[int]) -> None:
        self.app = app
        self.token = token
        self.port_ref = port_ref  # filled in once the server knows its port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {
            k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]
        }
        port = self.port_ref[0] if self.port_ref else 0
        if not port or not allowed_host(headers.get("host", ""), port):
            await _refuse(send, 421, "This page only answers at its local address.")
            return
        origin = headers.get("origin")
        if origin and origin not in {f"http://{h}:{port}" for h in LOCAL_HOSTS}:
            await _refuse(send, 403, "Requests from other sites are refused.")
            return
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        given = (query.get("token") or [""])[0]
        cookie = SimpleCookie(headers.get("cookie", ""))
        kept = cookie[COOKIE].value if COOKIE in cookie else ""
        if not (_same(given, self.token) or _same(kept, self.token)):
            await _refuse(
                send,
                403,
                "Open the address that 'chronomerge serve' printed (it has the "
                "access token in it).",
            )
            return
        if given and scope["method"] == "GET":
            # Swap the token in the address for a cookie, then show the page
            # without it, so it does not linger in the address bar.
            await send(
                {
                    "type": "http.response.start",
                    "status": 303,
                    "headers": [
                        (b"location", scope["path"].encode("latin-1")),
                        (
                            b"set-cookie",
                            (
                                f"{COOKIE}={self.token}; Path=/; HttpOnly; "
                                "SameSite=Strict"
                            ).encode("latin-1"),
                        ),
                        (b"cache-control", b"no-store"),
                    ],
                }
            )
            await send({"type": "http.response.body", "body": b""})
            return
        await self.app(scope, receive, send)


def _same(a: str, b: str) -> bool:
    return bool(a) and hmac.compare_digest(a.encode(), b.encode())


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
