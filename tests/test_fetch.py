"""The fetch layer against a real HTTP server on 127.0.0.1: retries, caps, timeouts, redirects, the guard."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from fixtures.sources.recorded_server import RecordedServer, Reply
from threadline.errors import BlockedAddressError, FetchError, InputError
from threadline.fetch import HTML_TYPES, JSON_TYPES, Fetcher, check_url, is_public_address


@pytest.fixture
def server():
    with RecordedServer() as s:
        yield s


@pytest.fixture
def waits() -> list[float]:
    return []


def fetcher(server: RecordedServer, waits: list[float], **options: object) -> Fetcher:
    """A Fetcher allowed to reach the test server only, recording retry waits instead of sleeping."""
    return Fetcher(allow_private={server.host}, sleep=waits.append, **options)  # type: ignore[arg-type]


def test_json_is_fetched_with_a_real_user_agent(server, waits):
    server.route("/a.json", Reply(body=b'{"ok": [1, 2]}'))
    with fetcher(server, waits) as f:
        assert f.get_json(f"{server.base}/a.json") == {"ok": [1, 2]}
    agent = server.requests[0]["headers"]["User-Agent"]
    assert "threadline" in agent and "python-httpx" not in agent


def test_429_then_success_waits_as_retry_after_says(server, waits):
    server.route("/r", Reply(429, b"slow down", "text/plain", {"Retry-After": "3"}), Reply(body=b"[1]"))
    with fetcher(server, waits) as f:
        assert f.get_json(f"{server.base}/r") == [1]
    assert waits == [3.0]
    assert server.paths() == ["/r", "/r"]


def test_retry_after_is_capped(server, waits):
    server.route("/r", Reply(429, b"", headers={"Retry-After": "86400"}), Reply(body=b"{}"))
    with fetcher(server, waits, max_wait=5.0) as f:
        f.get_json(f"{server.base}/r")
    assert waits == [5.0]


def test_500_is_retried_with_backoff_then_reported(server, waits):
    server.route("/boom", Reply(500, b"oops", "text/plain"))
    with fetcher(server, waits, retries=2, backoff=0.5) as f, pytest.raises(FetchError) as e:
        f.get(f"{server.base}/boom")
    assert e.value.status == 500 and "HTTP 500" in str(e.value) and server.base in str(e.value)
    assert waits == [0.5, 1.0]
    assert len(server.requests) == 3


def test_404_is_not_retried(server, waits):
    with fetcher(server, waits) as f, pytest.raises(FetchError, match="404"):
        f.get(f"{server.base}/missing")
    assert len(server.requests) == 1 and waits == []


def test_a_server_that_never_answers_times_out(server, waits):
    server.route("/slow", Reply(hang=True))
    with fetcher(server, waits, timeout=0.3, retries=1) as f, pytest.raises(FetchError, match="timed out"):
        f.get(f"{server.base}/slow")
    assert len(server.requests) == 2 and len(waits) == 1


def test_declared_oversized_body_is_refused(server, waits):
    server.route("/big", Reply(body=b"x" * 200_000, content_type="text/plain"))
    with fetcher(server, waits, max_bytes=100_000) as f, pytest.raises(FetchError, match="too large"):
        f.get(f"{server.base}/big")


def test_undeclared_oversized_body_is_cut_off_while_streaming(server, waits):
    server.route("/big", Reply(body=b"y" * 300_000, content_type="text/plain", send_length=False))
    with (
        fetcher(server, waits, max_bytes=100_000) as f,
        pytest.raises(FetchError, match="over 100,000 bytes"),
    ):
        f.get(f"{server.base}/big")
    server.route("/small", Reply(body=b"z" * 5_000, content_type="text/plain", send_length=False))
    with fetcher(server, waits, max_bytes=100_000) as f:
        assert f.get(f"{server.base}/small").content == b"z" * 5_000


def test_compressed_bomb_is_measured_after_decompression(server, waits):
    bomb = gzip.compress(b"0" * 2_000_000)
    server.route("/gz", Reply(body=bomb, content_type="text/plain", headers={"Content-Encoding": "gzip"}))
    with fetcher(server, waits, max_bytes=1_000_000) as f, pytest.raises(FetchError, match="too large"):
        f.get(f"{server.base}/gz")
    assert len(bomb) < 1_000_000


def test_wrong_content_type_is_refused(server, waits):
    server.route("/page", Reply(body=b"<html>login</html>", content_type="text/html"))
    with (
        fetcher(server, waits) as f,
        pytest.raises(FetchError, match="expected application/json, got text/html"),
    ):
        f.get(f"{server.base}/page", accept=JSON_TYPES)
    with fetcher(server, waits) as f:
        assert f.get(f"{server.base}/page", accept=HTML_TYPES).text == "<html>login</html>"


def test_invalid_json_body_is_an_input_error_naming_the_url(server, waits):
    server.route("/j", Reply(body=b'{"a": '))
    with fetcher(server, waits) as f, pytest.raises(InputError, match="truncated") as e:
        f.get_json(f"{server.base}/j")
    assert server.base in str(e.value)


def test_redirects_are_followed_on_the_same_allowed_host(server, waits):
    server.route("/old", Reply(301, b"", headers={"Location": "/new"}))
    server.route("/new", Reply(body=b'"here"'))
    with fetcher(server, waits) as f:
        response = f.get(f"{server.base}/old")
    assert response.json() == "here" and response.url == f"{server.base}/new"


def test_redirect_loops_stop_at_the_limit(server, waits):
    server.route("/loop", Reply(302, b"", headers={"Location": "/loop"}))
    with (
        fetcher(server, waits, max_redirects=3) as f,
        pytest.raises(FetchError, match="more than 3 redirects"),
    ):
        f.get(f"{server.base}/loop")
    assert len(server.requests) == 4


@pytest.mark.parametrize(
    "target", ["http://127.0.0.2:{port}/x", "http://localhost:{port}/x", "http://[::1]:{port}/"]
)
def test_redirect_to_another_loopback_address_is_refused(server, waits, target):
    server.route("/go", Reply(302, b"", headers={"Location": target.format(port=server.port)}))
    with fetcher(server, waits) as f, pytest.raises(BlockedAddressError, match="refusing"):
        f.get(f"{server.base}/go")
    assert server.paths() == ["/go"]


def test_the_allow_list_names_host_and_port(server, waits):
    with Fetcher(allow_private={f"127.0.0.1:{server.port + 1}"}) as f, pytest.raises(BlockedAddressError):
        f.get(f"{server.base}/anything")
    with Fetcher() as f, pytest.raises(BlockedAddressError):
        f.get(f"{server.base}/anything")
    assert server.requests == []


@pytest.mark.parametrize(
    "target",
    [
        "http://10.0.0.1/",
        "http://192.168.1.1/admin",
        "http://169.254.169.254/latest/meta-data/",
        "http://[fd00::1]/",
        "http://0.0.0.0/",
        "http://100.64.0.1/",
        "http://224.0.0.1/",
    ],
)
def test_redirects_to_private_networks_are_refused_before_any_connection(target):
    """A mock transport stands in for the network, so nothing is ever sent to these addresses."""
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(302, headers={"Location": target})

    with Fetcher(transport=httpx.MockTransport(handler)) as f, pytest.raises(BlockedAddressError) as e:
        f.get("http://93.184.216.34/start")
    assert seen == ["http://93.184.216.34/start"]
    assert "93.184.216.34" not in str(e.value) and "refusing" in str(e.value)


def test_the_check_happens_again_at_connect_time(server, monkeypatch, waits):
    """If DNS answered differently between the check and the connection, the connection is still refused."""
    import threadline.fetch as fetch_module

    monkeypatch.setattr(fetch_module, "check_url", lambda url, allow_private=False: None)
    with Fetcher() as f, pytest.raises(BlockedAddressError):
        f.get(f"{server.base}/x")
    assert server.requests == []


def test_only_http_and_https_are_fetched():
    for url in ("file:///etc/passwd", "ftp://example.org/x", "gopher://x", "/etc/passwd"):
        with pytest.raises(FetchError, match="only http and https"):
            check_url(url)


@pytest.mark.parametrize(
    "ip,public",
    [
        ("8.8.8.8", True),
        ("2606:4700::1111", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.0.1", False),
        ("169.254.1.1", False),
        ("::1", False),
        ("fe80::1", False),
        ("::ffff:127.0.0.1", False),
        ("100.64.0.1", False),
        ("0.0.0.0", False),
        ("240.0.0.1", False),
    ],
)
def test_address_classification(ip, public):
    assert is_public_address(ip) is public


def test_response_text_uses_the_declared_charset(server, waits):
    server.route(
        "/latin", Reply(body="café".encode("latin-1"), content_type="text/plain; charset=iso-8859-1")
    )
    with fetcher(server, waits) as f:
        assert f.get(f"{server.base}/latin").text == "café"


def test_requests_are_counted(server, waits):
    server.route("/c", Reply(503, b""), Reply(body=json.dumps([]).encode()))
    with fetcher(server, waits) as f:
        f.get_json(f"{server.base}/c")
        assert f.requests == 2


def test_a_closed_port_is_a_fetch_error_naming_the_url():
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/x"
    with (
        Fetcher(allow_private={f"127.0.0.1:{port}"}) as f,
        pytest.raises(FetchError, match="request failed") as e,
    ):
        f.get(url)
    assert str(e.value).startswith(url)


def test_retry_after_as_an_http_date(server, waits):
    import email.utils
    import time

    when = email.utils.formatdate(time.time() + 3600, usegmt=True)
    server.route("/d", Reply(503, b"", headers={"Retry-After": when}), Reply(body=b"1"))
    with fetcher(server, waits, max_wait=10.0) as f:
        assert f.get_json(f"{server.base}/d") == 1
    assert waits == [10.0]
