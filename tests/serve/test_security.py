"""The local page answers only at its local address and only with the token."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from chronomerge.serve import create_app
from chronomerge.serve.security import COOKIE, allowed_host

TOKEN = "test-token-123"
PORT = 8765


@pytest.fixture
def client():
    app = create_app(None, token=TOKEN, port_ref=[PORT])
    with TestClient(app, base_url=f"http://127.0.0.1:{PORT}") as c:
        yield c


def test_no_token_is_refused(client):
    response = client.get("/")
    assert response.status_code == 403
    assert "access token" in response.text


def test_wrong_token_is_refused(client):
    assert client.get("/?token=guess").status_code == 403


def test_token_becomes_a_strict_cookie_then_the_page_opens(client):
    first = client.get(f"/?token={TOKEN}", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/"
    cookie = first.headers["set-cookie"]
    assert f"{COOKIE}={TOKEN}" in cookie
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = client.get("/")
    assert page.status_code == 200
    assert "Check my chronology" in page.text
    assert "default-src 'none'" in page.headers["content-security-policy"]


@pytest.mark.parametrize(
    "host", ["evil.example:8765", "127.0.0.1:9999", "localhost.evil.com:8765", ""]
)
def test_foreign_host_header_is_refused(client, host):
    response = client.get(f"/?token={TOKEN}", headers={"host": host})
    assert response.status_code == 421


def test_post_from_another_site_is_refused(client):
    client.get(f"/?token={TOKEN}")
    response = client.post(
        "/check",
        headers={"origin": "http://evil.example"},
        files={"file": ("a.csv", b"x")},
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("host", "ok"),
    [
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("[::1]:8765", True),
        ("127.0.0.1", False),
        ("127.0.0.2:8765", False),
    ],
)
def test_allowed_host(host, ok):
    assert allowed_host(host, 8765) is ok
