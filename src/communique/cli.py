"""The ``communique`` command line.

Every failure a user can cause (a missing file, binary data, a malformed JSONL line, a
pipeline that is not installed) ends as one line on stderr and a non-zero exit status, never
a traceback; set ``COMMUNIQUE_DEBUG=1`` to see tracebacks of unexpected errors.
"""

from __future__ import annotations

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
def demo() -> None:
    """Read the bundled example articles and print a summary of what they say."""
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


def main() -> None:
    """Entry point of the ``communique`` script and ``python -m communique``."""
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
