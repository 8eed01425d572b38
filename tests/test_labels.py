"""Words for codes in two languages from the SKOS schemes, and numbers in each language's notation."""
import json
import re
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import SKOS

from kg import labels
from kg.numbers import MAGNITUDES

ROOT = Path(__file__).resolve().parents[1]
PROJECTS = json.loads((ROOT / "kg" / "vocab" / "projects.json").read_text(encoding="utf-8"))
TARGETS = json.loads((ROOT / "kg" / "vocab" / "targets.json").read_text(encoding="utf-8"))


def _indicator_units():
    text = (ROOT / "ontology" / "indicators.ttl").read_text(encoding="utf-8")
    return set(re.findall(r'kg:unit "([^"]+)"', text))


def _codes():
    actions = {a[1] for a in PROJECTS["actions"] if a[1] != "-"} | set(PROJECTS["default_action"].values())
    types = {t[1] for t in PROJECTS["triggers"]} | {"programme"}
    units = set(TARGETS["units_after_number"].values()) | {m[2] for m in MAGNITUDES} | _indicator_units()
    return [("action", a) for a in sorted(actions)] + [("project_type", t) for t in sorted(types)] + \
           [("unit", u) for u in sorted(units)] + \
           [("phase", p) for p in ("identification", "preparation", "implementation", "completion", "unspecified")] + \
           [("aggregation", a) for a in ("annual", "end_of_period", "period_average", "per_year", "cumulative",
                                          "plan_period")]


@pytest.mark.parametrize("kind,code", _codes())
def test_every_code_the_extractors_write_has_words_in_both_languages(kind, code):
    vi, en = labels.label(kind, code, "vi"), labels.label(kind, code, "en")
    assert vi and en and "_" not in vi + en, (kind, code, vi, en)
    # a label from the scheme, not the code made readable
    assert (vi, en) != (code.replace("_", " "),) * 2 or code in ("km",), (kind, code)


def test_every_indicator_has_both_labels():
    g = Graph().parse(ROOT / "ontology" / "indicators.ttl")
    for concept, notation in g.subject_objects(SKOS.notation):
        langs = {o.language for o in g.objects(concept, SKOS.prefLabel)}
        assert {"vi", "en"} <= langs, notation
        assert labels.label("indicator", str(notation), "vi") != labels.label("indicator", str(notation), "en") \
            or str(notation).isupper()


@pytest.mark.parametrize("x,vi,en", [
    (4302, "4 302", "4,302"), (6388.3, "6 388,3", "6,388.3"), (60.3, "60,3", "60.3"), (87, "87", "87"),
    (1462.8, "1 462,8", "1,462.8"), (-2.5, "-2,5", "-2.5"), (1234567, "1 234 567", "1,234,567"), (0.05, "0,05", "0.05")])
def test_numbers_in_each_language(x, vi, en):
    assert labels.number(x, "vi").replace("\u00a0", " ") == vi
    assert labels.number(x, "en") == en


def test_quantities_with_unit_words():
    assert labels.quantity(4302, "usd_per_person", "vi").replace("\u00a0", " ") == "4 302 USD/người"
    assert labels.quantity(4302, "usd_per_person", "en") == "4,302 USD per person"
    assert labels.quantity(6.5, "percent", "vi") == "6,5%"
    assert labels.quantity(28, "percent_of_labour_force", "en") == "28% of the labour force"
    # a money unit per person the scheme does not list is composed from its parts
    assert labels.quantity(2, "billion_vnd_per_person", "en") == "2 billion VND per person"


def test_plurals():
    assert labels.count(1, "mention") == "1 mention"
    assert labels.count(5, "mention") == "5 mentions"
    assert labels.count(0, "target") == "0 targets"
    assert labels.count(5, "mention", "vi") == "5 lần nhắc"


@pytest.mark.parametrize("env,lang", [({"LANG": "vi_VN.UTF-8"}, "vi"), ({"LANG": "en_GB.UTF-8"}, "en"),
                                      ({"LC_ALL": "vi_VN", "LANG": "en_US"}, "vi"), ({}, "en"), ({"LANG": "C"}, "en")])
def test_default_language_from_the_environment(env, lang):
    assert labels.default_lang(env) == lang
