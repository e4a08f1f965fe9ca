"""The document loaders (text, Markdown, HTML, PDF): one Document each, its metadata, and one-line errors."""

from __future__ import annotations

import hashlib

import pytest

import loaders
from kg.errors import LoaderError
from kg.model import Document


def minimal_pdf(lines: list[str], *, title: str = "Quarterly note", author: str = "Ann Lee") -> bytes:
    """A one-page PDF with a real text layer (Helvetica), written by hand so no PDF library is needed."""
    text = " ".join(f"({line}) Tj 0 -16 Td" for line in lines)
    content = f"BT /F1 11 Tf 72 720 Td {text} ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Title ({title}) /Author ({author}) /CreationDate (D:20260120093000) >>",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def form_bomb_pdf(draws: int, pages: int = 1) -> bytes:
    """A PDF whose pages draw one small form XObject of text ``draws`` times each: a few KB, much text."""
    form = "BT /F1 11 Tf 72 720 Td (Acme Robotics entered Japan in 2025 and sells through distributors.) Tj ET"
    content = "/X1 Do\n" * draws
    page = (
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R "
        "/Resources << /Font << /F1 4 0 R >> /XObject << /X1 5 0 R >> >> >>"
    )
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{6 + n} 0 R' for n in range(pages))}] /Count {pages} >>",
        f"<< /Length {len(content)} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        f"/Length {len(form)} >>\nstream\n{form}\nendstream",
        *[page] * pages,
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def blank_pdf() -> bytes:
    """A PDF page with no text layer, as a scanner makes."""
    import io

    from pypdf import PdfWriter

    writer, buffer = PdfWriter(), io.BytesIO()
    writer.add_blank_page(width=200, height=200)
    writer.write(buffer)
    return buffer.getvalue()


def load(path) -> Document:
    records = list(loaders.for_path(path).load(path))
    assert len(records) == 1 and isinstance(records[0], Document)
    return records[0]


TEXT = """Hanbit Energy builds in Hungary
Author: Daniel Ko
Source: Battery Industry Review
Date: January 20, 2026

Hanbit Energy will invest 2 trillion won in a plant in Hungary.
"""


def test_text_document_with_its_stated_metadata(write):
    path = write("note.txt", TEXT)
    doc = load(path)
    assert (doc.title, doc.author, doc.publisher, doc.date) == (
        "Hanbit Energy builds in Hungary",
        "Daniel Ko",
        "Battery Industry Review",
        "2026-01-20",
    )
    assert doc.text == TEXT and doc.source == str(path)
    assert doc.content_hash == hashlib.sha256(TEXT.encode()).hexdigest()


def test_republished_by_names_the_publisher(write):
    doc = load(
        write("a.txt", "Acme grew.\nIt is from a blog. Author: Jo Park. Republished by Tech Wire with permission.\n")
    )
    assert (doc.author, doc.publisher) == ("Jo Park", "Tech Wire")


MARKDOWN = """---
title: Hanbit Energy buys into recycling
author: Daniel Ko
date: 2026-01-20
publisher: Battery Industry Review
---

# Hanbit Energy buys into recycling

**Hanbit Energy** acquired a stake in [Kreis Recycling](https://example.com) for
€120 million, its *first* deal in `Europe`.

- It partnered with Vantor Motors.
- It operates a plant in Poland.

```python
print("code is dropped")
```

| Company | Country |
|---|---|
| Kreis | Germany |
"""


def test_markdown_is_stripped_to_plain_paragraphs_with_front_matter_metadata(write):
    doc = load(write("deal.md", MARKDOWN))
    assert (doc.title, doc.author, doc.publisher, doc.date) == (
        "Hanbit Energy buys into recycling",
        "Daniel Ko",
        "Battery Industry Review",
        "2026-01-20",
    )
    assert doc.text.split("\n\n") == [
        "Hanbit Energy buys into recycling",
        "Hanbit Energy acquired a stake in Kreis Recycling for €120 million, its first deal in Europe.",
        "It partnered with Vantor Motors.",
        "It operates a plant in Poland.",
        "Company; Country",
        "Kreis; Germany",
    ]


def test_markdown_offsets_refer_to_the_plain_text(write):
    from kg.extract import extract
    from kg.model import Fact

    doc = load(write("deal.md", MARKDOWN))
    fact = next(r for r in extract(doc) if isinstance(r, Fact) and r.object == "Kreis Recycling")
    start, end = fact.provenance.span
    assert doc.text[start:end] == fact.provenance.evidence


HTML = """<html><head><title>Cloudwise opens in Singapore | SaaS Ledger</title>
<meta name="author" content="Priya Raman"><meta property="og:site_name" content="SaaS Ledger">
<meta property="article:published_time" content="2026-02-03T08:00:00Z"></head>
<body><nav>Home | Markets | Subscribe</nav><article><h1>Cloudwise opens in Singapore</h1>
<p>Cloudwise Inc., a software company headquartered in the United States, set up a subsidiary in Singapore.</p>
<p>It sells through cloud marketplaces and system integrators across Southeast Asia and Australia.</p>
</article><footer>Cookie settings. Privacy policy.</footer></body></html>"""


def test_html_main_text_without_boilerplate_and_its_metadata(write):
    doc = load(write("page.html", HTML))
    assert "Cloudwise Inc., a software company" in doc.text and "Subscribe" not in doc.text
    assert "Cookie" not in doc.text
    assert (doc.author, doc.publisher, doc.date) == ("Priya Raman", "SaaS Ledger", "2026-02-03")
    assert doc.title.startswith("Cloudwise opens in Singapore")


def test_pdf_text_layer_and_metadata(write):
    doc = load(
        write("note.pdf", minimal_pdf(["Acme Robotics entered Japan in 2025.", "It sells through distributors."]))
    )
    assert doc.text == "Acme Robotics entered Japan in 2025.\nIt sells through distributors."
    assert (doc.title, doc.author, doc.date) == ("Quarterly note", "Ann Lee", "2026-01-20")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty document"),
        ("blank.md", b"  \n\n ", "empty document"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("latin1.txt", "Caf\u00e9 Acme entered Spain.".encode("latin-1"), "not valid UTF-8"),
        ("scripts.html", b"<html><body><script>var a = 1;</script></body></html>", "no readable text"),
        ("scan.pdf", None, "no text layer"),
        ("broken.pdf", b"%PDF-1.4 this is not really a PDF", "not a readable PDF"),
        ("only-markup.md", b"---\ntitle: x\n---\n\n```\ncode\n```\n", "no text once the Markdown markup is removed"),
    ],
)
def test_bad_documents_fail_with_one_line(write, name, content, message):
    path = write(name, blank_pdf() if content is None else content)
    with pytest.raises(LoaderError, match=message) as error:
        load(path)
    assert str(error.value).startswith(str(path)) and "\n" not in str(error.value)


def test_too_large_documents_are_refused(write, monkeypatch):
    path = write("big.txt", "Acme entered Japan. " * 100)
    monkeypatch.setenv("KG_MAX_DOCUMENT_BYTES", "1000")
    with pytest.raises(LoaderError, match=r"too large \(2,000 bytes; the limit is 1,000"):
        load(path)


def test_every_document_loader_is_registered_by_suffix():
    for suffix, name in (
        (".txt", "text"),
        (".md", "markdown"),
        (".markdown", "markdown"),
        (".html", "html"),
        (".htm", "html"),
        (".pdf", "pdf"),
    ):
        assert loaders.registry.for_suffix(suffix).name == name


def test_markdown_front_matter_with_yaml_aliases_is_refused(write):
    bomb = "".join(f"l{n}: &l{n} [{', '.join([f'*l{n - 1}' if n else 'lol'] * 9)}]\n" for n in range(5))
    path = write("bomb.md", f"---\n{bomb}title: *l4\n---\n\nAcme opened a store in Japan.\n")
    with pytest.raises(LoaderError) as caught:
        load(path)
    assert str(caught.value) == f"{path}:3: YAML aliases (*l0) are not allowed; write the value out"


def test_pdf_text_stops_at_the_limit_inside_a_page(write, monkeypatch):
    import loaders.pdf
    from loaders.document import text_limit

    seen = []
    counter = loaders.pdf._counter
    monkeypatch.setattr(loaders.pdf, "_counter", lambda budget: _spy(counter(budget), seen))
    path = write("bomb.pdf", form_bomb_pdf(2000))  # 2,000 draws of 68 characters: 136,000 characters on one page
    with text_limit(10_000), pytest.raises(LoaderError) as caught:
        load(path)
    assert str(caught.value) == (
        f"{path}: text longer than 10,000 characters by page 1; raise the limit with --max-text-chars"
    )
    assert sum(seen) < 11_000  # stopped at the limit, not after the whole page


def _spy(visit, seen):
    def spy(text, *rest):
        seen.append(len(text))
        return visit(text, *rest)

    return spy


def test_pdf_text_limit_counts_every_page(write):
    from loaders.document import text_limit

    path = write("pages.pdf", form_bomb_pdf(30, pages=4))  # about 2,100 characters a page
    assert len(load(path).text) > 8_000
    with text_limit(5_000), pytest.raises(LoaderError, match=r"pages.pdf: text longer than 5,000 characters by page 3"):
        load(path)


@pytest.mark.parametrize(
    "name, content",
    [
        ("long.txt", "Acme entered Japan. " * 100),
        ("long.md", "# Acme\n\n" + "Acme entered *Japan*. " * 100),
        ("long.html", "<html><body><article><p>" + "Acme entered Japan. " * 100 + "</p></article></body></html>"),
    ],
)
def test_document_text_over_the_limit_is_refused(write, name, content):
    from loaders.document import DEFAULT_MAX_TEXT_CHARS, max_text_chars, text_limit

    path = write(name, content)
    assert max_text_chars() == DEFAULT_MAX_TEXT_CHARS == 5_000_000 and load(path).text
    with text_limit(1_000), pytest.raises(LoaderError, match=rf"{name}: text longer than 1,000 characters;"):
        load(path)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_text_with_a_byte_order_mark_is_read_as_text(write, codec):
    text = "Hanbit Energy will invest in a plant in Hungary.\nIt sells to Ötztal Motors."
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data  # Python's BE codec writes no mark of its own
    assert load(write("note.txt", data)).text == text


def test_utf16_without_a_byte_order_mark_says_so(write):
    path = write("note.txt", "Hanbit Energy builds in Hungary.".encode("utf-16-le"))
    with pytest.raises(LoaderError, match="binary file, not text; it looks like UTF-16 without a byte-order mark"):
        load(path)


@pytest.mark.parametrize(
    "charset", ["punycode", "idna", "rot13", "unicode_escape", "base64", "utf-7", "utf-16", "no-such-charset"]
)
def test_odd_meta_charsets_are_ignored_for_utf8(write, charset):
    page = (
        f'<html><head><meta charset="{charset}"><title>Acme</title></head><body><article><p>'
        "Acme Robotics entered Japan in 2025 and sells through distributors in Osaka, Kyoto and Tokyo.\\ud800"
        "</p></article></body></html>"
    )
    doc = load(write("page.html", page))
    assert "Acme Robotics entered Japan in 2025" in doc.text and "\\ud800" in doc.text


def test_html_meta_charset_of_a_web_encoding_is_used(write):
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1252"></head><body>'
        "<article><p>Caf\u00e9 Acme entered Spain in 2025 and sells through distributors in Madrid.</p>"
        "</article></body></html>"
    ).encode("cp1252")
    assert "Caf\u00e9 Acme entered Spain" in load(write("page.html", page)).text


def test_utf16_html_with_a_byte_order_mark_is_read(write):
    page = (
        "<html><body><article><p>Acme Robotics entered Japan in 2025 and sells through distributors in "
        "Osaka.</p></article></body></html>"
    )
    assert "Acme Robotics entered Japan" in load(write("page.html", page.encode("utf-16"))).text
