"""Writing and checking: analysis in, a cited ``DigestText`` out, and the verifier's ``Checks`` on it.

Writers are chosen by name from ``writers``: "template" (offline, deterministic, the default) is built in;
"llm" is registered by ``write/llm.py``, imported only when asked for.

>>> from threadline.write import write, verify      # doctest: +SKIP
>>> text = write(analysis, thread, style="report")  # doctest: +SKIP
>>> verify(text, analysis, thread).ok               # doctest: +SKIP
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from ..errors import MissingDependencyError, UsageError
from ..model import Analysis, DigestText, Thread
from ..registry import Registry
from .verify import verify

__all__ = ["write", "verify", "writers", "STYLES", "Writer"]

Writer = Callable[..., DigestText]
"""A writer: ``writer(analysis, thread, *, style, **options) -> DigestText``."""

STYLES = ("post", "report")
writers: Registry[Writer] = Registry("writer")
# Writers living in their own modules, imported the first time they are asked for.
_LAZY = {"llm": "threadline.write.llm"}


@writers.register("template")
def template_writer(analysis: Analysis, thread: Thread, *, style: str = "post", **options: Any) -> DigestText:
    """The offline writer: composes the digest from the analysis alone."""
    if style == "report":
        from .report import write_report

        return write_report(analysis, thread)
    from .post import write_post

    return write_post(analysis, thread)


def _load(name: str) -> Writer:
    if name not in writers and name in _LAZY:
        try:
            importlib.import_module(_LAZY[name])
        except ModuleNotFoundError as e:
            if e.name and e.name.startswith("threadline"):
                raise UsageError(
                    f"the {name!r} writer is not available in this installation ({e.name})"
                ) from e
            raise MissingDependencyError(e.name or name, name) from e
    return writers.get(name)


def write(
    analysis: Analysis, thread: Thread, *, style: str = "post", writer: str = "template", **options: Any
) -> DigestText:
    """Write the digest of an analysed thread in ``style`` ("post" or "report") with the named writer."""
    if style not in STYLES:
        raise UsageError(f"unknown style {style!r}; available: {', '.join(STYLES)}")
    return _load(writer)(analysis, thread, style=style, **options)
