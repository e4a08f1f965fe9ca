"""Hostile request heads for ``kg serve``: refused with the parser's own error, and the server keeps serving."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.server import Settings, running
from kg.server.httpd import MAX_BODY, HeadError, body_length, parse_fields
from kg.stores.oxigraph import OxigraphStore
from tests.kg.raw_http import ASK, raw
from tests.kg.test_server import build_graph

FUZZ = settings(
    max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
names = st.sampled_from(
    [
        "Content-Length",
        "content-length",
        "CONTENT-LENGTH",
        "Transfer-Encoding",
        "transfer-encoding",
        "Host",
        "Expect",
        "X-A",
        " Content-Length",
        "Content-Length ",
    ]
)
values = st.one_of(
    st.integers(-10, MAX_BODY * 2).map(str),
    st.sampled_from(
        [
            "chunked",
            "gzip, chunked",
            "chunked, gzip",
            "identity",
            "Chunked",
            " chunked ",
            ",",
            "6, 6",
            "6,7",
            "+6",
            "0x10",
            "1_0",
            "6 6",
            "",
            "\u0666",
            "1e3",
            "-0",
        ]
    ),
    st.text(alphabet=st.characters(codec="latin-1"), max_size=30),
)
lines = st.one_of(
    st.builds(lambda n, v, sep: f"{n}{sep}{v}", names, values, st.sampled_from([":", ": ", ":\t", " :", ""])),
    st.text(alphabet=st.characters(codec="latin-1", exclude_characters="\r\n"), max_size=40),
    st.sampled_from([" folded", "\tfolded", ":", "::", "a:", ":b"]),
)


@FUZZ
@given(head=st.lists(lines, max_size=8))
def test_any_head_gives_a_length_or_the_parsers_own_error(head):
    try:
        length = body_length(parse_fields(head))
    except HeadError as e:
        assert e.status in (400, 411, 413, 501) and "\n" not in e.message
        return
    assert 0 <= length <= MAX_BODY
    announced = [v for n, v in parse_fields(head) if n.lower() == "content-length"]
    assert len(announced) <= 1 and (not announced or int(announced[0]) == length)
    assert not [n for n, _ in parse_fields(head) if n.lower() == "transfer-encoding"]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    graph = build_graph(tmp_path_factory.mktemp("heads"))
    with OxigraphStore(graph.path) as store, running(store, Settings(timeout=5, workers=1)) as url:
        yield url


@settings(
    max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(method=st.sampled_from(["GET", "POST", "PUT"]), head=st.lists(lines, max_size=6), body=st.binary(max_size=20))
def test_a_real_server_answers_any_head_with_a_status_line(server, method, head, body):
    """Over a real socket: a status line for any head (or a closed connection), and the next request is served."""
    # UTF-8 on the wire: the values include characters beyond latin-1 ("\u0666", a digit to int())
    data = f"{method} {ASK} HTTP/1.1\r\n".encode() + "".join(f"{h}\r\n" for h in head).encode("utf-8")
    answer = raw(server, data + b"\r\n" + body)
    assert answer == b"" or answer.startswith(b"HTTP/1.1 "), answer[:100]
    assert b" 500 " not in answer.split(b"\r\n", 1)[0]
    after = raw(server, f"GET {ASK} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
    assert after.startswith(b"HTTP/1.1 200 ")
