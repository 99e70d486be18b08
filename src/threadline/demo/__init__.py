"""The embedded example: a fictional news article and discussion that ship inside the package.

All were written for threadline (see ``README.md`` here): a report that North Korea is readying up to
30,000 more troops for Russia, a 197-comment forum thread about it (loaded through the table source) and a
119-comment Hacker News thread about the same report (through the Hacker News source). ``run_demo`` digests
both discussions as one, the way ``threadline digest A B`` does.

>>> from threadline.demo import run_demo
>>> print(run_demo().markdown)        # doctest: +SKIP
"""

from __future__ import annotations

from importlib.resources import as_file, files

from ..model import Article, Digest, Thread

__all__ = [
    "demo_thread",
    "demo_hn_thread",
    "demo_threads",
    "demo_article",
    "run_demo",
    "DEMO_TITLE",
    "DEMO_URL",
    "DEMO_HN_URL",
    "ARTICLE_URL",
]

DEMO_TITLE = "North Korea readying up to 30,000 more troops for Russia's war, Ukrainian intelligence says"
# Reserved .example domains: the outlet and the forum are invented, so no link may lead anywhere real.
DEMO_URL = "https://forum.example/r/worldnews/comments/l00000/north_korea_readying_30000_more_troops/"
ARTICLE_URL = "https://meridianledger.example/world/2025/03/12/north-korea-troops-russia"
# The HN thread's story and comments get addresses of the same shape on a reserved domain: their ids are
# invented, and on news.ycombinator.com they would be somebody else's real items.
DEMO_HN_ITEM = "https://hn.example/item?id={}"
DEMO_HN_URL = DEMO_HN_ITEM.format(43341187)
META_SEPARATOR = " · "


def _split_meta(article: Article) -> Article:
    """Move the byline under the title ("Site · Section · date") out of the text and into fields."""
    first, _, rest = article.text.partition("\n")
    parts = first.split(META_SEPARATOR)
    if len(parts) >= 2 and len(first) < 120:
        article.site, article.date = parts[0].strip(), parts[-1].strip()
        article.text = rest.strip()
    return article


def demo_article() -> Article:
    """The demo's article (fiction modelled on real reporting), with its invented site, date and URL."""
    from ..sources import load_article

    with as_file(files(__name__) / "article.md") as path:
        article = _split_meta(load_article(str(path)))
    article.url = ARTICLE_URL
    return article


def demo_thread() -> Thread:
    """The demo's discussion as a ``Thread``, its article attached."""
    from ..sources import load

    with as_file(files(__name__) / "thread.json") as path:
        thread = load(str(path), kind="table")
    thread.source = "demo"
    thread.title = DEMO_TITLE
    thread.url = DEMO_URL
    thread.article = demo_article()
    thread.article_url = ARTICLE_URL
    thread.extra = {"subreddit": "worldnews", "fiction": True}
    return thread


def demo_hn_thread() -> Thread:
    """The demo's second discussion, a Hacker News thread about the same article, as a ``Thread``."""
    from ..sources import load

    with as_file(files(__name__) / "hn_thread.json") as path:
        thread = load(str(path), kind="hackernews")
    thread.url = DEMO_HN_URL
    for comment in thread.comments:
        comment.permalink = DEMO_HN_ITEM.format(comment.id)
    thread.article = demo_article()
    thread.extra["fiction"] = True
    return thread


def demo_threads() -> list[Thread]:
    """Both demo discussions, the forum thread first."""
    return [demo_thread(), demo_hn_thread()]


def run_demo(style: str = "post", **options: object) -> Digest:
    """Digest both demo discussions as one (``options`` go to ``threadline.digest``)."""
    from ..pipeline import digest

    return digest(demo_threads(), style=style, **options)  # type: ignore[arg-type]
