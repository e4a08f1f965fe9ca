"""The word lists of kg/extract/data are read as words."""

from importlib.resources import files
from typing import Any

import pytest

from kg.extract.lexicon import data

_DATA_FILES = sorted(
    p.name[: -len(".yaml")] for p in files("kg.extract").joinpath("data").iterdir() if p.name.endswith(".yaml")
)


def _list_items(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [item for v in value.values() for item in _list_items(v)]
    if isinstance(value, list):
        return [*value, *(item for v in value for item in _list_items(v))]
    return []


def test_yaml_1_1_booleans_stay_words() -> None:
    # YAML 1.1 reads on/off/yes/no as booleans, which would drop "On" and "No" from the sentence openers
    assert {"On", "No"} <= set(data("names")["not_names"])
    assert {"on", "off"} <= set(data("segments")["hyphen_prefixes"])


@pytest.mark.parametrize("name", _DATA_FILES)
def test_no_list_holds_a_boolean_or_an_empty_item(name: str) -> None:
    odd = [item for item in _list_items(data(name)) if isinstance(item, bool) or item is None]
    assert odd == [], f"{name}.yaml: {odd}"


def test_true_and_false_stay_booleans() -> None:
    # frames.yaml marks reversed frames with "reverse: true"
    assert any(spec.get("reverse") is True for spec in data("frames").values() if isinstance(spec, dict))
