"""Admin pages: the model (card, metrics, export of reviews, retraining) and the accounts.

Each page checks the role itself: the router only offers these pages to admins, and a session
that asks for one anyway (a tampered session key) gets a refusal, not the page.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import streamlit as st

from dashboard import state
from dashboard.tables import show_table
from detector.settings import REPO_ROOT, settings
from review import ROLES, StoreError
from training.promotion import retrain_running

# Where this deployment keeps its models (VIGIE_MODELS_DIR), the committee's exported reviews
# (VIGIE_REVIEWS_DIR), the corpus retraining learns from and whose test split judges a candidate
# (VIGIE_CORPUS_DIR), and the retraining's log (in VIGIE_DATA_DIR): `detector.settings`, read at each
# use rather than when the page is imported.


def retrain_log() -> Path:
    """The log of the server's last retraining."""
    return settings().data_dir / "retrain.log"


class RetrainJob:
    """The one retraining this server runs at a time (shared by every session of the server); across
    processes, `vigie retrain`'s lock on the models folder (`training.promotion.retrain_lock`) refuses a
    second one."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.started_by = ""

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def start(self, admin: str) -> None:
        config, log_path = settings(), retrain_log()
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("w", encoding="utf-8") as log:
            self.process = subprocess.Popen(
                # Without the real-post suite: cross-fitting every public set would take most of an hour
                # on a small server; the promotion rule needs only the test split and held-back reviews.
                [sys.executable, "-m", "commands.main", "retrain", "--models", str(config.models_dir), "--data",
                 str(config.corpus_dir), "--reviews", str(config.reviews_dir), "--no-external"],
                stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT, start_new_session=True)
        self.started_by = admin


@st.cache_resource
def retrain_job() -> RetrainJob:
    return RetrainJob()


def _admin_only() -> bool:
    if state.is_admin():
        return True
    st.error("This page is for administrators.")
    state.store().record(str(state.get(state.USER)), "denied", page="admin")
    return False


def model_page() -> None:
    if not _admin_only():
        return
    st.header("Model")
    config = settings()
    model_dir = config.default_model
    metrics_path, manifest_path = model_dir / "metrics.json", model_dir / "manifest.json"
    if metrics_path.is_file() and manifest_path.is_file():
        metrics = json.loads(metrics_path.read_text(encoding="utf-8"))
        version = json.loads(manifest_path.read_text(encoding="utf-8"))["version"]
        st.caption(f"current model {version} ({model_dir}), measured on the corpus's test split")
        cols = st.columns(4)
        for col, key in zip(cols, ("precision", "recall", "f1", "pr_auc"), strict=True):
            col.metric(f"test {key}", f"{metrics['test']['overall'][key]:.3f}")
    card = model_dir / "README.md"
    with st.expander("Model card", expanded=False):
        # The card is the project's own Markdown (written by `vigie train`), not post text.
        st.markdown(card.read_text(encoding="utf-8") if card.is_file() else "no model card")
    st.subheader("Reviewed examples")
    if st.button(f"Export settled reviews to {config.reviews_dir}", key="admin_export"):
        from training.retrain import export_reviews

        path, count = export_reviews(state.store(), config.reviews_dir, actor=str(state.get(state.USER)))
        st.success(f"exported {count} review(s) to {path}" if path else "no new settled review to export")
    st.subheader("Retraining")
    job = retrain_job()
    if job.running():
        st.info(f"retraining started by {job.started_by} is running")
        _live_progress()
        return
    if retrain_running(config.models_dir):
        # Started by `vigie retrain` or by another server on the same models folder: its lock says so.
        st.info(f"a retraining started outside this server is running on {config.models_dir}")
        return
    if st.button("Retrain on corpus + reviews", key="admin_retrain"):
        job.start(str(state.get(state.USER)))
        state.store().record(str(state.get(state.USER)), "retrain", log=str(retrain_log()))
        st.rerun()
    decision = _last_decision()
    if decision:
        st.text(f"Last decision: {'promoted' if decision['promoted'] else 'not promoted'} · {decision['rule']}")
        if decision.get("reason"):
            st.caption(decision["reason"])
        show_table(decision_rows(decision))
    if retrain_log().is_file():
        with st.expander("Log of the last retraining"):
            st.text(_log_tail())


@st.fragment(run_every=2)
def _live_progress() -> None:
    """The retraining's log, refreshed every 2 s; the whole page reloads when it ends."""
    if not retrain_job().running():
        st.rerun(scope="app")
    st.text(_log_tail())


def _log_tail(lines: int = 15) -> str:
    return "\n".join(retrain_log().read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _last_decision() -> dict[str, Any] | None:
    """The newest retraining decision: in the promoted model, or in the candidate that was not."""
    models = settings().models_dir
    files = [f for f in (models / "default" / "retrain.json", models / "candidates" / "default" / "retrain.json")
             if f.is_file()]
    if not files:
        return None
    return dict(json.loads(max(files, key=lambda f: f.stat().st_mtime).read_text(encoding="utf-8")))


def decision_rows(decision: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per model and per set it was judged on (the corpus's test split, the held-back
    reviewed posts); a decision written before held-back reviews existed has one row per model."""
    rows = []
    for role in ("current", "candidate"):
        entry = decision[role]
        if "test" not in entry:  # older retrain.json: test F1 and PR-AUC beside the version
            rows.append({"model": role, "set": "corpus test split", **entry})
            continue
        for key, name in (("test", "corpus test split"), ("held_back", "held-back reviewed posts")):
            if entry.get(key):
                rows.append({"model": role, "version": entry["version"], "set": name, **entry[key]})
    return rows


def users_page() -> None:
    if not _admin_only():
        return
    st.header("Accounts")
    show_table(state.store().users())
    with st.form("add_user"):
        username = st.text_input("Username", key="new_username")
        password = st.text_input("Password (10 characters or more)", type="password", key="new_password")
        role = st.selectbox("Role", ROLES, key="new_role")
        if st.form_submit_button("Create or reset", key="add_user_submit"):
            try:
                state.store().add_user(username.strip(), password, role, actor=str(state.get(state.USER)))
            except StoreError as err:
                st.error(str(err))
            else:
                st.success(f"account {username.strip()} saved")
