"""Ranking strategies that need no sumy (lead, the default news scorer) and the shared selection:
redundancy removal, length by sentences or words, readable order."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from ._candidates import Candidate
from ._facts import same_fact
from ._scorer import FEATURES, scores, sentence_features

__all__ = [
    "FEATURES",
    "dangling_opener",
    "default_scores",
    "drop_repeats",
    "rank_default",
    "rank_lead",
    "select",
    "sentence_features",
    "similar",
]

# Two sentences "say the same" above these overlaps of their content-word stems.
REPEAT_COSINE = 0.8  # copies (wire text carried twice, quotes with other quote marks)
REDUNDANT_COSINE = 0.5  # too close to sit in one summary
REDUNDANT_CONTAINMENT = 0.75  # one sentence is (almost) inside the other
# Class: a sentence whose subject or first phrase points back to the sentence before it (a
# pronoun, a demonstrative, a pronominal adverb): "Das kündigte Premier Morrison an.", "Er
# nannte keine Details.", "Dieser Schritt kam überraschend.", "Damit sollen ...", "He said ...".
# It never opens a summary (or follows a sentence of another report) without that sentence.
# Expletive "es"/"it"/"il" ("Es gibt ...", "Il y a ...") is left out: it points nowhere.
_BACK_REFERRING = {
    "de": "er sie dies dieser diese dieses diesem diesen dabei dazu damit daher deshalb "
    "deswegen darauf daraufhin dafür dagegen davon darüber trotzdem dennoch zudem außerdem "
    "ebenfalls jedoch dort",
    "en": "he she they this these those however meanwhile also such",
    "fr": "il elle ils elles cela ceci celui celle ceux celles cependant",
}
_BACK_WORDS = {lang: frozenset(ws.split()) for lang, ws in _BACK_REFERRING.items()}
# "Das" is a pronoun ("Das kündigte ... an", "Das ist ...") when a verb follows it, an article
# when a noun or an adjective does ("Das Chaos ...", "Das neue Gesetz ..."): adjectives after
# "das" end in -e, so a lower-case word with another ending is a verb; the verbs ending in -e
# that news puts there most are listed.
_DAS_VERBS = frozenset(
    "habe hätte wäre würde könne könnte solle sollte müsse müsste wolle wollte dürfe "
    "konnte musste gelte gehe liege stehe sagte teilte kündigte bestätigte meldete erklärte "
    "betonte berichtete führte sorgte machte zeigte bedeutete löste wirkte dauerte kostete "
    "folgte forderte lehnte stellte".split()
)
# "der", "die" and "das" point back as pronouns too ("Der will erneut Staatshilfe ..."); the
# endings an adjective takes after each.
_ARTICLE_PRONOUNS = frozenset(("das", "der", "die"))
_ADJECTIVE_ENDINGS = {"das": ("e",), "der": ("e",), "die": ("e", "en")}
# Words after an article that open a noun phrase, not a clause: degree adverbs and numbers
# ("die rund 500", "die drei Parteien"), prepositions and adverbs before a participle ("das von
# Wissing geführte Ministerium", "der frisch vereidigte Kanzler").
_DEGREE_WORDS = frozenset(
    "rund knapp fast gut etwa mehr weit so sehr noch bereits bisher zuletzt insgesamt nur "
    "schon ganz gerade damals heutige nun eigentlich offiziell frisch sich erst jüngst kürzlich "
    "in im am an auf aus bei mit nach von vom vor zu zum zur für über unter seit als gegen "
    "dafür dazu dabei damit zwei drei vier fünf sechs sieben acht neun zehn elf zwölf "
    "zwanzig hundert tausend weiterhin oft gestern heute bislang hoch laut tatsächlich".split()
)
_IMPERSONAL_FR = frozenset("y faut semble s'agit s’agit reste suffit".split())
_OPENER_RE = re.compile(r"^[\s«»„“”\"‚‘'‹›(\[-]*([\w’'-]+)\W*\s*(\S*)")


def dangling_opener(text: str, lang: str = "de") -> bool:
    """Whether ``text`` opens with a word that needs the sentence before it (see above)."""
    m = _OPENER_RE.match(text)
    if not m:
        return False
    first, nxt = m.group(1).lower(), m.group(2).strip(",;:")
    if first == "il" and nxt.lower() in _IMPERSONAL_FR:
        return False  # "Il y a ...", "Il faut ...": impersonal
    if first in _BACK_WORDS.get(lang, _BACK_WORDS["de"]):
        return True
    if lang != "de" or first not in _ARTICLE_PRONOUNS or not nxt[:1].islower():
        return False
    low = nxt.lower()
    if low in _DAS_VERBS:
        return True
    # an adjective ("das neue", "die meisten"), a number or a phrase before a participle
    return not low.endswith(_ADJECTIVE_ENDINGS[first]) and low not in _DEGREE_WORDS


def similar(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """Cosine and containment of two stem sets."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / math.sqrt(len(a) * len(b)), common / min(len(a), len(b))


def _redundant(c: Candidate, chosen: Sequence[Candidate], cosine: float) -> bool:
    for other in chosen:
        cos, contain = similar(c.stems, other.stems)
        if cos >= cosine or contain >= REDUNDANT_CONTAINMENT:
            return True
        if same_fact(c.text, other.text, c.language):  # one fact in other words
            return True
    return False


def _stem_matrix(cands: Sequence[Candidate], dtype: Any = None) -> Any:
    """A sparse candidates x stems matrix of ones (at least one column)."""
    import numpy as np
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, c in enumerate(cands):
        for s in c.stems:
            rows.append(i)
            cols.append(vocab.setdefault(s, len(vocab)))
    return sparse.csr_matrix(
        (np.ones(len(rows), dtype=dtype or np.float64), (rows, cols)),
        shape=(len(cands), max(len(vocab), 1)),
    )


def _overlaps(cands: Sequence[Candidate]) -> tuple[Any, Any]:
    """Sparse matrix of shared stem counts between candidates, and each one's stem count."""
    import numpy as np

    x = _stem_matrix(cands, np.float32)
    sizes = np.asarray(x.sum(axis=1), dtype=np.float64).ravel()
    return (x @ x.T).tocsr(), sizes


def drop_repeats(cands: Sequence[Candidate]) -> list[Candidate]:
    """Usable candidates with near-copies of an earlier candidate removed (first kept)."""
    import numpy as np

    usable = [c for c in cands if not c.fragment]
    if len(usable) < 2:
        return usable
    shared, sizes = _overlaps(usable)
    kept = np.zeros(len(usable), dtype=bool)
    for i in range(len(usable)):
        start, end = shared.indptr[i], shared.indptr[i + 1]
        cols = shared.indices[start:end]
        vals = shared.data[start:end]
        mask = (cols < i) & kept[cols]
        if mask.any() and sizes[i] > 0:
            common, other = vals[mask], sizes[cols[mask]]
            cosine = common / np.sqrt(sizes[i] * other)
            containment = common / np.minimum(sizes[i], other)
            if (cosine >= REPEAT_COSINE).any() or (containment >= REDUNDANT_CONTAINMENT).any():
                continue
        kept[i] = True
    return [c for c, k in zip(usable, kept, strict=True) if k]


def rank_lead(cands: Sequence[Candidate]) -> list[Candidate]:
    """Lead: the first sentences of each report, round robin over the articles."""
    return sorted(cands, key=lambda c: (c.rank, c.article_index))


def _centrality(cands: Sequence[Candidate]) -> list[float]:
    """LexRank (idf-weighted cosine graph, PageRank with damping), vectorised with numpy."""
    import numpy as np
    from scipy import sparse

    n = len(cands)
    if n == 0:
        return []
    if not any(c.stems for c in cands):
        return [0.0] * n
    x = _stem_matrix(cands)
    df = np.asarray(x.sum(axis=0)).ravel()
    idf = np.log((1 + n) / (1 + df)) + 1.0
    x = x.multiply(idf[np.newaxis, :]).tocsr()
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x = sparse.diags(1.0 / norms) @ x
    sim = (x @ x.T).tocsr()
    sim.data = (sim.data >= 0.1).astype(np.float64)
    sim.setdiag(0.0)
    sim.eliminate_zeros()
    deg = np.asarray(sim.sum(axis=1)).ravel()
    deg[deg == 0] = 1.0
    trans_t = (sparse.diags(1.0 / deg) @ sim).T.tocsr()
    damping = 0.85
    p = np.full(n, 1.0 / n)
    for _ in range(100):
        nxt = (1 - damping) / n + damping * (trans_t @ p)
        done = np.abs(nxt - p).sum() < 1e-8
        p = nxt
        if done:
            break
    top = p.max()
    return [float(v / top) if top > 0 else 0.0 for v in p]


def default_scores(
    cands: Sequence[Candidate], weights: Sequence[float] | None = None
) -> dict[int, float]:
    """Score usable candidates with the learned linear scorer (``_scorer``; ``weights``:
    intercept first, then one per feature; the shipped fit when None)."""
    return scores(cands, weights)


def rank_default(
    cands: Sequence[Candidate], weights: Sequence[float] | None = None
) -> list[Candidate]:
    """The default news ranking (ties broken by article order, then position)."""
    scores = default_scores(cands, weights)
    usable = [c for c in cands if not c.fragment]
    return sorted(usable, key=lambda c: (-scores[id(c)], c.article_index, c.position))


def _needs_antecedent(c: Candidate) -> bool:
    return c.rank > 0 and dangling_opener(c.text, c.language)


class _Picker:
    """The greedy selection's state: what is chosen, the words used, the limits."""

    def __init__(self, sentences: int, words: int | None, n: int) -> None:
        self.chosen: list[Candidate] = []
        self.total = 0
        self.words = words
        self.limit = sentences if words is None else n
        # dangling candidates waiting for their antecedent: (article, rank before) -> candidate
        self.waiting: dict[tuple[int, int], Candidate] = {}

    def full(self) -> bool:
        return len(self.chosen) >= self.limit

    def take(self, c: Candidate) -> None:
        """Choose ``c`` if it fits, is no repeat and has its antecedent; then what waited on it."""
        if self.full() or (self.words is not None and self.total + c.n_words > self.words):
            return
        if _redundant(c, self.chosen, REDUNDANT_COSINE):
            return
        if _needs_antecedent(c) and not any(
            o.article_index == c.article_index and o.rank == c.rank - 1 for o in self.chosen
        ):
            self.waiting[(c.article_index, c.rank - 1)] = c
            return
        self.chosen.append(c)
        self.total += c.n_words
        follower = self.waiting.pop((c.article_index, c.rank), None)
        if follower is not None:
            self.take(follower)


def select(
    ranked: Sequence[Candidate],
    *,
    sentences: int,
    words: int | None,
) -> list[Candidate]:
    """Take candidates in rank order, skipping redundant ones, until ``sentences`` or ``words``.

    A sentence that points back ("Das kündigte ... an.") is taken only after the sentence it
    points to. With ``words`` the summary never exceeds that many words, unless no single
    sentence fits (then it is the best sentence alone). The result is in reading order:
    article (given in time order), then position.
    """
    picker = _Picker(sentences, words, len(ranked))
    for c in ranked:
        if picker.full():
            break
        picker.take(c)
    chosen = picker.chosen
    if not chosen and ranked:
        # nothing fits the word budget: one sentence beats none, one that stands alone first
        chosen = [next((c for c in ranked if not _needs_antecedent(c)), ranked[0])]

    return sorted(chosen, key=lambda c: (c.article_index, c.position))
