"""RDF namespaces as importable objects (the rdflib way): ``from kg.namespaces import KG, ID``."""


class Namespace(str):
    """A namespace IRI whose attributes and items are its terms, rdflib ``URIRef``s as with
    rdflib's ``Namespace``; rdflib is imported when the first term is made, not with the namespace
    (it is a tenth of a second, and `kg project` or `kg query` need only the IRIs' text)."""

    def __getattr__(self, name: str):
        if name.startswith("__"):  # copy, pickle and friends probe for dunders
            raise AttributeError(name)
        return self.term(name)

    def __getitem__(self, name: str):
        return self.term(name)

    def term(self, name: str):
        from rdflib import URIRef
        return URIRef(str(self) + name)


DCTERMS = Namespace("http://purl.org/dc/terms/")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
TIME = Namespace("http://www.w3.org/2006/time#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")

BASE = "https://w3id.org/vn-plan-kg/"
KG = Namespace(BASE + "ontology#")  # classes and properties of this project
ID = Namespace(BASE + "id/")  # instances: documents, agencies, provisions, citations ...
GRAPH = Namespace(BASE + "graph/")  # one named graph per source file, plus derived graphs
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {"kg": str(KG), "id": str(ID), "eli": str(ELI), "oa": str(OA), "prov": str(PROV),
            "skos": str(SKOS), "time": str(TIME), "org": str(ORG), "qb": str(QB),
            "dcterms": str(DCTERMS), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL)}
