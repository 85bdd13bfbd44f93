"""Indicators analysts can share: the store's campaigns as a STIX 2.1 bundle (the `stix2` library),
the format police and Interpol liaison units exchange.

For each campaign the bundle holds:

- a `campaign` object: its posts' first and last dates (`first_seen`, `last_seen`), the analysts'
  label (the settled label most of its reviewed posts carry, `review.reviews.final_labels`) in
  `labels`, and a description with the post count, the reviewed count and the models' category;
- one `indicator` per identifier its posts expose, one key per real-world identifier
  (`detector.normalize.extract_identifiers` and its keys: a number written `+237 6…` and the one in
  a `wa.me/237…` link are one indicator), with a STIX pattern:
  phone numbers ``[user-account:account_type = 'phone' AND user-account:user_id = '+237…']`` (STIX
  has no phone-number object; a number is the account id of WhatsApp, Telegram and mobile money),
  links ``[url:value = '…']`` (canonical: no tracking parameters) and the site of a link or of an
  e-mail address ``[domain-name:value = '…']`` (not for the sites everyone posts on: social networks,
  messengers, free mail), e-mail addresses ``[email-addr:value = '…']``,
  and handles, those written in the posts and the accounts that posted them,
  ``[user-account:account_login = '…']``; each `indicates` the campaign;
- one `sighting` per indicator: first and last date of the posts that carry it, and how many.

Post text is left out unless `with_text` (then one `note` per post, on the campaign). `redact`, for a
bundle shared outside the committee, masks the contacts in that text (`detector.normalize.redact`)
and leaves out the accounts that posted (a repost may come from a victim's or a relative's
account); the identifiers the lures give to be contacted on stay: they are what is shared.

Ids are derived from the campaign id and the identifier (UUID 5): a campaign exported again keeps
its ids, so a receiver updates the objects it has instead of duplicating them.
"""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import stix2

from detector.normalize import extract_identifiers, redact
from detector.taxonomy import SCAM_CATEGORIES
from review.errors import StoreError
from review.store import PostStore

# Ids of the objects: UUID 5 in this namespace, from the campaign id and the identifier key.
NAMESPACE = uuid.UUID("6f0d1c52-8a44-5d8e-9c1b-7a3f0e2b4d61")
TLP = {"white": stix2.TLP_WHITE, "green": stix2.TLP_GREEN, "amber": stix2.TLP_AMBER, "red": stix2.TLP_RED}
# Sites everyone posts on: a link there is an indicator, the site is not.
SHARED_SITES = ("facebook.com", "fb.com", "fb.me", "instagram.com", "x.com", "twitter.com", "tiktok.com",
                "youtube.com", "youtu.be", "linkedin.com", "wa.me", "whatsapp.com", "t.me", "telegram.me",
                "google.com", "forms.gle", "docs.google.com", "bit.ly", "tinyurl.com", "gmail.com", "yahoo.com",
                "yahoo.fr", "outlook.com", "hotmail.com", "hotmail.fr")


@dataclass
class _Seen:
    """One identifier of a campaign: how it is written first, and the dates of the posts that carry it."""

    value: str
    dates: list[datetime] = field(default_factory=list)
    posts: int = 0


def _when(value: str | None) -> datetime | None:
    """A post's date as an aware datetime (UTC when it names no zone), or None when unreadable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _quote(value: str) -> str:
    """A string as a STIX pattern literal: quotes and backslashes escaped."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _id(kind: str, *parts: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join(parts))}"


def _host(url: str) -> str:
    return url.split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]


def _shared_site(host: str) -> bool:
    return any(host == site or host.endswith("." + site) for site in SHARED_SITES)


def pattern(key: str, value: str) -> str:
    """The STIX pattern of one identifier key (``phone:``, ``url:``, ``domain:``, ``email:``, ``handle:``).

    Example
    -------
    >>> pattern("phone:+237699001234", "+237699001234")
    "[user-account:account_type = 'phone' AND user-account:user_id = '+237699001234']"
    >>> pattern("handle:o'neil", "o'neil")
    "[user-account:account_login = 'o\\\\'neil']"
    """
    kind = key.split(":", 1)[0]
    if kind == "phone":
        return f"[user-account:account_type = 'phone' AND user-account:user_id = {_quote(value)}]"
    if kind == "url":
        return f"[url:value = {_quote(value)}]"
    if kind == "domain":
        return f"[domain-name:value = {_quote(value)}]"
    if kind == "email":
        return f"[email-addr:value = {_quote(value)}]"
    if kind == "handle":
        return f"[user-account:account_login = {_quote(value)}]"
    raise ValueError(f"no STIX pattern for identifier key {key!r}")


def _identifiers(text: str) -> dict[str, str]:
    """Identifier key -> the value an indicator shows, for one post's text."""
    ids = extract_identifiers(text)
    found: dict[str, str] = {}
    for key in sorted(ids.keys()):
        kind, _, value = key.partition(":")
        # A link as its canonical address (no tracking parameters, no 'www.') under the scheme it was written with.
        if kind == "url":
            written = next((u for u in ids.urls if _host(value) in u.lower()), "")
            scheme = written.split("://", 1)[0].lower() if "://" in written else "http"
            found[key] = f"{scheme}://{value}"
        else:
            found[key] = value
        host = _host(value) if kind == "url" else value.rpartition("@")[2] if kind == "email" else ""
        if host and not _shared_site(host):
            found[f"domain:{host}"] = host  # the site of a link or of an address
    return found


def campaign_objects(store: PostStore, campaign: str, *, labels: dict[int, str], with_text: bool = False,
                     redacted: bool = False, marking: Any = stix2.TLP_AMBER, now: datetime | None = None,
                     ) -> list[Any]:
    """The STIX objects of one stored campaign (see the module docstring); `labels` maps post ids to
    their settled labels.

    Raises
    ------
    StoreError
        When the store has no campaign of that id.
    """
    posts = store.campaign_posts(campaign)
    if not posts:
        raise StoreError(f"no campaign {campaign!r} in the store; `vigie campaigns` and the Campaigns page list "
                         "them (were the posts grouped again?)")
    now = now or datetime.now(UTC)
    seen: dict[str, _Seen] = {}
    dates = []
    for post in posts:
        when = _when(post["date"])
        if when:
            dates.append(when)
        found = _identifiers(post["text"])
        if post["author"] and not redacted:
            handle = post["author"].strip().lstrip("@").casefold()
            found.setdefault(f"handle:{handle}", handle)
        for key, value in found.items():
            item = seen.setdefault(key, _Seen(value))
            item.posts += 1
            if when:
                item.dates.append(when)
    reviewed = Counter(labels[p["post"]] for p in posts if p["post"] in labels)
    suggested = Counter(p["category"] for p in posts)
    label = reviewed.most_common(1)[0][0] if reviewed else None
    malicious = label is None or label in SCAM_CATEGORIES
    common = {"created": now, "modified": now, "object_marking_refs": [marking]}
    description = (f"Vigie campaign {campaign}: {len(posts)} posts; "
                   + (f"analysts' label {label} ({', '.join(f'{k} {n}' for k, n in reviewed.most_common())} of "
                      f"{sum(reviewed.values())} reviewed posts); " if label else "not reviewed yet; ")
                   + f"models' category {suggested.most_common(1)[0][0]}.")
    campaign_sdo = stix2.Campaign(
        id=_id("campaign", campaign), name=f"Vigie campaign {campaign}", description=description,
        labels=[label] if label else None, first_seen=min(dates) if dates else None,
        last_seen=max(dates) if dates else None, **common)
    objects: list[Any] = [campaign_sdo]
    for key in sorted(seen):
        item = seen[key]
        indicator = stix2.Indicator(
            id=_id("indicator", campaign, key), name=f"{key.split(':', 1)[0]} {item.value}",
            pattern=pattern(key, item.value), pattern_type="stix",
            valid_from=min(item.dates) if item.dates else now,
            indicator_types=["malicious-activity" if malicious else "benign"],
            labels=[label] if label else None, **common)
        objects.append(indicator)
        objects.append(stix2.Relationship(id=_id("relationship", campaign, key), relationship_type="indicates",
                                          source_ref=indicator.id, target_ref=campaign_sdo.id, **common))
        objects.append(stix2.Sighting(
            id=_id("sighting", campaign, key), sighting_of_ref=indicator.id, count=item.posts,
            first_seen=min(item.dates) if item.dates else None, last_seen=max(item.dates) if item.dates else None,
            **common))
    if with_text:
        for post in posts:
            objects.append(stix2.Note(
                id=_id("note", campaign, str(post["post"])), abstract=f"post {post['post']}"
                + (f" of {post['date']}" if post["date"] else ""),
                content=redact(post["text"]) if redacted else post["text"], object_refs=[campaign_sdo.id], **common))
    return objects


def campaign_ids(store: PostStore, *, page: int = 500) -> list[str]:
    """Every stored campaign's id, largest campaign first."""
    ids: list[str] = []
    while batch := store.campaigns(limit=page, offset=len(ids)):
        ids += [c["campaign"] for c in batch]
        if len(batch) < page:
            break
    return ids


def export_bundle(store: PostStore, campaigns: Iterable[str] | None = None, *, with_text: bool = False,
                  redacted: bool = False, tlp: str = "amber", actor: str | None = None,
                  now: datetime | None = None) -> stix2.Bundle:
    """A STIX 2.1 bundle of stored campaigns and their indicators (see the module docstring).

    Parameters
    ----------
    store : PostStore
    campaigns : iterable of str, optional
        Campaign ids; default every stored campaign but those the analysts labelled benign.
    with_text : bool
        Add each post's text as a note on its campaign.
    redacted : bool
        Mask the contacts in that text, and leave out the accounts that posted.
    tlp : str
        The TLP marking of every object: white, green, amber (default) or red.
    actor : str, optional
        Who exports: the export is written to the audit log under this name (campaign ids and
        options, never a post's text). None: not audited (a preview).

    Returns
    -------
    stix2.Bundle

    Raises
    ------
    StoreError
        A campaign id the store does not have, or a TLP colour it does not know.

    Example
    -------
    >>> from detector.readers import Post
    >>> store = PostStore("sqlite://")
    >>> _ = store.ingest([Post("a", "Visa Canada, frais 50 000 FCFA au +237 6 99 00 12 34", 1),
    ...                   Post("b", "Visa Canada frais 50 000 FCFA, WhatsApp wa.me/237699001234", 2)],
    ...                  [{"scam_score": 0.9, "flagged": True, "category": "fake_job", "lang": "fr", "signals": [],
    ...                    "impersonates": None, "model": "m@1"}] * 2)
    >>> _ = store.regroup_campaigns()
    >>> bundle = export_bundle(store)
    >>> sorted({o.type for o in bundle.objects})
    ['campaign', 'indicator', 'marking-definition', 'relationship', 'sighting']
    >>> [o.pattern for o in bundle.objects if o.type == "indicator"]
    ["[user-account:account_type = 'phone' AND user-account:user_id = '+237699001234']"]
    """
    if tlp not in TLP:
        raise StoreError(f"TLP {tlp!r}: expected one of {list(TLP)}")
    labels = {row["post_id"]: row["label"] for row in store.final_labels()}
    chosen: Sequence[str]
    if campaigns is None:
        chosen = campaign_ids(store)
        explicit = False
    else:
        chosen, explicit = list(dict.fromkeys(campaigns)), True
    objects: list[Any] = [TLP[tlp]]
    exported = []
    for campaign in chosen:
        found = campaign_objects(store, campaign, labels=labels, with_text=with_text, redacted=redacted,
                                 marking=TLP[tlp], now=now)
        campaign_labels = getattr(found[0], "labels", None) or []
        if not explicit and campaign_labels and campaign_labels[0] not in SCAM_CATEGORIES:
            continue  # the analysts said benign: nothing to share unless asked by id
        objects += found
        exported.append(campaign)
    if actor:
        store.record(actor, "export_indicators", campaigns=exported, with_text=with_text, redacted=redacted, tlp=tlp)
    return stix2.Bundle(objects=objects)
