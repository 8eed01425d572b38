"""The SHACL shapes pass on the seed graph and catch what they are for."""

from kg import store
from kg.namespaces import KG, PROV, RDF
from kg.validate import validate


def test_seed_graph_conforms(seed_store):
    conforms, violations, _ = validate(store.to_rdflib(seed_store))
    assert conforms, violations[:5]


def test_a_fact_without_evidence_is_a_violation(seed_store):
    g = store.to_rdflib(seed_store)
    target = next(g.subjects(RDF.type, KG.Target))
    g.remove((target, PROV.wasDerivedFrom, None))
    g.remove((target, KG.indicator, None))
    conforms, violations, _ = validate(g)
    assert not conforms
    mine = [v for v in violations if v.focus == str(target)]
    assert str(KG.indicator) in {v.path for v in mine}
    assert any("Traceable" in v.message for v in mine)  # no prov:wasDerivedFrom evidence


def test_a_bad_comparator_is_a_violation(seed_store):
    g = store.to_rdflib(seed_store)
    target = next(g.subjects(RDF.type, KG.Target))
    g.set((target, KG.comparator, __import__("rdflib").Literal("more or less")))
    conforms, violations, _ = validate(g)
    assert not conforms and any(v.focus == str(target) and v.path == str(KG.comparator) for v in violations)
