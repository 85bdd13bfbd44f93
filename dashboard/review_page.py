"""Review: one post as plain text, the model's evidence beside it, and the analyst's decision.

The analyst works through the Queue's slice (`state.SLICE`: its filters and order), one post after
another: a key or a button decides, skips, goes back or undoes, and the next post is drawn by the
same run. The page is a fragment: a decision reruns it alone, not the router, the sidebar and the
login form around it. Every action runs as its widget's callback, before the page is drawn again,
and applies only in the view that drew it (`state.VIEW`): a key pressed while the page moves on, or
pressed twice, is dropped rather than applied to a post nobody saw.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode

import streamlit as st
from sqlalchemy.exc import SQLAlchemyError

from dashboard import login, state
from dashboard.post_view import show_post
from dashboard.tables import show_table
from detector.taxonomy import BENIGN_CATEGORIES, CATEGORIES, SCAM_CATEGORIES
from review import ConflictError, PostStore, Review, StoreError
from review.assignment import (  # the posts waiting for me: next_in_slice claims, find_in_slice does not
    LEASE_MINUTES,
    Claim,
    claim,
    find_in_slice,
    left_in_slice,
    next_in_slice,
    release,
    second_opinion_due,
)
from review.queue import Slice, StoredPost, post_campaign, undo_review
from review.tables import utcnow

# One key per label: 1-4 the lure categories, 5-8 the benign ones, in the taxonomy's order.
LABEL_KEYS = {category: str(number) for number, category in enumerate(CATEGORIES, 1)}
HISTORY_LENGTH = 200
# A post is on screen this long before a key decides it (see _FOCUS_JS): a key pressed sooner was
# meant for the post before; no analyst reads a post faster.
DWELL_MS = 200
# The claim on the post shown is renewed by the first run this long after it was taken.
RENEW_AFTER = timedelta(minutes=5)


def render() -> None:
    _review()


@st.fragment
def _review() -> None:
    if not login.signed_in():  # a fragment's own reruns skip the router, and its check
        st.rerun()
    store = state.store()
    user = str(state.get(state.USER))
    chosen = state.current_slice()
    skipped: set[int] = set(state.get(state.SKIPPED) or ())
    view = int(state.get(state.VIEW, 0))
    if notice := state.get(state.NOTICE):
        del st.session_state[state.NOTICE]
        st.text(f"⚠ {notice}")  # store messages name analysts: text, not Markdown
    post_id = state.get(state.CURRENT_POST)
    if post_id is None:
        post_id = next_in_slice(store, chosen, user, skipped=skipped)
        if post_id is None:
            _let_go(store, user)
            _nothing_left(skipped, view)
            return
        state.set_(state.CURRENT_POST, post_id)
    try:
        post = store.post(int(post_id))
    except StoreError as err:
        st.text(f"⚠ {err}")
        state.set_(state.CURRENT_POST, None)
        _navigation(None, view, skipped)
        return
    state.show_in_url("Review", post=post["id"])
    held = _hold(store, post["id"], user)
    if held.analyst != user:  # opened by a link, Go to or the Queue while another analyst has it open
        st.text(f"⚠ {held.analyst} has this post open (until {held.expires_at:%H:%M} UTC): "
                "they may be deciding it now")
    suggestion: dict[str, Any] = dict(post["suggestion"] or {})
    mine = next((r for r in post["reviews"] if r.analyst == user), None)
    # What this view shows: the post, its suggestion, my review's version and the view. Every action
    # widget's key ends with it, so a key pressed on a view the page has since left triggers a widget
    # this run does not draw, which Streamlit drops; its callback checks the view again, and the
    # store checks the post and suggestion.
    shown = f"{post['shown']}.{mine.version if mine else 0}.{view}"
    st.header(f"Post {post['id']}")
    known = state.get(state.LEFT)
    left = known[1] if known and known[0] == (post["id"], len(skipped)) else left_in_slice(store, chosen, user,
                                                                                         skipped=skipped)
    st.text(f"{left} left in this slice" + (f" ({len(skipped)} skipped)" if skipped else "")
            + f" · {_describe(state.slice_params(chosen))}")
    body, side = st.columns([3, 2])
    keys_area = st.container()  # below the columns on the page
    with body:
        show_post(post["text"], suggestion.get("signals", []), suggestion.get("impersonates"), key="post_text")
        _guard_keys(shown)
        # The keys are sent right after the post they decide on, before the slower rest of the page: a
        # key pressed once this post is on screen finds keys bound to it, not the previous post's.
        with keys_area:
            _decision_keys(post, mine, shown, view)
            _navigation(post, view, skipped, shown)
        st.caption("Amber: red-flag evidence (its signal above it) · blue: phone numbers, links, handles, "
                   "mobile money, amounts")
        st.text(f"{post['platform'] or 'unknown platform'} · {post['lang'] or '?'} · "
                f"{post['posted_at'] or 'no date'} · {post['source']} id {post['source_id']}")
        if post["author_handle"] or post["author_name"]:
            st.text(f"Author: {post['author_name'] or ''} {post['author_handle'] or ''}".strip())
    with side:
        st.metric("Model score", f"{suggestion.get('scam_score', 0):.2f}")
        st.caption(f"suggested category {suggestion.get('category', '?')} · model {suggestion.get('model', '?')}")
        evidence = [{"signal": s["name"], "evidence": s["evidence"]} for s in suggestion.get("signals", [])]
        if suggestion.get("impersonates"):
            evidence.append({"signal": "impersonates", "evidence": suggestion["impersonates"]})
        show_table(evidence or [{"signal": "—", "evidence": "no red flag found"}])
        # A second opinion is blind: the first analyst's label and note stay hidden until this one is
        # submitted (admins see both on the Adjudication page).
        blind = second_opinion_due(store, post["id"], user)
        others = [r for r in post["reviews"] if r.analyst != user]
        reviews = [{"analyst": r.analyst, "label": r.label, "status": r.status, "note": r.note}
                   for r in post["reviews"] if not blind or r.analyst == user]
        if reviews:
            show_table(reviews)
        if blind:
            st.text(f"Second opinion: {len(others)} other analyst's review hidden until you submit yours")
        else:
            st.caption(f"agreement: {store.agreement(post['id'])}")
        _links(store, post["id"])
    _form(post, mine, shown, view, suggestion)
    similar = store.similar(post["id"])
    if similar:
        st.subheader("Posts sharing a phone number, link or handle")
        show_table(similar)
    _look_ahead(chosen, user, skipped, post["id"])


def _decision_keys(post: StoredPost, mine: Review | None, shown: str, view: int) -> None:
    """One key per decision: s confirms the suggested category, 1-8 label the post with one category
    each (1-4 lures, 5-8 benign); the form below adds a note or saves a draft."""
    suggested = post["suggestion"]["category"] if post["suggestion"] else None
    version = mine.version if mine else 0
    note = mine.note if mine else ""
    scam, benign = st.columns(len(SCAM_CATEGORIES) + 1), st.columns(len(BENIGN_CATEGORIES) + 1)
    if suggested in CATEGORIES:
        scam[0].button(f"s · confirm {suggested}", key=decision_key("k_scam", shown), shortcut="s", type="primary",
                       on_click=_decide, args=(view, post["id"], post["shown"], version, suggested, note, "submitted"))
    for column, category in zip([*scam[1:], *benign[1:]], CATEGORIES, strict=True):
        column.button(f"{LABEL_KEYS[category]} · {category}", key=decision_key(f"k_{category}", shown),
                      shortcut=LABEL_KEYS[category], on_click=_decide,
                      args=(view, post["id"], post["shown"], version, category, note, "submitted"))
    benign[0].caption("lures: 1–4 · benign: 5–8")


def _navigation(post: StoredPost | None, view: int, skipped: set[int], shown: str = "none") -> None:
    """Skip (n), previous (p), undo my last decision (u), go to a post by id."""
    history: list[int] = state.get(state.HISTORY) or []
    undo: list[tuple[int, int]] = state.get(state.UNDO) or []
    cols = st.columns(5)
    if post is not None:
        cols[0].button("n · skip", key=decision_key("k_skip", shown), shortcut="n", on_click=_skip,
                       args=(view, post["id"]))
    cols[1].button("p · previous", key=decision_key("k_prev", shown), shortcut="p", on_click=_previous, args=(view,),
                   disabled=not history, help="the post shown before this one")
    cols[2].button("u · undo", key=decision_key("k_undo", shown), shortcut="u", on_click=_undo, args=(view,),
                   disabled=not undo,
                   help=f"take back my decision on post {undo[-1][0]}" if undo else "no decision of mine to undo")
    if skipped:
        cols[3].button(f"clear {len(skipped)} skipped", key=decision_key("k_unskip", shown), on_click=_unskip,
                       args=(view,), help="offer the skipped posts again")
    with cols[4].form(f"goto_{view}", border=False):
        st.text_input("Go to post", key=f"goto_post_{view}", placeholder="post id")
        st.form_submit_button("Go", on_click=_go_to, args=(view,))


def _links(store: PostStore, post_id: int) -> None:
    """A link to this post (with the slice), and to its campaign where it is in one."""
    st.text("Link to this post")
    st.code(_address(state.link("Review", post=post_id)), language=None)
    if campaign := post_campaign(store, post_id):
        st.text(f"In campaign {campaign}")
        st.code(_address(state.link("Campaigns", campaign=campaign)), language=None)
        if st.button("Open its campaign", key=f"open_campaign_{post_id}"):
            state.set_(state.CAMPAIGN_CHOICE, campaign)
            state.go_to("Campaigns")
            st.rerun()


def _form(post: StoredPost, mine: Review | None, shown: str, view: int, suggestion: dict[str, Any]) -> None:
    """Any label with a note, submitted or as a draft (Enter in the note saves)."""
    labels = list(CATEGORIES)
    default = labels.index(mine.label if mine else suggestion.get("category", labels[0]))
    version = mine.version if mine else 0
    with st.form(f"review_{post['id']}"):
        st.selectbox("Label", labels, index=default, key=f"label_{post['id']}")
        st.text_input("Note", value=mine.note if mine else "", key=f"note_{post['id']}")
        cols = st.columns(3)
        cols[0].form_submit_button("Save review", type="primary", key=decision_key("save_review", shown),
                                   on_click=_decide_form, args=(view, post["id"], post["shown"], version, "submitted"))
        cols[1].form_submit_button("Save as draft", key=decision_key("save_draft", shown),
                                   on_click=_decide_form, args=(view, post["id"], post["shown"], version, "draft"))
        cols[2].form_submit_button("Skip", key=decision_key("skip_form", shown), on_click=_skip,
                                   args=(view, post["id"]))


def _nothing_left(skipped: set[int], view: int) -> None:
    st.info("Nothing left to review." + (f" {len(skipped)} post(s) skipped in this session." if skipped else ""))
    st.text(_describe(state.slice_params(state.current_slice())))
    _navigation(None, view, skipped)


def decision_key(name: str, shown: str) -> str:
    """The key of an action widget drawn for what the view shows (``k_scam@1.4.0.3``)."""
    return f"{name}@{shown}"


# -- actions: widget callbacks, run before the fragment is drawn again -----------------------------

def _current(view: int) -> bool:
    """Whether an action was drawn in the view on screen (else it is dropped)."""
    return view == int(state.get(state.VIEW, 0))


def _show(post_id: int | None, *, remember: bool = True) -> None:
    """Move to another post in a new view; the one left goes into the history (Previous)."""
    current = state.get(state.CURRENT_POST)
    if remember and current is not None and current != post_id:
        state.set_(state.HISTORY, [*(state.get(state.HISTORY) or []), int(current)][-HISTORY_LENGTH:])
    state.set_(state.CURRENT_POST, post_id)
    state.new_view()


def _following(post_id: int) -> int | None:
    """The post after `post_id` in the slice, once it is decided or skipped: the look-ahead's answer
    where it was computed for this post, slice and skip list and the post is still to decide."""
    store, chosen, user = state.store(), state.current_slice(), str(state.get(state.USER))
    skipped = set(state.get(state.SKIPPED) or ())
    pending = state.get(state.AHEAD)
    if pending is not None and pending[0] == _ahead_key(chosen, user, skipped, post_id):
        try:
            ahead: Ahead | None = pending[1].result()
        except (StoreError, SQLAlchemyError):  # looked for again below, where the error shows
            ahead = None
        if ahead is not None and (ahead.next_id is None or (_still_to_decide(store, ahead.next_id, user, chosen)
                                                            and _hold(store, ahead.next_id, user).analyst == user)):
            state.set_(state.LEFT, ((ahead.next_id, len(skipped)), ahead.left))
            return ahead.next_id
    return next_in_slice(store, chosen, user, after=post_id, skipped=skipped)


def _hold(store: PostStore, post_id: int, user: str) -> Claim:
    """Claim the post shown for `user` (renewed after `RENEW_AFTER`), letting go of the one this
    session held before: one claim per session. Returns the claim on it: theirs, or another
    analyst's (then nothing was taken)."""
    held: Claim | None = state.get(state.CLAIM)
    if (held is not None and held.post_id == post_id
            and held.expires_at - utcnow() > timedelta(minutes=LEASE_MINUTES) - RENEW_AFTER):
        return held
    _let_go(store, user, keep=post_id)
    got = claim(store, post_id, user)
    state.set_(state.CLAIM, got if got.analyst == user else None)
    return got


def _let_go(store: PostStore, user: str, *, keep: int | None = None) -> None:
    """Release the claim this session holds, unless it is on post `keep`."""
    held: Claim | None = state.get(state.CLAIM)
    if held is not None and held.post_id != keep:
        release(store, held.post_id, user)
        state.set_(state.CLAIM, None)


@dataclass(frozen=True)
class Ahead:
    """What follows a post in a slice once it is decided or skipped: the next post, and how many are left."""

    next_id: int | None
    left: int


@st.cache_resource
def _prefetcher() -> ThreadPoolExecutor:
    """Threads shared by the server's sessions for the look-ahead (database reads only)."""
    return ThreadPoolExecutor(max_workers=2, thread_name_prefix="vigie-review-ahead")


def _ahead_key(chosen: Slice, user: str, skipped: set[int], post_id: int) -> tuple[Any, ...]:
    # Skipping a post adds it to the skip list: the key leaves it out, so a skip finds the answer too.
    return chosen, user, frozenset(skipped - {post_id}), post_id


def _look_ahead(chosen: Slice, user: str, skipped: set[int], post_id: int) -> None:
    """While the analyst reads `post_id`, find in the background the post that follows it and how
    many will be left (the two slowest queries on a large store), so a decision moves on at once."""
    key = _ahead_key(chosen, user, skipped, post_id)
    pending = state.get(state.AHEAD)
    if pending is not None and pending[0] == key:
        return
    store = state.store()
    left_out = set(key[2]) | {post_id}

    def work() -> Ahead:
        # Found, not claimed: the analyst holds the post on screen only; the next one is claimed
        # when it is shown (`_following`).
        return Ahead(find_in_slice(store, chosen, user, after=post_id, skipped=left_out),
                     left_in_slice(store, chosen, user, skipped=left_out))

    future: Future[Ahead] = _prefetcher().submit(work)
    state.set_(state.AHEAD, (key, future))


def _still_to_decide(store: PostStore, post_id: int, user: str, chosen: Slice) -> bool:
    """Whether a post found ahead is still one to decide (nobody reviewed it meanwhile, or, with a
    status filter, not I); otherwise the next one is looked for again."""
    try:
        reviews = [r for r in store.post(post_id)["reviews"] if r.status == "submitted"]
    except StoreError:
        return False
    return not any(r.analyst == user for r in reviews) and (chosen.status is not None or not reviews)


def _decide(view: int, post_id: int, shown: str, version: int, label: str, note: str, status: str) -> None:
    if not _current(view):
        return
    try:
        saved = state.store().review(post_id, str(state.get(state.USER)), label, note=note, status=status,
                                     expected_version=version, shown=shown)
    except (ConflictError, StoreError) as err:
        state.set_(state.NOTICE, str(err))
        state.new_view()  # drawn again from the store: what changed is shown, the keys bound to it
        return
    state.set_(state.UNDO, [*(state.get(state.UNDO) or []), (post_id, saved.version)][-HISTORY_LENGTH:])
    held: Claim | None = state.get(state.CLAIM)
    if status == "submitted" and held is not None and held.post_id == post_id:
        state.set_(state.CLAIM, None)  # the store released it with the review
    _show(_following(post_id))


def _decide_form(view: int, post_id: int, shown: str, version: int, status: str) -> None:
    label = st.session_state.get(f"label_{post_id}")
    note = st.session_state.get(f"note_{post_id}") or ""
    if label in CATEGORIES:
        _decide(view, post_id, shown, version, str(label), str(note), status)


def _skip(view: int, post_id: int) -> None:
    if not _current(view):
        return
    state.set_(state.SKIPPED, {*(state.get(state.SKIPPED) or ()), post_id})
    _let_go(state.store(), str(state.get(state.USER)))  # skipped: another analyst may take it
    _show(_following(post_id))


def _unskip(view: int) -> None:
    if _current(view):
        state.set_(state.SKIPPED, set())
        state.new_view()


def _previous(view: int) -> None:
    history: list[int] = state.get(state.HISTORY) or []
    if not _current(view) or not history:
        return
    state.set_(state.HISTORY, history[:-1])
    _show(history[-1], remember=False)


def _undo(view: int) -> None:
    stack: list[tuple[int, int]] = state.get(state.UNDO) or []
    if not _current(view) or not stack:
        return
    post_id, version = stack[-1]
    state.set_(state.UNDO, stack[:-1])
    try:
        undo_review(state.store(), post_id, str(state.get(state.USER)), version=version)
    except (ConflictError, StoreError) as err:
        state.set_(state.NOTICE, f"not undone: {err}")
    _show(post_id)


def _go_to(view: int) -> None:
    if not _current(view):
        return
    wanted = str(st.session_state.get(f"goto_post_{view}") or "").strip().removeprefix("#")
    if not wanted.isdigit() or len(wanted) > 18:
        state.set_(state.NOTICE, "Go to post: type a post id (digits), as the Queue shows it")
        state.new_view()
        return
    try:
        state.store().post(int(wanted))
    except StoreError as err:
        state.set_(state.NOTICE, str(err))
        state.new_view()
        return
    _show(int(wanted))


# -- what the page says about itself ---------------------------------------------------------------

def _describe(params: dict[str, str]) -> str:
    """The slice in words, for the analyst (shown as text: a search is whatever was typed)."""
    words = ["waiting for me" if k == "waiting" else f"{k} {v}" for k, v in params.items()]
    return "slice: " + (", ".join(words) if words else "all flagged posts by score")


def _address(params: dict[str, str]) -> str:
    """The address of the view `params` names, on the server the browser reached."""
    try:
        here = str(st.context.url or "")
    except (AttributeError, RuntimeError):  # no browser (AppTest)
        here = ""
    return f"{here.split('?')[0]}?{urlencode(params)}"


_FOCUS_JS = """
export default function (component) {
  const { data } = component;
  // A decision key is taken only once the post has been on screen for data.dwell_ms: a key pressed
  // before was meant for the post shown before (the browser may hand it to the page only after the
  // next post is drawn, its main thread busy drawing), and nobody has read a post in less time.
  // event.timeStamp is when the key was pressed, not when the page got it.
  if (window.__vigieShown !== data.shown) {
    window.__vigieShown = data.shown;
    window.__vigieReadyAt = performance.now() + data.dwell_ms;
  }
  if (!window.__vigieKeyGuard) {
    window.__vigieKeyGuard = true;
    const dropped = new Set();  // keys whose keydown was dropped: their keyup is dropped too
    const guard = (event) => {
      const target = event.target;
      const typing = target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
      const early = window.__vigieReadyAt !== undefined && event.timeStamp < window.__vigieReadyAt;
      if (typing || !(early || (event.type === "keyup" && dropped.has(event.code)))) {
        dropped.delete(event.code);
        return;
      }
      if (event.type === "keydown") dropped.add(event.code); else dropped.delete(event.code);
      event.stopImmediatePropagation();
      event.preventDefault();
    };
    window.addEventListener("keydown", guard, { capture: true });
    window.addEventListener("keyup", guard, { capture: true });
  }
  // Choosing a page in the sidebar leaves the focus on its radio input, where Streamlit ignores
  // shortcut keys: the first decision key did nothing. The review page takes the focus back.
  const active = document.activeElement;
  if (active && active.closest && active.closest('[data-testid="stSidebar"]')) {
    active.blur();
  }
}
"""
_focus = st.components.v2.component("vigie_review_focus", js=_FOCUS_JS)


def _guard_keys(shown: str) -> None:
    """Keys go to this view only once it has been on screen `DWELL_MS`; the sidebar lets go of the focus."""
    _focus(data={"shown": shown, "dwell_ms": DWELL_MS}, key="review_focus")
