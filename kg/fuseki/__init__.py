"""A local Apache Jena Fuseki run from its Maven Central jar: a SPARQL 1.1 server for the SPARQL store's tests."""
