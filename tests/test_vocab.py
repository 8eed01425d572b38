"""The vocabularies in kg/vocab/*.json are tested data: every pattern entry that carries
`examples` matches each of them (and none of its `non_examples`), and the files keep their shape."""
import json
import re
from pathlib import Path

import jsonschema
import pytest

from kg import citations
from kg.text import tone_key

VOCAB = Path(__file__).resolve().parents[1] / "kg" / "vocab"
FILES = sorted(VOCAB.glob("*.json"))

PATTERN_ENTRY = {
    "type": "object",
    "required": ["pattern", "examples"],
    "properties": {
        "pattern": {"type": "string", "minLength": 1},
        "examples": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "non_examples": {"type": "array", "items": {"type": "string"}},
        "_doc": {"type": "string"},
    },
}
WORDS = {"type": "array", "items": {"type": "string", "minLength": 1}}
TARGETS_SCHEMA = {
    "type": "object",
    "required": ["_doc", "section_heading", "not_targets_heading", "comparator_before", "comparator_after",
                 "units_after_number", "aggregation", "table_columns", "skip_before", "skip_after"],
    "properties": {
        "_doc": {"type": "string"},
        "section_heading": PATTERN_ENTRY,
        "not_targets_heading": PATTERN_ENTRY,
        "level_after_reduction": PATTERN_ENTRY,
        "comparator_before": {"type": "object", "additionalProperties": {
            "enum": ["eq", "ge", "gt", "le", "lt", "approx", "range"]}},
        "comparator_after": {"type": "object", "additionalProperties": {"enum": ["ge", "gt", "le", "lt"]}},
        "units_after_number": {"type": "object", "additionalProperties": {"type": "string", "pattern": "^[a-z0-9_]+$"}},
        "magnitude_words": {"type": "object", "additionalProperties": {"type": "number"}},
        "aggregation": {"type": "object", "required": ["end_of_period", "annual_year", "period_average"],
                        "properties": {"end_of_period": PATTERN_ENTRY, "annual_year": PATTERN_ENTRY,
                                       "period_average": WORDS, "per_year": WORDS, "cumulative": WORDS}},
        "table_columns": {"type": "object", "required": ["label", "unit", "plan", "result"],
                          "additionalProperties": WORDS},
        "skip_before": WORDS, "skip_after": WORDS, "denominators": WORDS, "result_cues": WORDS,
    },
}
LAWS_SCHEMA = {
    "type": "object", "required": ["_doc", "laws"],
    "properties": {"laws": {"type": "array", "items": {
        "type": "object", "required": ["title", "year", "date", "examples"],
        "properties": {"title": {"type": "string"}, "year": {"type": "integer"},
                       "date": {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
                       "examples": {"type": "array", "minItems": 1, "items": {"type": "string"}}}}}},
}
SCHEMAS = {"targets.json": TARGETS_SCHEMA, "laws.json": LAWS_SCHEMA}


def _entries(x, path=""):
    """Every object with a pattern and examples, wherever it stands in a vocabulary."""
    if isinstance(x, dict):
        if "pattern" in x and "examples" in x:
            yield path, x
        for k, v in x.items():
            yield from _entries(v, f"{path}/{k}")
    elif isinstance(x, list):
        for i, v in enumerate(x):
            yield from _entries(v, f"{path}[{i}]")


PATTERNS = [(f.name + path, e) for f in FILES for path, e in _entries(json.loads(f.read_text(encoding="utf-8")))]


def _matches(pattern: str, s: str) -> bool:
    """Stages match their patterns on the text or on its tone key, case-insensitively."""
    return any(re.search(pattern, x, re.IGNORECASE) for x in (s, tone_key(s)))


def test_every_vocabulary_is_a_documented_object():
    for f in FILES:
        data = json.loads(f.read_text(encoding="utf-8"))
        assert isinstance(data, dict) and isinstance(data.get("_doc"), str), f.name
        for path, entry in _entries(data):
            jsonschema.validate(entry, PATTERN_ENTRY)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_vocabulary_schema(name):
    jsonschema.validate(json.loads((VOCAB / name).read_text(encoding="utf-8")), SCHEMAS[name])


def test_targets_vocabulary_has_tested_patterns():
    names = [n for n, _ in PATTERNS if n.startswith("targets.json")]
    assert len(names) >= 5


@pytest.mark.parametrize("name,entry", PATTERNS, ids=[n for n, _ in PATTERNS])
def test_pattern_matches_its_examples(name, entry):
    re.compile(entry["pattern"])
    for ex in entry["examples"]:
        assert _matches(entry["pattern"], ex), f"{name}: {ex!r} not matched"
    for ex in entry.get("non_examples", []):
        assert not _matches(entry["pattern"], ex), f"{name}: {ex!r} matched"


def test_schema_rejects_a_pattern_without_examples():
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"pattern": "x", "examples": []}, PATTERN_ENTRY)


@pytest.mark.parametrize("law", citations.LAWS, ids=[l["title"][:30] for l in citations.LAWS])
def test_law_examples_are_cited_with_their_date(law):
    for ex in law["examples"]:
        found = citations.extract(f"Căn cứ {ex};")
        assert [(c.kind, c.date) for c in found] == [("Luật", law["date"])], ex
