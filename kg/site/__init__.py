"""The browsable face of the graph: `kg site OUT/` (kg.site.generate) writes static pages from the
store; `kg serve --site OUT/` (kg.site.server) serves them beside the SPARQL endpoint on one port."""
