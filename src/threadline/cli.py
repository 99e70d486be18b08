"""The command line: parses options, calls the library, prints results on stdout and logs on stderr."""

from __future__ import annotations

import functools
import json
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from .atomic import write_text_atomic
from .errors import ThreadlineError

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("threadline")


def explain_errors(fn: F) -> F:
    """Turn a ThreadlineError into one line on stderr and its exit code, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ThreadlineError as e:
            click.echo(f"threadline: error: {e}", err=True)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            click.echo("threadline: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def emit(text: str, output: str | None) -> None:
    """Print to stdout, or write the file atomically and say where on stderr."""
    if output and output != "-":
        path = write_text_atomic(output, text if text.endswith("\n") else text + "\n")
        click.echo(f"wrote {path}", err=True)
    else:
        click.echo(text)


def stderr_progress(enabled: bool) -> Callable[[str, float], None] | None:
    """A one-line progress display on stderr, silent when stderr is not a terminal."""
    if not enabled or not sys.stderr.isatty():
        return None

    def report(stage: str, done: float) -> None:
        width = 24
        filled = int(done * width)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {stage:<12}")
        if done >= 1.0:
            sys.stderr.write("\r" + " " * (width + 16) + "\r")
        sys.stderr.flush()

    return report


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="threadline")
@click.option("-v", "--verbose", is_flag=True, help="Log what each stage does on stderr.")
def cli(verbose: bool) -> None:
    """threadline: turn a discussion (and the article it is about) into a cited, verifiable digest."""
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="threadline: %(message)s",
        stream=sys.stderr,
    )


TABLE_COLUMNS = ("id", "parent", "author", "text", "score", "time")


def table_options(fn: F) -> F:
    """Options naming a table's columns (CSV, JSONL, JSON array)."""
    for col in reversed(TABLE_COLUMNS):
        fn = click.option(f"--{col}-col", help=f"Column holding each comment's {col} (table sources).")(fn)
    return fn


def llm_options(fn: F) -> F:
    """The LLM writer's endpoint: the same options for ``digest`` (its ``--writer llm``) and ``serve`` (which
    offers visitors the llm writer when a URL is set)."""
    options = [
        click.option(
            "--llm-url",
            envvar="THREADLINE_LLM_URL",
            help="OpenAI-compatible base URL for the llm writer (API key from THREADLINE_LLM_API_KEY).",
        ),
        click.option("--llm-model", envvar="THREADLINE_LLM_MODEL", help="Model name (llm writer)."),
        click.option(
            "--llm-timeout",
            type=float,
            default=300.0,
            show_default=True,
            help="Seconds to wait for the LLM server.",
        ),
        click.option(
            "--llm-context",
            type=int,
            default=8192,
            show_default=True,
            help="The model's context window in tokens (llm writer); the analysis is condensed to fit.",
        ),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


def source_options(
    max_requests: int | None, allow_private: bool, columns: dict[str, str | None]
) -> dict[str, Any]:
    opts: dict[str, Any] = {"allow_private": allow_private}
    if max_requests is not None:
        opts["max_requests"] = max_requests
    named = {k.removesuffix("_col"): v for k, v in columns.items() if v}
    if named:
        opts["columns"] = named
    return opts


@cli.command()
@click.argument("sources", metavar="SOURCE...", nargs=-1, required=True)
@click.option("--article", "article", help="Article URL or file (.html, .html.gz, .txt, .md).")
@click.option(
    "--title",
    help="What to call the discussion in the digest (default: the thread's title, else the article's).",
)
@click.option(
    "--fetch-article/--no-fetch-article",
    default=None,
    help="Fetch the article a link post points at (default: only when the thread is fetched live).",
)
@click.option(
    "-f", "--format", "fmt", type=click.Choice(["md", "html", "json"]), default="md", show_default=True
)
@click.option("-o", "--output", help="Write here instead of stdout (written atomically).")
@click.option("--style", type=click.Choice(["post", "report"]), default="post", show_default=True)
@click.option("--writer", type=click.Choice(["template", "llm"]), default="template", show_default=True)
@llm_options
@click.option(
    "--citations",
    type=click.Choice(["footnotes", "inline", "none"]),
    default="footnotes",
    show_default=True,
    help="How Markdown shows the comments each sentence rests on.",
)
@click.option(
    "--embedder",
    type=click.Choice(["quality", "fast"]),
    default="quality",
    show_default=True,
    help="Sentence embedding: 'fast' for very large threads.",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for clustering.")
@click.option("--max-requests", type=int, help="Request budget when fetching a thread live.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback addresses.")
@table_options
@explain_errors
def digest(
    sources: tuple[str, ...],
    article: str | None,
    title: str | None,
    fetch_article: bool | None,
    fmt: str,
    output: str | None,
    style: str,
    writer: str,
    llm_url: str | None,
    llm_model: str | None,
    llm_timeout: float,
    llm_context: int,
    citations: str,
    embedder: str,
    seed: int,
    max_requests: int | None,
    allow_private: bool,
    **columns: str | None,
) -> None:
    """Digest SOURCE: a Reddit or HN URL, an HN id, or a saved thread / Polis export / table file.

    Several SOURCEs (discussions of one story) are digested as one, ids written <label>:<id>."""
    from .pipeline import digest as run_digest
    from .render import render

    writer_options: dict[str, Any] = {}
    if writer == "llm":
        writer_options = {
            "url": llm_url, "model": llm_model, "timeout": llm_timeout, "max_context_tokens": llm_context
        }  # fmt: skip
    result = run_digest(
        sources[0] if len(sources) == 1 else list(sources),
        article,
        title=title,
        style=style,
        writer=writer,
        embedder=embedder,
        seed=seed,
        fetch_article=fetch_article,
        progress=stderr_progress(True),
        source_options=source_options(max_requests, allow_private, columns),
        writer_options=writer_options,
    )
    for problem in result.checks.problems:
        log.warning("check failed: %s", problem)
    emit(render(result, fmt, citations=citations), output)


@cli.command()
@click.option(
    "--out", "out_dir", default=".", show_default=True, help="Folder for digest.md and digest.html."
)
@click.option("--style", type=click.Choice(["post", "report"]), default="post", show_default=True)
@explain_errors
def demo(out_dir: str, style: str) -> None:
    """Digest the embedded example, one story discussed on a forum and on HN: writes digest.md and .html."""
    from .demo import run_demo

    result = run_demo(style=style)
    out = Path(out_dir)
    write_text_atomic(out / "digest.md", result.markdown)
    write_text_atomic(out / "digest.html", result.html)
    click.echo(result.markdown)
    click.echo(f"wrote {out / 'digest.md'} and {out / 'digest.html'}", err=True)
    click.echo("(the demo's article and both threads are fiction written for threadline)", err=True)


@cli.command()
@click.argument("location")
@click.option("-f", "--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True)
@click.option("-o", "--output", help="Write here instead of stdout.")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback addresses.")
@explain_errors
def article(location: str, fmt: str, output: str | None, allow_private: bool) -> None:
    """Extract an article (title, site, date, text) from a URL or a local file."""
    from .sources import load_article

    art = load_article(location, allow_private=allow_private)
    if fmt == "json":
        fields = {"url": art.url, "title": art.title, "site": art.site, "date": art.date, "text": art.text}
        emit(json.dumps(fields, ensure_ascii=False, indent=2), output)
    else:
        head = [f"# {art.title}" if art.title else None]
        meta = " · ".join(x for x in (art.site, art.date, art.url) if x)
        parts = [x for x in (*head, meta or None, art.text) if x]
        emit("\n\n".join(parts), output)


@cli.command()
@click.argument("source")
@click.option("-o", "--output", required=True, help="File to save the thread to (JSON).")
@click.option("--max-requests", type=int, help="Request budget (Reddit `more` expansion).")
@click.option("--allow-private", is_flag=True, help="Allow fetching from private/loopback addresses.")
@explain_errors
def fetch(source: str, output: str, max_requests: int | None, allow_private: bool) -> None:
    """Fetch a thread (Reddit or HN URL, HN id) and save it for offline use."""
    from .sources import fetch_raw

    opts = source_options(max_requests, allow_private, {})
    data, kind = fetch_raw(source, **opts)
    write_text_atomic(output, data)
    click.echo(f"saved {kind} thread to {output}", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--db", help="SQLite file for digests (default: in the user's data folder).")
@llm_options
@explain_errors
def serve(
    host: str,
    port: int,
    db: str | None,
    llm_url: str | None,
    llm_model: str | None,
    llm_timeout: float,
    llm_context: int,
) -> None:
    """Start the local web app."""
    from .web import LLMSettings
    from .web import serve as run_server

    llm = LLMSettings.from_options(llm_url, llm_model, timeout=llm_timeout, context_tokens=llm_context)

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"threadline: warning: serving on {host}, reachable from other machines; the app has no login,"
            " so anyone who can reach it can start digests, read and delete them",
            err=True,
        )
    run_server(host=host, port=port, db=db, llm=llm)


@cli.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--manifest",
    "manifests",
    multiple=True,
    help="A CSV (story,source[,article]) or JSONL file grouping threads by story: one digest per story.",
)
@click.option("--out", "out_dir", required=True, help="Folder for one JSON per thread and the index.")
@click.option("--workers", type=int, default=2, show_default=True, help="Local Dask workers.")
@click.option("--scheduler", help="Address of an existing Dask scheduler.")
@click.option("--embedder", type=click.Choice(["quality", "fast"]), default="quality", show_default=True)
@explain_errors
def batch(
    inputs: tuple[str, ...],
    manifests: tuple[str, ...],
    out_dir: str,
    workers: int,
    scheduler: str | None,
    embedder: str,
) -> None:
    """Digest many threads (files, folders, Reddit dump files, stories of a manifest) with Dask; resumable."""
    from .batch import run_batch

    if not inputs and not manifests:
        raise click.UsageError("give the threads to digest (files, folders, dumps) or a --manifest")
    summary = run_batch(
        list(inputs),
        out_dir,
        manifests=list(manifests),
        workers=workers,
        scheduler=scheduler,
        embedder=embedder,
    )
    click.echo(json.dumps(summary, indent=2))
    if summary.get("failed"):
        sys.exit(1)


def main() -> None:
    cli(prog_name="threadline")


if __name__ == "__main__":
    main()
