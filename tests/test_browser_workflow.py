"""Second opinions, rendering and the overview in a real browser: headless Chromium (Debian's, driven
by Playwright) against the dashboard served by `streamlit run`. An Arabic post reads right to left with
its phone number's digit groups in order, its hidden characters drawn as tags, a long post scrolls in
its box; an admin settles a disagreement with one key; screenshots of the Overview, Adjudication and
My reviews pages go to `out/screenshots/` (or $VIGIE_ARTIFACTS_DIR)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from detector.readers import Post
from review import PostStore
from tests.conftest import serve_dashboard
from tests.test_browser import _idle, _shot

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "mot de passe solide"
# An Arabic lure with a right-to-left override hiding a reversed number, a zero-width space, a phone
# number, and enough lines to be longer than any screen.
ARABIC = ("مطلوب بنات للشغل في دبي، الفيزا والتذكرة علينا. إدفَعي حقّ الملف 75 الف فرنك.\n"
          "واتساب +237 699 00 41 27 \u202e5867 009 996\u202c فو\u200bرا\n"
          + "\n".join(f"سطر {i}: راتب كبير وسكن مجاني" for i in range(1, 120)))

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Debian's chromium (.ci/run installs it)")]
playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[tuple[str, PostStore]]:
    folder = tmp_path_factory.mktemp("served_workflow")
    url = f"sqlite:///{folder / 'vigie.db'}"
    store = PostStore(url)
    store.ingest([Post("ar1", ARABIC, 1, date="2026-06-01T10:00:00")],
                 [{"scam_score": 0.99, "flagged": True, "category": "fake_job", "lang": "ar", "model": "m@test",
                   "signals": [{"name": "upfront_fee", "evidence": "ادفعي حق الملف"}], "impersonates": None}])
    texts = [f"Recrutement {i} au Qatar, visa offert, frais de dossier {i}0 000 FCFA" for i in range(8)]
    store.ingest([Post(f"f{i}", t, i, date=f"2026-{6 + i % 5:02d}-{2 + 3 * i:02d}T10:00:00")
                  for i, t in enumerate(texts)],
                 [{"scam_score": 0.9 - i / 100, "flagged": True, "category": "fake_job",
                   "lang": ["fr", "en", "pcm", "es", "pt", "ar", "fr", "en"][i], "model": "m@test",
                   "signals": [{"name": "upfront_fee", "evidence": "frais de dossier"}], "impersonates": None}
                  for i in range(8)])
    for user, role in (("awa", "analyst"), ("ben", "analyst"), ("chef", "admin")):
        store.add_user(user, PASSWORD, role, actor="test")
    for post_id, a, b in ((2, "fake_job", "legit_job"), (3, "fake_job", "fake_job"), (4, "other_scam", "fake_job")):
        store.review(post_id, "awa", a)
        store.review(post_id, "ben", b)
    with serve_dashboard(folder, url) as base:
        yield base, store
    store.close()



@pytest.fixture
def page(served) -> Iterator[object]:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        yield page
        browser.close()


def _login(page, base: str, user: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(base)
    page.get_by_role("textbox", name="Username").fill(user)
    page.get_by_role("textbox", name="Password").fill(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Queue").wait_for(timeout=30_000)
    _idle(page)


def _open(page, name: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_test_id("stSidebar").get_by_text(name, exact=True).click()
    page.get_by_role("heading", name=name, exact=True).wait_for(timeout=30_000)
    _idle(page)


def test_browser_workflow_arabic_post_right_to_left_hidden_characters_tagged_long_post_scrolls(served, page):
    base, _ = served
    _login(page, base, "awa")
    page.get_by_test_id("stSidebar").get_by_text("Review", exact=True).click()
    page.get_by_role("heading", name="Post 1", exact=True).wait_for(timeout=30_000)
    box = page.locator(".vigie-post")
    box.wait_for(timeout=30_000)
    _idle(page)
    _shot(page, "review_arabic")
    assert box.get_attribute("dir") == "auto" and box.evaluate("e => getComputedStyle(e).direction") == "rtl"
    # The override and the zero-width space are tags, never the characters themselves.
    assert page.locator(".vigie-post .hidden-char").all_text_contents() == ["[RLO]", "[PDF]", "[ZWSP]"]
    assert "\u202e" not in box.text_content() and "\u200b" not in box.text_content()
    # The phone number reads left to right: its first digit is drawn left of its last.
    phone = page.locator(".vigie-post mark.phone").first
    assert phone.text_content() == "+237 699 00 41 27" and phone.get_attribute("dir") == "ltr"
    first_left, last_left = phone.evaluate("""m => {
        const node = m.firstChild, r = document.createRange();
        r.setStart(node, 1); r.setEnd(node, 2); const a = r.getBoundingClientRect().left;
        r.setStart(node, node.length - 1); r.setEnd(node, node.length); return [a, r.getBoundingClientRect().left];
    }""")
    assert first_left < last_left
    # Evidence in folded spelling, marked in the Arabic as written.
    assert page.locator(".vigie-post mark.signal").first.text_content().startswith("إدفَعي حقّ الملف")
    # A long post scrolls in its box: the decision buttons stay near the top of the page.
    assert box.evaluate("e => e.scrollHeight > e.clientHeight + 100")
    assert page.get_by_role("button", name="Save review").bounding_box()["y"] < 2000


def test_browser_workflow_admin_settles_a_disagreement_with_one_key(served, page):
    base, store = served
    _login(page, base, "chef")
    _open(page, "Adjudication")
    page.get_by_role("heading", name="Disagreements: 2").wait_for(timeout=30_000)
    page.get_by_role("button", name="1: fake_job (awa)").wait_for(timeout=30_000)
    _shot(page, "adjudication")
    page.evaluate("document.activeElement && document.activeElement.blur()")
    page.keyboard.press("1")
    page.get_by_text("Post 2 adjudicated: fake_job").wait_for(timeout=30_000)
    assert store.agreement(2) == "adjudicated" and store.conflicts() == [4]
    assert [e["actor"] for e in store.audit_log(post_id=2) if e["action"] == "adjudicate"] == ["chef"]


def test_browser_workflow_overview_and_my_reviews(served, page):
    base, _ = served
    _login(page, base, "ben")
    _open(page, "Overview")
    page.locator(".vega-embed canvas, .vega-embed svg").nth(1).wait_for(timeout=30_000)
    page.get_by_text("Krippendorff's α (labels)").wait_for(timeout=30_000)
    page.get_by_role("heading", name="Flagged posts per week, by category").wait_for(timeout=30_000)
    _idle(page)
    _shot(page, "overview_agreement")
    _open(page, "My reviews")
    page.get_by_role("button", name="Download these reviews (CSV)").wait_for(timeout=30_000)
    page.get_by_text("3 reviews by ben").wait_for(timeout=30_000)
    _shot(page, "my_reviews")
