"""FactCC-style training pairs made from news sentences.

A sentence taken from an article is the claim; a window of the article around it is the
evidence. Meaning-changing edits (negation, changed numbers, dates and weekdays, swapped or
replaced actors) turn the claim into one the evidence refutes; meaning-keeping edits (added
attribution, a moved adverbial) keep it supported; a sentence from another article is
unrelated. Kryscinski et al. (2020) built FactCC's training data the same way. Everything
here is plain Python so that it is testable without torch.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

ENTAILMENT = "entailment"
NEUTRAL = "neutral"
CONTRADICTION = "contradiction"

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’]?\s+(?=[\"“‘]?[A-Z])")
_AUXILIARY = re.compile(
    r"\b(is|was|are|were|has|have|had|will|would|can|could|should|did|does|do|must)\b(?! not\b)"
)
_NEGATED = re.compile(r"\b(is|was|are|were|has|have|had|will|would|can|could|should|did|does|do|must) not\b")
_CONTRACTED = re.compile(r"\b(is|was|are|were|has|have|had|could|should|would|did|does|do)n[’']t\b")
_NUMBER = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w.,]\d)")
_YEAR = re.compile(r"^(19|20)\d\d$")
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_MONTH_OR_DAY = re.compile(r"\b(" + "|".join(_MONTHS + _WEEKDAYS) + r")\b")
# Capitalised word runs; a run that starts the sentence is skipped because its capital
# letter says nothing about whether it is a name.
_NAME = re.compile(r"(?<!^)(?<![.!?]\s)\b([A-Z][a-z]+(?:\s+(?:of\s+|al-|bin\s+)?[A-Z][a-z]+)*)\b")
_NOT_NAMES = frozenset(
    _MONTHS
    + _WEEKDAYS
    + ["The", "A", "An", "He", "She", "It", "They", "We", "I", "You", "His", "Her", "Its", "Their", "Our", "This", "That", "These", "Those", "Mr", "Mrs", "Ms", "Dr", "But", "And"]
)
_LEADING_ADVERBIAL = re.compile(r"^((?:On|In|Last|Earlier|Later|During|After|Before) [^,]{2,40}), (.+?)([.!?])$")
_LOWERABLE = frozenset(["The", "A", "An", "He", "She", "It", "They", "We", "This", "That", "These", "Those", "In", "On", "At", "Last", "Some", "Many"])
_ATTRIBUTIONS = (
    "According to the report, {s}",
    "Officials said that {s}",
    "It was reported that {s}",
    "Sources confirmed that {s}",
)


@dataclass(frozen=True)
class EditedPair:
    """One generated pair: ``premise`` is the evidence, ``hypothesis`` the claim."""

    premise: str
    hypothesis: str
    label: str
    edit: str


def split_sentences(text: str) -> list[str]:
    """Split article text into sentences on end punctuation followed by a capital."""
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n", text):
        paragraph = " ".join(paragraph.split())
        if paragraph:
            sentences.extend(s.strip() for s in _SENTENCE_END.split(paragraph) if s.strip())
    return sentences


def is_claim_like(sentence: str) -> bool:
    """A sentence worth editing: long enough to state a fact, short enough to be one claim."""
    words = sentence.split()
    return 7 <= len(words) <= 45 and sentence[-1:] in ".!?\"”" and not sentence.endswith("?")


def negate(sentence: str, rng: random.Random) -> str | None:
    """Add or remove a negation on the first auxiliary verb."""
    del rng
    if m := _NEGATED.search(sentence):
        return sentence[: m.start()] + m.group(1) + sentence[m.end() :]
    if m := _CONTRACTED.search(sentence):
        return sentence[: m.start()] + m.group(1) + sentence[m.end() :]
    if m := _AUXILIARY.search(sentence):
        return sentence[: m.end()] + " not" + sentence[m.end() :]
    return None


def _changed_number(token: str, rng: random.Random) -> str:
    if _YEAR.match(token):
        return str(int(token) + rng.choice([-3, -2, -1, 1, 2, 3]))
    value = float(token.replace(",", ""))
    if value == 0:
        new = float(rng.randint(2, 9))
    else:
        factor = rng.choice([0.25, 0.5, 2.0, 3.0, 10.0]) if value >= 4 else rng.choice([2.0, 3.0, 5.0])
        new = value * factor
    if "." in token:
        return f"{new:.{len(token.split('.')[1])}f}"
    text = str(round(new))
    if "," in token:
        text = f"{round(new):,}"
    return text if text != token else str(int(value) + 7)


def change_number(sentence: str, rng: random.Random) -> str | None:
    """Replace one number (count, amount or year) with a clearly different one."""
    matches = list(_NUMBER.finditer(sentence))
    if not matches:
        return None
    m = rng.choice(matches)
    return sentence[: m.start()] + _changed_number(m.group(0), rng) + sentence[m.end() :]


def change_date(sentence: str, rng: random.Random) -> str | None:
    """Replace a month or weekday name with another one of the same kind."""
    matches = list(_MONTH_OR_DAY.finditer(sentence))
    if not matches:
        return None
    m = rng.choice(matches)
    pool = _MONTHS if m.group(0) in _MONTHS else _WEEKDAYS
    other = rng.choice([w for w in pool if w != m.group(0)])
    return sentence[: m.start()] + other + sentence[m.end() :]


def find_names(sentence: str) -> list[str]:
    """Capitalised word runs that look like names of people, groups or places."""
    names: list[str] = []
    for m in _NAME.finditer(sentence):
        name = m.group(1)
        if name not in _NOT_NAMES and name not in names:
            names.append(name)
    return names


def swap_names(sentence: str, rng: random.Random) -> str | None:
    """Swap two different names in the sentence: who did what to whom changes."""
    names = find_names(sentence)
    if len(names) < 2:
        return None
    a, b = rng.sample(names, 2)
    if a in b or b in a:
        return None
    placeholder = "\x00"
    swapped = sentence.replace(a, placeholder).replace(b, a).replace(placeholder, b)
    return swapped if swapped != sentence else None


def replace_name(sentence: str, others: Sequence[str], rng: random.Random) -> str | None:
    """Replace a name with another name from the same article that the sentence lacks."""
    names = find_names(sentence)
    candidates = [o for o in others if o not in sentence and not any(o in n or n in o for n in names)]
    if not names or not candidates:
        return None
    return sentence.replace(rng.choice(names), rng.choice(candidates))


def add_attribution(sentence: str, rng: random.Random) -> str | None:
    """Wrap the sentence in an attribution; what it states stays the same."""
    first = sentence.split(" ", 1)[0]
    # Only common function words lose their capital: a sentence-initial name keeps it.
    body = sentence[0].lower() + sentence[1:] if first in _LOWERABLE else sentence
    return rng.choice(_ATTRIBUTIONS).format(s=body)


def move_adverbial(sentence: str, rng: random.Random) -> str | None:
    """Move a leading time or place phrase to the end: same meaning, new word order."""
    del rng
    m = _LEADING_ADVERBIAL.match(sentence)
    if not m:
        return None
    rest = m.group(2)
    phrase = m.group(1)
    return rest[0].upper() + rest[1:] + " " + phrase[0].lower() + phrase[1:] + m.group(3)


Edit = Callable[[str, random.Random], "str | None"]
CHANGING_EDITS: dict[str, Edit] = {
    "negation": negate,
    "number": change_number,
    "date": change_date,
    "name_swap": swap_names,
}
KEEPING_EDITS: dict[str, Edit] = {
    "attribution": add_attribution,
    "reorder": move_adverbial,
}


def _window(sentences: Sequence[str], i: int, rng: random.Random) -> str:
    before = rng.randint(0, 2)
    after = rng.randint(0, 2)
    return " ".join(sentences[max(0, i - before) : i + after + 1])


def pairs_from_article(
    sentences: Sequence[str],
    other_article: Sequence[str],
    rng: random.Random,
    per_article: int = 12,
) -> list[EditedPair]:
    """Make up to ``per_article`` labelled pairs from one article's sentences.

    ``other_article`` supplies unrelated claims. Labels are balanced roughly 40/35/25 between
    refuted, supported and unrelated, the mixture the verifier sees in retrieved evidence.
    """
    claim_indices = [i for i, s in enumerate(sentences) if is_claim_like(s)]
    rng.shuffle(claim_indices)
    article_names = [n for s in sentences for n in find_names(s)]
    out: list[EditedPair] = []
    for i in claim_indices[:per_article]:
        sentence = sentences[i]
        premise = _window(sentences, i, rng)
        roll = rng.random()
        if roll < 0.4:
            pair = _changed_pair(premise, sentence, article_names, rng)
        elif roll < 0.75:
            pair = _kept_pair(premise, sentence, rng)
        else:
            pair = _unrelated_pair(premise, other_article, rng)
        if pair is not None:
            out.append(pair)
    return out


def _changed_pair(premise: str, sentence: str, names: Sequence[str], rng: random.Random) -> EditedPair | None:
    kinds = list(CHANGING_EDITS.items())
    rng.shuffle(kinds)
    for name, edit in kinds:
        edited = edit(sentence, rng)
        if edited and edited != sentence:
            return EditedPair(premise, edited, CONTRADICTION, name)
    edited = replace_name(sentence, names, rng)
    if edited and edited != sentence:
        return EditedPair(premise, edited, CONTRADICTION, "name_replace")
    return None


def _kept_pair(premise: str, sentence: str, rng: random.Random) -> EditedPair:
    kinds = list(KEEPING_EDITS.items())
    rng.shuffle(kinds)
    for name, edit in kinds:
        edited = edit(sentence, rng)
        if edited and edited != sentence and rng.random() < 0.7:
            return EditedPair(premise, edited, ENTAILMENT, name)
    return EditedPair(premise, sentence, ENTAILMENT, "copy")


def _unrelated_pair(premise: str, other: Sequence[str], rng: random.Random) -> EditedPair | None:
    claims = [s for s in other if is_claim_like(s)]
    if not claims:
        return None
    return EditedPair(premise, rng.choice(claims), NEUTRAL, "other_article")


def pairs_from_articles(articles: Iterable[str], seed: int, per_article: int = 12) -> list[EditedPair]:
    """Pairs from many article texts; each article's unrelated claims come from the next one."""
    rng = random.Random(seed)
    split = [split_sentences(a) for a in articles]
    out: list[EditedPair] = []
    for k, sentences in enumerate(split):
        if len(split) > 1:
            out.extend(pairs_from_article(sentences, split[(k + 1) % len(split)], rng, per_article))
    return out
