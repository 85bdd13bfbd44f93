"""The login form: the only thing a visitor who is not logged in can see."""

from __future__ import annotations

import streamlit as st

from dashboard import state
from detector.store import AuthError


def render() -> None:
    st.title("Vigie")
    st.caption("Anti-trafficking committee: review of flagged posts. Sign in to continue.")
    with st.form("login"):
        username = st.text_input("Username", key="login_username")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        try:
            role = state.store().authenticate(username.strip(), password)
        except AuthError as err:
            st.error(str(err))
            return
        state.set_(state.USER, username.strip())
        state.set_(state.ROLE, role)
        state.store().record(username.strip(), "login")
        st.rerun()
