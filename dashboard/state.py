"""Every session key the dashboard uses, and the store shared by all sessions of the server."""

from __future__ import annotations

from typing import Any

import streamlit as st

from review import PostStore

USER, ROLE, CURRENT_POST, QUEUE_PAGE = "user", "role", "current_post", "queue_page"
# The sign-in session: its token (server side only), whether the browser got its cookie, and that
# the browser's cookie must be cleared (after signing out).
SESSION_TOKEN, COOKIE_SET, FORGET_COOKIE = "session_token", "cookie_set", "forget_cookie"
# PAGE is the navigation widget's own key; a page asks for another through GOTO, which the router
# applies before it draws the widget (a widget's value cannot change once it is drawn in a run).
PAGE, GOTO = "page", "goto"
# The `shown` tokens (post, suggestion, review version) the review page has saved a decision for:
# a repeated key for one of them is ignored (dashboard.review_page).
DECIDED = "decided"


@st.cache_resource
def store() -> PostStore:
    """One store (one connection pool) per server process; URL from VIGIE_DATABASE_URL."""
    return PostStore()


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def set_(key: str, value: Any) -> None:
    st.session_state[key] = value


def go_to(page: str) -> None:
    set_(GOTO, page)


def is_admin() -> bool:
    return bool(get(ROLE) == "admin")


def sign_in(user: str, role: str, token: str, *, cookie_set: bool = False) -> None:
    set_(USER, user)
    set_(ROLE, role)
    set_(SESSION_TOKEN, token)
    set_(COOKIE_SET, cookie_set)
    set_(FORGET_COOKIE, False)


def log_out() -> None:
    for key in list(st.session_state):
        del st.session_state[key]
