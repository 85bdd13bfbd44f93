"""Every session key the dashboard uses, the store shared by all sessions of the server, and the
address bar's query parameters (which page, post, campaign and Queue slice a link opens)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import date
from typing import Any

import streamlit as st

from detector.lang import LANGUAGES
from detector.taxonomy import CATEGORIES
from review import PostStore, StoreError
from review.queue import QUEUE_ORDERS, QUEUE_STATUSES, Slice, check_search

USER, ROLE, CURRENT_POST, QUEUE_PAGE = "user", "role", "current_post", "queue_page"
# The sign-in session: its token (server side only), whether the browser got its cookie, and that
# the browser's cookie must be cleared (after signing out).
SESSION_TOKEN, COOKIE_SET, FORGET_COOKIE = "session_token", "cookie_set", "forget_cookie"
# PAGE is the navigation widget's own key; a page asks for another through GOTO, which the router
# applies before it draws the widget (a widget's value cannot change once it is drawn in a run).
PAGE, GOTO = "page", "goto"
# The Queue's filters and order (a `review.queue.Slice`), kept whatever page is shown (the Queue's
# widgets lose their state when another page is drawn): Review works through the same slice.
SLICE = "slice"
# Review's walk through the slice in this session: the posts skipped (never offered again until the
# list is cleared), the posts shown before (Previous), and this session's own decisions, newest
# last, as (post id, review version), which Undo takes back one at a time.
SKIPPED, HISTORY, UNDO = "skipped", "history", "undo"
# Which view of the review page is on screen, counted up each time it moves to another post: an
# action (key or button) applies only in the view that drew it, so a key pressed while the page
# changes posts, or pressed twice, is dropped rather than applied to the next post.
VIEW = "review_view"
# Review's look-ahead: while a post is on screen, the post that follows it in the slice and how many
# will be left are computed in the background (dashboard.review_page._look_ahead), and what the next
# view can use of them (its post id and the count).
AHEAD, LEFT = "review_ahead", "review_left"
# The claim this session holds (a `review.assignment.Claim`): the post on screen in Review, and no
# other (claimed when shown, released when the page moves to another post).
CLAIM = "review_claim"
# A message for the review page's next run (an action refused by the store).
NOTICE = "review_notice"
# Whether this session has opened the link it was started with (once, after signing in).
LINK_OPENED = "link_opened"
# The Campaigns page's choice of campaign (its selectbox's key), set by a link to a campaign.
CAMPAIGN_CHOICE = "c_open"

# Query parameters of a slice, by `Slice` field (dates as YYYY-MM-DD; the "waiting for me" filter as
# ``waiting=me``: whoever opens the link, the posts waiting for them).
URL_NAMES = {"order": "order", "category": "category", "lang": "lang", "platform": "platform", "status": "status",
             "min_score": "min", "max_score": "max", "search": "q", "posted_from": "from", "posted_to": "to",
             "waiting": "waiting"}
WAITING_FOR_ME = "me"


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


def new_view() -> int:
    """Count a new view of the review page (see `VIEW`); its number."""
    view = int(get(VIEW, 0)) + 1
    set_(VIEW, view)
    return view


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


def current_slice() -> Slice:
    """The slice the Queue shows and Review works through (all flagged posts by score at first)."""
    chosen = get(SLICE)
    return chosen if isinstance(chosen, Slice) else Slice()


def slice_params(chosen: Slice) -> dict[str, str]:
    """A slice as query parameters, only those that filter something.

    Example
    -------
    >>> slice_params(Slice(lang="ar", min_score=0.5, waiting=True))
    {'lang': 'ar', 'min': '0.5', 'waiting': 'me'}
    """
    default = Slice()
    return {URL_NAMES[f.name]: (value.isoformat() if isinstance(value, date) else WAITING_FOR_ME
                                if value is True else str(value))
            for f in fields(Slice) if (value := getattr(chosen, f.name)) != getattr(default, f.name)}


def slice_from_params(params: Mapping[str, str]) -> tuple[Slice, list[str]]:
    """The slice query parameters name, and the names of those left out because their value is not
    one the Queue offers (never their value: it is whatever the link said); other parameters are not
    looked at.

    Example
    -------
    >>> chosen, ignored = slice_from_params({"lang": "ar", "status": "unreviewed", "order": "newest"})
    >>> chosen.lang, chosen.status, chosen.order, ignored
    ('ar', 'unreviewed', 'score', ['order'])
    """
    values: dict[str, Any] = {}
    ignored = []
    choices: dict[str, tuple[str, ...]] = {"order": QUEUE_ORDERS, "category": CATEGORIES, "lang": tuple(LANGUAGES),
                                          "status": QUEUE_STATUSES}
    for name, param in URL_NAMES.items():
        raw = params.get(param)
        if raw is None or raw == "":
            continue
        try:
            if name in choices:
                if raw not in choices[name]:
                    raise ValueError(raw)
                values[name] = raw
            elif name in ("min_score", "max_score"):
                score = float(raw)
                if not 0.0 <= score <= 1.0:
                    raise ValueError(raw)
                values[name] = score
            elif name in ("posted_from", "posted_to"):
                values[name] = date.fromisoformat(raw)
            elif name == "search":
                check_search(raw)
                values[name] = raw
            elif name == "waiting":
                if raw != WAITING_FOR_ME:
                    raise ValueError(raw)
                values[name] = True
            else:  # platform: compared for equality, never interpreted
                if len(raw) > 100 or "\x00" in raw:
                    raise ValueError(raw)
                values[name] = raw
        except (ValueError, StoreError):
            ignored.append(param)
    if values.get("min_score", 0.0) > values.get("max_score", 1.0):
        del values["min_score"]
        ignored.append("min")
    return Slice(**values), ignored


def open_link(pages: list[str]) -> list[str]:
    """Once per session, after signing in: open what the address bar names (``page``, ``post``,
    ``campaign`` and a Queue slice); returns the names of the parameters left out."""
    if get(LINK_OPENED):
        return []
    set_(LINK_OPENED, True)
    params = {name: st.query_params.get(name) or "" for name in st.query_params}
    chosen, ignored = slice_from_params(params)
    set_(SLICE, chosen)
    if params.get("page") in pages:
        go_to(params["page"])
    elif params.get("page"):
        ignored.append("page")
    if post := params.get("post"):
        if post.isdigit() and len(post) < 19:
            set_(CURRENT_POST, int(post))
        else:
            ignored.append("post")
    if campaign := params.get("campaign"):
        if len(campaign) <= 100 and campaign.isprintable():
            set_(CAMPAIGN_CHOICE, campaign)
        else:
            ignored.append("campaign")
    return ignored


def link(page: str, **more: str | int) -> dict[str, str]:
    """The query parameters that open `page` (with `more`, e.g. ``post=12``) on this session's slice."""
    return {"page": page, **slice_params(current_slice()), **{k: str(v) for k, v in more.items()}}


def link_extras(page: str) -> dict[str, str | int]:
    """What a link to `page` names beside the page and the slice: Review's post, Campaigns' campaign."""
    if page == "Review" and get(CURRENT_POST) is not None:
        return {"post": int(get(CURRENT_POST))}
    if page == "Campaigns" and get(CAMPAIGN_CHOICE):
        return {"campaign": str(get(CAMPAIGN_CHOICE))}
    return {}


def show_in_url(page: str, **more: str | int) -> None:
    """Put what is on screen in the address bar: the page, the slice, and `more`; a copied address
    opens the same view."""
    wanted = link(page, **more)
    if {name: st.query_params.get(name) for name in st.query_params} != wanted:
        st.query_params.from_dict(wanted)
