"""Cited-document stubs are linked to held documents only where number, province and date agree:
provinces reuse their resolution numbers every year ("45/NQ-HĐND" is Bến Tre's of 2022 and Long
An's of 2023)."""
from rdflib import URIRef
from rdflib.namespace import OWL

from kg import rdf


def _held(iri, number, date, province):
    return {"iri": iri, "kind": "Nghị quyết", "number": number, "date": date, "province": province}


HELD = [_held("doc:long-an-45", "45/NQ-HĐND", "2023-12-01", "Long An"),
        _held("doc:ben-tre-45", "45/NQ-HĐND", "2023-12-07", "Bến Tre")]


def _stub(date, province):
    return {"iri": "stub:x", "kind": "Nghị quyết", "number": "45/NQ-HĐND", "date": date,
            "province": province, "citing": "doc:citing"}


def test_a_number_of_another_province_or_year_is_another_document():
    g = rdf.citation_links([_stub("2022-12-08", "Bến Tre")], HELD)  # Bến Tre's 45 of 2022: not held
    assert not list(g.triples((None, OWL.sameAs, None)))


def test_the_held_document_of_the_same_province_and_date():
    g = rdf.citation_links([_stub("2023-12-07", "Bến Tre")], HELD)
    assert list(g.objects(URIRef("stub:x"), OWL.sameAs)) == [URIRef("doc:ben-tre-45")]
    g = rdf.citation_links([_stub(None, "Long An")], HELD)  # undated: the one of its province
    assert list(g.objects(URIRef("stub:x"), OWL.sameAs)) == [URIRef("doc:long-an-45")]
