"""Ranked library search, as plain Python over plain data (no ORM import).

Why not the database: the library is small (tens to hundreds of moves) and changes only when
staff edit it, so an index built once per library version and kept in the cache answers a
query in a few milliseconds without a query of its own, and gives the same answers on SQLite
and PostgreSQL. PostgreSQL's full-text search and trigram similarity would rank differently
from anything SQLite can do, and would need an extension, a migration per database and
tests per database.

How a query is read:

- Text is folded: case and accents are dropped, apostrophes too ("child's" is "childs"), then
  simple English plurals become singular (calves → calf, stretches → stretch, hips → hip).
- Stop words ("a", "for", "my"…) are ignored. Soft words ("stretch", "tight", "sore", "pain"…)
  raise the rank of the moves they match, at half weight, but never rule a move out, so
  "stretch for tight hips" finds every move for the hips, stretches first. A query of soft
  words only ("stretch") needs them all.
- Words for a fresh injury ("strain", "pulled", "torn"…) are ignored too: "pulled groin" finds
  the moves for the groin, and the page leads with a caution to rest an injury and get advice
  first (``injury_terms_in``) rather than reading "pulled" as a word to look for.
- Every other word must match one of an exercise's fields: exactly; failing that, as the
  start of a word (only the last word, which may still be being typed), or with a typo: one
  for words of 5–7 letters, two for 8 letters or more.
- Fields rank name first, then body areas, conditions, equipment and kind with their aliases,
  then the summary, then the steps; a word counts at the best field it matches. A run of two
  or more query words found together ("hip flexor", "knee pain") adds that field's weight
  again.
- An alias counts as its tag only when the query holds all of it ("back pain" is lower-back
  pain; "back of the thigh" is the hamstrings, but "back" alone is not); a lone word of an
  alias still finds the move, just below the summary.
- Each result says why it matched, from the same ranking (``Hit.reason``): the field where
  each typed word counted best ("body area Hamstrings", "summary", "steps"), the name left
  out, as the name is on show anyway.
"""

import dataclasses
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

NAME, NAME_ALIAS, TAGS, SUMMARY, ALIAS_WORD, STEPS = 10.0, 8.0, 5.0, 3.0, 2.0, 1.0

EXACT, PREFIX, ONE_TYPO, TWO_TYPOS = 1.0, 0.75, 0.6, 0.4
NAME_LABEL = "name"  # a match in the name goes without saying: the name is on show
REASONS = 2  # fields named at most in a result's reason
SOFT = 0.5  # "stretch", "tight"… say less about what a person wants than "calf" does


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP_WORDS = _word_set(
    """a an and any are at be best by can do does every for from get good help how i in into is
    it its me my of on or some that the their them these this those to what when which with you
    your"""
)
SOFT_WORDS = _word_set(
    """ache aches aching achy exercise hurt hurting loosen loosening move movement pain painful
    relief relieve sore soreness stiff stiffness stretch stretching tight tightness"""
)
# Words for a fresh injury, as people type them. A search holding one is not a wish to
# stretch the injury: the page leads with a caution (rest and advice first) and labels the
# moves it still lists as moves for that area. Single words here don't narrow the search;
# phrases ("shin splints") still find the moves tagged with them, under the caution.
INJURY_TERMS: tuple[str, ...] = (
    "strain",
    "strained",
    "sprain",
    "sprained",
    "pulled",
    "tear",
    "torn",
    "rupture",
    "ruptured",
    "injury",
    "injured",
    "tweaked",
    "twisted",
    "fracture",
    "fractured",
    "broken",
    "dislocated",
    "tendinitis",
    "tendonitis",
    "pinched nerve",
    "trapped nerve",
    "slipped disc",
    "herniated disc",
    "bulging disc",
    "shin splints",
    "runner's knee",
    "jumper's knee",
)
# Plurals the simple rules below get wrong; keys and values are already lowercase.
IRREGULAR = {
    "calves": "calf",
    "halves": "half",
    "feet": "foot",
    "teeth": "tooth",
    "knives": "knife",
    "shelves": "shelf",
}
_WORD = re.compile(r"[a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`]")


def plain(text: str) -> str:
    """Lowercase, accents and apostrophes dropped: "Child’s Pósé" → "childs pose"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _APOSTROPHES.sub("", without_marks)


def words(text: str) -> list[str]:
    """The plain words of ``text``, in order."""
    return _WORD.findall(plain(text))


def singular(word: str) -> str:
    """A simple English singular, so "hamstrings" and "hamstring" fold together.

    Only has to be consistent, not correct: the index and the query both go through it.
    """
    if word in IRREGULAR:
        return IRREGULAR[word]
    if len(word) <= 3 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes", "zes")):
        return word[:-2]
    return word[:-1]


def stems(text: str) -> list[str]:
    return [singular(word) for word in words(text)]


_INJURY_PHRASES = tuple((term, tuple(stems(term))) for term in INJURY_TERMS)
INJURY_WORDS = frozenset(phrase[0] for _, phrase in _INJURY_PHRASES if len(phrase) == 1)


def injury_terms_in(query: str) -> tuple[str, ...]:
    """The fresh-injury terms in ``query``, in the order typed, spelled as in INJURY_TERMS.

    "Pulled groin" → ("pulled",); "hamstring strains" → ("strain",); "calf" → ().
    """
    typed = stems(query)
    found: list[str] = []
    for start in range(len(typed)):
        for term, phrase in _INJURY_PHRASES:
            if tuple(typed[start : start + len(phrase)]) == phrase and term not in found:
                found.append(term)
    return tuple(found)


def max_typos(word: str) -> int:
    """One typo allowed from 5 letters, two from 8."""
    return 2 if len(word) >= 8 else 1 if len(word) >= 5 else 0


def edit_distance(a: str, b: str, bound: int) -> int:
    """Edits (insert, delete, substitute, swap two neighbours) from a to b; bound + 1 if more."""
    # Cheap rejections first: each edit changes the length by one at most, and adds or
    # removes at most two letters from the set of letters used.
    if abs(len(a) - len(b)) > bound or len(set(a) ^ set(b)) > 2 * bound:
        return bound + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = char_a != char_b
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > bound:
            return bound + 1
        previous2, previous = previous, current
    return min(previous[-1], bound + 1)


@dataclass(frozen=True)
class Tag:
    """A body area, condition, piece of equipment or kind, with the other words for it;
    `kind` says which, for a result's reason ("body area")."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""

    @property
    def label(self) -> str:
        return f"{self.kind} {self.name}".strip()


@dataclass(frozen=True)
class Document:
    """What the search knows of one exercise, as plain text."""

    pk: int
    name: str
    tags: tuple[Tag, ...]
    summary: str
    steps: tuple[str, ...]


@dataclass(frozen=True)
class Field:
    weight: float
    # Each piece of text as its run of stems. A "whole" field (aliases) counts a phrase only
    # when the query holds all of its words in a row, stop words aside: "back of the thigh"
    # means the hamstrings, but "back" alone doesn't.
    phrases: tuple[tuple[str, ...], ...]
    counts: dict[str, int]  # stem → how many of the phrases hold it
    whole: bool = False
    # What each phrase is, for a result's reason ("body area Hamstrings", "steps"), and the
    # first phrase holding each stem.
    labels: tuple[str, ...] = ()
    first: dict[str, int] = dataclasses.field(default_factory=dict)

    @classmethod
    def of(cls, weight: float, texts: Iterable[tuple[str, str]], whole: bool = False) -> "Field":
        """A field of (text, label) pairs."""
        split = [(_content(text) if whole else tuple(stems(text)), label) for text, label in texts]
        kept = [(phrase, label) for phrase, label in split if phrase or not whole]
        phrases = tuple(phrase for phrase, _ in kept)
        counts: dict[str, int] = {}
        first: dict[str, int] = {}
        for i, phrase in enumerate(phrases):
            for stem in set(phrase):
                counts[stem] = counts.get(stem, 0) + 1
                first.setdefault(stem, i)
        return cls(weight, phrases, counts, whole, tuple(label for _, label in kept), first)

    def label_of(self, stem: str) -> str:
        return self.labels[self.first[stem]]


def _content(text: str) -> tuple[str, ...]:
    return tuple(singular(word) for word in words(text) if word not in STOP_WORDS)


@dataclass(frozen=True)
class Entry:
    pk: int
    order: int
    fields: tuple[Field, ...]


@dataclass(frozen=True)
class Index:
    entries: tuple[Entry, ...]
    # Every plain word seen → its stem, and every stem → the best field weight it appears at.
    surface: dict[str, str]
    vocabulary: dict[str, float]
    postings: dict[str, frozenset[int]]  # stem → positions in ``entries`` of the moves using it


def _fields(doc: Document) -> list[Field]:
    """The exercise's texts, by weight.

    The aliases of a tag named in the exercise's own name ("Quads" for "Quad stretch") rank
    almost as the name, so "quadriceps" puts the quad moves above others that work the quads.
    A single word of a longer alias still finds the move, below the summary.
    """
    named = set(stems(doc.name)) - STOP_WORDS
    echoed = [(a, t.label) for t in doc.tags if named & set(stems(t.name)) for a in t.aliases]
    aliases = [(alias, tag.label) for tag in doc.tags for alias in tag.aliases]
    return [
        Field.of(NAME, [(doc.name, NAME_LABEL)]),
        Field.of(NAME_ALIAS, echoed, whole=True),
        Field.of(TAGS, [(tag.name, tag.label) for tag in doc.tags]),
        Field.of(TAGS, aliases, whole=True),
        Field.of(SUMMARY, [(doc.summary, "summary")]),
        Field.of(ALIAS_WORD, aliases),
        Field.of(STEPS, [(step, "steps") for step in doc.steps]),
    ]


def build_index(documents: Iterable[Document]) -> Index:
    """An index of ``documents``; their order is the order of equally ranked results."""
    entries = []
    surface: dict[str, str] = {}
    vocabulary: dict[str, float] = {}
    postings: dict[str, set[int]] = {}
    for order, doc in enumerate(documents):
        fields = tuple(_fields(doc))
        entries.append(Entry(doc.pk, order, fields))
        for text, weight in [(doc.name, NAME), (doc.summary, SUMMARY), *_tag_texts(doc)]:
            _learn(text, weight, surface, vocabulary)
        for text in doc.steps:
            _learn(text, STEPS, surface, vocabulary)
        for stem in {stem for field in fields for stem in field.counts}:
            postings.setdefault(stem, set()).add(order)
    frozen = {stem: frozenset(positions) for stem, positions in postings.items()}
    return Index(tuple(entries), surface, vocabulary, frozen)


def _tag_texts(doc: Document) -> Iterator[tuple[str, float]]:
    for tag in doc.tags:
        for text in (tag.name, *tag.aliases):
            yield text, TAGS


def _learn(text: str, weight: float, surface: dict[str, str], vocabulary: dict[str, float]):
    for word in words(text):
        stem = surface.setdefault(word, singular(word))
        vocabulary[stem] = max(vocabulary.get(stem, 0.0), weight)


@dataclass(frozen=True)
class Term:
    word: str  # as typed, made plain
    stem: str
    soft: bool
    last: bool  # the query's last word, which may be half typed


@dataclass(frozen=True)
class Query:
    terms: tuple[Term, ...]  # stop words left out
    runs: tuple[tuple[str, ...], ...]  # stem runs that earn the phrase bonus

    @property
    def required(self) -> tuple[Term, ...]:
        hard = tuple(term for term in self.terms if not term.soft)
        return hard or self.terms


def parse(text: str) -> Query:
    typed = words(text)
    terms = tuple(
        Term(word, singular(word), _is_soft(word), last=i == len(typed) - 1)
        for i, word in enumerate(typed)
        if word not in STOP_WORDS and singular(word) not in INJURY_WORDS
    )
    everything = tuple(singular(word) for word in typed)
    trimmed = list(everything)
    while trimmed and trimmed[0] in STOP_WORDS:
        trimmed.pop(0)
    while trimmed and trimmed[-1] in STOP_WORDS:
        trimmed.pop()
    runs = tuple(run for run in {everything, tuple(trimmed)} if len(run) >= 2)
    return Query(terms, runs)


def _is_soft(word: str) -> bool:
    return word in SOFT_WORDS or singular(word) in SOFT_WORDS


def _matches(index: Index, term: Term) -> dict[str, float]:
    """Each stem in the index this term stands for, with how well it matches."""
    found: dict[str, float] = {}

    def note(stem: str, quality: float) -> None:
        if quality > found.get(stem, 0.0):
            found[stem] = quality

    if term.stem in index.vocabulary:
        note(term.stem, EXACT)
        # A word the library knows is taken as meant: "calves" must not find "halves", nor
        # "back" find "backside".
        return found
    typos = max_typos(term.word)
    for word, stem in index.surface.items():
        if term.last and len(term.word) >= 3 and word.startswith(term.word):
            note(stem, PREFIX)
        if typos and stem not in found:
            distance = edit_distance(term.word, word, typos)
            if distance > typos and stem != word:
                distance = edit_distance(term.stem, stem, typos)
            if distance <= typos:
                note(stem, ONE_TYPO if distance == 1 else TWO_TYPOS)
    return found


def _contains(phrase: Sequence[str], run: Sequence[str]) -> bool:
    size = len(run)
    return any(tuple(phrase[i : i + size]) == run for i in range(len(phrase) - size + 1))


Matches = dict[Term, dict[str, float]]


def _covers(phrase: Sequence[str], terms: Sequence[Term], matches: Matches) -> Iterator:
    """(start, quality) wherever the query's words, in a row, spell out ``phrase``."""
    if len(phrase) > len(terms):
        return
    for start in range(len(terms) - len(phrase) + 1):
        qualities = [matches[terms[start + i]].get(stem, 0.0) for i, stem in enumerate(phrase)]
        if all(qualities):
            yield start, min(qualities)


def _score(
    entry: Entry, query: Query, matches: Matches, known: set[str]
) -> tuple[float, float, str]:
    """The rank, its tie-break and the reason (Hit.reason).

    Rank: each word at its best field (soft words at half), plus a bonus (the field's
    weight) for a run of words found together in a name, tag or text. Tie-break: all the
    evidence in names, tags and aliases, so a move tagged lower back *and* lower-back pain
    comes before one with the condition only.
    """
    terms = query.terms
    best = [0.0] * len(terms)
    why = [""] * len(terms)  # the label of the field where each word counted best
    evidence = bonus = 0.0

    def counts(i: int, score: float, label: str) -> None:
        if score > best[i]:
            best[i], why[i] = score, label

    for field in entry.fields:
        if field.whole:
            for p, phrase in enumerate(field.phrases):
                if phrase[0] not in known:
                    continue
                for start, quality in _covers(phrase, terms, matches):
                    for i in range(start, start + len(phrase)):
                        counts(i, field.weight * quality, field.labels[p])
                    evidence += field.weight * quality * len(phrase)
            continue
        for i, term in enumerate(terms):
            for stem, quality in matches[term].items():
                if count := field.counts.get(stem):
                    counts(i, field.weight * quality, field.label_of(stem))
                    if field.weight >= TAGS:  # passing mentions in the text don't count
                        evidence += field.weight * quality * count
        for run in query.runs:
            if field.counts.keys() >= set(run) and any(
                _contains(phrase, run) for phrase in field.phrases
            ):
                bonus = max(bonus, field.weight)
    if any(not score for term, score in zip(terms, best, strict=True) if term in query.required):
        return 0.0, 0.0, ""
    weights = [SOFT if term.soft else 1.0 for term in terms]
    score = sum(s * w for s, w in zip(best, weights, strict=True)) + bonus
    hard_first = sorted(range(len(terms)), key=lambda i: terms[i].soft)
    return score, evidence, _reason(why[i] for i in hard_first)


def _reason(labels: Iterable[str]) -> str:
    """The fields the words counted in, each once, the name left out: the words that must
    match first, then soft ones ("tight"), each in the order typed."""
    named = [label for label in dict.fromkeys(labels) if label and label != NAME_LABEL]
    return ", ".join(named[:REASONS])


@dataclass(frozen=True)
class Hit:
    pk: int
    reason: str  # "body area Hamstrings", "summary, steps"; "" when the name says it all


def search(index: Index, text: str) -> list[int] | None:
    """The pks of the exercises matching ``text``, best first; None for an empty query."""
    hits = ranked_hits(index, text)
    return None if hits is None else [hit.pk for hit in hits]


def ranked_hits(index: Index, text: str) -> list[Hit] | None:
    """The exercises matching ``text``, best first, each with why it matched; None for an
    empty query."""
    query = parse(text)
    if not query.terms:
        return None
    return _ranked(index, query)


def _ranked(index: Index, query: Query) -> list[Hit]:
    matches = {term: _matches(index, term) for term in query.terms}
    if any(not matches[term] for term in query.required):
        return []
    known = {stem for found in matches.values() for stem in found}
    # Only moves holding some form of every required word can match.
    candidates: set[int] | None = None
    for term in query.required:
        having = set().union(*(index.postings.get(stem, ()) for stem in matches[term]))
        candidates = having if candidates is None else candidates & having
    scored = []
    for position in sorted(candidates or ()):
        entry = index.entries[position]
        score, evidence, reason = _score(entry, query, matches, known)
        if score > 0:
            scored.append((-score, -evidence, entry.order, entry.pk, reason))
    return [Hit(pk, reason) for *_, pk, reason in sorted(scored)]


def suggest(index: Index, text: str) -> str:
    """A nearby query that finds something ("hamstrnggg" → "hamstring"), or ""."""
    query = parse(text)
    if not query.terms:
        return ""
    fixed = []
    for term in query.terms:
        if _matches(index, term):
            fixed.append(term.word)
            continue
        nearest = _nearest(index, term.word)
        if nearest is None and not term.soft:
            return ""
        fixed.append(nearest or term.word)
    suggestion = " ".join(fixed)
    if suggestion == " ".join(term.word for term in query.terms):
        return ""
    return suggestion if _ranked(index, parse(suggestion)) else ""


def _nearest(index: Index, word: str) -> str | None:
    """The closest word in the index within a wider reach (2 edits, 3 from 8 letters)."""
    reach = max_typos(word) + 1
    if len(word) < 3:
        return None
    best: tuple[int, float, str] | None = None
    for surface, stem in index.surface.items():
        distance = edit_distance(word, surface, reach)
        if distance <= reach:
            candidate = (distance, -index.vocabulary[stem], surface)
            if best is None or candidate < best:
                best = candidate
    return best[2] if best else None


def closest(index: Index, text: str, limit: int = 4) -> list[int]:
    """Moves matching any one word of ``text`` (or of the suggestion), best first."""
    query = parse(suggest(index, text) or text)
    found: dict[int, float] = {}
    for term in query.terms:
        single = Query((Term(term.word, term.stem, False, term.last),), ())
        for rank, pk in enumerate(hit.pk for hit in _ranked(index, single)):
            found[pk] = found.get(pk, 0.0) + 1.0 / (rank + 1)
    return sorted(found, key=lambda pk: -found[pk])[:limit]
