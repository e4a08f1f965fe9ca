"""The project's ontology (OWL/RDFS in Turtle) and SHACL shapes, shipped as package data."""

from importlib.resources import files
from pathlib import Path

ONTOLOGY_NS = "https://w3id.org/expansion-kg/ontology#"
ID_NS = "https://w3id.org/expansion-kg/id/"


def path(name: str) -> Path:
    """Path of a file shipped in this folder (``kg.ttl``, ``shapes.ttl``, ...)."""
    return Path(str(files(__name__).joinpath(name)))
