"""What a post's account says about it: the official account of a figure, a look-alike of one, a
page that declares itself a fan page, or a look-alike of an institution's account.

The rules, and why:

- A check mark proves nothing either way: platforms sell them, so impersonators carry them too.
  `author_verified` is never a reason to trust an account; a verified look-alike is only noted.
- The gazetteer's official handles are what proves an account is the figure's own: a post from
  `@setoo9` does not impersonate Samuel Eto'o, whatever it offers. A handle that imitates the figure
  (look-alike letters, added words, or the official handle with more around it: `setoo9_fondation`)
  without being one of its official handles is a look-alike. A display name is not unique, so it
  never proves an account is official; it can make one a look-alike.
- A page whose handle or name declares it a fan page (`fans`, `fan club`, `fanpage`, `quotes`,
  `clips`...) does not claim to be the figure: its account is no persona. Its text still can be one
  ("This is Leo, my foundation..."), and then the figure its account names is the one it speaks as.
- An institution's name in a handle with more around it (`camairco_recrutement`,
  `minesup.bourses.2026`) is a look-alike account of that institution unless it is one of its
  official handles; a handle that is exactly one of its names may be its own and is not judged. A
  look-alike account that offers something in the institution's name impersonates it, unless the
  post warns about a fake or sends candidates to the institution's own site (which routes nobody to
  the impersonator).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from detector.impersonation.base import Figure, Impersonation, InstitutionMention, _fold_handle
from detector.impersonation.institutions import (
    _DENIAL,
    _INSTITUTION_OFFER,
    InstitutionGazetteer,
    _host,
    _Read,
    _under,
)
from detector.impersonation.people import Gazetteer
from detector.signals import lower_keeping_offsets, scan

# A real figure's account has a large audience; a look-alike with few followers is a fresh fake.
FEW_FOLLOWERS = 10_000
# Words by which a page says it is about a figure, not the figure (handle parts or display-name words).
_FAN_PAGE = re.compile(r"(?<![a-z])(?:fans?|fanpage|fanclub|fansclub|fã|fãs|fc|quotes|clips|highlights|hinchas|"
                       r"torcida|supporters?)(?![a-z])|fan ?page|fan ?club|محبي|عشاق|جمهور", re.IGNORECASE)


@dataclass
class Account:
    """What the author fields say: `official` the figure whose official account it is, `imitates` the
    figure it imitates or names without being theirs (and `who`, the handle or name that does),
    `fan_page` whether it declares itself a fan page (then `imitates` is no persona), and the evidence."""

    official: Figure | None = None
    imitates: Figure | None = None
    who: str = ""
    fan_page: bool = False
    evidence: list[tuple[str, str]] = field(default_factory=list)


def read_account(gaz: Gazetteer, *, handle: str | None, name: str | None, verified: bool | None,
                 followers: int | None) -> Account:
    """The author fields read against the figures' gazetteer (see the module docstring).

    Example
    -------
    >>> from detector.impersonation.people import default_gazetteer
    >>> read_account(default_gazetteer(), handle="@setoo9", name="Samuel Eto'o", verified=True,
    ...              followers=None).official.name
    "Samuel Eto'o"
    >>> account = read_account(default_gazetteer(), handle="@setoo9_fondation", name=None, verified=True,
    ...                        followers=None)
    >>> account.imitates.name, account.evidence
    ("Samuel Eto'o", [('lookalike_account', '@setoo9_fondation'), ('check_mark_on_lookalike', '@setoo9_fondation')])
    """
    official = gaz.official_account(handle) if handle else None
    if official is not None:
        return Account(official=official)
    fan_page = any(bool(who and _FAN_PAGE.search(who)) for who in (handle, name))
    for who in (handle, name):
        figure = gaz.handle_imitates(who) if who else None
        if figure is None or who is None:
            continue
        # Not the figure's official handle (checked above), and a display name proves nothing.
        if fan_page:
            return Account(imitates=figure, who=who, fan_page=True, evidence=[("fan_page", who)])
        evidence = [("lookalike_account", who)]
        if verified:
            evidence.append(("check_mark_on_lookalike", who))
        if followers is not None and followers < FEW_FOLLOWERS:
            evidence.append(("few_followers", f"{followers} followers"))
        return Account(imitates=figure, who=who, evidence=evidence)
    return Account(fan_page=fan_page)


@lru_cache(maxsize=4)
def _official_institutions(gaz: InstitutionGazetteer) -> dict[str, str]:
    return {h: inst.name for inst in gaz.institutions for h in inst.official_handles}


def official_author(handle: str, gaz: Gazetteer, institutions: InstitutionGazetteer) -> str | None:
    """The figure or institution whose official account `handle` is (the gazetteers' handles), or None.

    Example
    -------
    >>> from detector.impersonation.institutions import default_institutions
    >>> from detector.impersonation.people import default_gazetteer
    >>> official_author("@SEtoo9", default_gazetteer(), default_institutions())
    "Samuel Eto'o"
    >>> official_author("@qatarairways", default_gazetteer(), default_institutions())
    'Qatar Airways'
    >>> official_author("@qatarairways_jobs", default_gazetteer(), default_institutions()) is None
    True
    """
    figure = gaz.official_account(handle)
    if figure is not None:
        return figure.name
    # Institutions' handles are kept folded (`_fold_handle`) for their rule on handles in the text; here
    # the handle is compared as written (case aside): '@qatar_airways' is not '@qatarairways'.
    return _official_institutions(institutions).get(_bare(handle))


def _bare(handle: str) -> str:
    """A handle as platforms compare them: without '@' and case."""
    return handle.strip().lstrip("@").lower()


def institution_account(post: _Read, handle: str, gaz: InstitutionGazetteer,
                        named: list[InstitutionMention]) -> Impersonation | None:
    """The institution a look-alike account impersonates by offering something in its name, or None
    (see the module docstring). `named` are the institutions the post's text names: one of them is
    preferred when the handle holds several names.

    Example
    -------
    >>> from detector.impersonation.institutions import default_institutions
    >>> post = _Read("Camair-Co recrute 60 hôtesses. Postulez dès maintenant, places limitées !")
    >>> institution_account(post, "@camairco_recrutement", default_institutions(), []).impersonates
    'Camair-Co'
    >>> institution_account(post, "@camairco", default_institutions(), []) is None
    True
    """
    bare = handle.lstrip("@")
    folded = _fold_handle(bare)
    holders = gaz.named_in(bare)
    if not holders or folded in gaz.compact_keys or any(_bare(handle) in inst.official_handles for inst in holders):
        return None
    names = [m.institution.name for m in named]
    inst = sorted(holders, key=lambda i: names.index(i.name) if i.name in names else len(names))[0]
    lowered = lower_keeping_offsets(post.clean)
    if _DENIAL.search(lowered) or scan(post.clean, normalized=True).counts.get("warning_context"):
        return None
    offer = _INSTITUTION_OFFER.search(lowered)
    if not offer:
        return None
    # Its own site, as written (the URL finder misses some endings), or a government one.
    raw = post.raw.lower()
    if any(re.search(rf"(?<![\w-]){re.escape(d)}(?![\w-]|\.\w)", raw) for d in inst.official_domains) or any(
            _under(_host(url), gaz.government_domains) for url in [*post.ids.urls, *post.emails]):
        return None
    evidence = [("institution", handle), ("offer", post.clean[offer.start():offer.end()]),
                ("lookalike_account", handle)]
    mentions = named if inst.name in names else [InstitutionMention(inst, handle, "handle"), *named]
    return Impersonation(inst.name, evidence=evidence, institutions=mentions, institution=inst)
