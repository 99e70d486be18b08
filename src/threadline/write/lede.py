"""The opening of every digest: the article in brief with its link, then the lede — how many comments, from
how many people as far as the source says, where, and what was not read."""

from __future__ import annotations

from .compose import Builder, Context
from .phrasing import count, count_noun
from .places import sources_sentences
from .quoting import escape_md

__all__ = ["article_block", "lede_sentences", "authorship_sentences"]

Items = list[tuple[str, list[str]]]


def article_block(b: Builder, ctx: Context) -> None:
    """The article in brief and the link to it; without an article, the post stands in and we say so."""
    t, art = ctx.thread, ctx.thread.article
    summary = list(ctx.analysis.article_summary)  # analysis summarizes the article, or the post instead
    items: Items = []
    has_text = art is not None and bool(art.text.strip())
    if not has_text:
        title_only = not summary or summary == [t.title] or (art is not None and summary == [art.title])
        if title_only:
            summary = []
        linked = bool(t.article_url or (art and art.url))
        if linked:
            note = "The linked article was not read for this digest"
            note += (
                "; the post's own words stand in for it."
                if summary
                else ", so what follows is the discussion."
            )
        elif summary:
            note = "No article comes with this thread, so the post's own words stand in for one."
        elif t.title:
            note = "No article or post text comes with this thread, only its title."
        else:
            note = "No article comes with these comments, so what follows is the discussion alone."
        items.append((note, []))
    items += [(escape_md(s), []) for s in summary]
    b.paragraph(items)
    url = (art.url if art else None) or t.article_url
    if url:
        site = f" ({escape_md(art.site)})" if art and art.site else ""
        b.link(f"[Read the original article]({url}){site}")
    elif t.url:
        b.link(f"[Read the thread]({t.url})")


def lede_sentences(ctx: Context) -> Items:
    """How many comments from how many people, where; and what was not read."""
    a, t = ctx.analysis, ctx.thread
    st = a.stats
    title = t.title or (t.article.title if t.article else None)
    noun = ctx.nouns[0]
    people = ctx.people(st.commenters)
    said = count_noun(st.analyzed, noun) + (f" from {people}" if people else "")
    place = f" {ctx.place}" if ctx.place else ""
    if title and ctx.place:
        name, where = f"*{escape_md(title)}*", ctx.place
        options = [
            f"{name} has drawn {said} {where}.",
            f"{where[0].upper()}{where[1:]}, {name} has set off {said}.",
            f"{name} got people talking {where}: {said}." if people else f"{name} prompted {said} {where}.",
        ]
    elif title:  # a place the source does not name is left unsaid
        name = f"*{escape_md(title)}*"
        options = [
            f"{name} has drawn {said}.",
            f"{name} has set off {said}.",
            f"{name} got people talking: {said}." if people else f"{name} prompted {said}.",
        ]
    else:  # nothing to call it by: the discussion itself is the subject, never a file name
        options = [
            f"The discussion{place} runs to {said}.",
            f"The discussion{place} is made up of {said}.",
            f"In all, the discussion{place} has {said}.",
        ]
    items: Items = [(ctx.variety.pick("lede", options), [])]
    items += sources_sentences(ctx)
    items += authorship_sentences(ctx)
    votes = sum(c.votes.total for c in t.comments if c.votes)
    if votes:
        items.append((f"Participants cast {count(votes)} agree, disagree or pass votes on them.", []))
    if t.declared_comments and t.declared_comments > t.seen_comments:
        items.append(
            (
                f"The source counts {count(t.declared_comments)} comments, but only "
                f"{count(t.seen_comments)} were "
                "in the copy read here, so this digest speaks for those alone.",
                [],
            )
        )
    excluded = {k: v for k, v in st.excluded.items() if v}
    if excluded:
        labels = {
            "deleted": ("deleted", "deleted"),
            "removed": ("removed by moderators",) * 2,
            "bot": ("from a bot", "from bots"),
            "duplicate": ("duplicate", "duplicates"),
            # blank, emoji or punctuation only, or only quoting its parent: "empty" would mislead
            "empty": ("with no words of its own", "with no words of their own"),
        }
        parts = [f"{count(v)} {labels.get(k, (k, k))[0 if v == 1 else 1]}" for k, v in excluded.items()]
        listed = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
        items.append((f"Left out of the count: {listed}.", []))
    return items


def authorship_sentences(ctx: Context) -> Items:
    """Said once, where the source does not say who wrote every comment: what that does to the counts."""
    st = ctx.analysis.stats
    noun, _, persons = ctx.nouns
    sources = "The sources" if ctx.thread.parts else "The source"
    if st.authors_known == "none":
        verb = "do" if ctx.thread.parts else "does"
        said = f"{sources} {verb} not say who wrote which {noun}, so this digest counts {noun}s, "
        said += f"never {persons}."
    elif st.authors_known == "some":
        gaps = count_noun(st.unattributed, noun)
        verb = "give" if ctx.thread.parts else "gives"
        said = f"{sources} {verb} no author for {gaps}, so the counts of {persons} here are lower bounds."
    else:
        return []
    return [(said, [])]
