"""End to end in a real browser: headless Chromium (Debian's, driven by Playwright) against the
dashboard served by `streamlit run` on localhost. Screenshots of each page go to
`out/screenshots/` (or $VIGIE_ARTIFACTS_DIR) as test artifacts."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from detector.readers import Post
from review import PostStore
from tests.conftest import serve_dashboard

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(os.environ.get("VIGIE_ARTIFACTS_DIR", ROOT / "out" / "screenshots"))
XSS = "<script>alert('xss')</script><img src=x onerror=alert(1)> Bourse **gratuite**"

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)")]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect



@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, PostStore]]:
    folder = tmp_path_factory.mktemp("served")
    url = f"sqlite:///{folder / 'vigie.db'}"
    store = PostStore(url)
    texts = ["Recrutement urgent Dubaï, visa et billet offerts, frais de dossier 50 000 FCFA, inbox",
             "Bourse Canada 100% financée, frais d'inscription 25 000 FCFA par Orange Money", XSS]
    store.ingest([Post(f"b{i}", t, i) for i, t in enumerate(texts)],
                 [{"scam_score": s, "flagged": True, "category": "fake_job", "lang": "fr", "model": "default@test",
                   "signals": [{"name": "upfront_fee", "evidence": "frais de dossier"}], "impersonates": None}
                  for s in (0.97, 0.9, 0.85)])
    campaign = ["Dernières places pour Dubaï ! Contact WhatsApp +237 690 11 22 33",
                "Hôtel au Qatar recrute, envoyez CV au +237 690 11 22 33 aujourd'hui"]
    store.ingest([Post(f"c{i}", t, i, date=f"2026-11-0{i + 2}T09:00:00") for i, t in enumerate(campaign)],
                 [{"scam_score": s, "flagged": True, "category": "fake_job", "lang": "fr", "model": "default@test",
                   "signals": [], "impersonates": None} for s in (0.8, 0.75)])
    store.regroup_campaigns(actor="test")
    store.add_user("awa", "mot de passe solide", "analyst", actor="test")
    with serve_dashboard(folder, url) as base:
        yield base, store
    store.close()


@pytest.fixture
def page(served) -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.dialogs = []  # type: ignore[attr-defined]
        page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))  # type: ignore[attr-defined]
        yield page
        browser.close()


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _idle(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until Streamlit has finished the run a widget change started."""
    page.wait_for_timeout(300)
    page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000)


_KEYS_READY_JS = """() => {
  const heading = [...document.querySelectorAll('h2')].map(h => h.textContent.trim()).find(t => /^Post \\d+$/.test(t));
  return heading !== undefined && String(window.__vigieShown).startsWith(`${heading.split(' ')[1]}.`)
    && window.__vigieReadyAt !== undefined && performance.now() >= window.__vigieReadyAt;
}"""


def _settled(page) -> None:  # type: ignore[no-untyped-def]
    """Wait until the review page is drawn whole: the queue's widgets gone, the form's buttons there."""
    # While Streamlit reruns, a stale copy of an element can stand beside the new one: count, not wait_for.
    expect(page.get_by_role("button", name="Review this post")).to_have_count(0, timeout=30_000)
    expect(page.get_by_role("button", name="Save review")).to_have_count(1, timeout=30_000)
    # Keys decide once the post has been on screen a moment (dashboard.review_page.DWELL_MS), and only
    # once the key handler knows the post on screen: under load its heading can be drawn first.
    page.wait_for_function(_KEYS_READY_JS, timeout=30_000)


def _login(page, base: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base)
    page.get_by_role("textbox", name="Username").fill("awa")
    page.get_by_role("textbox", name="Password").fill("mot de passe solide")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Queue").wait_for(timeout=30_000)
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)  # the queue's table drawn
    _idle(page)


def test_browser_login_queue_and_keyboard_review(served, page):
    base, store = served
    page.goto(base)
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    _shot(page, "login")
    assert page.get_by_role("heading", name="Queue").count() == 0
    _login(page, base)
    _shot(page, "queue")
    page.get_by_role("button", name="Review this post").click()
    page.get_by_role("heading", name="Post 1").wait_for(timeout=30_000)
    _settled(page)
    _shot(page, "review")
    # Evidence is marked inside the post (the component's shadow DOM; Playwright's CSS selectors pierce it).
    assert page.locator("mark.signal").first.text_content() == "frais de dossier"
    assert page.locator("mark.signal").first.get_attribute("data-label") == "upfront_fee"
    note = page.get_by_role("textbox", name="Note")
    note.click()
    page.keyboard.type("même numéro que la campagne Dubaï")
    page.keyboard.press("Enter")  # Enter submits the review form
    page.get_by_role("heading", name="Post 2").wait_for(timeout=30_000)
    reviews = store.post(1)["reviews"]
    assert [(r.analyst, r.note) for r in reviews] == [("awa", "même numéro que la campagne Dubaï")]
    _settled(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")  # keys go to the app, not a field
    page.keyboard.press("s")  # one key: confirm the lure in its suggested category
    page.get_by_role("heading", name="Post 3").wait_for(timeout=30_000)
    assert [(r.label, r.status) for r in store.post(2)["reviews"]] == [("fake_job", "submitted")]
    _settled(page)
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("2")  # one key: a lure, as the second scam category
    page.get_by_role("heading", name="Post 4").wait_for(timeout=30_000)
    assert [(r.label, r.status) for r in store.post(3)["reviews"]] == [("fake_scholarship", "submitted")]


def test_browser_post_text_is_shown_never_run(served, page):
    base, _ = served
    _login(page, base)
    page.get_by_role("textbox", name="Search text, phone number, link, @handle or post id").fill("onerror")
    page.keyboard.press("Enter")
    _idle(page)
    _shot(page, "queue_search")
    page.get_by_test_id("stSelectbox").last.click()  # "Open post", the last choice on the page
    page.get_by_role("option", name="3", exact=True).click()
    _idle(page)
    page.get_by_role("button", name="Review this post").click()
    page.get_by_role("heading", name="Post 3").wait_for(timeout=30_000)
    _settled(page)
    _shot(page, "review_markup_post")
    assert page.get_by_text("<script>alert('xss')</script>", exact=False).count() >= 1
    assert page.locator("img[src='x']").count() == 0 and page.dialogs == []  # type: ignore[attr-defined]
    assert page.locator(".vigie-post script, .vigie-post img").count() == 0
    assert page.locator(".vigie-post").text_content() == XSS


def test_browser_campaign_labelled_in_one_action_and_overview(served, page):
    base, store = served
    _login(page, base)
    page.get_by_text("Campaigns", exact=True).click()
    page.get_by_role("heading", name="Campaigns", exact=True).wait_for(timeout=30_000)
    _idle(page)
    page.get_by_role("heading", name="Timeline of the 1 largest campaigns").wait_for(timeout=30_000)
    page.get_by_text("2 posts", exact=False).first.wait_for(timeout=30_000)  # the largest campaign is open
    page.get_by_role("button", name="Label the campaign").wait_for(timeout=30_000)
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=30_000)
    _shot(page, "campaigns")
    page.get_by_text("Yes, label all 2 posts", exact=False).click()  # labelling a campaign asks first
    page.get_by_role("button", name="Label the campaign").click()
    page.get_by_text("2 posts labelled", exact=False).wait_for(timeout=30_000)
    labelled = {store.post(i)["source_id"]: [r.label for r in store.post(i)["reviews"]] for i in (4, 5)}
    assert labelled == {"c0": ["fake_job"], "c1": ["fake_job"]}
    page.get_by_text("Overview", exact=True).click()
    page.get_by_role("heading", name="Overview").wait_for(timeout=30_000)
    _idle(page)
    page.locator(".vega-embed canvas, .vega-embed svg").nth(1).wait_for(timeout=30_000)  # both charts drawn
    page.get_by_text("Flagged posts", exact=True).wait_for(timeout=30_000)
    _idle(page)
    _shot(page, "overview")


def test_browser_stays_signed_in_across_reloads_until_signing_out(served, page):
    base, store = served
    _login(page, base)
    page.wait_for_function("() => document.cookie.includes('vigie_session=')", timeout=10_000)
    page.reload()
    page.get_by_role("heading", name="Queue").wait_for(timeout=30_000)  # no login form after a reload
    assert page.get_by_role("button", name="Sign in").count() == 0
    [cookie] = [c for c in page.context.cookies() if c["name"] == "vigie_session"]
    assert cookie["sameSite"] == "Strict" and store.session_user(cookie["value"]) == ("awa", "analyst")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    assert store.session_user(cookie["value"]) is None  # the token is dead, whatever the browser keeps
    page.wait_for_function("() => !document.cookie.includes('vigie_session=')", timeout=10_000)  # and cleared
    page.reload()
    page.get_by_role("button", name="Sign in").wait_for(timeout=30_000)
    assert page.get_by_role("heading", name="Queue").count() == 0



def _ingest_unreviewed(store: PostStore, prefix: str, n: int, top: float) -> None:
    """`n` new posts at the top of the queue, scores from `top` down (above the module's own posts)."""
    texts = [f"Offre {prefix}{i} : chauffeur à Doha, visa gratuit, frais de dossier {i + 3}5 000 FCFA"
             for i in range(n)]
    store.ingest([Post(f"{prefix}{i}", t, i) for i, t in enumerate(texts)],
                 [{"scam_score": top - i / 1000, "flagged": True, "category": "fake_job", "lang": "fr",
                   "model": "default@test", "signals": [], "impersonates": None} for i in range(n)])


def _open_review_from_sidebar(page) -> int:  # type: ignore[no-untyped-def]
    """Choose Review in the sidebar as an analyst does (a click), wait for the post; its id."""
    page.get_by_test_id("stSidebar").get_by_text("Review", exact=True).click()
    heading = page.get_by_role("heading", name=re.compile(r"^Post \d+$"))
    heading.wait_for(timeout=30_000)
    _settled(page)
    return int(heading.text_content().split()[-1])


def _moved_on(page, shown: int) -> int:  # type: ignore[no-untyped-def]
    """Wait until the page shows another post than `shown`; its id."""
    try:
        expect(page.get_by_role("heading", name=f"Post {shown}", exact=True)).to_have_count(0, timeout=30_000)
    except AssertionError:
        _shot(page, f"still_on_post_{shown}")
        raise
    heading = page.get_by_role("heading", name=re.compile(r"^Post \d+$"))
    heading.wait_for(timeout=30_000)
    return int(heading.text_content().split()[-1])


def test_browser_first_key_after_choosing_review_is_a_decision(served, page):
    base, store = served
    _ingest_unreviewed(store, "f", 2, top=0.999)
    _login(page, base)
    shown = _open_review_from_sidebar(page)
    page.keyboard.press("s")  # no click into the page first: the focus was left on the sidebar's radio
    _moved_on(page, shown)
    assert [(r.analyst, r.label, r.status) for r in store.post(shown)["reviews"]] == [("awa", "fake_job",
                                                                                         "submitted")]


def test_browser_rapid_keys_decide_only_the_post_on_screen(served, page):
    # Four quick [s] presses labelled the post on screen AND the next one, which nobody saw.
    base, store = served
    _ingest_unreviewed(store, "r", 3, top=0.9999)
    _login(page, base)
    shown = _open_review_from_sidebar(page)
    before = store.audit_log(limit=1)[0]["id"]
    page.evaluate("document.activeElement && document.activeElement.blur()")  # the race alone, not the focus
    for _ in range(4):
        page.keyboard.press("s")
    following = _moved_on(page, shown)
    _idle(page)
    page.wait_for_timeout(1500)  # any stray key's rerun has landed by now
    _idle(page)
    _settled(page)
    decisions = [(e["post_id"], e["detail"]["after"]["label"]) for e in store.audit_log(limit=20)
                 if e["id"] > before and e["action"] == "review"]
    assert decisions == [(shown, "fake_job")]  # exactly one decision, for the post on screen
    assert [(r.label, r.version) for r in store.post(shown)["reviews"]] == [("fake_job", 1)]
    assert store.post(following)["reviews"] == []  # the next post, never seen, stays unreviewed
    expect(page.get_by_role("heading", name=f"Post {following}", exact=True)).to_have_count(1)


def test_browser_a_link_opens_its_page_post_and_slice_after_signing_in(served, page):
    base, _ = served
    page.goto(f"{base}/?page=Review&post=2&lang=fr")
    page.get_by_role("textbox", name="Username").fill("awa")
    page.get_by_role("textbox", name="Password").fill("mot de passe solide")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Post 2", exact=True).wait_for(timeout=30_000)
    _settled(page)
    _shot(page, "review_from_a_link")
    page.wait_for_function("() => location.search.includes('post=2') && location.search.includes('lang=fr')",
                           timeout=10_000)  # the address bar names what is on screen
    assert page.get_by_text("left in this slice", exact=False).first.text_content().endswith("slice: lang fr")
    page.get_by_test_id("stSidebar").get_by_text("Queue", exact=True).click()
    page.get_by_role("heading", name="Queue").wait_for(timeout=30_000)
    _idle(page)
    page.wait_for_function("() => location.search.includes('page=Queue') && location.search.includes('lang=fr')",
                           timeout=10_000)
    assert page.get_by_role("combobox", name="Language").input_value() == "fr"  # the link's filter, kept
