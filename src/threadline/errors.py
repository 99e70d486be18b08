"""The exceptions threadline raises.

Every error a user can cause or meet is a ``ThreadlineError``; the CLI turns each into one line and an exit
code, and never shows a traceback for it::

    ThreadlineError                 anything threadline can explain (exit 1)
    ├── UsageError                  options that don't fit together, unknown names (exit 2)
    ├── InputError                  a file or response that can't be read as what it claims to be
    │   └── EmptyThreadError        a thread with no comments left to analyze
    ├── FetchError                  the network: refused, timed out, too big, bad status
    │   └── BlockedAddressError     a URL that points at a private, loopback or link-local address
    ├── MissingDependencyError      an optional extra is not installed (says the pip command)
    └── WriterError                 a writer (e.g. the LLM) failed; the pipeline falls back and records why
"""

from __future__ import annotations

__all__ = [
    "ThreadlineError",
    "UsageError",
    "InputError",
    "EmptyThreadError",
    "FetchError",
    "BlockedAddressError",
    "MissingDependencyError",
    "WriterError",
]


class ThreadlineError(Exception):
    """Base of every error threadline raises on purpose."""

    exit_code = 1


class UsageError(ThreadlineError):
    """The caller asked for something that can't be done as asked."""

    exit_code = 2


class InputError(ThreadlineError):
    """An input that can't be read; the message names the file or URL, the place and what was expected."""

    def __init__(self, where: str, problem: str):
        self.where = where
        self.problem = problem
        super().__init__(f"{where}: {problem}")


class EmptyThreadError(InputError):
    """A thread with nothing to analyze."""


class FetchError(ThreadlineError):
    """A URL could not be fetched."""

    def __init__(self, url: str, problem: str, status: int | None = None):
        self.url = url
        self.problem = problem
        self.status = status
        super().__init__(f"{url}: {problem}")


class BlockedAddressError(FetchError):
    """A URL resolves to an address threadline refuses to contact."""


class MissingDependencyError(ThreadlineError):
    """An optional dependency is missing."""

    def __init__(self, package: str, extra: str):
        self.package = package
        self.extra = extra
        super().__init__(f"this needs {package}, which is not installed: pip install 'threadline[{extra}]'")


class WriterError(ThreadlineError):
    """A writer could not produce an acceptable draft."""
