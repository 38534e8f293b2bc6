"""Atomic split: one sentence's dependency parse cut into clause units, one per assertion.

A unit is a clause head plus the tokens it owns: every token whose nearest unit-head
ancestor is that head. Coordinated clauses, relative clauses, reported content,
"…, resulting in X" consequences and passive participles with a "by" agent each state a
fact of their own, so each becomes a unit; the rest of the sentence stays with its parent.
Where a relative clause or participle drops its subject, the unit records the tokens that
stand for it elsewhere in the sentence, so its claim can be read on its own.

The small statistical parser misattaches some constructions (a finite verb after a quoted
name parsed as an adjective, a coordinated noun phrase hung on the wrong clause); two
repairs below keep those sentences usable without a bigger model.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from newsvet.claims.lexicon import Lexicon

# Dependency labels that a finite verb should never carry; when it does, the parser has
# mistaken a clause for a noun modifier and the verb is made a unit head anyway.
_MISPARSED_FINITE_DEPS = frozenset(
    {"amod", "compound", "nmod", "appos", "npadvmod", "dep", "pobj", "dobj"}
)
_FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# Tokens that may stand in a noun phrase to the left of a repaired verb ("“Project Y” funded").
_NP_POS = frozenset({"NOUN", "PROPN", "DET", "ADJ", "NUM", "PART"})
_CLAUSE_PUNCT = frozenset({",", ";", ":", "–", "—", "-", "(", ")"})


# Hyphens that join words into one name or compound ("Lashkar-e-Taiba", "well-known").
_HYPHENS = frozenset({"-", "‐", "‑"})

Groups = dict[int, tuple[int, ...]]


def word_groups(tokens: Sequence[Token], spans: Iterable[tuple[int, int]] = ()) -> Groups:
    """Token index -> the indices of the word group it belongs to, for groups of two or more.

    A group is a run of words that one clause must own whole: words joined by hyphens with
    no space between them, and the tokens of one mention (``spans`` are its character
    offsets). The parser often hangs the parts of a hyphenated name on different heads; a
    clause boundary drawn from those arcs would cut the name in two.
    """
    words = [t for t in tokens if not t.is_space]
    joined = [False] * len(words)  # joined[n]: words n and n + 1 are in one group
    for n in range(len(words) - 1):
        left, right = words[n], words[n + 1]
        touching = right.i == left.i + 1 and not left.whitespace_
        if touching and (left.text in _HYPHENS or right.text in _HYPHENS):
            joined[n] = True
    for start, end in spans:
        inside = [n for n, t in enumerate(words) if t.idx < end and start < t.idx + len(t.text)]
        for n in inside[:-1]:
            joined[n] = True
    groups: Groups = {}
    run: list[int] = []
    for n, word in enumerate(words):
        run.append(word.i)
        if not joined[n]:
            if len(run) > 1:
                for i in run:
                    groups[i] = tuple(run)
            run = []
    return groups


def whole_groups(tokens: Iterable[Token], groups: Groups) -> list[Token]:
    """``tokens`` with the rest of every word group they touch, in text order."""
    tokens = list(tokens)
    if not tokens:
        return []
    doc = tokens[0].doc
    indices = {t.i for t in tokens}
    for tok in tokens:
        indices.update(groups.get(tok.i, ()))
    return [doc[i] for i in sorted(indices)]


@dataclass
class Unit:
    head: Token
    # main | conj | relcl | content | adverbial | consequence | participle | appositive | repaired
    kind: str
    tokens: list[Token] = field(default_factory=list)  # own tokens, in text order
    parent: int | None = None  # index of the unit it hangs from
    # Tokens elsewhere in the sentence that stand for the unit's missing subject (or, for a
    # passive participle, its patient), in text order; empty when the unit has its own.
    restored: list[Token] = field(default_factory=list)
    # "was" / "were" between a restored patient and a participle, "is" / "are" between a
    # restored subject and an appositive
    restored_aux: str = ""
    relative: Token | None = None  # the relative pronoun the restored tokens replace

    @property
    def start(self) -> int:
        return self.tokens[0].i

    @property
    def end(self) -> int:
        return self.tokens[-1].i


def is_verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def is_reporting(token: Token, lex: Lexicon) -> bool:
    """A reporting verb, or a reporting form the parser took for a noun ("details how")."""
    if is_verbal(token) and token.lemma_.lower() in lex.reporting_lemmas:
        return True
    if token.lower_ in lex.reporting_forms:
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return nxt is not None and nxt.lower_ in lex.content_openers
    return False


def relative_subject(token: Token, lex: Lexicon) -> Token | None:
    for child in token.children:
        if (
            child.dep_ in ("nsubj", "nsubjpass", "dobj")
            and child.lower_ in lex.relative_pronouns
            and child.tag_ in ("WDT", "WP", "WP$")
        ):
            return child
    return None


def _has_subject(token: Token) -> bool:
    return any(c.dep_ in _SUBJECT_DEPS for c in token.children)


def _fronted_by_preposition(noun: Token, lex: Lexicon) -> bool:
    """Whether the noun is the object of a preposition before it ("Inside X, …"), which the
    parser may take for part of a name: then "X, the Y" is a setting, not an apposition."""
    before = [t for t in noun.subtree if t.i < noun.i] or [noun]
    first = before[0]
    previous = noun.doc[first.i - 1] if first.i > 0 else None
    words = [first.lower_] + ([previous.lower_] if previous is not None else [])
    return noun.dep_ == "pobj" or any(w in lex.place_preps for w in words)


def _verbless_kind(token: Token, inside: set[int], lex: Lexicon) -> str | None:
    """Claims of a sentence without a finite verb (a headline, a caption): "X, the Y of Z"
    says X is the Y of Z; "the Y rebuilt after Z" says the Y was rebuilt."""
    if token.dep_ == "acl" and token.tag_ == "VBN":
        return "participle"
    head = token.head
    if (
        token.dep_ == "appos"
        and token.pos_ in ("NOUN", "PROPN")
        and head.i in inside
        and head.i < token.i
        and (head.pos_ in ("NOUN", "PROPN") or head.dep_ == "ROOT")  # a name read as an adverb
        and not _fronted_by_preposition(head, lex)
    ):
        return "appositive"
    return None


def _unit_kind(
    token: Token, inside: set[int], heads: dict[int, int], lex: Lexicon, verbless: bool = False
) -> str | None:
    # ``heads`` holds the unit heads found so far: a verb coordinated with a clause head
    # is a clause of its own, one coordinated inside a phrase ("to reassure donors and win
    # votes") is not.
    if token.is_space:
        return None
    if token.head.i not in inside or token.head.i == token.i:
        return "main"
    if token.is_punct:
        return None
    dep, verbal = token.dep_, is_verbal(token)
    if verbal and relative_subject(token, lex) is not None:
        return "relcl"
    if dep == "relcl" and verbal:
        return "relcl"
    if token.tag_ == "VBG" and token.lemma_.lower() in lex.consequence_lemmas and dep in (
        "acl", "advcl", "xcomp", "conj"
    ):  # fmt: skip
        return "consequence"
    if dep == "conj" and verbal and token.head.i in heads:
        return "conj"
    if dep == "ccomp" and verbal and is_reporting(token.head, lex):
        return "content"
    if dep == "advcl" and verbal and _has_subject(token):
        marks = {c.lower_ for c in token.children if c.dep_ == "mark"}
        if marks & lex.separate_adverbial_marks:
            return "adverbial"
    if dep == "acl" and token.tag_ == "VBN" and any(c.dep_ == "agent" for c in token.children):
        return "participle"
    if token.tag_ in _FINITE_TAGS and dep in _MISPARSED_FINITE_DEPS:
        return "repaired"
    if verbless:
        return _verbless_kind(token, inside, lex)
    return None


def _owner_of(token: Token, heads: dict[int, int], owner: dict[int, int], inside: set[int]) -> int:
    """Index of the unit whose head is the token's nearest unit-head ancestor (-1: none)."""
    cur = token
    path: list[int] = []
    while cur.i not in heads:
        if cur.i in owner:  # memoised on an earlier walk
            unit = owner[cur.i]
            break
        path.append(cur.i)
        if cur.head.i == cur.i or cur.head.i not in inside:
            unit = -1
            break
        cur = cur.head
    else:
        unit = heads[cur.i]
    for i in [*path, cur.i] if unit != -1 else path:
        owner[i] = unit
    return unit


def _parent_unit(
    unit_index: int, unit: Unit, owner: dict[int, int], inside: set[int]
) -> int | None:
    cur = unit.head
    while cur.head.i != cur.i and cur.head.i in inside:
        cur = cur.head
        other = owner.get(cur.i, -1)
        if other not in (-1, unit_index):
            return other
    return None


def left_noun_phrase(verb: Token, inside: set[int], lex: Lexicon) -> list[Token]:
    """The noun phrase just left of a misparsed verb: its probable subject."""
    run: list[Token] = []
    j = verb.i - 1
    while j >= 0 and j in inside:
        tok = verb.doc[j]
        if tok.is_space or tok.lower_ in lex.content_openers or tok.text in _CLAUSE_PUNCT:
            break
        if not (tok.pos_ in _NP_POS or tok.is_quote or tok.text in ("-", "‑")):
            break
        run.append(tok)
        j -= 1
    return list(reversed(run))


def _raise_attachment(noun: Token, inside: set[int]) -> Token:
    """The noun a low-attached participle most likely modifies.

    In "a motion to censure the mayor for misconduct rejected by the council" the parser
    hangs "rejected" on "misconduct"; what was rejected is the motion whose infinitive holds
    "misconduct".
    """
    cur = noun
    for _ in range(8):
        nxt = cur.head
        if nxt.i == cur.i or nxt.i not in inside:
            break
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in nxt.children)
        if nxt.dep_ == "acl" and infinitive and nxt.head.pos_ in ("NOUN", "PROPN"):
            return nxt.head
        if is_verbal(nxt) and nxt.dep_ not in ("acl", "xcomp"):
            break
        cur = nxt
    return noun


def _nearest_noun_before(token: Token, inside: set[int], skip: set[int]) -> Token | None:
    j = token.i - 1
    while j >= 0 and j in inside:
        tok = token.doc[j]
        if tok.pos_ in ("NOUN", "PROPN") and j not in skip:
            return tok
        j -= 1
    return None


def _noun_phrase_before(noun: Token, before: int, taken: set[int]) -> list[Token]:
    """The noun's own phrase up to ``before``, without tokens other units own."""
    words = [t for t in noun.subtree if t.i < before and t.i not in taken and not t.is_space]
    while words and (words[-1].is_punct or words[-1].dep_ == "cc"):
        words.pop()
    return words


def _subject_tokens(unit: Unit) -> list[Token]:
    if unit.restored and unit.kind != "participle":
        return unit.restored
    own = {t.i for t in unit.tokens}
    for child in unit.head.children:
        if child.dep_ in _SUBJECT_DEPS:
            return [t for t in child.subtree if t.i in own]
    if unit.kind == "repaired":
        return unit.restored
    return []


def split_sentence(
    tokens: list[Token], lex: Lexicon, date_tokens: set[int], groups: Groups | None = None
) -> list[Unit]:
    """Clause units of one sentence, in text order of their first token.

    ``tokens`` are the sentence's tokens (a sentence may be a slice of a longer parser
    sentence: tokens whose head lies outside act as roots). ``date_tokens`` are indices of
    tokens inside date mentions, which a relative pronoun never refers to. ``groups`` (see
    :func:`word_groups`; hyphenated words only when None) are never cut between units.
    """
    if groups is None:
        groups = word_groups(tokens)
    inside = {t.i for t in tokens}
    units: list[Unit] = []
    heads: dict[int, int] = {}
    verbless = not any(t.tag_ in _FINITE_TAGS or t.tag_ == "MD" for t in tokens)
    for tok in tokens:
        kind = _unit_kind(tok, inside, heads, lex, verbless)
        if kind is not None:
            heads[tok.i] = len(units)
            units.append(Unit(head=tok, kind=kind))
    owner: dict[int, int] = {}
    for tok in tokens:
        if not tok.is_space:
            _owner_of(tok, heads, owner, inside)
    _repair_misparsed_verbs(units, owner, inside, lex)
    _merge_trailing_fragments(units, owner, tokens)
    _keep_groups_whole(units, owner, inside, groups)
    for index, unit in enumerate(units):
        unit.tokens = [t for t in tokens if owner.get(t.i) == index]
    _absorb_crossing_coordination(units, owner, tokens)
    for index, unit in enumerate(units):
        unit.tokens = [t for t in tokens if owner.get(t.i) == index]
        unit.parent = _parent_unit(index, unit, owner, inside)
    _restore_subjects(units, owner, inside, lex, date_tokens)
    for unit in units:
        if unit.restored:
            unit.restored = whole_groups(unit.restored, groups)
    kept = [u for u in units if any(not t.is_punct for t in u.tokens)]
    kept_index = {id(u): i for i, u in enumerate(kept)}
    by_old = {i: kept_index.get(id(u)) for i, u in enumerate(units)}
    for unit in kept:
        unit.parent = by_old.get(unit.parent) if unit.parent is not None else None
    return kept


def _repair_misparsed_verbs(
    units: list[Unit], owner: dict[int, int], inside: set[int], lex: Lexicon
) -> None:
    """Give a misparsed finite verb its subject (the phrase to its left) and its object
    (the noun the parser hung it on), so "“Project Y” funded schools" reads as a clause."""
    for index, unit in enumerate(units):
        if unit.kind != "repaired":
            continue
        verb = unit.head
        obj = verb.head
        if obj.i > verb.i and obj.pos_ in _NOMINAL:
            source = owner[obj.i]
            for tok in obj.subtree:
                if owner.get(tok.i) == source:
                    owner[tok.i] = index
        subject = left_noun_phrase(verb, inside, lex)
        for tok in subject:
            owner[tok.i] = index
        unit.restored = subject


def _merge_trailing_fragments(
    units: list[Unit], owner: dict[int, int], tokens: list[Token]
) -> None:
    """A verbless root right after another unit is the tail of a phrase whose head the
    sentence splitter cut off (a headline running into the dateline): it joins that unit."""
    position = {t.i: n for n, t in enumerate(tokens)}
    for index, unit in enumerate(units):
        if unit.kind != "main" or is_verbal(unit.head):
            continue
        mine = [t for t in tokens if owner.get(t.i) == index]
        if not mine or any(is_verbal(t) for t in mine) or position[mine[0].i] == 0:
            continue
        before = owner.get(tokens[position[mine[0].i] - 1].i, -1)
        if before not in (-1, index):
            for tok in mine:
                owner[tok.i] = before


def _keep_groups_whole(
    units: list[Unit], owner: dict[int, int], inside: set[int], groups: Groups
) -> None:
    """Give each word group to one unit: the one that owns the group's own head (its word
    whose head lies in the sentence but outside the group; the rightmost, as English noun
    phrases end in their head). A unit that is no clause but a piece of the group (a name's
    first part hung on a word of another sentence) joins that unit whole."""
    head_of = {u.head.i: n for n, u in enumerate(units)}
    for members in dict.fromkeys(groups.values()):
        owners = {owner.get(i, -1) for i in members}
        if len(owners) < 2:
            continue
        doc = units[0].head.doc
        anchors = [i for i in members if doc[i].head.i in inside and doc[i].head.i not in members]
        # A word hung on something as punctuation is a misread, the weakest evidence of where
        # the group belongs.
        anchors = [i for i in anchors if doc[i].dep_ != "punct"] or anchors
        target = owner.get(anchors[-1] if anchors else members[-1], -1)
        cut = [head_of[i] for i in members if i in head_of and head_of[i] != target]
        if target == -1 or any(is_verbal(units[n].head) for n in cut):
            continue  # a clause's own verb inside a name: a misread, not worth guessing
        moved = set(cut)
        for i, unit_index in list(owner.items()):
            if unit_index in moved:
                owner[i] = target
        for i in members:
            owner[i] = target


def _absorb_crossing_coordination(
    units: list[Unit], owner: dict[int, int], tokens: list[Token]
) -> None:
    """Move "and <phrase>" that follows a unit into it when the parser attached the
    phrase across the unit (a crossing arc is a misparse, not a second clause)."""
    position = {t.i: n for n, t in enumerate(tokens)}
    for index, unit in enumerate(units):
        if unit.kind == "main" or not unit.tokens:
            continue
        first, last = unit.tokens[0].i, unit.tokens[-1].i
        n = position[last] + 1
        if n >= len(tokens):
            continue
        opens = unit.tokens[-1].dep_ == "cc" or tokens[n].dep_ == "cc"
        other = owner.get(tokens[n].i)
        if not opens or other is None or other == index:
            continue
        run = []
        while n < len(tokens) and owner.get(tokens[n].i) == other:
            run.append(tokens[n])
            n += 1
        while run and (run[-1].is_punct or run[-1].is_space):
            run.pop()
        crossing = any(t.head.i < first for t in run if t.dep_ != "cc")
        if run and crossing:
            for tok in run:
                owner[tok.i] = index


def _restore_subjects(
    units: list[Unit],
    owner: dict[int, int],
    inside: set[int],
    lex: Lexicon,
    date_tokens: set[int],
) -> None:
    for index, unit in enumerate(units):
        if not unit.tokens:
            continue
        taken = {i for i, o in owner.items() if o == index}
        if unit.kind == "relcl":
            pronoun = relative_subject(unit.head, lex)
            antecedent = unit.head.head if unit.head.dep_ == "relcl" else None
            if antecedent is None or antecedent.pos_ not in ("NOUN", "PROPN"):
                probe = pronoun if pronoun is not None else unit.tokens[0]
                antecedent = _nearest_noun_before(probe, inside, date_tokens)
            if antecedent is not None and pronoun is not None:
                unit.relative = pronoun
                unit.restored = _noun_phrase_before(antecedent, unit.start, taken)
        elif unit.kind == "participle":
            noun = _raise_attachment(unit.head.head, inside)
            unit.restored = _noun_phrase_before(noun, unit.start, taken)
            unit.restored_aux = "were" if noun.tag_ in ("NNS", "NNPS") else "was"
        elif unit.kind == "appositive":
            noun = unit.head.head
            unit.restored = _noun_phrase_before(noun, unit.start, taken)
            unit.restored_aux = "are" if noun.tag_ in ("NNS", "NNPS") else "is"
        elif (
            unit.kind in ("conj", "consequence")
            and not _has_subject(unit.head)
            and unit.parent is not None
        ):
            unit.restored = _subject_tokens(units[unit.parent])
