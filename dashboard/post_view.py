"""A post as written, with its red-flag evidence and identifiers highlighted in the text.

The text reaches the browser as data: the component's script builds text nodes and `<mark>`
elements from segments (`textContent`, never `innerHTML`), so nothing in a post is read as HTML
or Markdown. Segments are cut in Python because Python indexes code points and JavaScript UTF-16
units: offsets would drift after the first emoji.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from detector.normalize import identifier_spans
from detector.signals import lower_keeping_offsets

# When spans overlap, the first kind here wins: a red flag's evidence over an identifier inside it,
# a link over the handle or phone number inside it, an amount over the digits that look like a phone.
_PRIORITY = ("signal", "impersonates", "whatsapp", "telegram", "url", "handle", "amount", "phone", "mobile_money")

_JS = """
export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".vigie-post");
  if (!root) {
    root = document.createElement("div");
    root.className = "vigie-post";
    parentElement.appendChild(root);
  }
  root.replaceChildren();
  for (const part of data.segments) {
    if (!part.kind) {
      root.appendChild(document.createTextNode(part.text));
      continue;
    }
    const mark = document.createElement("mark");
    mark.className = part.kind;
    mark.title = part.label;
    mark.dataset.label = part.label;
    mark.textContent = part.text;
    root.appendChild(mark);
  }
}
"""
_CSS = """
.vigie-post { white-space: pre-wrap; overflow-wrap: anywhere; font-family: var(--st-font, sans-serif);
              line-height: 1.7; padding: 0.75rem; border: 1px solid rgba(128, 128, 128, 0.35);
              border-radius: 0.5rem; color: var(--st-text-color, inherit); }
mark { border-radius: 0.2rem; padding: 0 0.1rem; color: inherit; }
mark.signal, mark.impersonates { background: rgba(255, 170, 0, 0.35); }
mark.signal::after, mark.impersonates::after { content: attr(data-label); font-size: 0.7em;
              vertical-align: super; margin-left: 0.2rem; opacity: 0.8; }
mark:not(.signal):not(.impersonates) { background: rgba(30, 144, 255, 0.25); }
"""
_component = st.components.v2.component("vigie_post_text", js=_JS, css=_CSS)


def segments(text: str, signals: list[dict[str, Any]], impersonates: str | None = None) -> list[dict[str, Any]]:
    """The post cut into plain and highlighted parts, in order, that join back into `text`.

    Parameters
    ----------
    text : str
        The post as written.
    signals : list of dict
        The model's red flags, ``{"name", "evidence"}``; evidence is located case-insensitively
        (evidence that only appears after de-obfuscation cannot be located and is left out).
    impersonates : str or None
        The public figure the post impersonates, highlighted where named.

    Returns
    -------
    list of dict
        ``{"text", "kind", "label"}``; kind is None for plain text, else ``signal``,
        ``impersonates`` or an identifier kind (``phone``, ``whatsapp``...).
    """
    lowered = lower_keeping_offsets(text)
    identifiers = identifier_spans(text)
    spans: list[tuple[int, int, str, str]] = []
    needles = [("signal", s["name"], s["evidence"]) for s in signals]
    if impersonates:
        needles.append(("impersonates", f"impersonates {impersonates}", impersonates))
    for kind, label, needle in needles:
        needle = lower_keeping_offsets(needle.strip())
        start = lowered.find(needle) if needle else -1
        while start >= 0:
            end = start + len(needle)
            # Evidence that cuts an identifier ("wa.me/" of a WhatsApp link) is marked with all of it.
            grown = [(s, e) for s, e, _ in identifiers if s < end and e > start] if kind == "signal" else []
            spans.append((min([start, *(s for s, _ in grown)]), max([end, *(e for _, e in grown)]), kind, label))
            start = lowered.find(needle, start + len(needle))
    spans += [(start, end, kind, kind.replace("_", " ")) for start, end, kind in identifiers]
    taken: list[tuple[int, int, str, str]] = []
    for span in sorted(spans, key=lambda s: (_PRIORITY.index(s[2]), s[0], -s[1])):
        if all(span[1] <= t[0] or span[0] >= t[1] for t in taken):
            taken.append(span)
    parts, at = [], 0
    for start, end, kind, label in sorted(taken):
        if start > at:
            parts.append({"text": text[at:start], "kind": None, "label": ""})
        parts.append({"text": text[start:end], "kind": kind, "label": label})
        at = end
    if at < len(text) or not parts:
        parts.append({"text": text[at:], "kind": None, "label": ""})
    return parts


def show_post(text: str, signals: list[dict[str, Any]], impersonates: str | None, *, key: str) -> None:
    """Draw the post with its highlights (red flags in amber with their name, identifiers in blue)."""
    _component(data={"segments": segments(text, signals, impersonates)}, key=key)
