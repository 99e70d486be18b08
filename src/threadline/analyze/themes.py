"""Themes: what people say, and how many say it, on two levels.

Units are comments: each analyzed comment lands in exactly one theme (or the explicit "other") and, inside
its theme, in exactly one key point, so every share is a count. Every step is linear in comments, so the same
code serves 20 comments and 100,000.

1. Each comment's sentence vector (from an encoder fine-tuned so that comments making the same point lie
   close, see ``embed``) is joined with a TF-IDF LSA of its words (``_with_words``), and a reply's is blended
   with the comment it answers, short replies most (``_in_context``).
2. **Key points**, the fine level (what ArgKP's expert key points measure): a Ward tree over the comments
   (above ``DIRECT`` comments, over k-means micro-clusters) cut where the silhouette shows clearly separated
   groups, else at the most groups of ``theme_range(n)`` (15 for 200 comments, 20 for 500; past that one
   for every 25 comments, at most 100), then a few reassignment rounds (``cluster``). Finer cuts matched
   expert key points better, and in a large thread coarser ones make points no one made: cut at 30 groups,
   a 1,765-statement Polis conversation had "75 put it as 'We need to take direct action against Trump'"
   over statements on everything the GOP did.
3. **Themes**, the broad level (what a reader lists, ``theme_count(n)``: 5 for 30 comments, at most 12):
   spectral clustering of the graph joining each comment to its ``NEIGHBOURS`` most similar ones (the
   replies' vectors in context, so the conversation is part of the likeness; what a comment does, joke or
   ask, a small part of it too, and saying who one is, much of it: ``_with_modes``), up to ``SPECTRAL_MAX``
   comments; past that, conversations (a top-level comment with the replies under it,
   ``conversation_units``; without a tree, single comments) grouped by size-weighted k-means. Themes too
   small to report go to "other" (``broad_themes``).
4. A theme's key points are the fine groups as far as they fall inside it; pieces of fewer than
   ``POINT_MIN`` comments join the point they are most like (``_points``).

Titles, key point sentences and quotes come from ``keyphrases`` and ``titles``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model import Corpus, Point, Quote, Theme, people
from ..text import asks, describes_self
from .keyphrases import describe_themes

__all__ = ["answered", "find_themes", "cluster"]

MICRO = 256  # micro-clusters above DIRECT comments: bounds the agglomeration step whatever the thread size
DIRECT = 2000  # up to this many comments Ward runs on the comments themselves (at most ~2M distances)
PER_CUBE_ROOT = 2.5  # most themes per cube root of comments: 15 for 200 comments, 20 for 500
CLEAR = 0.3  # a best silhouette this high means clearly separated groups, whose number the cut follows
MAX_THEMES = 12  # broad themes: about what a reader lists for a thread of thousands of comments
# Broad themes per cube root of comments: 5 for 30 comments, 10 for 200, 12 from 350. Readers of ten real
# threads listed 5 for 31-44 comments, 6-8 for 59-111 and 10-12 for 192-504 (benchmarks/reader_themes);
# 1.3, 1.7 and 2.0 recovered 33, 37 and 40 of their 84 themes with a 5% share or more before the other
# settings below were chosen, and 1.7 kept themes closest to the readers' counts.
THEMES_PER_CUBE_ROOT = 1.7
POINT_MIN = 2  # a key point is made by at least two comments
# A reply this unlike the start of its chain, with an exchange of at least DRIFT_MIN comments under it, starts
# a unit of its own. Reader themes recovered (of 84): never split 34, 0.3 with 5 comments 37, 0.2 with 3: 43.
DRIFT = 0.2
DRIFT_MIN = 3
# The broad themes of up to SPECTRAL_MAX comments: spectral clustering of the nearest-neighbour graph. Reader
# themes recovered (of 84, benchmarks/themes_reader.py): k-means over conversations 47.8 (mean of four seeds,
# 44-49 by seed); spectral with 5, 10, 15, 20 and 30 neighbours 44, 54, 54, 52-54, 55, the same for every
# seed; without the replies' context 38. Its cost grows fast: 0.6 s for 2,000 comments, 5.7 s for 5,000.
NEIGHBOURS = 15
SPECTRAL_MAX = 3000
KMEANS_INITS = 10  # k-means restarts for the broad themes (4: 43 reader themes recovered, 10: 47) ...
KMEANS_INITS_LARGE = 2  # ... and past LARGE units, where each restart costs seconds
LARGE = 5000
MAX_GROUPS = 100  # most groups the comment-level tree is ever cut into
POINT_COMMENTS = 25  # ... and a key point holds about this many comments at most, where the thread is large
# Share of the thread's mean vector removed: what every comment shares says nothing about themes. For key
# points half of it (ArgKP train, 12 groups a topic: F1 0.343 -> 0.357); for the broad themes all of it
# (readers' themes recovered 49 against 47, most of the gain on Polis, where every statement answers the
# one question asked).
CENTRE = 0.5
BROAD_CENTRE = 1.0
WORDS = 0.5  # weight of the TF-IDF half against the embedding half (see ``_with_words``)
LSA_DIMS = 60  # best of 20-200 on ArgKP train with the silhouette cut (100: F1 0.341, 60: 0.356)
TINY = 10  # below this many comments every comment may stand alone as a theme
MIN_SIMILARITY = 0.15  # a comment less similar than this to its theme's centroid goes to "other"
MERGE = 0.88  # key points whose centroids are this similar are one point
REFINE_ROUNDS = 3
# How much a reply's vector takes of the comment it answers: CONTEXT_MAX * CONTEXT_WORDS / (CONTEXT_WORDS +
# its words), so a reply of 20 words weighs its parent's context as much as its own text, one of 60 half as
# much. Readers keep a reply with what it answers unless it clearly moves on: 89-100% of the reply edges of
# eight real threads stay inside one reader theme, against 74-82% with CONTEXT_MAX 1.0 and 80-95% with 2.0.
# Reader themes recovered (of 84, mean of seeds 0-3): CONTEXT_MAX 1.0 -> 56.75, 1.5 -> 57.5, 2.0 -> 59.0,
# 2.5 -> 59.5, 3.0 -> 57.0, 4.0 -> 54.25 (Hacker News 3 -> 6 of 9 at 2.0); ArgKP and Polis have no replies.
# Also measured and not used: relabelling a reply to its parent's theme unless its own fits clearly better
# (58.5), each conversation unit voting one theme for all its comments (51.0-53.5).
CONTEXT_WORDS = 20
CONTEXT_MAX = 2.0  # weight of the context for a reply of no words at all
# Weight of what a comment does (jokes, asks) beside what it is about, in the broad themes' features.
# Readers group by activity as well as subject ("factual questions and answers", "drum puns"): 16 of the 30
# reader themes missed without it were split that way. Chosen on the readers' references themselves (mean
# of seeds 0-3, themes of 5% or more recovered of 84: 0 -> 54.5, 0.2 -> 53.75, 0.3 -> 55.75, 0.35 -> 57.0,
# 0.4 -> 56.75, 0.45 -> 59.0, 0.5 -> 57.75, 0.6 -> 52.75), in the middle of the plateau, not at its peak.
MODE_WEIGHT = 0.4
SELF_WEIGHT = 1.2  # ... and of saying who one is, which alone makes a theme of Polis's profile statements
SELF_MIN = 5  # comments saying who they are before that counts


def min_theme_size(n: int) -> int:
    """Smallest theme worth reporting: one comment in a tiny thread, 2 in small ones, 0.5% in large ones."""
    return 1 if n < TINY else max(2, int(round(0.005 * n)))


def _with_words(vectors: np.ndarray, texts: list[str], seed: int, centre: float = CENTRE) -> np.ndarray:
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
        vectors = _unit(vectors - centre * vectors.mean(axis=0, keepdims=True))
    try:
        tfidf = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words
        return vectors
    dims = min(LSA_DIMS, tfidf.shape[0] - 1, tfidf.shape[1] - 1)
    if dims < 2:
        return vectors
    lsa = TruncatedSVD(dims, random_state=seed).fit_transform(tfidf)
    return _unit(np.hstack([vectors, WORDS * _unit(lsa)]))


def answered(corpus: Corpus) -> list[tuple[int, int]]:
    """Each analyzed reply's row with the row of what it answers (its nearest analyzed ancestor, past deleted
    or empty comments), in tree order: parents before their replies."""
    row = {c.id: i for i, c in enumerate(corpus.comments)}
    anchor: dict[str, int] = {}  # comment id -> its own row if analyzed, else its nearest analyzed ancestor's
    pairs = []
    for comment in corpus.thread.comments:
        own, parent = row.get(comment.id), anchor.get(comment.parent_id or "")
        if own is not None:
            anchor[comment.id] = own
            if parent is not None:
                pairs.append((own, parent))
        elif parent is not None:
            anchor[comment.id] = parent
    return pairs


def _in_context(vectors: np.ndarray, corpus: Corpus) -> np.ndarray:
    """Each reply's vector blended with its nearest analyzed ancestor's (itself in context), short ones most.

    A short reply ("Exactly.", "Fair point, but ...") is about what it answers; alone its few conversational
    words cluster it with other short replies on unrelated topics. One pass in tree order (each comment after
    its parent) so a chain of short replies inherits the topic it hangs from; comments without a parent
    (top-level, Polis, tables) keep their own vector. Members, key points and quotes stay the comments' own.
    """
    if not any(c.parent_id for c in corpus.thread.comments):
        return vectors
    out = vectors.copy()
    for own, parent in answered(corpus):
        words = len(corpus.texts[own].split())
        weight = CONTEXT_MAX * CONTEXT_WORDS / (CONTEXT_WORDS + words)
        blended = out[own] + weight * out[parent]
        out[own] = blended / max(float(np.linalg.norm(blended)), 1e-12)
    return out


def _with_modes(vectors: np.ndarray, corpus: Corpus, joking: Sequence[bool] | None) -> np.ndarray:
    """The vectors with what each comment does beside them: whether it says who its writer is
    (``describes_self``: Polis's profile statements, weighted ``SELF_WEIGHT``), and, in a conversation,
    weighted ``MODE_WEIGHT``, whether it jokes (as the tone step reads it, when ``joking`` is given) and
    whether it asks (ends in a question mark). Two jokes, or two questions, on different subjects come a
    little closer; a joke and a statement on one subject a little apart. Without a reply tree (Polis,
    tables) there is no conversation to play a part in, so no jokes or questions (there they changed no
    reader's theme and cost ArgKP dev 0.004 of F1)."""
    about_self = np.array([describes_self(text) for text in corpus.texts], dtype=np.float32)
    # a lone comment set that far apart would take a theme of its own from the graph cut
    columns = [SELF_WEIGHT * about_self] if about_self.sum() >= SELF_MIN else []
    if any(c.parent_id for c in corpus.thread.comments):
        columns.append(MODE_WEIGHT * np.array([asks(text) for text in corpus.texts], dtype=np.float32))
        if joking is not None:
            columns.append(MODE_WEIGHT * np.asarray(joking, dtype=np.float32))
    if len(vectors) == 0 or not any(c.any() for c in columns):
        return vectors
    return _unit(np.hstack([vectors, np.stack(columns, axis=1)]))


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


def _agglomerate(centroids: np.ndarray, n: int, most: int | None = None) -> np.ndarray:
    """Ward groups of micro-centroids, the tree cut at the number of themes the data call for.

    Where the comments fall into clearly separated groups (best cosine silhouette at least ``CLEAR``), the
    cut is the best-separated one in ``theme_range(n)``, up to the cube-root number. Real comments almost
    never do (silhouettes of 0.04-0.25 on the shared threads and ArgKP topics, nearly flat across cuts,
    against 0.45-0.50 for planted groups): then the silhouette says nothing and the tree is cut at the most
    themes of the range, since finer cuts matched expert key points better (see the module docstring);
    near-duplicates merge later.
    """
    lo, hi = theme_range(n)
    hi = hi if most is None else max(1, min(hi, most))
    lo = min(lo, hi)
    if len(centroids) < 3 or hi < 2:
        return np.zeros(len(centroids), dtype=int)
    from scipy.cluster.hierarchy import fcluster, linkage
    from sklearn.metrics import silhouette_score

    # Ward keeps themes of comparable spread; average linkage chains most comments into one theme.
    tree = linkage(centroids.astype(np.float64), method="ward")
    # Cosine distances once (at most DIRECT x DIRECT), shared by every candidate cut.
    distances = np.clip(1.0 - centroids @ centroids.T, 0.0, 2.0)
    np.fill_diagonal(distances, 0.0)
    # Clear separation is looked for up to the cube-root number of groups (a large thread's finer cuts,
    # ``POINT_COMMENTS``, are taken for size alone: searching them too doubled the time for 2,000 comments).
    top = min(hi, len(centroids) - 1)
    searched = min(top, _by_cube_root(n))
    best, labels = -2.0, np.zeros(len(centroids), dtype=int)
    for k in range(lo, searched + 1):
        cut = fcluster(tree, t=k, criterion="maxclust") - 1
        if len(np.unique(cut)) < 2:
            continue
        score = silhouette_score(distances, cut, metric="precomputed")
        if score > best + 1e-9:
            best, labels = score, cut
    if best >= CLEAR:
        return labels
    finest = fcluster(tree, t=top, criterion="maxclust") - 1 if top >= 2 else labels
    return finest if len(np.unique(finest)) >= 2 else labels


def _by_cube_root(n: int, per_cube_root: float = PER_CUBE_ROOT) -> int:
    """Groups that grow slowly with the thread: ``per_cube_root`` for each cube root of ``n``."""
    return int(round(per_cube_root * n ** (1 / 3)))


def theme_range(n: int, per_cube_root: float = PER_CUBE_ROOT) -> tuple[int, int]:
    """Fewest and most groups worth considering for ``n`` comments: two, and a number that grows slowly
    with the thread, then with its size (``POINT_COMMENTS``), at most a quarter of ``n``, so a small
    thread's groups hold several comments each."""
    hi = int(np.clip(max(_by_cube_root(n, per_cube_root), n // POINT_COMMENTS), 1, MAX_GROUPS))
    hi = max(1, min(hi, max(2, n // 4)))
    return min(2, hi), hi


def _centroids(vectors: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    from scipy.sparse import csr_matrix

    kept = np.where(labels >= 0)[0]
    members = csr_matrix((np.ones(len(kept)), (labels[kept], kept)), shape=(k, len(vectors)))
    return _unit(np.asarray(members @ vectors))


def cluster(vectors: np.ndarray, seed: int = 0, most: int | None = None) -> np.ndarray:
    """A group label per row (-1: other), labels numbered by decreasing size; at most ``most`` groups."""
    n = len(vectors)
    if n == 0:
        return np.zeros(0, dtype=int)
    if n == 1:
        return np.zeros(1, dtype=int)
    micro, centres = _micro_clusters(vectors, seed)
    group = _agglomerate(centres, n, most)
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


def _finalise(vectors: np.ndarray, labels: np.ndarray, min_size: int, far: bool = True) -> np.ndarray:
    """Send too-small themes (and with ``far``, far-off comments) to other (-1); renumber by size."""
    labels = labels.copy()
    k = int(labels.max()) + 1
    if far:
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


def find_themes(
    corpus: Corpus, vectors: np.ndarray, seed: int = 0, joking: Sequence[bool] | None = None
) -> list[Theme]:
    """The themes of a cleaned thread, each with its key points, sorted by share; "other" last if needed.

    ``joking``: for each comment, whether it jokes (``tone.Reading.joking``), so a theme of jokes is titled
    as one; without it no title says "jokes".
    """
    import scipy.cluster.hierarchy  # noqa: F401  (loaded first, so the thread limit reaches their BLAS)
    import sklearn.decomposition  # noqa: F401
    from threadpoolctl import threadpool_limits

    vectors = _unit(np.asarray(vectors, dtype=np.float32))
    # One BLAS thread: on a busy 2-core machine OpenBLAS's threads spin against each other and made the
    # TF-IDF SVD of a 500-comment thread take 4.6 s instead of 0.04 s.
    with threadpool_limits(limits=1):
        fine = cluster(_in_context(_with_words(vectors, corpus.texts, seed), corpus), seed=seed)  # key points
        own = _with_words(vectors, corpus.texts, seed, centre=BROAD_CENTRE)
        broad = _with_modes(_in_context(own, corpus), corpus, joking)
        units: list[np.ndarray] = []
        if len(own) > SPECTRAL_MAX:
            units = conversation_units(corpus, own) or [np.array([i]) for i in range(len(own))]
        labels = broad_themes(units, broad, seed)
        points = [_points(fine[rows], broad[rows]) for rows in _groups(labels)]
    groups = _groups(labels)
    centralities = [vectors[rows] @ _unit(vectors[rows].mean(axis=0, keepdims=True))[0] for rows in groups]
    point_rows = [
        [rows[p == q] for q in range(int(p.max()) + 1)] for rows, p in zip(groups, points, strict=True)
    ]
    descriptions = describe_themes(corpus, groups, centralities, point_rows, vectors, joking)
    n = len(corpus.comments)
    themes = [
        Theme(
            id="",
            title=d.title,
            key_point=d.points[0].text,
            key_point_id=d.points[0].comment_id,
            comment_ids=[corpus.comments[i].id for i in rows],
            quotes=d.quotes,
            keywords=d.keywords,
            share=share,
            commenter_share=commenter_share,
            score_share=score_share,
            points=[
                Point(q.text, q.comment_id, [corpus.comments[i].id for i in members], len(members) / n)
                for q, members in zip(d.points, prows, strict=True)
            ],
        )
        for rows, prows, d in zip(groups, point_rows, descriptions, strict=True)
        for share, commenter_share, score_share in [_shares(corpus, rows)]
    ]
    themes.sort(key=lambda t: -t.share)
    for i, theme in enumerate(themes, start=1):
        theme.id = f"t{i}"
    rest = np.where(labels < 0)[0]
    if len(rest):
        themes.append(_other(corpus, rest))
    return themes


def _groups(labels: np.ndarray) -> list[np.ndarray]:
    return [np.where(labels == t)[0] for t in range(int(labels.max(initial=-1)) + 1)]


def conversation_units(corpus: Corpus, own: np.ndarray) -> list[np.ndarray] | None:
    """The comments grouped as the conversation runs: each top-level comment with the replies under it.

    A reader's themes are mostly whole subtrees ("the chain under that joke"): grouping subtrees rather than
    single comments recovered 21 of 36 themes that readers listed in five real threads, against 17 for
    comments alone. A reply that opens a long exchange of its own on something else (``DRIFT``) starts a
    unit of its own. Without a reply tree (Polis, tables): None.
    """
    row = {c.id: i for i, c in enumerate(corpus.comments)}
    comments = corpus.thread.comments
    if not any(c.parent_id for c in comments):
        return None
    # comments under each comment, analyzed ones only, counted bottom-up (children come after parents)
    below: dict[str, int] = {}
    for c in reversed(comments):
        size = below.get(c.id, 0) + (1 if c.id in row else 0)
        below[c.id] = size
        if c.parent_id:
            below[c.parent_id] = below.get(c.parent_id, 0) + size
    unit_of: dict[str, int] = {}  # comment id -> unit number (its own or inherited from its parent)
    heads: list[int] = []  # each unit's first analyzed comment (row), against which drift is measured
    members: list[list[int]] = []
    for c in comments:
        inherited = unit_of.get(c.parent_id or "")
        own_row = row.get(c.id)
        if inherited is None or (
            own_row is not None
            and below.get(c.id, 0) >= DRIFT_MIN
            and heads[inherited] >= 0
            and float(own[own_row] @ own[heads[inherited]]) < DRIFT
        ):
            heads.append(own_row if own_row is not None else -1)
            members.append([])
            inherited = len(heads) - 1
        elif heads[inherited] < 0 and own_row is not None:
            heads[inherited] = own_row
        unit_of[c.id] = inherited
        if own_row is not None:
            members[inherited].append(own_row)
    return [np.array(m) for m in members if m]


def theme_count(n: int) -> int:
    """How many broad themes to look for in ``n`` comments: about what a reader lists (4 for a short thread,
    up to ``MAX_THEMES`` for thousands), never more than a quarter of the comments."""
    return max(1, min(_by_cube_root(n, THEMES_PER_CUBE_ROOT), MAX_THEMES, max(1, n // 4)))


def broad_themes(units: list[np.ndarray], features: np.ndarray, seed: int) -> np.ndarray:
    """A theme label per comment row (-1: other): spectral clustering of the comments' neighbour graph up to
    ``SPECTRAL_MAX`` comments, else ``units`` grouped by size-weighted k-means; themes too small to report
    go to "other". Unlike key points, broad themes whose centres nearly coincide are not merged: a graph cut
    separates groups that one centre hides (an AMA's team banter and its excitement at the guests: merging
    them cost 1.25 of the two held-out references' 17 themes and nothing elsewhere)."""
    n = len(features)
    if n == 0:
        return np.full(0, -1)
    k = theme_count(n)
    if k <= 1:
        labels = np.zeros(n, dtype=int)
    elif n <= SPECTRAL_MAX:
        labels = _spectral(features, k, seed)
    else:
        labels = _unit_kmeans(units, features, k, seed)
    return _finalise(features, labels, min_theme_size(n), far=False)


def _spectral(features: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Spectral clusters of the graph joining each row to its ``NEIGHBOURS`` most similar rows (cosine,
    made symmetric); labels assigned by QR, so the result does not depend on k-means restarts.

    k-means over the same vectors finds one of many partitions that fit about equally well (a reader's own
    costs only 4-7% more), and which one depends on the seed; cutting the graph where it is thinnest
    follows the densest groups of mutually similar comments, which is closer to what a reader lists.
    """
    from scipy.sparse import csr_matrix
    from sklearn.cluster import SpectralClustering

    n = len(features)
    similarity = features @ features.T
    np.fill_diagonal(similarity, -np.inf)
    near = min(NEIGHBOURS, n - 1)
    nearest = np.argpartition(-similarity, near - 1, axis=1)[:, :near]
    rows, cols = np.repeat(np.arange(n), near), nearest.ravel()
    weights = np.clip(similarity[rows, cols], 1e-6, None)  # unlike pairs still keep the graph whole
    graph = csr_matrix((weights, (rows, cols)), shape=(n, n))
    graph = graph.maximum(graph.T)
    model = SpectralClustering(k, affinity="precomputed", random_state=seed, assign_labels="cluster_qr")
    return np.asarray(model.fit_predict(graph), dtype=int)


def _unit_kmeans(units: list[np.ndarray], features: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Conversation units grouped by k-means on the sphere, each weighted by its number of comments, so a
    long chain pulls its theme's centre as much as its comments would."""
    from sklearn.cluster import KMeans

    k = min(k, len(units))
    centres = _unit(np.vstack([features[u].mean(axis=0) for u in units]))
    sizes = np.array([len(u) for u in units], dtype=float)
    inits = KMEANS_INITS if len(units) <= LARGE else KMEANS_INITS_LARGE
    unit_labels = KMeans(k, n_init=inits, random_state=seed).fit_predict(centres, sample_weight=sizes)
    labels = np.full(len(features), -1)
    for u, label in zip(units, unit_labels, strict=True):
        labels[u] = label
    return labels


def _points(fine: np.ndarray, features: np.ndarray) -> np.ndarray:
    """The key points of one theme, a label per member row: the thread's fine groups as far as they fall
    inside the theme, those of fewer than ``POINT_MIN`` comments joined to the point they are most like."""
    _, labels = np.unique(fine, return_inverse=True)
    sizes = np.bincount(labels)
    if (sizes >= POINT_MIN).any():
        k = len(sizes)
        centres = _centroids(features, labels, k)
        big = np.where(sizes >= POINT_MIN)[0]
        small = sizes[labels] < POINT_MIN
        if fine.min() < 0:  # comments in no fine group stand alone too
            small |= fine[np.arange(len(fine))] < 0
        labels[small] = big[np.argmax(features[small] @ centres[big].T, axis=1)]
    else:
        labels[:] = 0
    sizes = np.bincount(labels)
    order = np.argsort(-sizes, kind="stable")
    order = order[sizes[order] > 0]
    renumber = np.full(len(sizes), -1)
    renumber[order] = np.arange(len(order))
    return renumber[labels]


def _shares(corpus: Corpus, rows: np.ndarray) -> tuple[float, float | None, float | None]:
    """Share of analyzed comments, of commenters (None where no author is known) and of score (None where
    the thread has no scores)."""
    members = [corpus.comments[i] for i in rows]
    scores = [c.score for c in corpus.comments if c.score is not None]
    total_score = sum(max(s, 0) for s in scores)
    score_share = None
    if scores and total_score > 0:
        score_share = sum(max(c.score or 0, 0) for c in members) / total_score
    everyone = people(corpus.comments)
    commenter_share = (people(members) or 0) / everyone if everyone else None
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
