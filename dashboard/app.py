"""Vigie dashboard: routing only. Run with `streamlit run dashboard/app.py`; the store is
VIGIE_DATABASE_URL (default SQLite in ./vigie-data). Nothing but the login form is shown to a
visitor who is not logged in; admin pages are offered, and rendered, only for the admin role."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

# The pages are modules named `*_page` where a plain name would shadow another module: Streamlit puts
# this folder first on sys.path, where `queue.py` hid the standard library's `queue` and `review.py`
# the review store (`review`).
from dashboard import adjudication, admin, campaigns, login, my_reviews, overview, queue_page, review_page, state

PAGES: dict[str, Callable[[], None]] = {"Queue": queue_page.render, "Review": review_page.render,
                                        "My reviews": my_reviews.render, "Campaigns": campaigns.render,
                                        "Overview": overview.render}
ADMIN_PAGES: dict[str, Callable[[], None]] = {"Adjudication": adjudication.render, "Model": admin.model_page,
                                              "Accounts": admin.users_page}


def main() -> None:
    st.set_page_config(page_title="Vigie", layout="wide")
    if not login.signed_in():
        login.render()
        return
    login.keep_cookie()
    names = list(PAGES) + (list(ADMIN_PAGES) if state.is_admin() else [])
    # A link (page, post, campaign, Queue slice) opens what it names, once, after signing in.
    if ignored := state.open_link(names):
        st.warning("Left out of the link (not a value this dashboard offers): " + ", ".join(ignored))
    if (goto := state.get(state.GOTO)) is not None:
        del st.session_state[state.GOTO]
        if goto in names:
            state.set_(state.PAGE, goto)
    with st.sidebar:
        st.text(f"Signed in as {state.get(state.USER)} ({state.get(state.ROLE)})")
        page = st.radio("Page", names, key=state.PAGE)
        if st.button("Sign out", key="logout"):
            login.sign_out()
            st.rerun()
    state.show_in_url(page, **state.link_extras(page))
    {**PAGES, **ADMIN_PAGES}[page]()


main()
