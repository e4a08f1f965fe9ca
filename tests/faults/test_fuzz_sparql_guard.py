"""Hostile SPARQL for the guard that keeps kg from fetching remote data (issue 21).

Two properties.  A query or update with a real SERVICE or LOAD, hidden
among escaped local names, comments, strings and odd spellings, is always
refused.  And any text the guard lets through, run by Oxigraph as the guard
hands it over, sends nothing to a real listener on loopback, whatever the two
parsers make of it.
"""

from __future__ import annotations

import os
import socket
import threading

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.queries.guard import Refused, check_query, check_update

FUZZ = settings(
    max_examples=int(os.environ.get("KG_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


class Listener:
    """A real TCP listener that counts connections and closes each at once, so a forged request fails fast."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


def spelled(word: str) -> st.SearchStrategy[str]:
    """``word`` in random case, some letters written as SPARQL's ``\\u`` escapes."""

    def letter(c: str) -> st.SearchStrategy[str]:
        return st.sampled_from([c.upper(), c.lower(), f"\\u{ord(c.upper()):04X}", f"\\u{ord(c.lower()):04x}"])

    return st.tuples(*(letter(c) for c in word)).map("".join)


local_piece = st.sampled_from(
    [
        "a",
        "b1",
        "_x",
        "\\#",
        "\\.",
        "\\-",
        "\\~",
        "\\?",
        "\\/",
        "%41",
        "\\!",
        "\\$",
        "\\&",
        "\\'",
        "\\(",
        "\\)",
        "\\*",
        "\\+",
        "\\,",
        "\\;",
        "\\=",
        "service",
        "LOAD",
    ]
)
prefixed = st.builds(
    lambda p, parts: f"{p}:{''.join(parts)}",
    st.sampled_from(["x", "", "kgo", "service"]),
    st.lists(local_piece, min_size=1, max_size=4),
)
loose_text = st.text(alphabet=st.sampled_from(list("ab #}{<>'.;SERVICELOAD\t")), max_size=20)
space = st.sampled_from([" ", "\n", "\t", "  \n "])
noise = st.one_of(
    prefixed.map(lambda p: f"?s {p} ?o ."),
    loose_text.map(lambda t: f"# {t}\n"),
    loose_text.map(lambda t: '?s ?p "{}" .'.format(t.replace("\n", " "))),
    prefixed.map(lambda p: f"OPTIONAL {{ ?s {p} ?o }}"),
    loose_text.map(lambda t: "FILTER(?o != '''{}''')".format(t.replace("'", ""))),
)
PREFIXES = "PREFIX x: <http://e/> PREFIX : <http://d/> PREFIX service: <http://s/>\n"


def service_query(listener: Listener):
    block = st.builds(
        lambda kw, silent, target, sp: (
            f"{kw}{sp}{silent}<{listener.url}>{sp}{{ ?a ?b ?c }}"
            if target
            else f"{kw}{sp}{silent}?where{sp}{{ ?a ?b ?c }}"
        ),
        spelled("SERVICE"),
        st.sampled_from(["", "SILENT ", "silent\n"]),
        st.booleans(),
        space,
    )
    return st.builds(
        lambda before, b, after, sp: (
            PREFIXES + "SELECT * WHERE {" + sp + sp.join(before) + sp + b + sp + sp.join(after) + sp + "}"
        ),
        st.lists(noise, max_size=4),
        block,
        st.lists(noise, max_size=3),
        space,
    )


def load_update(listener: Listener):
    return st.builds(
        lambda before, kw, silent, into, sp: PREFIXES + sp.join(before) + sp + f"{kw} {silent}<{listener.url}>{into}",
        st.lists(prefixed.map(lambda p: f"INSERT DATA {{ <http://e/s> {p} 1 }} ;"), max_size=3),
        spelled("LOAD"),
        st.sampled_from(["", "SILENT "]),
        st.sampled_from(["", " INTO GRAPH <http://e/g>"]),
        space,
    )


@FUZZ
@given(data=st.data())
def test_a_real_service_is_always_refused(listener, data):
    query = data.draw(service_query(listener))
    with pytest.raises(Refused):
        check_query(query)


@FUZZ
@given(data=st.data())
def test_a_real_load_is_always_refused(listener, data):
    update = data.draw(load_update(listener))
    with pytest.raises(Refused):
        check_update(update)


def fragments(listener: Listener) -> st.SearchStrategy[str]:
    """Pieces whose meaning differs between careless readers: quotes, escapes, comment marks, IRI ends."""
    return st.sampled_from(
        [
            '"',
            "'",
            '"""',
            "#",
            "\n",
            "<",
            ">",
            "\\u0022",
            "\\u0027",
            "\\u003E",
            "\\u0023",
            "\\u000A",
            "\\\\",
            "x:a\\#",
            "x:b\\.",
            "SERVICE",
            "service",
            "LOAD",
            f"<{listener.url}>",
            "{",
            "}",
            "?a",
            "?b",
            "?c",
            ".",
            " ",
            "OPTIONAL",
            "BIND(",
            "AS ?z)",
            "FILTER(",
            ")",
            "'''",
            "SILENT",
            "#>",
            "<http://e/#",
        ]
    )


@FUZZ
@given(data=st.data())
def test_whatever_the_guard_passes_sends_nothing(listener, data):
    """The differential property: the guard and Oxigraph may disagree on syntax, never on a remote fetch."""
    pieces = data.draw(st.lists(fragments(listener), min_size=1, max_size=14))
    update = data.draw(st.booleans())
    text = (PREFIXES + " ".join(pieces)) if update else (PREFIXES + "SELECT * WHERE { " + "".join(pieces) + " }")
    before = listener.connections
    try:
        checked = (check_update if update else check_query)(text)
    except Refused:
        return
    store = ox.Store()
    try:
        if update:
            store.update(checked.text)
        else:
            list(store.query(checked.text))
    except (SyntaxError, OSError, ValueError):
        pass
    assert listener.connections == before, f"a request left for {checked.text!r}"
