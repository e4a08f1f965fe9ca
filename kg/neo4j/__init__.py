"""A local Neo4j Community server run from Maven Central jars, and connections to any Neo4j."""
