"""The score contract: the one record `vigie score` writes for each scored post, as the single-process
engine, the Ray engine, the review store's ingest and the dashboard read it.

A record is a plain JSON object, written with its keys in this order; `ScoreRecord` types it (a
`TypedDict`: the records stay the dicts `json.dumps` writes, at no conversion cost) and
`score_record` is the one place that builds one.

Example
-------
>>> record = score_record(id="p1", scam_score=0.91234567, flagged=True, category="fake_job", lang="fr",
...                       signals=[SignalEvidence(name="upfront_fee", evidence="frais de dossier")],
...                       impersonates=None, model="default@1", model_sha256="ab12")
>>> list(record)
['id', 'scam_score', 'flagged', 'category', 'lang', 'signals', 'impersonates', 'model', 'model_sha256']
>>> record["scam_score"]
0.912346
"""

from __future__ import annotations

from typing import TypedDict


class SignalEvidence(TypedDict):
    """One signal of a scored post: its name and the words that raised it."""

    name: str
    evidence: str


class ScoreRecord(TypedDict):
    """One scored post (see the README's output contract).

    `scam_score` is rounded to 6 decimals; `impersonates` names the public figure or institution the
    post impersonates, or is None; `model` is the model's name@version and `model_sha256` its content hash.
    """

    id: str
    scam_score: float
    flagged: bool
    category: str
    lang: str
    signals: list[SignalEvidence]
    impersonates: str | None
    model: str
    model_sha256: str


def score_record(*, id: str, scam_score: float, flagged: bool, category: str, lang: str,  # noqa: A002
                 signals: list[SignalEvidence], impersonates: str | None, model: str,
                 model_sha256: str) -> ScoreRecord:
    """A `ScoreRecord`, its keys in the contract's order and its score rounded as written."""
    return {"id": id, "scam_score": round(scam_score, 6), "flagged": flagged, "category": category, "lang": lang,
            "signals": signals, "impersonates": impersonates, "model": model, "model_sha256": model_sha256}
