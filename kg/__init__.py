"""vn-plan-kg: a knowledge graph of the plans, targets, projects and commitments in Vietnamese
provincial resolutions. Data flows text → structure → records → resolved entities → RDF → store;
see the README's "How it works" for the module of each stage."""

__version__ = "0.1.0"
