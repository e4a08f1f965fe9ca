"""What the local Java servers share: their jars laid out by Maven whole even when two processes race, and
Maven's failures told in one line."""

from __future__ import annotations

import hashlib
import shutil
import threading

import pytest

from kg import javaprocess

MAVEN_FAILURE = """\
[ERROR] Failed to execute goal on project kg-neo4j-local: Could not resolve dependencies for project \
expansion-kg:kg-neo4j-local:pom:1: The following artifacts could not be resolved: org.neo4j:neo4j:jar:5.26.9999 -> [Help 1]
[ERROR] 
[ERROR] To see the full stack trace of the errors, re-run Maven with the -e switch.
[ERROR] Re-run Maven using the -X switch to enable full debug logging.
[ERROR] 
[ERROR] For more information about the errors and possible solutions, please read the following articles:
[ERROR] [Help 1] http://cwiki.apache.org/confluence/display/MAVEN/DependencyResolutionException
"""  # noqa: E501, W291 - Maven's own output, its long lines whole and its empty [ERROR] lines ending in a space


def test_maven_failure_is_told_by_its_cause():
    assert javaprocess.maven_cause(MAVEN_FAILURE) == (
        "Failed to execute goal on project kg-neo4j-local: Could not resolve dependencies for project "
        "expansion-kg:kg-neo4j-local:pom:1: The following artifacts could not be resolved: "
        "org.neo4j:neo4j:jar:5.26.9999"
    )


#: A pom with no dependencies: laying it out needs only Maven's dependency plugin, which the servers' poms
#: have already fetched.
EMPTY_POM = """<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>expansion-kg</groupId>
  <artifactId>kg-test-empty</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
</project>
"""


@pytest.mark.skipif(shutil.which("mvn") is None, reason="Maven (mvn) is not on PATH")
def test_two_lay_outs_at_once_each_see_a_whole_folder(tmp_path):
    pom = tmp_path / "pom.xml"
    pom.write_text(EMPTY_POM, encoding="utf-8")
    target = tmp_path / "home" / "lib"
    found: list[object] = []

    def lay_out() -> None:
        try:
            found.append(javaprocess.lay_out(pom, target, what="nothing"))
        except Exception as e:  # noqa: BLE001 - the test reports whatever either thread met
            found.append(e)

    threads = [threading.Thread(target=lay_out) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert found == [target] * 3
    assert javaprocess.stamp_of(target) and sorted(p.name for p in target.parent.iterdir()) == ["lib"]
    pom.write_text(EMPTY_POM.replace("<version>1</version>", "<version>2</version>"), encoding="utf-8")
    javaprocess.lay_out(pom, target, what="nothing")  # another pom: laid out again, the stamp its hash
    assert javaprocess.stamp_of(target) == hashlib.sha256(pom.read_bytes()).hexdigest()
