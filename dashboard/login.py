"""Signing in and out: the login form (the only thing a visitor who is not signed in sees), and the
session cookie that keeps a browser signed in across page reloads.

The cookie holds a random token; the store keeps its hash, its user and its expiry, so a token is
checked against the database on every new connection and dies on sign-out, password reset or
expiry. Streamlit cannot set cookies from the server, so a small component sets it in the browser
(`SameSite=Strict`, `Secure` over HTTPS; not HttpOnly, which only a server can set: post text is
never rendered as HTML, which is what keeps scripts from reading it).
"""

from __future__ import annotations

import streamlit as st

from dashboard import state
from dashboard.post_view import escape_markdown
from review import SESSION_HOURS, AuthError

COOKIE = "vigie_session"

_SET_COOKIE_JS = """
export default function (component) {
  const { data } = component;
  const secure = window.location.protocol === "https:" ? "; Secure" : "";
  const value = data.token ? data.token : "";
  document.cookie = `${data.name}=${value}; Path=/; Max-Age=${data.token ? data.max_age : 0}; SameSite=Strict${secure}`;
}
"""
_set_cookie = st.components.v2.component("vigie_session_cookie", js=_SET_COOKIE_JS)


def render() -> None:
    if state.get(state.FORGET_COOKIE):
        _set_cookie(data={"name": COOKIE, "token": None}, key="session_cookie", height=0)
    st.title("Vigie")
    st.caption("Anti-trafficking committee: review of flagged posts. Sign in to continue.")
    with st.form("login"):
        username = st.text_input("Username", key="login_username")
        password = st.text_input("Password", type="password", key="login_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        store = state.store()
        try:
            role = store.authenticate(username.strip(), password)
        except AuthError as err:  # the lockout message names the username as typed: no Markdown
            st.error(escape_markdown(str(err)))
            return
        state.sign_in(username.strip(), role, store.open_session(username.strip()))
        store.record(username.strip(), "login")
        st.rerun()


def signed_in() -> bool:
    """Whether this connection is signed in, checked on every run: its session must still be live
    in the store (sign-out elsewhere, a password reset or expiry end it at the next click; a role
    change applies at once), or the browser's cookie must hold a live one."""
    if token := state.get(state.SESSION_TOKEN):
        user = state.store().session_user(token)
        if user is not None:
            state.set_(state.USER, user[0])
            state.set_(state.ROLE, user[1])
            return True
        state.log_out()
    return resume_from_cookie()


def resume_from_cookie() -> bool:
    """Sign this connection in from the browser's session cookie, if it holds a live session."""
    token = st.context.cookies.get(COOKIE)
    if not isinstance(token, str) or not token or state.get(state.FORGET_COOKIE):
        return False
    user = state.store().session_user(token)
    if user is None:
        return False
    state.sign_in(*user, token, cookie_set=True)
    return True


def keep_cookie() -> None:
    """Give the browser its session cookie, once, on the first page after signing in."""
    if state.get(state.SESSION_TOKEN) and not state.get(state.COOKIE_SET):
        _set_cookie(data={"name": COOKIE, "token": state.get(state.SESSION_TOKEN),
                          "max_age": int(SESSION_HOURS * 3600)}, key="session_cookie", height=0)
        state.set_(state.COOKIE_SET, True)


def sign_out() -> None:
    """End the session in the store (the cookie's token is dead from now on) and clear the cookie."""
    if token := state.get(state.SESSION_TOKEN):
        state.store().close_session(token)
    state.store().record(str(state.get(state.USER)), "logout")
    state.log_out()
    state.set_(state.FORGET_COOKIE, True)
