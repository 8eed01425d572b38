"""RDF namespaces as importable objects (the rdflib way): ``from kg.namespaces import KG, ID``."""
from rdflib import Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, TIME, XSD, ORG, QB  # noqa: F401

BASE = "https://w3id.org/vn-plan-kg/"
KG = Namespace(BASE + "ontology#")  # classes and properties of this project
ID = Namespace(BASE + "id/")  # instances: documents, agencies, provisions, citations ...
GRAPH = Namespace(BASE + "graph/")  # one named graph per source file, plus derived graphs
ELI = Namespace("http://data.europa.eu/eli/ontology#")
OA = Namespace("http://www.w3.org/ns/oa#")

PREFIXES = {"kg": str(KG), "id": str(ID), "eli": str(ELI), "oa": str(OA), "prov": str(PROV),
            "skos": str(SKOS), "time": str(TIME), "org": str(ORG), "qb": str(QB),
            "dcterms": str(DCTERMS), "rdfs": str(RDFS), "xsd": str(XSD), "owl": str(OWL)}
