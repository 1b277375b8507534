"""The ``communique`` command line.

Every failure a user can cause (a missing file, binary data, a malformed JSONL line, a
pipeline that is not installed) ends as one line on stderr and a non-zero exit status, never
a traceback; set ``COMMUNIQUE_DEBUG=1`` to see tracebacks of unexpected errors.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from communique import __version__

EXIT_INPUT = 1
"""Some input could not be read (the rest was)."""
EXIT_USAGE = 2
"""The command line itself is wrong (click's convention)."""
EXIT_SETUP = 3
"""The installation is broken (the spaCy pipeline is missing)."""


def _error(message: str) -> None:
    click.echo(f"communique: error: {message}", err=True)


def _debug() -> bool:
    return os.environ.get("COMMUNIQUE_DEBUG", "") not in {"", "0", "false"}


def _documents(paths: Iterable[str], published: str | None, batch_size: int) -> Iterator[dict[str, Any] | Exception]:
    """Read every path; yield documents and, in their place, the errors of unreadable inputs."""
    from communique.ingest import read_path
    from communique.reader import Reader

    def items() -> Iterator[Any]:
        for path in paths:
            yield from read_path(path)

    reader = Reader(batch_size=batch_size, published=published)
    yield from reader.read(items())


def _check_published(value: str | None) -> str | None:
    if value is None:
        return None
    from communique.dates import normalise_published

    normal = normalise_published(value)
    if normal is None:
        raise click.BadParameter(f"{value!r} is not a date (use YYYY-MM-DD)", param_hint="--published")
    return normal


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="communique")
def cli() -> None:
    """Read international-affairs news into structured, source-linked knowledge."""


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--published", help="Publication date (YYYY-MM-DD) for every article, the anchor of relative dates.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "jsonl", "table"]),
    default=None,
    help="json: one document; jsonl: one document per line; table: a summary for people. "
    "Default: json for one article, jsonl for several.",
)
@click.option("--batch-size", default=16, show_default=True, help="Articles parsed per spaCy batch.")
@click.option("--validate/--no-validate", default=False, help="Check every document against the contract schema.")
@click.option("--stats", is_flag=True, help="Print a JSON line of throughput figures on stderr at the end.")
def extract(
    paths: tuple[str, ...],
    published: str | None,
    output_format: str | None,
    batch_size: int,
    validate: bool,
    stats: bool,
) -> None:
    """Read articles (text, HTML, JSONL, or directories of them) and print what they say.

    PATHS are files or directories; ``-`` reads one article from standard input.
    """
    published = _check_published(published)
    failures = 0
    produced = 0
    buffered: list[dict[str, Any]] = []
    single = output_format == "json"
    started = time.perf_counter()
    words = 0
    try:
        stream = _documents(_expand_stdin(paths), published, batch_size)
        for item in stream:
            if isinstance(item, Exception):
                failures += 1
                _error(str(item))
                continue
            produced += 1
            words += len(item["text"].split())
            if validate:
                from communique.document import validation_errors

                problems = validation_errors(item)
                if problems:
                    failures += 1
                    _error(f"{item['id']}: document breaks the contract: {problems[0]}")
            if output_format == "jsonl" or (output_format is None and produced > 1):
                if buffered:
                    for doc in buffered:
                        click.echo(json.dumps(doc, ensure_ascii=False))
                    buffered = []
                click.echo(json.dumps(item, ensure_ascii=False))
            else:
                buffered.append(item)
    except KeyboardInterrupt:
        _error("interrupted")
        sys.exit(130)
    except Exception as exc:
        _report_unexpected(exc)
        sys.exit(EXIT_SETUP if type(exc).__name__ == "ModelUnavailable" else EXIT_INPUT)
    if buffered:
        if output_format == "table":
            from communique.table import print_documents

            print_documents(buffered)
        elif single and len(buffered) > 1:
            _error(f"{len(buffered)} articles read; --format json prints one document (use --format jsonl)")
            sys.exit(EXIT_USAGE)
        else:
            for doc in buffered:
                click.echo(json.dumps(doc, ensure_ascii=False, indent=None if output_format == "jsonl" else 2))
    if stats:
        from communique.nlp import load_pipeline

        seconds = time.perf_counter() - started
        figures = {
            "documents": produced,
            "failures": failures,
            "words": words,
            "seconds": round(seconds, 3),
            "words_per_second": round(words / seconds, 1) if seconds else None,
            "pipeline_loads": load_pipeline.cache_info().misses,
        }
        click.echo(f"communique: stats: {json.dumps(figures)}", err=True)
    if produced == 0 and failures == 0:
        _error("no articles found")
        sys.exit(EXIT_INPUT)
    if failures:
        sys.exit(EXIT_INPUT)


@cli.command()
@click.option("--db", "db_url", metavar="URL", help="The store to load the examples into (default: the user's).")
def demo(db_url: str | None) -> None:
    """Read the bundled example articles, print a summary of what they say and load them into the
    store, so that the store commands and the web pages (`communique serve`) have something to show."""
    from communique.knowledge import data_path

    examples = data_path("examples")
    paths = sorted(str(p) for p in Path(str(examples)).glob("*.txt"))
    if not paths:
        _error("the bundled examples are missing from this installation")
        sys.exit(EXIT_SETUP)
    from communique.table import print_documents

    documents = []
    try:
        for item in _documents(paths, None, 16):
            if isinstance(item, Exception):
                _error(str(item))
                continue
            documents.append(item)
    except Exception as exc:
        _report_unexpected(exc)
        sys.exit(EXIT_SETUP)
    print_documents(documents)
    from communique.cli_store import load_into_store

    load_into_store(documents, db_url)
    db = f" --db {db_url}" if db_url else ""
    click.echo(
        "\nTo look at them in a browser: `make serve` (or `.venv/bin/communique serve" + db + "`),"
        " then open http://127.0.0.1:8000/ (the API reference is at http://127.0.0.1:8000/docs)."
    )


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--out", "out_dir", type=click.Path(path_type=str), help="Folder for Parquet output (resumable).")
@click.option("--db", "db_url", help="Database URL of the store to write documents to.")
@click.option("--workers", default=2, show_default=True, help="Worker processes of the local Dask cluster.")
@click.option("--scheduler", help="Address of a running Dask scheduler to use instead of a local cluster.")
@click.option("--shard-size", default=100, show_default=True, help="Articles (lines, records, files) per shard.")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds one article may take before it is skipped.")
@click.option("--batch-size", default=16, show_default=True, help="Articles parsed per spaCy batch.")
@click.option("--published", help="Publication date (YYYY-MM-DD) for every article, the anchor of relative dates.")
def batch(
    inputs: tuple[str, ...],
    out_dir: str | None,
    db_url: str | None,
    workers: int,
    scheduler: str | None,
    shard_size: int,
    timeout: float,
    batch_size: int,
    published: str | None,
) -> None:
    """Read a large corpus (JSONL, WARC archives, folders) in parallel with Dask, into Parquet.

    INPUTS are cut into shards read by Dask workers, each with one spaCy pipeline; a rerun
    with the same --out skips the shards already written.
    """
    if not out_dir and not db_url:
        _error("batch needs --out DIR and/or --db URL")
        sys.exit(EXIT_USAGE)
    if workers < 1 or shard_size < 1 or batch_size < 1 or timeout <= 0:
        _error("--workers, --shard-size, --batch-size and --timeout must be positive")
        sys.exit(EXIT_USAGE)
    published = _check_published(published)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from communique.batch import BatchError, BatchOptions, StoreOutput, run_batch

    store: StoreOutput | None = None
    if db_url:
        try:
            store = StoreOutput(db_url, Path(out_dir) if out_dir else None)
        except ImportError:
            _error("--db: the corpus store is not part of this installation (use --out DIR)")
            sys.exit(EXIT_USAGE)
        except Exception as exc:  # the store's own one-line error (a bad URL, an unreachable server)
            _error(f"--db: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
            sys.exit(EXIT_INPUT)
    console = Console(stderr=True)
    options = BatchOptions(shard_size=shard_size, timeout=timeout, batch_size=batch_size, published=published)
    columns = (TextColumn("reading"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[rate]}"))
    try:
        with Progress(*columns, TimeElapsedColumn(), console=console, transient=False) as bar:
            task = bar.add_task("read", total=None, rate="")
            clock = time.perf_counter()

            def progress(done: int, total: int) -> None:
                if done == 0:
                    nonlocal clock
                    clock = time.perf_counter()
                seconds = time.perf_counter() - clock
                rate = f"{done / seconds:.1f} articles/s" if done and seconds else ""
                bar.update(task, completed=done, total=total, rate=rate)

            summary = run_batch(
                list(inputs),
                Path(out_dir) if out_dir else None,
                db=store,
                workers=workers,
                scheduler=scheduler,
                options=options,
                progress=progress,
            )
    except KeyboardInterrupt:
        _error("interrupted (finished shards are kept; rerun to resume)")
        sys.exit(130)
    except BatchError as exc:
        _error(str(exc))
        sys.exit(EXIT_SETUP)
    except Exception as exc:
        _report_unexpected(exc)
        sys.exit(EXIT_SETUP)
    finally:
        if store is not None:
            store.close()
    errors_file = (Path(out_dir) if out_dir else store.folder if store else Path(".")) / "errors.jsonl"
    for failure in summary.failures:
        _error(failure)
    click.echo(
        f"communique: batch: {summary.articles} articles ({summary.words} words) from "
        f"{summary.shards - summary.skipped_shards} shards in {summary.seconds:.1f} s, "
        f"{summary.articles_per_second:.2f} articles/s (start-up {summary.startup_seconds:.1f} s); "
        f"{summary.skipped_shards} shards already done, {summary.failed_shards} failed; "
        f"{summary.errors} inputs not read ({summary.timeouts} timed out): {errors_file}",
        err=True,
    )
    if summary.failed_shards:
        sys.exit(EXIT_INPUT)
    if summary.errors:
        sys.exit(EXIT_INPUT)


def _load_documents(paths: tuple[str, ...]) -> list[dict[str, Any]]:
    """Documents from PATHs: JSONL files of contract documents are taken as they are;
    anything else (articles, folders of articles) is read first."""
    from communique.document import SCHEMA_ID, validation_errors

    documents: list[dict[str, Any]] = []
    to_read: list[str] = []
    for path in paths:
        file = Path(path)
        if file.suffix.lower() in {".jsonl", ".ndjson"} and file.is_file():
            with file.open("r", encoding="utf-8", errors="replace") as handle:
                first = handle.readline()
            try:
                is_documents = json.loads(first).get("schema") == SCHEMA_ID
            except (json.JSONDecodeError, AttributeError, RecursionError):
                is_documents = False
            if is_documents:
                with file.open("r", encoding="utf-8", errors="replace") as handle:
                    for number, line in enumerate(handle, start=1):
                        if not line.strip():
                            continue
                        try:
                            document = json.loads(line)
                        except json.JSONDecodeError as exc:
                            _error(f"{path}:{number}: not valid JSON ({exc.msg})")
                        except RecursionError:
                            _error(f"{path}:{number}: the JSON is nested too deeply")
                        else:
                            problems = validation_errors(document) if isinstance(document, dict) else ["no object"]
                            if problems:
                                _error(f"{path}:{number}: not a {SCHEMA_ID} document ({problems[0]})")
                            else:
                                documents.append(document)
                continue
        to_read.append(path)
    if to_read:
        for item in _documents(to_read, None, 16):
            if isinstance(item, Exception):
                _error(str(item))
            else:
                documents.append(item)
    return documents


def _state_code(value: str) -> str:
    """A state or organisation given by code or name ("RUS", "Russia", "North Korea", "NATO")."""
    from communique.knowledge.lexicon import code_of

    code = code_of(value)
    if code is None:
        raise click.BadParameter(f"{value!r} names no state or organisation")
    return code


@cli.command()
@click.argument("first")
@click.argument("second")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--json", "as_json", is_flag=True, help="Print the timeline as JSON.")
def relations(first: str, second: str, paths: tuple[str, ...], as_json: bool) -> None:
    """The timeline of relation levels and agreements between two states, from PATHS
    (articles, or JSONL of documents written by `communique extract`)."""
    from communique.analysis.ledger import entries, pair_timeline

    a, b = _state_code(first), _state_code(second)
    timeline = pair_timeline(entries(_load_documents(paths)), a, b)
    if as_json:
        click.echo(json.dumps([e.to_dict() for e in timeline], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{a} – {b}", title_justify="left")
    for column in ("date", "kind", "what", "status / claimed by", "provisions", "document"):
        table.add_column(column, overflow="fold")
    for e in timeline:
        extra = e.detail.get("status") or e.detail.get("claimed_by") or ""
        table.add_row(
            e.date or "?", e.kind, e.what, str(extra), ", ".join(e.detail.get("provisions", [])), e.document or ""
        )
    Console().print(table if timeline else f"nothing recorded between {a} and {b}")


@cli.command()
@click.argument("state")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@click.option("--on", "on_date", help="The date of the hypothetical attack (default: today).")
@click.option(
    "--graph", "graph_path", type=click.Path(path_type=str), help="Also write the alliance graph (.graphml or .json)."
)
@click.option("--json", "as_json", is_flag=True, help="Print the obligations as JSON.")
def obligations(state: str, paths: tuple[str, ...], on_date: str | None, graph_path: str | None, as_json: bool) -> None:
    """Who is bound to assist STATE if it is attacked, under agreements in force on --on."""
    from datetime import date as date_type

    from communique.analysis import ledger as ledger_module
    from communique.dates import parse_iso

    code = _state_code(state)
    on = parse_iso(_check_published(on_date)) if on_date else date_type.today()
    assert on is not None
    ledger = ledger_module.entries(_load_documents(paths))
    bound = ledger_module.obligations(ledger, code, on)
    if graph_path:
        graph = ledger_module.alliance_graph(ledger, on)
        text = ledger_module.to_graphml(graph) if graph_path.endswith(".graphml") else json.dumps(graph, indent=2)
        Path(graph_path).write_text(text, encoding="utf-8")
    if as_json:
        click.echo(json.dumps({"state": code, "on": on.isoformat(), "bound": [o.to_dict() for o in bound]}, indent=2))
        return
    if not bound:
        click.echo(f"no agreement in force on {on.isoformat()} binds anyone to assist {code}")
        return
    for o in bound:
        click.echo(f"{o.bound}  under {o.agreement} (signed {o.signed or '?'}, {o.document}): {o.evidence or ''}")


@cli.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on (0.0.0.0 opens it to the network)."
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option("--db", "database_url", help="The store's database URL (default: the store's default).")
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="An origin allowed to call the API from a browser (repeatable; default: none, CORS closed).",
)
def serve(host: str, port: int, database_url: str | None, cors_origins: tuple[str, ...]) -> None:
    """Serve the web pages and the REST API (/api/v1, reference at /docs)."""
    try:
        import uvicorn

        from communique.web import WebSettings, create_app
    except ImportError as exc:
        _error(f"the web app is not installed ({exc.name} is missing)")
        sys.exit(EXIT_SETUP)
    problem = _cannot_listen(host, port)
    if problem:
        _error(f"cannot listen on {host}:{port} ({problem})")
        sys.exit(EXIT_SETUP)
    app = create_app(WebSettings(database_url=database_url, cors_origins=cors_origins))
    click.echo(f"communique: serving on http://{host}:{port}/ (API reference: http://{host}:{port}/docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _cannot_listen(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (in use, no such address), or ``None``: checked
    before the server starts so that the user gets our one-line error, not the server's log."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return exc.strerror or "no such address"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            return exc.strerror or str(exc)
    return None


def _expand_stdin(paths: tuple[str, ...]) -> list[str]:
    """``-`` becomes a temporary file holding standard input (read with the same rules)."""
    out = []
    for path in paths:
        if path == "-":
            import tempfile

            data = sys.stdin.buffer.read()
            with tempfile.NamedTemporaryFile(prefix="communique-stdin-", suffix=".txt", delete=False) as handle:
                handle.write(data)
            out.append(handle.name)
        else:
            out.append(path)
    return out


def _report_unexpected(exc: BaseException) -> None:
    if _debug():
        raise exc
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    _error(message if type(exc).__name__ == "ModelUnavailable" else f"unexpected {type(exc).__name__}: {message}")


from communique.cli_store import STORE_COMMANDS  # noqa: E402  (its commands use the helpers above)

for _command in STORE_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point of the ``communique`` script and ``python -m communique``.

    It ends the process with ``os._exit`` once the output is flushed: tearing down the
    interpreter (spaCy's objects, the gazetteer's index) takes longer than reading an article,
    and nothing is left to clean up by then. Call :func:`run` to stay in the process.
    """
    try:
        code = run()
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing left to say
            stream.flush()
    os._exit(code)


def run() -> int:
    """Run the command line; the exit status (``SystemExit`` for errors, as click raises it)."""
    try:
        cli.main(prog_name="communique", standalone_mode=False)
    except click.exceptions.Abort:
        _error("aborted")
        sys.exit(130)
    except click.ClickException as exc:
        _error(exc.format_message().splitlines()[0])
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except Exception as exc:
        _report_unexpected(exc)
        sys.exit(EXIT_INPUT)
    return 0
