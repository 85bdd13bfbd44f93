"""A detector that learns from real posts of other genres without unlearning its own: a stack.

Pooling thousands of real English job ads, SMS and comments into the corpus model teaches it the
pooled sets' surface (long formal English = legitimate) and costs it the lures it was written for.
`StackedDetector` keeps the corpus model (`Detector`) as it is and adds one small *expert* per
genre of real data (word n-grams + logistic regression, trained on that genre, and for the genres
of messages also on the corpus: see `expert_corpus_share`); a *gate*
(a logistic regression over every member's log-odds, their products and the post's length) learns
from out-of-fold scores on all genres when to trust which member. Each genre counts as much in
the gate as the corpus does, whatever its size, so a large public set cannot drown the rest.

Evidence, categories and language come from the corpus model, so the score contract is unchanged.

Example
-------
>>> texts = ["Visa et billet offerts, frais de dossier 50 000 FCFA, inbox", "Match ce soir au stade"] * 10
>>> cats = ["fake_job", "other_benign"] * 10
>>> ads = ["Work from home, earn $500 per day, no experience", "Senior accountant, Boston office"] * 10
>>> det = StackedDetector(base=Detector(calibration="sigmoid"), folds=2).fit(
...     texts + ads, cats + ["fake_job", "legit_job"] * 10, ["corpus"] * 20 + ["jobs"] * 20)
>>> sorted(det.experts_)
['jobs']
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from sklearn.base import BaseEstimator, clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline

from detector.classifiers import SCAM_CATEGORIES, CompactTfidfVectorizer, Detector, Prediction, make_predictions
from detector.normalize import normalize
from detector.signals import SignalScan, scan

log = logging.getLogger(__name__)

CORPUS = "corpus"
_EPS = 1e-4


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=np.float64), _EPS, 1 - _EPS)
    return np.log(p / (1 - p))


def balanced_weights(domains: ArrayLike, *, corpus_share: float = 0.5) -> np.ndarray:
    """Weights that give the corpus `corpus_share` of the total and every other genre an equal part
    of the rest. Within a genre posts weigh the same, so the gate's score keeps each genre's own
    share of lures (4 % of real job ads are scams, not half)."""
    domains_arr = np.asarray(domains)
    others = sorted(set(domains_arr.tolist()) - {CORPUS})
    shares = {CORPUS: corpus_share if others else 1.0} | {d: (1 - corpus_share) / len(others) for d in others}
    w = np.zeros(len(domains_arr))
    for d, share in shares.items():
        mask = domains_arr == d
        w[mask] = share / max(mask.sum(), 1)
    return w * len(domains_arr) / w.sum()


def make_expert(*, C: float, max_features: int, random_state: int) -> Pipeline:
    """One genre's expert: word 1-2-grams of the normalized text, class-balanced logistic regression."""
    return Pipeline([
        ("words", CompactTfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True,
                                         lowercase=True, token_pattern=r"(?u)\b\w+\b", max_features=max_features,
                                         dtype=np.float32)),
        ("lr", LogisticRegression(C=C, class_weight="balanced", max_iter=3000, random_state=random_state)),
    ])


class StackedDetector(BaseEstimator):
    """The corpus model, one expert per genre of real data, and a gate over them.

    Parameters
    ----------
    base : Detector
        The corpus model (unfitted); it learns from the posts whose domain is ``"corpus"`` only.
    expert_C : float
        Inverse regularization of the experts.
    expert_max_features : int
        Cap on each expert's vocabulary.
    gate_C : float
        Inverse regularization of the gate.
    router_C : float
        Inverse regularization of the router (which genre a post is of).
    corpus_share : float
        Share of the gate's training weight held by the corpus (see `balanced_weights`).
    expert_corpus_share : float
        Share of each expert's training weight held by the corpus posts (0: its genre alone). An
        expert that never saw a trafficking lure reads one written in its genre's style (a chatty
        SMS, a comment) as benign, and the gate, trusting that genre's expert, vetoes the corpus
        model: 18 of the outside authors' lures were lost that way with experts of their genre alone.
    experts_alone : tuple of str
        Genres whose expert learns from its genre alone whatever `expert_corpus_share`: job-board
        ads are no message genre our lures are written in, and the corpus only blurs that expert
        (cross-fitted F1 on the real job ads 0.49 alone, 0.38 with half its weight on the corpus).
    folds : int
        Folds for the out-of-fold scores the gate learns from.
    threshold : float
        Flagging threshold on the gate's score; `training.train` sets it.
    random_state : int
        Seed.
    """

    def __init__(self, *, base: Detector | None = None, expert_C: float = 30.0, expert_max_features: int = 100_000,
                 gate_C: float = 1.0, router_C: float = 1.0, corpus_share: float = 0.5, folds: int = 5,
                 threshold: float = 0.5, random_state: int = 0, expert_corpus_share: float = 0.5,
                 experts_alone: tuple[str, ...] = ("jobs",)) -> None:
        self.base = base
        self.expert_C = expert_C
        self.expert_max_features = expert_max_features
        self.gate_C = gate_C
        self.router_C = router_C
        self.corpus_share = corpus_share
        self.folds = folds
        self.threshold = threshold
        self.random_state = random_state
        self.expert_corpus_share = expert_corpus_share
        self.experts_alone = experts_alone

    # Stacks saved before these parameters existed have experts of their genre alone.
    expert_corpus_share = 0.0
    experts_alone: tuple[str, ...] = ()

    # --- fitting ---------------------------------------------------------------------------------
    def fit(self, texts: Sequence[str], categories: Sequence[str], domains: Sequence[str], *,
            groups: Sequence[Any] | None = None) -> StackedDetector:
        """Fit the corpus model on the corpus posts, then the experts and the gate on everything.

        Parameters
        ----------
        texts, categories : sequences
            Every training post and its category.
        domains : sequence of str
            ``"corpus"`` for the project's corpus, else the genre of the real set a post comes from
            (e.g. ``"jobs"``, ``"sms"``); each genre other than the corpus gets an expert.
        groups : sequence, optional
            Leak groups of the posts (near-duplicates, shared contacts): the corpus model's
            out-of-fold scores keep a group within one fold.
        """
        domains_arr = np.asarray(domains)
        if len(domains_arr) != len(texts):
            raise ValueError(f"got {len(texts)} texts and {len(domains_arr)} domains")
        corpus = np.flatnonzero(domains_arr == CORPUS)
        if not len(corpus):
            raise ValueError("no post has domain 'corpus': the corpus model has nothing to learn from")
        base = self.base if self.base is not None else Detector()
        c_texts = [texts[int(i)] for i in corpus]
        c_cats = [categories[int(i)] for i in corpus]
        c_groups = np.asarray(groups)[corpus] if groups is not None else corpus
        base_scores = np.zeros(len(texts))
        c_y = [c in SCAM_CATEGORIES for c in c_cats]
        splitter = StratifiedGroupKFold(n_splits=self.folds, shuffle=True, random_state=self.random_state)
        for tr, te in splitter.split(c_texts, c_y, groups=c_groups):
            fold = clone(base).fit([c_texts[i] for i in tr], [c_cats[i] for i in tr])
            base_scores[corpus[te]] = fold.predict_proba([c_texts[i] for i in te])
        self.base_ = clone(base).fit(c_texts, c_cats)
        rest = np.flatnonzero(domains_arr != CORPUS)
        if len(rest):
            base_scores[rest] = self.base_.predict_proba([texts[int(i)] for i in rest])
        return self.fit_top(texts, categories, domains, base_scores=base_scores, base=self.base_)

    def fit_top(self, texts: Sequence[str], categories: Sequence[str], domains: Sequence[str], *,
                base_scores: ArrayLike, base: Detector) -> StackedDetector:
        """Fit the experts and the gate around an already fitted corpus model.

        `base_scores` are the corpus model's scores of `texts`, out-of-fold for the posts it learned
        from. Evaluations that leave a real set (or part of it) out refit only this top, which costs
        seconds, instead of the corpus model. A genre with fewer than `folds` scam or benign posts
        gets no expert: its posts count as corpus posts for the router and the gate.
        """
        self.base_ = base
        clean = [normalize(t) for t in texts]
        y = np.asarray([c in SCAM_CATEGORIES for c in categories], dtype=int)
        domains_arr = np.asarray(domains, dtype=object)
        for name in sorted(set(domains_arr.tolist()) - {CORPUS}):
            if min(np.bincount(y[domains_arr == name], minlength=2)) < self.folds:
                log.warning("genre %r has fewer than %d scam or benign posts: no expert, its posts join the "
                            "corpus's side of the gate", name, self.folds)
                domains_arr[domains_arr == name] = CORPUS
        names = sorted(set(domains_arr.tolist()) - {CORPUS})
        corpus = np.flatnonzero(domains_arr == CORPUS)
        self.experts_: dict[str, Pipeline] = {}
        expert_scores = np.zeros((len(clean), len(names)))
        for k, name in enumerate(names):
            own = np.flatnonzero(domains_arr == name)
            share = 0.0 if name in self.experts_alone else self.expert_corpus_share
            rows = np.concatenate([own, corpus]) if share > 0 else own
            weights = np.ones(len(rows))
            weights[len(own):] = share * len(own) / ((1 - share) * max(len(corpus), 1))
            row_texts = [clean[i] for i in rows]
            expert = make_expert(C=self.expert_C, max_features=self.expert_max_features,
                                 random_state=self.random_state)
            # Folds stratified by lure and by origin: every post the expert learns from is scored out of fold.
            strata = y[rows] + 2 * (np.arange(len(rows)) >= len(own))
            splitter = StratifiedKFold(self.folds, shuffle=True, random_state=self.random_state)
            for tr, te in splitter.split(row_texts, strata):
                fold = clone(expert).fit([row_texts[i] for i in tr], y[rows][tr], lr__sample_weight=weights[tr])
                expert_scores[rows[te], k] = fold.predict_proba([row_texts[i] for i in te])[:, 1]
            self.experts_[name] = expert.fit(row_texts, y[rows], lr__sample_weight=weights)
            others = np.setdiff1d(np.arange(len(clean)), rows)
            if len(others):
                expert_scores[others, k] = self.experts_[name].predict_proba([clean[i] for i in others])[:, 1]
        X = self.base_.features_.transform(clean)
        # The router learns which genre a post belongs to, from the corpus model's own features (no
        # second pass over the text); the gate then trusts each member in proportion.
        self.router_ = LogisticRegression(C=self.router_C, max_iter=2000, random_state=self.random_state).fit(
            X, domains_arr.astype(str), sample_weight=balanced_weights(domains_arr, corpus_share=1 / (len(names) + 1))
        ) if names else None
        Z = self._gate_features(np.asarray(base_scores, dtype=np.float64), expert_scores, self._routes(X))
        weights = balanced_weights(domains_arr, corpus_share=self.corpus_share)
        self.gate_ = LogisticRegression(C=self.gate_C, max_iter=5000, random_state=self.random_state).fit(
            Z, y, sample_weight=weights)
        # Out-of-fold gate scores: what training uses to choose the flagging threshold.
        self.oof_scores_ = cross_val_predict(
            LogisticRegression(C=self.gate_C, max_iter=5000, random_state=self.random_state), Z, y,
            cv=StratifiedKFold(self.folds, shuffle=True, random_state=self.random_state),
            method="predict_proba", params={"sample_weight": weights})[:, 1]
        self.classes_ = self.base_.classes_
        return self

    # --- scoring ---------------------------------------------------------------------------------
    def _members(self) -> list[str]:
        return [CORPUS, *self.experts_]

    def _routes(self, X: Any) -> np.ndarray:
        """The router's belief that each post is of each member's genre, in `_members` order."""
        if self.router_ is None:
            return np.ones((X.shape[0], 1))
        order = [list(self.router_.classes_).index(m) for m in self._members()]
        return np.asarray(self.router_.predict_proba(X))[:, order]

    @staticmethod
    def _gate_features(base_scores: np.ndarray, expert_scores: np.ndarray, routes: np.ndarray) -> np.ndarray:
        """Per member: its log-odds times the router's belief that the post is of its genre, and that
        belief itself (a per-genre offset): a mixture of experts the gate weighs linearly."""
        logits = np.hstack([_logit(base_scores)[:, None], _logit(expert_scores)])
        return np.hstack([routes * logits, routes])

    def _scores(self, clean: list[str], X: Any, expert_X: dict[str, Any] | None = None) -> np.ndarray:
        """The gate's scores; `expert_X` holds the experts' features already made (see `_featurize`)."""
        base_scores = self.base_.scam_model_.predict_proba(X)[:, 1]
        expert_X = expert_X or {}
        expert_scores = np.column_stack([
            e.steps[-1][1].predict_proba(expert_X[name])[:, 1] if name in expert_X else e.predict_proba(clean)[:, 1]
            for name, e in self.experts_.items()]) if self.experts_ else np.zeros((len(clean), 0))
        Z = self._gate_features(base_scores, expert_scores, self._routes(X))
        return np.asarray(self.gate_.predict_proba(Z)[:, 1])

    def _featurize(self, clean: list[str], scans: list[SignalScan]) -> tuple[Any, dict[str, Any]]:
        """The base's features and each expert's (those that are a vectorizer and a classifier), the
        posts analyzed once for every vectorizer with the same analyzer: the experts' word n-grams are
        the base's. The same matrices as each pipeline's own `transform`."""
        shared = {name: e.steps[0][1] for name, e in self.experts_.items()
                  if isinstance(e, Pipeline) and len(e.steps) == 2}
        X, matrices = self.base_.featurize_with(clean, scans, list(shared.values()))
        return X, dict(zip(shared, matrices, strict=True))

    def member_scores(self, texts: Sequence[str] | str) -> dict[str, np.ndarray]:
        """Each member's own score (``"corpus"`` and every expert): what the gate weighs."""
        texts = [texts] if isinstance(texts, str) else texts
        clean = [normalize(t) for t in texts]
        out = {CORPUS: self.base_.predict_proba(texts)}
        return out | {name: e.predict_proba(clean)[:, 1] for name, e in self.experts_.items()}

    def predict_proba(self, texts: Sequence[str] | str) -> np.ndarray:
        """Probability that each post is a lure, from the gate."""
        texts = [texts] if isinstance(texts, str) else texts
        clean = [normalize(t) for t in texts]
        return self._scores(clean, self.base_.features_.transform(clean))

    def predict(self, texts: Sequence[str] | str) -> list[Prediction]:
        """Score, flag, category and red-flag evidence for each post (see `make_predictions`)."""
        texts = [texts] if isinstance(texts, str) else texts
        clean = [normalize(t) for t in texts]
        scans = [scan(t, normalized=True) for t in clean]
        X, expert_X = self._featurize(clean, scans)
        return make_predictions(self._scores(clean, X, expert_X), self.base_.category_model_.predict_proba(X),
                                self.classes_, scans, threshold=self.threshold)
