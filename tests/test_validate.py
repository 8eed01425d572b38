"""The SHACL shapes pass on the seed graph and catch what they are for.

The default run validates one seed document with the vocabularies and derived graphs (a few
seconds); the whole seed graph is validated by the slow run (`pytest -m slow`)."""
import pytest
from rdflib import Literal

from kg import rdf, store
from kg.namespaces import GRAPH, KG, PROV, RDF
from kg.validate import validate

from conftest import seed


@pytest.fixture(scope="module")
def one_document(seed_store):
    """Seed 004 (a resolution with targets, projects, places and agencies) and what it links to."""
    graphs = [str(rdf.graph_iri(seed("004").name))] + [str(GRAPH[f"derived/{n}"]) for n in ("links", "places", "shared", "projects")] \
        + [str(g) for g, _ in rdf.vocabulary_graphs()]
    return store.to_rdflib(seed_store, graphs)


def test_one_seed_document_conforms(one_document):
    assert len(one_document) > 2000
    conforms, violations, _ = validate(one_document)
    assert conforms, violations[:5]


@pytest.mark.slow
def test_seed_graph_conforms(seed_store):
    conforms, violations, _ = validate(store.to_rdflib(seed_store))
    assert conforms, violations[:5]


def _copy(g):
    out = type(g)()
    for t in g:
        out.add(t)
    return out


@pytest.mark.slow
def test_a_fact_without_evidence_is_a_violation(one_document):
    g = _copy(one_document)
    target = next(g.subjects(RDF.type, KG.Target))
    g.remove((target, PROV.wasDerivedFrom, None))
    g.remove((target, KG.indicator, None))
    conforms, violations, _ = validate(g)
    assert not conforms
    mine = [v for v in violations if v.focus == str(target)]
    assert str(KG.indicator) in {v.path for v in mine}
    assert any("Traceable" in v.message for v in mine)  # no prov:wasDerivedFrom evidence


@pytest.mark.slow
def test_a_bad_comparator_is_a_violation(one_document):
    g = _copy(one_document)
    target = next(g.subjects(RDF.type, KG.Target))
    g.set((target, KG.comparator, Literal("more or less")))
    conforms, violations, _ = validate(g)
    assert not conforms and any(v.focus == str(target) and v.path == str(KG.comparator) for v in violations)
