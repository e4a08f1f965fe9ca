"""``kg neo4j start|stop|status|shell``: the project's local Neo4j Community server (kg/neo4j/local.py)."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import format_option

home_option = click.option(
    "--home",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder of the server (default: KG_NEO4J_HOME, else ./.neo4j-local).",
)


@click.group("neo4j")
def neo4j_group():
    """Run a local Neo4j Community server for this project.

    \b
    Example:
        kg neo4j start && kg load examples/ --store neo4j
        kg neo4j status
        kg neo4j shell
        kg neo4j stop
    """


@neo4j_group.command("start")
@home_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=180,
    show_default=True,
    help="Seconds to wait for Bolt to answer.",
)
@format_option("text", "json")
def start_cmd(home, timeout, fmt):
    """Start the server unless it runs, and print its Bolt URI.

    The first start lays out the server's jars with Maven and gives the neo4j
    user a generated password, kept in HOME/password (mode 0600).  The URI is
    the only line on stdout; the user, the password file and the Neo4j Browser
    URL (the HTTP port's /browser/) follow on stderr.  json says whether this
    call started the server ("started": false when it already ran), so a
    script stops only a server it started.

    \b
    Example:
        kg neo4j start
        kg neo4j start --format json     # {"uri": "bolt://127.0.0.1:7687", "started": true, "user": ...}
    """
    from kg.cli.render import to_json
    from kg.neo4j import local

    server = local.default_server(home)
    already = local.running_pid(server) is not None
    if already and fmt == "text":
        click.echo(f"Neo4j already runs in {server.home}", err=True)
    uri = local.start(server, timeout=timeout, progress=lambda message: click.echo(message, err=True))
    info = local.connection_info(server)
    if fmt == "json":
        click.echo(to_json({"uri": uri, "started": not already, **info}))
        return
    click.echo(uri)
    click.echo(f"user {info['user']}, password in {info['password_file']}; Neo4j Browser: {info['browser']}", err=True)


@neo4j_group.command("stop")
@home_option
@click.option(
    "--timeout",
    type=click.FloatRange(min=1),
    default=60,
    show_default=True,
    help="Seconds to wait after SIGTERM before SIGKILL.",
)
def stop_cmd(home, timeout):
    """Stop the server started from this folder (kg neo4j start); a server started elsewhere is left alone.

    \b
    Example:
        kg neo4j stop
        kg neo4j stop --home .neo4j-local --timeout 120
    """
    from kg.neo4j import local

    click.echo(local.stop(local.default_server(home), timeout=timeout))


@neo4j_group.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@home_option
def import_cmd(paths, home):
    """Load files into the server's empty database with neo4j-admin's bulk importer.

    The fastest way in for a big graph (a kg extract-job output folder, say):
    the files are read as kg load reads them, the server stops for the
    import and starts again. Only an empty database is imported into;
    kg load --store neo4j adds to one that holds a graph.

    \b
    Example:
        kg neo4j start && kg neo4j import facts/
    """
    from kg.bulk_import import import_files
    from kg.cli.render import table
    from kg.neo4j import local

    server = local.default_server(home)
    report = import_files(server, paths, say=lambda message: click.echo(message, err=True))
    click.echo(f"imported {report.sources} sources into the Neo4j in {server.home}")
    click.echo(table([{"what": what, "count": count} for what, count in report.stats.items()], ["what", "count"]))


@neo4j_group.command("status")
@home_option
@format_option("table", "json")
def status_cmd(home, fmt):
    """Tell whether the server runs, and its Bolt URI, user, password file and Browser URL.

    Also its process id, folder, version and log file.

    \b
    Example:
        kg neo4j status
        kg neo4j status --format json
    """
    from kg.cli.render import table, to_json
    from kg.neo4j import local

    info = local.status(local.default_server(home))
    rows = [
        {"setting": key, "value": "yes" if value is True else "no" if value is False else value}
        for key, value in info.items()
    ]
    click.echo(to_json(info) if fmt == "json" else table(rows))


@neo4j_group.command("shell", context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@home_option
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def shell_cmd(home, args):
    """Open cypher-shell on the local server, already connected as neo4j.

    cypher-shell comes from Maven Central in the server's version (laid out in
    HOME/shell-lib on first use); the password reaches it in NEO4J_PASSWORD,
    never on the command line.  ARGS go to cypher-shell as they are: a query
    file with -f, --format plain, ...  Exits with cypher-shell's exit code.

    \b
    Example:
        kg neo4j shell
        echo 'MATCH (c:Company) RETURN count(c);' | kg neo4j shell --format plain
        kg neo4j shell -f graph.cypher
    """
    from kg.neo4j import local

    server = local.default_server(home)
    if local.running_pid(server) is None:
        raise click.ClickException(f"Neo4j in {server.home} is not running; run 'kg neo4j start' first")
    raise SystemExit(local.shell(server, list(args), progress=lambda message: click.echo(message, err=True)))
