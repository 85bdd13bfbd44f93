"""Admin pages: the model (card, metrics, export of reviews, retraining) and the accounts.

Each page checks the role itself: the router only offers these pages to admins, and a session
that asks for one anyway (a tampered session key) gets a refusal, not the page.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import streamlit as st

from dashboard import state
from detector.store import ROLES, StoreError

REPO_ROOT = Path(__file__).resolve().parent.parent
MODEL_DIR = REPO_ROOT / "models" / "default"
RETRAIN_LOG = Path("vigie-data") / "retrain.log"


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
    metrics_path = MODEL_DIR / "metrics.json"
    if metrics_path.is_file():
        test = json.loads(metrics_path.read_text(encoding="utf-8"))["test"]["overall"]
        cols = st.columns(4)
        for col, key in zip(cols, ("precision", "recall", "f1", "pr_auc"), strict=True):
            col.metric(f"test {key}", f"{test[key]:.3f}")
    card = MODEL_DIR / "README.md"
    with st.expander("Model card", expanded=False):
        # The card is the project's own Markdown (written by `vigie train`), not post text.
        st.markdown(card.read_text(encoding="utf-8") if card.is_file() else "no model card")
    st.subheader("Reviewed examples")
    if st.button("Export settled reviews to data/reviews/", key="admin_export"):
        from training.retrain import export_reviews

        path, count = export_reviews(state.store(), actor=str(state.get(state.USER)))
        st.success(f"exported {count} review(s) to {path}" if path else "no new settled review to export")
    st.subheader("Retraining")
    if st.button("Retrain on corpus + reviews", key="admin_retrain"):
        RETRAIN_LOG.parent.mkdir(parents=True, exist_ok=True)
        with RETRAIN_LOG.open("w", encoding="utf-8") as log:
            subprocess.Popen([sys.executable, "-m", "detector.cli", "retrain"], stdout=log, stderr=subprocess.STDOUT,
                             cwd=REPO_ROOT, start_new_session=True)
        state.store().record(str(state.get(state.USER)), "retrain", log=str(RETRAIN_LOG))
        st.info("retraining started")
    if RETRAIN_LOG.is_file():
        st.button("Refresh progress", key="admin_refresh")
        st.text("\n".join(RETRAIN_LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]))


def users_page() -> None:
    if not _admin_only():
        return
    st.header("Accounts")
    st.dataframe(state.store().users(), hide_index=True, width="stretch")
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
