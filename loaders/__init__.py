"""Loaders: one module per source format, found through a registry by name or suffix."""

from __future__ import annotations

from pathlib import Path

from kg.registry import Entry, Registry

registry = Registry("loader", "kg.loaders")

for _entry in (
    Entry("jsonl", "loaders.jsonl:JsonlLoader", (".jsonl", ".ndjson"), "fact lines, one JSON object a line"),
    Entry("csv", "loaders.csv:CsvLoader", (".csv",), "fact lines as CSV columns"),
    Entry("yaml", "loaders.yaml:YamlLoader", (".yaml", ".yml"), "fact lines as a YAML list"),
    Entry("turtle", "loaders.rdf:TurtleLoader", (".ttl",), "RDF in Turtle under the project ontology"),
    Entry("ntriples", "loaders.rdf:NTriplesLoader", (".nt",), "RDF in N-Triples under the project ontology"),
    Entry("jsonld", "loaders.rdf:JsonLdLoader", (".jsonld",), "RDF in JSON-LD under the project ontology"),
    Entry("trig", "loaders.rdf:TriGLoader", (".trig",), "RDF in TriG (kg export's named graphs read as one)"),
    Entry("nquads", "loaders.rdf:NQuadsLoader", (".nq",), "RDF in N-Quads (kg export's named graphs read as one)"),
    Entry("rdfxml", "loaders.rdf:RdfXmlLoader", (".rdf", ".owl"), "RDF/XML under the project ontology"),
    Entry("text", "loaders.text:TextLoader", (".txt",), "plain-text document, read by the extractor"),
    Entry(
        "markdown", "loaders.markdown:MarkdownLoader", (".md", ".markdown"), "Markdown document, read by the extractor"
    ),
    Entry("html", "loaders.html:HtmlLoader", (".html", ".htm"), "HTML page (main text only), read by the extractor"),
    Entry("pdf", "loaders.pdf:PdfLoader", (".pdf",), "PDF text layer, read by the extractor"),
):
    registry.register(_entry)


def for_path(path: Path):
    """An instance of the loader registered for ``path``'s suffix."""
    return registry.for_suffix(path.suffix).load()()


def get(name: str):
    """An instance of the loader registered under ``name``."""
    return registry.get(name).load()()


def reads_stream(name: str) -> bool:
    """Whether the loader registered under ``name`` can read standard input (a copy in a temporary file).

    A loader says no with ``reads_stream = False`` when it needs the file where it is (files next to
    it, its own name); every loader here reads its file alone.
    """
    return getattr(registry.get(name).load(), "reads_stream", True)
