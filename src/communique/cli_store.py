"""Store commands of the ``communique`` CLI: ingest, events, dyad, quotes, export.

Bodies stay small: the work is in :mod:`communique.store`. Every command takes ``--db URL``
(default: ``COMMUNIQUE_DB``, else ``communique.db`` in the user's data directory).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from communique.store import Store

F = TypeVar("F", bound=Callable[..., Any])


def db_option(function: F) -> F:
    return click.option(
        "--db",
        "db_url",
        metavar="URL",
        help="The store: a SQLite path or URL, or postgresql+psycopg://... "
        "(default: $COMMUNIQUE_DB, else communique.db in the user's data directory).",
    )(function)


def _json_option(function: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON for programs instead of a table.")(function)


@contextmanager
def open_store(db_url: str | None) -> Iterator[Store]:
    """The store, or a one-line error and exit status 3 when it cannot be opened."""
    from communique.cli import EXIT_SETUP, _error
    from communique.store import Store, StoreError

    try:
        store = Store(db_url)
    except StoreError as exc:
        _error(str(exc))
        sys.exit(EXIT_SETUP)
    try:
        yield store
    except StoreError as exc:
        from communique.cli import EXIT_USAGE

        _error(str(exc))
        sys.exit(EXIT_USAGE)
    finally:
        store.close()


def _key(value: str) -> str:
    """A state or organisation by code or name (``Russia`` -> ``RUS``); other codes pass as given."""
    from communique.cli import _state_code

    try:
        return _state_code(value)
    except click.BadParameter:
        return value.upper()


def _print_json(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _table(title: str, columns: list[str], rows: list[list[str]], empty: str) -> None:
    from rich.console import Console
    from rich.table import Table

    if not rows:
        Console().print(empty)
        return
    table = Table(title=title, title_justify="left")
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console().print(table)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=str))
@db_option
@click.option("--published", help="Publication date (YYYY-MM-DD) for every article, the anchor of relative dates.")
@click.option("--batch-size", default=16, show_default=True, help="Articles parsed per spaCy batch.")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(
    paths: tuple[str, ...], db_url: str | None, published: str | None, batch_size: int, as_json: bool, quiet: bool
) -> None:
    """Read articles into the store: files, directories, JSONL, RSS/Atom feeds (a file or a URL)
    and WARC files. The same article is never stored twice; each is stored in its own transaction."""
    from communique.cli import EXIT_INPUT, _check_published, _error
    from communique.store.ingest import IngestSummary
    from communique.store.ingest import ingest as run_ingest

    published = _check_published(published)
    with open_store(db_url) as store:
        progress_bar, advance = _progress(quiet)
        with progress_bar:
            summary: IngestSummary = run_ingest(
                store, paths, published=published, batch_size=batch_size, progress=advance
            )
        for message in summary.errors:
            _error(message)
        if as_json:
            _print_json({"store": store.display_url, **summary.to_dict()})
        else:
            click.echo(
                f"{summary.added} added, {summary.present} already stored, {summary.failed} failed "
                f"({summary.syndicated} syndicated copies); events: {summary.events_new} new, "
                f"{summary.events_merged} merged with other reports; {summary.seconds:.1f} s, "
                f"{summary.articles_per_second} articles/s -> {store.display_url}",
                err=True,
            )
    if summary.failed or (summary.added + summary.present) == 0:
        if summary.added + summary.present + summary.failed == 0:
            _error("no articles found")
        sys.exit(EXIT_INPUT)


def _progress(quiet: bool) -> tuple[Any, Callable[..., None]]:
    """A rich progress display on stderr (a no-op when quiet or not a terminal) and its callback."""
    from contextlib import nullcontext

    from rich.console import Console
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    if quiet or not console.is_terminal:
        return nullcontext(), lambda *_: None
    progress = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = progress.add_task("ingesting", total=None)

    def advance(_outcome: str, summary: Any) -> None:
        progress.update(
            task,
            advance=1,
            description=f"{summary.added} added, {summary.present} present, {summary.failed} failed",
        )

    return progress, advance


def _since_until(function: F) -> F:
    function = click.option("--until", help="Up to this date (YYYY-MM-DD, YYYY-MM or YYYY).")(function)
    return click.option("--since", help="From this date (YYYY-MM-DD, YYYY-MM or YYYY).")(function)


@click.command()
@db_option
@click.option("--actor", help="Events with this state or organisation on either side (code or name).")
@click.option("--dyad", nargs=2, metavar="A B", help="Events between A and B (either direction).")
@click.option("--directed", is_flag=True, help="With --dyad: only events from A to B.")
@_since_until
@click.option("--root", help="CAMEO root or code prefix, e.g. 05 or 057.")
@click.option("--quad", "quad_class", type=click.IntRange(1, 4), help="QuadClass 1-4.")
@click.option("--limit", default=50, show_default=True, help="At most this many events (0: all).")
@_json_option
def events(
    db_url: str | None, actor: str | None, dyad: tuple[str, str] | None, directed: bool, since: str | None,
    until: str | None, root: str | None, quad_class: int | None, limit: int, as_json: bool,
) -> None:  # fmt: skip
    """Consolidated events in the store, newest first."""
    with open_store(db_url) as store:
        found = store.events(
            actor=_key(actor) if actor else None,
            dyad=(_key(dyad[0]), _key(dyad[1])) if dyad else None,
            directed=directed, since=since, until=until, root=root, quad_class=quad_class, limit=limit or None,
        )  # fmt: skip
    if as_json:
        _print_json([e.to_dict() for e in found])
        return
    rows = [
        [
            str(e.id), e.date or _day(e.day), e.actor1.key or "", e.event_code, e.actor2.key or "",
            f"{e.goldstein:+g}", str(e.quad_class), f"{e.num_articles}/{e.num_sources}", (e.text or "")[:90],
        ]
        for e in found
    ]  # fmt: skip
    columns = ["id", "date", "actor1", "cameo", "actor2", "goldstein", "quad", "articles/sources", "first report"]
    _table("Events", columns, rows, "no events match")


def _day(day: int | None) -> str:
    return f"{day // 10000:04d}-{day // 100 % 100:02d}-{day % 100:02d}" if day else "?"


@click.command()
@click.argument("first")
@click.argument("second")
@db_option
@click.option("--by", type=click.Choice(["day", "month", "year"]), default="month", show_default=True)
@click.option("--directed", is_flag=True, help="Only events from FIRST to SECOND.")
@_since_until
@_json_option
def dyad(
    first: str, second: str, db_url: str | None, by: str, directed: bool, since: str | None, until: str | None,
    as_json: bool,
) -> None:  # fmt: skip
    """Events between two states or organisations per period: counts per QuadClass and mean Goldstein."""
    a, b = _key(first), _key(second)
    with open_store(db_url) as store:
        buckets = store.dyad(a, b, by=by, directed=directed, since=since, until=until)  # type: ignore[arg-type]
    if as_json:
        _print_json({"dyad": [a, b], "directed": directed, "by": by, "periods": [x.to_dict() for x in buckets]})
        return
    rows = [
        [
            x.period, str(x.events), *(str(x.quad_counts.get(q, 0)) for q in (1, 2, 3, 4)),
            "" if x.mean_goldstein is None else f"{x.mean_goldstein:+.2f}",
        ]
        for x in buckets
    ]  # fmt: skip
    columns = ["period", "events", "verbal coop", "material coop", "verbal conflict", "material conflict", "goldstein"]
    _table(f"{a} {'->' if directed else '–'} {b} by {by}", columns, rows, f"no events between {a} and {b}")


@click.command()
@db_option
@click.option("--speaker", help="Part of the speaker's name, any case.")
@_since_until
@click.option("--limit", default=50, show_default=True, help="At most this many quotes (0: all).")
@_json_option
def quotes(
    db_url: str | None, speaker: str | None, since: str | None, until: str | None, limit: int, as_json: bool
) -> None:
    """Quotes in the store, newest first."""
    with open_store(db_url) as store:
        found = store.quotes(speaker=speaker, since=since, until=until, limit=limit or None)
    if as_json:
        _print_json([q.to_dict() for q in found])
        return
    rows = [[q.published or "?", q.speaker_name or "?", q.kind, q.text, q.outlet or ""] for q in found]
    _table("Quotes", ["published", "speaker", "kind", "quote", "source"], rows, "no quotes match")


EXPORT_FORMATS = ("gdelt-events", "gdelt-mentions", "plover", "parquet")


@click.command()
@click.argument("export_format", metavar="FORMAT", type=click.Choice(EXPORT_FORMATS))
@click.argument("output", type=click.Path(path_type=str))
@db_option
@click.option("--header", is_flag=True, help="GDELT formats: write a header line (GDELT's own files have none).")
def export(export_format: str, output: str, db_url: str | None, header: bool) -> None:
    """Write the store for other tools: GDELT 2.0 event or mentions TSV, PLOVER JSONL (to OUTPUT,
    ``-`` for standard output), or Parquet (one file per table in the directory OUTPUT)."""
    from communique.store import export as exports

    with open_store(db_url) as store:
        if export_format == "parquet":
            written = exports.write_parquet(store, output)
            click.echo(f"{sum(written.values())} rows in {len(written)} tables -> {output}", err=True)
            return
        with click.open_file(output, "w", encoding="utf-8") as out:
            if export_format == "gdelt-events":
                count = exports.write_gdelt_events(store, out, header=header)
            elif export_format == "gdelt-mentions":
                count = exports.write_gdelt_mentions(store, out, header=header)
            else:
                count = exports.write_plover(store, out)
        click.echo(f"{count} records -> {output}", err=True)


def load_into_store(documents: list[dict[str, Any]], db_url: str | None) -> None:
    """Store documents (the demo's) and say where, so the store commands can be tried next."""
    with open_store(db_url) as store:
        results = [store.add_document(doc, origin="communique demo") for doc in documents]
        added = sum(r.status == "added" for r in results)
        click.echo(
            f"\nstore: {store.display_url} ({added} examples added, {len(results) - added} already there, "
            f"{store.counts()['events']} events in all)\n"
            "try: communique events --actor NATO   communique dyad KOR PRK   communique quotes --speaker Moon"
        )


STORE_COMMANDS = (ingest, events, dyad, quotes, export)
