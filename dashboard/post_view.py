"""A post as written, with its red-flag evidence and identifiers highlighted in the text.

The text reaches the browser as data: the component's script builds text nodes and `<mark>`
elements from segments (`textContent`, never `innerHTML`), so nothing in a post is read as HTML
or Markdown. Segments are cut in Python because Python indexes code points and JavaScript UTF-16
units: offsets would drift after the first emoji.

Direction: each paragraph takes the direction of its first strong letter (``dir="auto"``,
``unicode-bidi: plaintext``), so Arabic reads right to left; phone numbers, links, handles and amounts
are isolated left to right, so the digit groups of a number are never reordered.

Hidden characters (zero-width spaces and joiners, soft hyphens, the bidirectional controls such as
U+202E RIGHT-TO-LEFT OVERRIDE) are never sent to the browser as themselves: each is drawn as a visible
tag (``[RLO]``) and counted, so a post shows its text in the order it was typed, never the order a
scammer's override asks for.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Any

import streamlit as st

from detector.normalize import deobfuscate, fold_arabic, identifier_spans
from detector.signals import matchable

# When spans overlap, the first kind here wins: a red flag's evidence over an identifier inside it,
# a link over the handle or phone number inside it, an amount over the digits that look like a phone.
_PRIORITY = ("signal", "impersonates", "whatsapp", "telegram", "url", "handle", "amount", "phone", "mobile_money")
# Identifiers drawn left to right whatever the paragraph's direction (digit groups keep their order).
_LTR_KINDS = ("whatsapp", "telegram", "url", "handle", "amount", "phone", "mobile_money")

# Characters that draw nothing (or reorder what follows) and are shown as a tag instead.
HIDDEN: dict[str, str] = {
    "\u200b": "ZWSP", "\u200c": "ZWNJ", "\u200d": "ZWJ", "\u2060": "WJ", "\ufeff": "BOM", "\u00ad": "SHY",
    "\u180e": "MVS", "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM", "\u202a": "LRE", "\u202b": "RLE",
    "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI",
    "\u2069": "PDI",
}
_HIDDEN_RUN = re.compile("[" + "".join(HIDDEN) + "]")
# A leet digit or sign inside a word ("v1sa"): `detector.normalize.normalize` reads it as the letter.
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&\"'])")

_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".vigie-post");
  if (!root) {
    root = document.createElement("div");
    root.className = "vigie-post";
    root.dir = "auto";
    root.tabIndex = 0;  // a long post scrolls with the keyboard too
    parentElement.appendChild(root);
  }
  root.replaceChildren();
  const fill = (into, part) => {
    for (const run of part.runs || [{ text: part.text }]) {
      if (run.hidden) {
        const tag = document.createElement("span");
        tag.className = "hidden-char";
        tag.title = run.hidden;
        tag.textContent = run.show;
        into.appendChild(tag);
      } else {
        into.appendChild(document.createTextNode(run.text));
      }
    }
  };
  for (const part of data.segments) {
    if (!part.kind) {
      fill(root, part);
      continue;
    }
    const mark = document.createElement("mark");
    mark.className = part.kind;
    mark.title = part.label;
    mark.dataset.label = part.label;
    if (part.ltr) mark.dir = "ltr";
    fill(mark, part);
    root.appendChild(mark);
  }
}
"""
_CSS = """
.vigie-post { white-space: pre-wrap; overflow-wrap: anywhere; unicode-bidi: plaintext; text-align: start;
              font-family: var(--st-font, sans-serif); line-height: 1.7; padding: 0.75rem;
              border: 1px solid rgba(128, 128, 128, 0.35); border-radius: 0.5rem;
              color: var(--st-text-color, inherit); max-height: 26rem; overflow-y: auto; }
mark { border-radius: 0.2rem; padding: 0 0.1rem; color: inherit; }
mark[dir="ltr"] { unicode-bidi: isolate; }
mark.signal, mark.impersonates { background: rgba(255, 170, 0, 0.35); }
mark.signal::after, mark.impersonates::after { content: attr(data-label); font-size: 0.7em;
              vertical-align: super; margin-left: 0.2rem; opacity: 0.8; }
mark:not(.signal):not(.impersonates) { background: rgba(30, 144, 255, 0.25); }
.hidden-char { unicode-bidi: isolate; direction: ltr; font-size: 0.7em; font-family: monospace;
              border: 1px dashed #d55e00; border-radius: 0.2rem; padding: 0 0.15rem; margin: 0 0.05rem;
              color: #d55e00; }
"""
_component = st.components.v2.component("vigie_post_text", js=_JS, css=_CSS)


def hidden_characters(text: str) -> Counter[str]:
    """The hidden characters of `text` shown as tags (see `HIDDEN`), counted by tag; a zero-width
    joiner inside an emoji sequence (👨‍👩‍👧) and a non-joiner between two letters of one script
    (Persian spelling) are writing, not obfuscation, and are left out.

    Example
    -------
    >>> sorted(hidden_characters("vi\\u200bsa \\u202eenilno").items())
    [('RLO', 1), ('ZWSP', 1)]
    """
    return Counter(HIDDEN[text[i]] for i in _hidden_offsets(text))


def _hidden_offsets(text: str) -> list[int]:
    return [m.start() for m in _HIDDEN_RUN.finditer(text) if not _is_writing(text, m.start())]


def _is_writing(text: str, i: int) -> bool:
    before, after = text[i - 1:i], text[i + 1:i + 2]
    if not before or not after:
        return False
    if text[i] == "\u200d":
        return _pictographic(before) and _pictographic(after)
    if text[i] == "\u200c":
        return before.isalpha() and after.isalpha() and not before.isascii() and not after.isascii()
    return False


def _pictographic(ch: str) -> bool:
    return ord(ch) >= 0x1F000 or 0x2600 <= ord(ch) <= 0x27BF or ch in "\ufe0f\u2640\u2642"


@lru_cache(maxsize=4096)
def _fold_char(cluster: str) -> str:
    """One letter (with its combining marks) as the patterns see it: NFKC, homoglyphs, invisible and
    bidirectional characters dropped, Arabic variants folded, lower case, Latin accents folded, leet."""
    if _HIDDEN_RUN.fullmatch(cluster):
        return ""
    folded = matchable(fold_arabic(deobfuscate(cluster)))
    return "".join(ch for ch in folded if not ch.isspace()).translate(_LEET)


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded letter by letter (`_fold_char`), spaces and repeated letters dropped, and for each
    character of the result the offset in `text` where it came from (the end of `text` last)."""
    chars: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1  # a letter and its accents (Arabic vowel marks too) fold together
        for ch in _fold_char(text[i:j]):
            if not chars or chars[-1] != ch:  # "Visaaaa" and "visa" meet, as `normalize` makes them
                chars.append(ch)
                origin.append(i)
        i = j
    origin.append(len(text))
    return "".join(chars), origin


def locate(text: str, needle: str) -> list[tuple[int, int]]:
    """Every place in `text` (as written) where `needle` stands once both are folded as the detector
    folds a post (`_fold_char`): evidence found in the de-obfuscated, Arabic-folded text is found
    again in the original whatever spelling, spacing, case, accents or hidden characters it has.

    Example
    -------
    >>> text = "Vi\\u200bs a offert ! Frais de DOSSIER"
    >>> [text[s:e] for s, e in locate(text, "visa")], [text[s:e] for s, e in locate(text, "frais de dossier")]
    (['Vi\\u200bs a'], ['Frais de DOSSIER'])
    """
    folded, origin = _folded(text)
    target, _ = _folded(needle)
    if not target:
        return []
    found = []
    start = folded.find(target)
    while start >= 0:
        last = start + len(target) - 1
        # The last letter reaches to the next folded one: its marks and repeats ("VISAAA") belong to it,
        # trailing spaces and hidden characters do not.
        # One written character can fold to several ("¼" to "1⁄4"): a match inside it marks all of it.
        after = last + 1
        while origin[after] == origin[last]:
            after += 1
        end = origin[after]
        while end > origin[last] + 1 and (text[end - 1].isspace() or text[end - 1] in HIDDEN):
            end -= 1
        found.append((origin[start], end))
        start = folded.find(target, start + len(target))
    return found


def segments(text: str, signals: list[dict[str, Any]], impersonates: str | None = None) -> list[dict[str, Any]]:
    """The post cut into plain and highlighted parts, in order, that join back into `text`.

    Parameters
    ----------
    text : str
        The post as written.
    signals : list of dict
        The model's red flags, ``{"name", "evidence"}``; evidence is in the spelling the detector
        read (de-obfuscated, Arabic folded) and is located in the text as written (`locate`).
    impersonates : str or None
        The public figure the post impersonates, highlighted where named.

    Returns
    -------
    list of dict
        ``{"text", "kind", "label"}``; kind is None for plain text, else ``signal``,
        ``impersonates`` or an identifier kind (``phone``, ``whatsapp``...). Identifier parts carry
        ``"ltr": True``. A part holding hidden characters also carries ``runs``: its text cut into
        ``{"text"}`` and ``{"text", "hidden", "show"}`` pieces (the tag drawn instead, e.g. ``[RLO]``).
    """
    identifiers = identifier_spans(text)
    spans: list[tuple[int, int, str, str]] = []
    needles = [("signal", s["name"], s["evidence"]) for s in signals]
    if impersonates:
        needles.append(("impersonates", f"impersonates {impersonates}", impersonates))
    for kind, label, needle in needles:
        for start, end in locate(text, needle.strip()):
            # Evidence that cuts an identifier ("wa.me/" of a WhatsApp link) is marked with all of it.
            grown = [(s, e) for s, e, _ in identifiers if s < end and e > start] if kind == "signal" else []
            spans.append((min([start, *(s for s, _ in grown)]), max([end, *(e for _, e in grown)]), kind, label))
    spans += [(start, end, kind, kind.replace("_", " ")) for start, end, kind in identifiers]
    taken: list[tuple[int, int, str, str]] = []
    for span in sorted(spans, key=lambda s: (_PRIORITY.index(s[2]), s[0], -s[1])):
        if all(span[1] <= t[0] or span[0] >= t[1] for t in taken):
            taken.append(span)
    parts: list[dict[str, Any]] = []
    at = 0
    for start, end, kind, label in sorted(taken):
        if start > at:
            parts.append({"text": text[at:start], "kind": None, "label": ""})
        parts.append({"text": text[start:end], "kind": kind, "label": label})
        if kind in _LTR_KINDS:
            parts[-1]["ltr"] = True
        at = end
    if at < len(text) or not parts:
        parts.append({"text": text[at:], "kind": None, "label": ""})
    for part in parts:
        if runs := _runs(part["text"]):
            part["runs"] = runs
    return parts


def _runs(text: str) -> list[dict[str, str]] | None:
    """`text` cut at its hidden characters (None when it has none)."""
    hidden = _hidden_offsets(text)
    if not hidden:
        return None
    runs, at = [], 0
    for i in hidden:
        if i > at:
            runs.append({"text": text[at:i]})
        name = unicodedata.name(text[i], "").lower()
        runs.append({"text": text[i], "hidden": f"U+{ord(text[i]):04X} {name} (hidden character)",
                     "show": f"[{HIDDEN[text[i]]}]"})
        at = i + 1
    if at < len(text):
        runs.append({"text": text[at:]})
    return runs


def escape_markdown(text: str) -> str:
    r"""`text` with every character Markdown (and Streamlit's `:emoji:` and `$math$`) would read
    backslash-escaped: user data in `st.caption`, `st.error` and the like is shown as typed.

    Example
    -------
    >>> escape_markdown("**gras** [lien](http://x) :red[a]")
    '\\*\\*gras\\*\\* \\[lien\\]\\(http\\://x\\) \\:red\\[a\\]'
    """
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def show_post(text: str, signals: list[dict[str, Any]], impersonates: str | None, *, key: str) -> None:
    """Draw the post with its highlights (red flags in amber with their name, identifiers in blue),
    in a box that scrolls when the post is long, and a warning counting its hidden characters."""
    _component(data={"segments": segments(text, signals, impersonates)}, key=key)
    if hidden := hidden_characters(text):
        listed = ", ".join(f"{n} × {tag}" for tag, n in sorted(hidden.items()))
        st.warning(f"Obfuscation: {sum(hidden.values())} hidden characters in this post ({listed}), "
                   "shown as dashed tags")
