"""The local web app (``threadline serve``): paste or upload a thread, watch it work, read the digest.

FastAPI, uvicorn and python-multipart are the ``web`` extra; they are imported only when the app is made,
so ``import threadline`` never needs them.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingDependencyError
from .writers import LLMSettings

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve", "LLMSettings"]


def _require_web_extra() -> None:
    import importlib.util

    for module, package in (
        ("fastapi", "fastapi"),
        ("uvicorn", "uvicorn"),
        ("multipart", "python-multipart"),
    ):
        if importlib.util.find_spec(module) is None:
            raise MissingDependencyError(package, "web")


def create_app(db: str | Path, **options: Any) -> FastAPI:
    """The app over the SQLite file ``db`` (see ``threadline.web.app.create_app`` for the options)."""
    _require_web_extra()
    from .app import create_app as make

    return make(db, **options)


def serve(
    host: str = "127.0.0.1", port: int = 8000, db: str | Path | None = None, llm: LLMSettings | None = None
) -> None:
    """Serve the app with uvicorn on ``host:port`` until interrupted; ``llm`` offers the LLM writer."""
    _require_web_extra()
    from .app import serve as run

    run(host=host, port=port, db=db, llm=llm)
