"""Themes: what people say, and how many say it.

Units are comments (each analyzed comment lands in exactly one theme or in the explicit "other"), so shares
of comments and of commenters are counts, not estimates. (Sentences were considered: on ArgKP dev only 67 of
932 arguments carry more than one expert key point, and a comment split across themes could not be counted
once.) Every step is linear in comments, so the same code serves 20 comments and 100,000:

1. each comment's sentence vector (from an encoder fine-tuned so that comments making the same point lie
   close, see ``embed``) is joined with a TF-IDF LSA of its words (see ``_with_words``), and a reply's is
   blended with the comment it answers, short replies most (see ``_in_context``);
2. above ``DIRECT`` comments, mini-batch k-means into ``MICRO`` micro-clusters (below, each comment is one);
3. Ward agglomeration of the micro-centroids. Where the silhouette shows clearly separated groups the tree
   is cut there; real comments almost never are, and then it is cut at the most themes of
   ``theme_range(n)`` (5 for 20 comments, 15 for 200, 20 for 500, at most 30 for any thread); then a few
   reassignment rounds. Letting the flat silhouette choose among 6-15 instead gave 6-15 themes a topic on
   ArgKP dev, best-match F1 0.402 and share error 7.6 points, against 15, 0.432 and 5.3 now (key points
   there run 8-10 a topic, each stance apart). The digest names the big themes and sums up
   the small ones, so the reader is not handed 15 paragraphs;
4. themes whose centroids nearly coincide are merged, and planted groups are found as they are (six
   among 3,000 vectors come out as six themes); a comment far from its theme's centroid, and any theme
   too small to report, go to the explicit "other", which has a share but no key point or quotes.

Titles, key points and quotes come from ``keyphrases``.
"""

from __future__ import annotations

import numpy as np

from ..model import Corpus, Quote, Theme
from .keyphrases import describe_themes

__all__ = ["find_themes", "cluster"]

MICRO = 256  # micro-clusters above DIRECT comments: bounds the agglomeration step whatever the thread size
DIRECT = 2000  # up to this many comments Ward runs on the comments themselves (at most ~2M distances)
PER_CUBE_ROOT = 2.5  # most themes per cube root of comments: 15 for 200 comments, 20 for 500
CLEAR = 0.3  # a best silhouette this high means clearly separated groups, whose number the cut follows
MAX_THEMES = 30
CENTRE = 0.5  # share of the thread's mean vector removed: what every comment shares says nothing about themes
WORDS = 0.5  # weight of the TF-IDF half against the embedding half (see ``_with_words``)
LSA_DIMS = 60  # best of 20-200 on ArgKP train with the silhouette cut (100: F1 0.341, 60: 0.356)
TINY = 10  # below this many comments every comment may stand alone as a theme
MIN_SIMILARITY = 0.15  # a comment less similar than this to its theme's centroid goes to "other"
MERGE = 0.88  # themes whose centroids are this similar are one theme
REFINE_ROUNDS = 3
# A reply of CONTEXT_WORDS words weighs its parent's context half as much as its own text (10, 20 and 40 read
# on the demo and three shared threads; 20 read best). Short replies sharing their parent's theme: demo 10 of
# 43 before, 39 after; funny__3hahrw 48 of 198 before, 176 after.
CONTEXT_WORDS = 20
CONTEXT_MAX = 1.0  # weight of the context for a reply of no words at all


def min_theme_size(n: int) -> int:
    """Smallest theme worth reporting: one comment in a tiny thread, 2 in small ones, 0.5% in large ones."""
    return 1 if n < TINY else max(2, int(round(0.005 * n)))


def _with_words(vectors: np.ndarray, texts: list[str], seed: int) -> np.ndarray:
    """Sentence vectors joined with a TF-IDF LSA of the same texts, each half unit length.

    Shared content words separate the reasons given within a topic. With the stock MiniLM (and ~27 themes a
    topic) they lifted ArgKP best-match F1 from 0.318 to 0.369 on dev. With the fine-tuned encoder the
    words matter less: WORDS 0, 0.5 and 1 landed within 0.02 on dev and held-out train topics; at 0.5 they
    still help where the encoder is weak (other languages, jargon).
    """
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer

    # All comments of a thread lean the same way (its topic); half of that lean removed, the differences
    # between them weigh more. Measured on ArgKP train with 12 themes a topic: F1 0.343 -> 0.357.
    if len(vectors) > 2:
        vectors = _unit(vectors - CENTRE * vectors.mean(axis=0, keepdims=True))
    try:
        tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words
        return vectors
    dims = min(LSA_DIMS, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
    if dims < 2:
        return vectors
    lsa = TruncatedSVD(dims, random_state=seed).fit_transform(tfidf)
    return _unit(np.hstack([vectors, WORDS * _unit(lsa)]))


def _in_context(vectors: np.ndarray, corpus: Corpus) -> np.ndarray:
    """Each reply's vector blended with its nearest analyzed ancestor's (itself in context), short ones most.

    A short reply ("Exactly.", "Fair point, but ...") is about what it answers; alone its few conversational
    words cluster it with other short replies on unrelated topics. One pass in tree order (each comment after
    its parent) so a chain of short replies inherits the topic it hangs from; comments without a parent
    (top-level, Polis, tables) keep their own vector. Members, key points and quotes stay the comments' own.
    """
    row = {c.id: i for i, c in enumerate(corpus.comments)}
    if not any(c.parent_id for c in corpus.thread.comments):
        return vectors
    out = vectors.copy()
    anchor: dict[str, int] = {}  # comment id -> its own row if analyzed, else its nearest analyzed ancestor's
    for comment in corpus.thread.comments:
        own, parent = row.get(comment.id), anchor.get(comment.parent_id or "")
        if own is None:
            if parent is not None:
                anchor[comment.id] = parent
            continue
        anchor[comment.id] = own
        if parent is None:
            continue
        words = len(corpus.texts[own].split())
        weight = CONTEXT_MAX * CONTEXT_WORDS / (CONTEXT_WORDS + words)
        blended = out[own] + weight * out[parent]
        out[own] = blended / max(float(np.linalg.norm(blended)), 1e-12)
    return out


def _micro_clusters(vectors: np.ndarray, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Labels and unit centroids of the micro-clusters: each comment its own up to ``DIRECT`` comments."""
    n = len(vectors)
    if n <= DIRECT:
        return np.arange(n), vectors.copy()
    from sklearn.cluster import MiniBatchKMeans

    # Random init and mini-batches: k-means++ seeding of 256 centres alone took seconds on a busy machine.
    model = MiniBatchKMeans(MICRO, init="random", n_init=3, random_state=seed, batch_size=4096, max_iter=30)
    labels = model.fit_predict(vectors)
    return labels, _unit(model.cluster_centers_)


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def _agglomerate(centroids: np.ndarray, n: int) -> np.ndarray:
    """Ward groups of micro-centroids, the tree cut at the number of themes the data call for.

    Where the comments fall into clearly separated groups (best cosine silhouette at least ``CLEAR``), the
    cut is the best-separated one in ``theme_range(n)``. Real comments almost never do (silhouettes of
    0.04-0.25 on the shared threads and ArgKP topics, nearly flat across cuts, against 0.45-0.50 for planted
    groups): then the silhouette says nothing and the tree is cut at the most themes of the range, since
    finer cuts matched expert key points better (see the module docstring); near-duplicates merge later.
    """
    lo, hi = theme_range(n)
    if len(centroids) < 3 or hi < 2:
        return np.zeros(len(centroids), dtype=int)
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import silhouette_score

    # Ward keeps themes of comparable spread; average linkage chains most comments into one theme.
    tree = linkage(centroids.astype(np.float64), method="ward")
    # Cosine distances once (at most DIRECT x DIRECT), shared by every candidate cut.
    distances = np.clip(1.0 - centroids @ centroids.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    best, labels, finest = -2.0, np.zeros(len(centroids), dtype=int), None
    for k in range(lo, min(hi, len(centroids) - 1) + 1):
        cut = fcluster(tree, t=k, criterion="maxclust") - 1
        if len(np.unique(cut)) < 2:
            continue
        finest = cut
        score = silhouette_score(distances, cut, metric="precomputed")
        if score > best + 1e-9:
            best, labels = score, cut
    return labels if best >= CLEAR or finest is None else finest


def theme_range(n: int, per_cube_root: float = PER_CUBE_ROOT) -> tuple[int, int]:
    """Fewest and most themes worth considering for ``n`` comments: two, and a number that grows slowly
    with the thread (at most a quarter of ``n``, so a small thread's themes hold several comments each)."""
    hi = int(np.clip(round(per_cube_root * n ** (1 / 3)), 1, MAX_THEMES))
    hi = max(1, min(hi, max(2, n // 4)))
    return min(2, hi), hi


def _centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    from scipy.sparse import csr_matrix

    kept = np.where(labels >= 0)[0]
    members = csr_matrix((np.ones(len(kept)), (labels[kept], kept)), shape=(k, len(vectors)))
    return _unit(np.asarray(members @ vectors))


def cluster(vectors: np.ndarray, seed: int = 0) -> np.ndarray:
    """A theme label per row (-1: other), labels numbered by decreasing size."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.zeros(1, dtype=int)
    micro, centres = _micro_clusters(vectors, seed)
    group = _agglomerate(centres, n)
    labels = group[micro]
    for _ in range(REFINE_ROUNDS):
        labels = _reassign(vectors, labels)
    labels = _merge_close(vectors, labels)
    return _finalise(vectors, labels, min_theme_size(n))


def _reassign(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each comment to its most similar theme centroid (one k-means step on the sphere)."""
    k = int(labels.max()) + 1
    centres = _centroids(vectors, labels, k)
    return np.argmax(vectors @ centres.T, axis=1)


def _merge_close(vectors: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Join themes whose centroids are near-duplicates (greedy, largest first)."""
    k = int(labels.max()) + 1
    centres = _centroids(vectors, labels, k)
    sizes = np.bincount(labels, minlength=k)
    target = np.arange(k)
    for a in np.argsort(-sizes):
        if target[a] != a:
            continue
        close = np.where((centres @ centres[a] >= MERGE) & (target == np.arange(k)))[0]
        target[close] = a
    return target[labels]


def _finalise(vectors: np.ndarray, labels: np.ndarray, min_size: int) -> np.ndarray:
    """Send far-off comments and too-small themes to other (-1); renumber by size."""
    labels = labels.copy()
    k = int(labels.max()) + 1
    centres = _centroids(vectors, labels, k)
    similarity = np.einsum("ij,ij->i", vectors, centres[labels])
    labels[similarity < MIN_SIMILARITY] = -1
    sizes = np.bincount(labels[labels >= 0], minlength=k)
    small = sizes < min_size
    labels[(labels >= 0) & small[np.maximum(labels, 0)]] = -1
    order = [int(t) for t in np.argsort(-sizes, kind="stable") if not small[t]]
    renumber = np.full(k, -1)
    renumber[order] = np.arange(len(order))
    return np.where(labels >= 0, renumber[np.maximum(labels, 0)], -1)


def find_themes(corpus: Corpus, vectors: np.ndarray, seed: int = 0) -> list[Theme]:
    """The themes of a cleaned thread, sorted by share; an explicit "other" last when anything is left."""
    import scipy.cluster.hierarchy  # noqa: F401  (loaded first, so the thread limit reaches their BLAS)
    import sklearn.decomposition  # noqa: F401
    from threadpoolctl import threadpool_limits

    vectors = _unit(np.asarray(vectors, dtype=np.float32))
    # One BLAS thread: on a busy 2-core machine OpenBLAS's threads spin against each other and made the
    # TF-IDF SVD of a 500-comment thread take 4.6 s instead of 0.04 s.
    with threadpool_limits(limits=1):
        labels = cluster(_in_context(_with_words(vectors, corpus.texts, seed), corpus), seed=seed)
    groups = [np.where(labels == t)[0] for t in range(int(labels.max(initial=-1)) + 1)]
    centralities = [vectors[rows] @ _unit(vectors[rows].mean(axis=0, keepdims=True))[0] for rows in groups]
    descriptions = describe_themes(corpus, groups, centralities)
    themes = [
        Theme(
            id="",
            title=d.title,
            key_point=d.key_point.text,
            key_point_id=d.key_point.comment_id,
            comment_ids=[corpus.comments[i].id for i in rows],
            quotes=d.quotes,
            keywords=d.keywords,
            share=share,
            commenter_share=commenter_share,
            score_share=score_share,
        )
        for rows, d in zip(groups, descriptions, strict=True)
        for share, commenter_share, score_share in [_shares(corpus, rows)]
    ]
    themes.sort(key=lambda t: -t.share)
    for i, theme in enumerate(themes, start=1):
        theme.id = f"t{i}"
    rest = np.where(labels < 0)[0]
    if len(rest):
        themes.append(_other(corpus, rest))
    return themes


def _shares(corpus: Corpus, rows: np.ndarray) -> tuple[float, float, float | None]:
    """Share of analyzed comments, of commenters and of score (None where the thread has no scores)."""
    authors = [c.author or f"anon:{c.id}" for c in corpus.comments]
    members = [corpus.comments[i] for i in rows]
    scores = [c.score for c in corpus.comments if c.score is not None]
    total_score = sum(max(s, 0) for s in scores)
    score_share = None
    if scores and total_score > 0:
        score_share = sum(max(c.score or 0, 0) for c in members) / total_score
    commenter_share = len({authors[i] for i in rows}) / len(set(authors))
    return len(rows) / len(corpus.comments), commenter_share, score_share


def _other(corpus: Corpus, rows: np.ndarray) -> Theme:
    """The explicit bin for comments that fit no theme: no key point, its share stated like any theme's."""
    share, commenter_share, score_share = _shares(corpus, rows)
    return Theme(
        id="other",
        title="Other",
        key_point="",
        key_point_id="",
        comment_ids=[corpus.comments[i].id for i in rows],
        quotes=list[Quote](),
        other=True,
        share=share,
        commenter_share=commenter_share,
        score_share=score_share,
    )
