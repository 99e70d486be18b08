"""threadline: a news article and the discussion around it, turned into a cited, verifiable digest.

>>> import threadline
>>> d = threadline.digest("thread.json")          # doctest: +SKIP
>>> d.markdown, d.html, d.to_dict()               # doctest: +SKIP
"""

from __future__ import annotations

import logging

from .analyze.emotions import emotions
from .analyze.stance import reply_stance
from .errors import (
    BlockedAddressError,
    EmptyThreadError,
    FetchError,
    InputError,
    MissingDependencyError,
    ThreadlineError,
    UsageError,
    WriterError,
)
from .model import Analysis, Article, Comment, Digest, Theme, Thread
from .pipeline import digest
from .sources import load, load_article

__version__ = "0.1.0"

__all__ = [
    "digest",
    "load",
    "load_article",
    "reply_stance",
    "emotions",
    "Analysis",
    "Article",
    "Comment",
    "Digest",
    "Theme",
    "Thread",
    "ThreadlineError",
    "UsageError",
    "InputError",
    "EmptyThreadError",
    "FetchError",
    "BlockedAddressError",
    "MissingDependencyError",
    "WriterError",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())
