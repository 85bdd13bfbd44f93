"""The default detector: character and word n-grams plus red-flag signals, calibrated.

`Detector` follows the scikit-learn protocol (`fit` returns self, learned state ends in `_`) and is
saved with skops (see `detector.persistence`), never with pickle.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import chain, repeat
from operator import is_not

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion
from sklearn.utils.validation import check_is_fitted

from detector.normalize import normalize
from detector.signals import ALL_SIGNALS, RED_FLAGS, Signal, SignalScan, scan

# Re-exported: the taxonomy lives in `detector.taxonomy`, which imports no scikit-learn.
from detector.taxonomy import BENIGN_CATEGORIES as BENIGN_CATEGORIES
from detector.taxonomy import CATEGORIES as CATEGORIES
from detector.taxonomy import SCAM_CATEGORIES as SCAM_CATEGORIES

_LEGACY_SIGNALS = ("upfront_fee", "travel_provided", "no_qualification", "unrealistic_pay", "urgency",
                   "private_contact", "passport_request", "targeting", "hidden_employer", "official_claim",
                   "celebrity_giveaway", "guaranteed_outcome", "warning_context", "no_fee_statement")


class SignalFeatures(TransformerMixin, BaseEstimator):
    """Rule features of normalized posts: log counts of each signal and of distinct red flags.

    Parameters
    ----------
    weight : float
        Scale of these dense features next to the tf-idf blocks; at 1.0 the regression leans on
        them so hard that awareness posts quoting a lure get flagged (measured in the model card).
    """

    def __init__(self, weight: float = 0.1) -> None:
        self.weight = weight

    def fit(self, X: Sequence[str], y: object = None) -> SignalFeatures:
        # The signals known at fit time: a model keeps its columns when later releases add signals.
        self.signals_ = list(ALL_SIGNALS)
        self.n_features_out_ = len(self.signals_) + 1
        return self

    def _signal_names(self) -> list[str]:
        # Models saved before `signals_` existed used the fourteen signals of their day, in this order.
        return list(getattr(self, "signals_", _LEGACY_SIGNALS))

    def transform(self, X: Sequence[str]) -> sp.csr_matrix:
        return self.transform_scans([scan(text, normalized=True) for text in X])

    def transform_scans(self, scans: Sequence[SignalScan]) -> sp.csr_matrix:
        """The features from scans already made (the detector reuses them for the evidence)."""
        names = self._signal_names()
        flags = [n for n in names if n in RED_FLAGS]
        rows = [[*(s.counts[n] for n in names), sum(1 for n in flags if s.counts[n])] for s in scans]
        matrix = np.asarray(rows, dtype=np.float64).reshape(-1, len(names) + 1)
        return sp.csr_matrix(self.weight * np.log1p(matrix))

    def get_feature_names_out(self, input_features: object = None) -> np.ndarray:
        return np.asarray([f"signal__{n}" for n in (*self._signal_names(), "n_red_flags")], dtype=object)


_WHITE_SPACES = re.compile(r"\s\s+")  # as scikit-learn's `_char_wb_ngrams` collapses them
_WORD_CACHE = 100_000  # words whose n-gram indices a vectorizer keeps (some 35 MB at most)
_KNOWN = partial(is_not, None)  # an n-gram in the vocabulary (its index may be 0)


class CompactTfidfVectorizer(TfidfVectorizer):
    """`TfidfVectorizer` whose vocabulary is saved as one array of terms, not a dict.

    skops writes a dict entry by entry into its JSON schema (tens of MB and a minute to save
    for our vocabularies); a fixed-width string array is saved as a plain `.npy` block instead.
    """

    def __getstate__(self) -> dict[str, object]:
        state = dict(super().__getstate__())
        vocab = state.pop("vocabulary_", None)
        state.pop("stop_words_", None)  # pruned terms: introspection only, and large
        state.pop("_word_cache", None)  # the n-grams of the last words scored
        if vocab is not None:
            terms = sorted(vocab, key=vocab.__getitem__)
            state["vocabulary_terms_"] = np.asarray(terms, dtype=str)
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        state = dict(state)
        terms = state.pop("vocabulary_terms_", None)
        if isinstance(terms, np.ndarray):
            state["vocabulary_"] = {str(t): i for i, t in enumerate(terms.tolist())}
        super().__setstate__(state)

    # Scoring runs five vectorizers over each post, four of them (the experts' and the base's word
    # n-grams) with the same analyzer: `transform_shared` analyzes a post once per analyzer, and
    # each vectorizer looks the post's distinct features up in its own vocabulary.
    _ANALYSIS_PARAMS = ("input", "encoding", "decode_error", "strip_accents", "lowercase", "preprocessor",
                        "tokenizer", "analyzer", "stop_words", "token_pattern", "ngram_range")

    def analysis_key(self) -> tuple[object, ...]:
        """What decides the features `build_analyzer` finds: two vectorizers with one key find the same."""
        return tuple(repr(getattr(self, name)) for name in self._ANALYSIS_PARAMS)

    def count_features(self, docs: Sequence[str]) -> list[Counter[str]]:
        """Each document's features (`build_analyzer`) and how often each occurs."""
        analyze = self.build_analyzer()
        return [Counter(analyze(doc)) for doc in docs]

    def _by_word(self) -> bool:
        """Are the features n-grams of each word alone (`char_wb` on plain, lower-cased text)?"""
        return (self.analyzer == "char_wb" and self.input == "content" and self.preprocessor is None
                and self.lowercase and not self.strip_accents)

    def _word_indices(self, docs: Sequence[str]) -> list[Counter[int]]:
        """`char_wb`: each document's feature indices and counts. A word's n-grams do not depend on
        the words around it: they are looked up once per word, and the last words' kept."""
        cache: dict[str, tuple[int, ...]] = self.__dict__.setdefault("_word_cache", {})
        if len(cache) > _WORD_CACHE:
            cache.clear()
        lookup, ngrams = self.vocabulary_.get, self._char_wb_ngrams
        out = []
        for doc in docs:
            words = _WHITE_SPACES.sub(" ", doc.lower()).split()  # as `build_analyzer` splits the text
            for word in words:
                if word not in cache:
                    cache[word] = tuple(filter(_KNOWN, map(lookup, ngrams(word))))
            out.append(Counter(chain.from_iterable(map(cache.__getitem__, words))))
        return out

    def transform_counted(self, counted: Sequence[Counter[str]] | Sequence[Counter[int]]) -> sp.csr_matrix:
        """`transform` of documents given by `count_features` (features) or `_word_indices` (indices):
        the same matrix, built from counts."""
        check_is_fitted(self, "vocabulary_")
        lengths = np.fromiter(map(len, counted), dtype=np.int64, count=len(counted))
        keys: Iterator[object] = chain.from_iterable(counted)
        if counted and isinstance(next(iter(chain.from_iterable(counted)), 0), str):
            keys = map(self.vocabulary_.get, keys, repeat(-1))  # -1: not in the vocabulary
        indices = np.fromiter(keys, dtype=np.int64, count=int(lengths.sum()))
        values = np.fromiter(chain.from_iterable(c.values() for c in counted), dtype=np.intc, count=len(indices))
        known = indices >= 0
        indptr = np.concatenate([[0], np.cumsum(known)])[np.concatenate([[0], np.cumsum(lengths)])]
        indices, values = indices[known], values[known]
        X = sp.csr_matrix((values, indices.astype(np.int32), indptr.astype(np.int32)),
                          shape=(len(counted), len(self.vocabulary_)), dtype=self.dtype)
        X.sort_indices()
        if self.binary:
            X.data.fill(1)
        return self._tfidf.transform(X, copy=False)

    def transform(self, raw_documents: Sequence[str]) -> sp.csr_matrix:
        """`TfidfVectorizer.transform`, counting each document's features in one pass (same matrix)."""
        if isinstance(raw_documents, str):
            return super().transform(raw_documents)  # the error scikit-learn gives
        if self._by_word():
            return self.transform_counted(self._word_indices(raw_documents))
        return self.transform_counted(self.count_features(raw_documents))


def transform_shared(vectorizers: Sequence[object], docs: Sequence[str]) -> list[sp.csr_matrix]:
    """Each vectorizer's `transform(docs)`, the documents analyzed once for all vectorizers that share
    an analyzer (`CompactTfidfVectorizer.analysis_key`)."""
    counted: dict[tuple[object, ...], list[Counter[str]]] = {}
    out = []
    for vectorizer in vectorizers:
        if not isinstance(vectorizer, CompactTfidfVectorizer):
            out.append(vectorizer.transform(docs))  # type: ignore[attr-defined]
            continue
        key = vectorizer.analysis_key()
        if vectorizer._by_word():  # n-grams of each word: cached by the vectorizer itself
            out.append(vectorizer.transform(docs))
            continue
        if key not in counted:
            counted[key] = vectorizer.count_features(docs)
        out.append(vectorizer.transform_counted(counted[key]))
    return out


@dataclass(frozen=True)
class Prediction:
    """What the detector says of one post."""

    scam_score: float
    flagged: bool
    category: str
    signals: list[Signal]


def make_predictions(scores: np.ndarray, category_proba: np.ndarray, classes: np.ndarray,
                     scans: Sequence[SignalScan], *, threshold: float) -> list[Prediction]:
    """Predictions from scam scores and category probabilities (columns in `classes` order).

    The category is the most probable one on the side of the flag, so a flagged post always gets
    a scam category and an unflagged one a benign category. Every backend ends here.
    """
    scam_cols = np.isin(classes, SCAM_CATEGORIES)
    out = []
    for found, score, probs in zip(scans, scores, category_proba, strict=True):
        flagged = bool(score >= threshold)
        side = np.where(scam_cols == flagged, probs, -1.0)
        out.append(Prediction(float(score), flagged, str(classes[int(np.argmax(side))]), found.red_flags()))
    return out


class Detector(BaseEstimator):
    """Scores posts as lures (calibrated probability) and names their category.

    Parameters
    ----------
    char_ngrams : tuple of int
        Range of character n-grams (within word boundaries) of the normalized text.
    word_ngrams : tuple of int or None
        Range of word n-grams; None leaves words out.
    use_signals : bool
        Add the red-flag signal features.
    signal_weight : float
        Scale of the signal features (see `SignalFeatures`).
    encoder_weight : float or None
        Add multilingual sentence embeddings at this scale (`detector.encoder`); None leaves them out.
    max_features : int
        Cap on each n-gram vocabulary (keeps the model file small).
    C : float
        Inverse regularization of the logistic regressions.
    calibration : str
        `sigmoid` or `isotonic`, cross-validated on the training set.
    threshold : float
        Score at or above which a post is flagged; `training.train` sets it from the validation split.
    random_state : int
        Seed for everything random.

    Example
    -------
    >>> texts = ["Visa et billet offerts, frais de dossier 50 000 FCFA, inbox", "Match ce soir au stade"] * 6
    >>> cats = ["fake_job", "other_benign"] * 6
    >>> det = Detector(calibration="sigmoid").fit(texts, cats)
    >>> det.predict(["Frais de dossier 30 000 FCFA, visa offert"])[0].flagged
    True
    """

    def __init__(self, *, char_ngrams: tuple[int, int] = (2, 5), word_ngrams: tuple[int, int] | None = (1, 2),
                 use_signals: bool = True, signal_weight: float = 0.1, encoder_weight: float | None = None,
                 max_features: int = 200_000, C: float = 32.0,
                 calibration: str = "sigmoid", threshold: float = 0.5, random_state: int = 0) -> None:
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.use_signals = use_signals
        self.signal_weight = signal_weight
        self.encoder_weight = encoder_weight
        self.max_features = max_features
        self.C = C
        self.calibration = calibration
        self.threshold = threshold
        self.random_state = random_state

    def _features(self) -> FeatureUnion:
        parts: list[tuple[str, object]] = [
            ("char", CompactTfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_ngrams), min_df=2,
                                     sublinear_tf=True, lowercase=True, max_features=self.max_features,
                                     dtype=np.float32)),
        ]
        if self.word_ngrams:
            parts.append(("word", CompactTfidfVectorizer(analyzer="word", ngram_range=tuple(self.word_ngrams), min_df=2,
                                                  sublinear_tf=True, lowercase=True, token_pattern=r"(?u)\b\w+\b",
                                                  max_features=self.max_features, dtype=np.float32)))
        if self.use_signals:
            parts.append(("signals", SignalFeatures(weight=self.signal_weight)))
        if self.encoder_weight:
            from detector.encoder import SentenceEncoderFeatures

            parts.append(("encoder", SentenceEncoderFeatures(weight=self.encoder_weight)))
        return FeatureUnion(parts)

    def fit(self, texts: Sequence[str], categories: Sequence[str],
            sample_weight: Sequence[float] | None = None) -> Detector:
        """Learn from posts and their categories (scam or not follows from the category).

        `sample_weight` weighs each post in both regressions: training balances sources with it, so
        that thousands of imported English SMS do not drown a few hundred posts of another genre.

        Raises
        ------
        ValueError
            When a category is unknown or a class has fewer than 5 examples.
        """
        unknown = sorted(set(categories) - set(CATEGORIES))
        if unknown:
            raise ValueError(f"unknown categories {unknown}; expected one of {list(CATEGORIES)}")
        if len(texts) != len(categories):
            raise ValueError(f"got {len(texts)} texts and {len(categories)} categories")
        y_scam = np.asarray([c in SCAM_CATEGORIES for c in categories], dtype=int)
        if min(np.bincount(y_scam, minlength=2)) < 5:
            raise ValueError("need at least 5 scam and 5 benign posts to fit")
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        if weights is not None and (weights.shape != (len(texts),) or (weights < 0).any()):
            raise ValueError(f"sample_weight must hold {len(texts)} non-negative numbers, got shape {weights.shape}")
        clean = [normalize(t) for t in texts]
        self.features_ = self._features()
        X = self.features_.fit_transform(clean)
        base = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000, random_state=self.random_state)
        self.scam_model_ = CalibratedClassifierCV(base, method=self.calibration, cv=5).fit(
            X, y_scam, sample_weight=weights)
        self.category_model_ = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000,
                                                  random_state=self.random_state).fit(
            X, list(categories), sample_weight=weights)
        self.classes_ = np.asarray(self.category_model_.classes_)
        return self

    def _transform(self, texts: Sequence[str]) -> sp.csr_matrix:
        return self.features_.transform([normalize(t) for t in texts])

    def predict_proba(self, texts: Sequence[str] | str) -> np.ndarray:
        """Calibrated probability that each post is a lure."""
        texts = [texts] if isinstance(texts, str) else texts
        return self.scam_model_.predict_proba(self._transform(texts))[:, 1]

    def predict(self, texts: Sequence[str] | str) -> list[Prediction]:
        """Score, flag, category and red-flag evidence for each post (see `make_predictions`)."""
        texts = [texts] if isinstance(texts, str) else texts
        clean = [normalize(t) for t in texts]
        scans = [scan(t, normalized=True) for t in clean]
        X = self._featurize(clean, scans)
        return make_predictions(self.scam_model_.predict_proba(X)[:, 1], self.category_model_.predict_proba(X),
                                self.classes_, scans, threshold=self.threshold)

    def _featurize(self, clean: list[str], scans: list[SignalScan]) -> sp.csr_matrix:
        """`features_.transform`, with the signal block built from the scans the evidence also uses."""
        return self.featurize_with(clean, scans, [])[0]

    def featurize_with(self, clean: list[str], scans: list[SignalScan], others: Sequence[object],
                       ) -> tuple[sp.csr_matrix, list[sp.csr_matrix]]:
        """`_featurize`, and `others` (more vectorizers) transforming `clean` too: posts analyzed once
        for every vectorizer that shares an analyzer (see `transform_shared`)."""
        parts = [part for _, part in self.features_.transformer_list]
        vectorizers = [part for part in parts if not isinstance(part, SignalFeatures)]
        matrices = iter(transform_shared([*vectorizers, *others], clean))
        blocks = [part.transform_scans(scans) if isinstance(part, SignalFeatures) else next(matrices)
                  for part in parts]
        return sp.csr_matrix(sp.hstack(blocks, format="csr")), list(matrices)
