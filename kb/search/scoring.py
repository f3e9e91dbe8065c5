"""How well a record's search entry answers a query, and the piece of it a result shows: the same on every database.

A name, synonym or identifier equal to the query outranks one that contains it, which outranks a
mention in a description or a quote; a misspelled name still scores when it is close.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .models import SearchEntry

WEIGHTS = {"a": 1.0, "b": 0.8, "c": 0.3, "d": 0.15}  # A names and identifiers, B other names, C text, D quotes
SEPARATOR = " | "


def fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").lower().split())


def compacted(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def words_of(text: str) -> list[str]:
    return [word for word in re.split(r"[^a-z0-9]+", text.lower()) if word]


def score(query: str, entry: SearchEntry) -> float:
    """How well the entry answers the query; the same on every database."""
    folded, compact, words = fold(query), compacted(query), words_of(query)
    if not compact:
        return 0.0
    total = 0.0
    for weight, factor in WEIGHTS.items():
        text = getattr(entry, f"terms_{weight}")
        if not text:
            continue
        terms = text.split(SEPARATOR)
        folded_text, text_words = fold(text), set(words_of(text))
        if any(compacted(term) == compact for term in terms):
            total += 3.0 * factor  # the query is a name, synonym or identifier of the record
        elif folded in folded_text or (len(compact) > 3 and compact in compacted(text)):
            total += 1.5 * factor
        elif words and all(word in text_words for word in words):
            total += 1.0 * factor
        else:
            found = sum(1 for word in words if word in text_words)
            total += 0.5 * factor * found / max(len(words), 1)
        if weight in "ab" and len(compact) > 4:
            closest = max((_similarity(compact, compacted(term)) for term in terms), default=0)
            if closest >= 0.8:
                total += 1.2 * factor * closest  # a misspelling of a name
    if len(words) > 1:
        everywhere = set(words_of(" ".join(getattr(entry, f"terms_{weight}") for weight in WEIGHTS)))
        if all(word in everywhere for word in words):
            total += 0.5  # every word of the query is somewhere in the record
    return round(total, 4)


def _similarity(compact: str, term: str, floor: float = 0.8) -> float:
    """difflib's ratio of the two, or 0 when its cheap upper bounds already put it below ``floor``."""
    matcher = SequenceMatcher(None, compact, term)
    if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
        return 0.0
    return matcher.ratio()


def snippet(query: str, entry: SearchEntry, width: int = 80) -> str:
    """A piece of the entry around the first word of the query it contains, the match marked."""
    words = [re.escape(query.strip())] + [re.escape(word) for word in words_of(query) if len(word) > 1]
    pattern = re.compile("|".join(words), re.IGNORECASE)
    for weight in ("a", "b", "c", "d"):
        text = " ".join(getattr(entry, f"terms_{weight}").replace(SEPARATOR, " · ").split())
        match = pattern.search(text)
        if match:
            start = max(match.start() - width, 0)
            piece = text[start : match.end() + width]
            marked = pattern.sub(lambda m: f"\x00{m.group(0)}\x01", piece)
            html = escape(marked).replace("\x00", "<mark>").replace("\x01", "</mark>")
            return mark_safe(("…" if start else "") + html + ("…" if match.end() + width < len(text) else ""))
    return escape(entry.name)
