"""Actors: people, organisations, states and groups, each resolved to a principal and sectors.

How a mention is resolved, in the order the evidence is weighed:

1. the words around a name: its title ("Deputy Prime Minister", "CEO") and nationality
   ("Russian", "North Korea's", "US"), read from the run of title-like words before the name
   and from an appositive after it ("Ivan Petrenko, Governor of ...");
2. possessives: "Modi's adviser" belongs to Modi's state;
3. the organisation named with the title ("NATO Secretary General", "Director of the Institute
   ...": an institute makes an academic);
4. the date-bounded knowledge base of office holders (:mod:`communique.knowledge.leaders`);
5. the company a person keeps: in an enumeration of officials ("the delegation features A,
   B, C"), members without nationality take the one the others share.

Within an article, surname-only mentions, generic titles ("the Russian leader"), subject
pronouns of reporting verbs ("He also said") and group mentions ("the two leaders", "the two
countries") are linked to the actors they mean.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache

from spacy.attrs import LOWER, ORTH
from spacy.symbols import NOUN, PRON, PROPN
from spacy.tokens import Doc, Span, Token

from communique.article import LineKind
from communique.extract import Reading
from communique.extract.places import dateline_place, landmark_head, looks_like_place
from communique.extract.quotes import doc_quote_spans
from communique.extract.syntax import doc_column, doc_text, doc_tokens, positions_of, span_text
from communique.knowledge import load_toml
from communique.knowledge.cues import compile_cues
from communique.knowledge.leaders import Term, leaders
from communique.knowledge.lexicon import Lexicon, Referent, Title, lexicon
from communique.knowledge.matchers import Hit, matchers_for
from communique.knowledge.names import name_key, name_tokens
from communique.model import Actor, ActorKind, TextSpan

# Offices a person's title can name; "leader" is the news word for a head of state or government.
_LEADER_TITLES = {"leader", "president", "prime minister", "premier", "chancellor", "head of state", "supreme leader"}
_DIPLOMATIC = {"ambassador", "envoy", "representative", "permanent representative", "consul", "delegate", "emissary"}
_CHAIN_WORDS = {"the", "of", "for", "to", "and", "&", "'s", "’s", "-", "de", "del", "van", "von"}
_BOUNDARY_POS = {"VERB", "AUX", "PRON", "NUM", "SCONJ", "PART"}
_PRONOUNS = frozenset({"he", "she"})
_THEY = frozenset({"they"})
_GROUP_PEOPLE = re.compile(
    r"^(?:the\s+)?(?:two|both)\s+(?:leaders|presidents|heads of state|men|ministers|sides)$|^both$"
    r"|^the\s+(?:leaders|presidents|heads of state)$",
    re.I,
)
_GROUP_STATES = re.compile(
    r"^(?:the\s+)?(?:two|both)\s+(?:countries|nations|states|neighbors|neighbours|allies|governments|capitals)$", re.I
)
_GROUP_ANYWHERE = compile_cues(p.pattern.replace("^", "").replace("$", "") for p in (_GROUP_PEOPLE, _GROUP_STATES))
"""Both patterns without their anchors: where in the text a group phrase may be (every phrase
they match whole is matched here, so a sentence without a match has none)."""


@dataclass(slots=True)
class _Person:
    """Evidence gathered for one person while reading; becomes an :class:`Actor`."""

    name: str
    key: str
    tokens: list[str]
    mentions: list[tuple[int, int]] = field(default_factory=list)  # token spans
    principal: str | None = None
    principal_kind: str | None = None  # "state" or "org"
    principal_from: str = ""  # "text", "possessive", "kb", "company", "org"
    sectors: list[str] = field(default_factory=list)
    role: str | None = None
    office: str | None = None
    rank: int = 9
    possessor: int | None = None  # token index of a possessive person ("Modi's adviser")
    term: Term | None = None


def _text_span(doc: Doc, start: int, end: int) -> TextSpan:
    span = doc[start:end]
    return TextSpan(span.start_char, span.end_char, span_text(span))


def _is_boundary(token: Token, hit_tokens: set[int]) -> bool:
    if token.i in hit_tokens:
        return False
    if token.text in {"'s", "’s"}:
        return False
    if token.is_punct and token.text not in {"-", "–", "."}:
        return True
    if token.lower_ in _CHAIN_WORDS:
        return token.lower_ == "and" and token.i not in hit_tokens
    if token.pos_ == "DET":
        return True
    if token.pos_ in _BOUNDARY_POS and not token.is_title:
        return True
    if token.pos_ == "ADP":
        return True
    return token.is_space


def _pre_window(doc: Doc, start: int, hit_tokens: set[int], limit: int = 14) -> tuple[int, int]:
    """The run of title-like words right before token ``start`` (a name)."""
    sent_start = doc[start].sent.start
    i = start - 1
    while i >= sent_start and start - i <= limit and not _is_boundary(doc[i], hit_tokens):
        i -= 1
    window_start = i + 1
    while window_start < start and doc[window_start].lower_ in {"the", "of", "for", "to", "and", "-"}:
        window_start += 1
    return window_start, start


def _appositive_window(doc: Doc, end: int, hit_tokens: set[int], titles: dict[int, Hit]) -> tuple[int, int] | None:
    """ ", Governor of the X region of Y," after a name: the window when it opens with a title."""
    if end >= len(doc) or doc[end].text != ",":
        return None
    j = end + 1
    if j < len(doc) and doc[j].lower_ in {"the", "a", "an"}:
        j += 1
    if j not in titles:
        return None
    k = j
    sentence_end = doc[end].sent.end
    while (
        k < sentence_end
        and doc[k].text not in {",", ";", "(", ")", '"'}
        and not (doc[k].pos_ in {"VERB", "AUX"} and k not in hit_tokens)
    ):
        k += 1
    return j, k


@dataclass(slots=True)
class _Context:
    doc: Doc
    lex: Lexicon
    refs: dict[int, Hit]  # token index -> ref hit covering it (start token only keyed by all tokens)
    titles: dict[int, Hit]
    hit_tokens: set[int]


def _refs_in(ctx: _Context, start: int, end: int) -> list[tuple[Hit, list[Referent]]]:
    seen: set[int] = set()
    out = []
    for i in range(start, end):
        hit = ctx.refs.get(i)
        if hit and hit.start not in seen:  # a hit may begin before the window ("the Houthis")
            seen.add(hit.start)
            out.append((hit, ctx.lex.lookup(hit.form)))
    return out


def _titles_in(ctx: _Context, start: int, end: int) -> list[tuple[Hit, Title]]:
    seen: set[int] = set()
    out = []
    for i in range(start, end):
        hit = ctx.titles.get(i)
        if hit and hit.start not in seen and hit.start >= start and hit.end <= end:
            seen.add(hit.start)
            out.append((hit, ctx.lex.titles[hit.form]))
    return out


def _nouns_in(ctx: _Context, start: int, end: int) -> list[tuple[str, ...]]:
    """Sector nouns in a window, two-word nouns first ("state corporation" before "corporation")."""
    out = []
    i = start
    while i < end:
        token = ctx.doc[i]
        pair = ctx.doc[i : i + 2].text.lower() if i + 1 < end else ""
        if pair and pair in ctx.lex.nouns:
            out.append(ctx.lex.nouns[pair])
            i += 2
            continue
        sectors = ctx.lex.nouns.get(token.lower_) or ctx.lex.nouns.get(token.lemma_.lower())
        if sectors and token.i not in ctx.titles:
            out.append(sectors)
        i += 1
    return out


def _apply_window(person: _Person, ctx: _Context, start: int, end: int) -> None:
    """Read title, nationality, organisation and possessor off a window of words."""
    if start >= end:
        return
    doc = ctx.doc
    titles = _titles_in(ctx, start, end)
    refs = _refs_in(ctx, start, end)
    diplomatic_at = [h.end for h, t in titles if t.title in _DIPLOMATIC or t.office == "diplomat"]
    principal: tuple[str, str] | None = None
    group_sectors: list[str] = []
    for hit, referents in refs:
        if not referents:
            continue
        preceded_by_to = hit.start > 0 and doc[hit.start - 1].lower_ in {"to", "in", "at"}
        if preceded_by_to and any(hit.start >= d for d in diplomatic_at):
            continue  # "Ambassador to UN": where the envoy is sent, not whom they serve
        if hit.start > start and doc[hit.start - 1].lower_ in {"to", "in", "at", "on", "from", "with", "against"}:
            continue
        referent = referents[0]
        if referent.kind == "group" or referent.via in {"institution", "metonym", "body"}:
            # "the Houthis' political chief", "Foreign Office spokesman", "Head of Rosatom"
            if referent.sectors or referent.sector:
                group_sectors[:] = list(referent.sectors) or [referent.sector or "GOV"]
            if not referent.code:
                continue
        kind = "org" if referent.kind == "org" else "state"
        # An organisation's officer ("NATO Secretary General") belongs to it; a national
        # adjective before an organisation's body does not make it national.
        if principal is None or (kind == "state" and principal[1] == "org" and hit.start < start + 2):
            principal = (referent.code, kind)
    if principal and not person.principal:
        person.principal, person.principal_kind, person.principal_from = principal[0], principal[1], "text"
    if titles:
        # The title closest to the name is the person's; seniority breaks ties.
        hit, title = max(titles, key=lambda ht: (ht[0].end, -ht[1].rank))
        if person.role is None or title.rank < person.rank:
            person.role = _title_case(doc[hit.start : hit.end].text)
            person.office = title.office
            person.rank = title.rank
            sectors = list(title.sectors)
            nouns = _nouns_in(ctx, start, end)
            generic = title.office in {"other", "academic", "business", "media", "civil"} or title.title in {
                "director",
                "head",
                "chief",
                "chairman",
                "chairwoman",
                "chair",
                "president",
                "member",
            }
            if generic and group_sectors:
                sectors = list(group_sectors)  # the organisation's sector for its generic officers
            elif generic and nouns:
                sectors = list(nouns[-1])
            person.sectors = sectors
    if not titles and not person.sectors:
        nouns = _nouns_in(ctx, start, end)
        if nouns:
            person.sectors = list(nouns[-1])
    for token in doc[start:end]:
        if token.text in {"'s", "’s"} and token.i - 1 >= start:
            owner = doc[token.i - 1]
            if owner.ent_type_ == "PERSON":
                person.possessor = owner.i


def _title_case(text: str) -> str:
    small = {"of", "for", "and", "the", "to", "on", "in"}
    return " ".join(w if w.lower() in small else (w[0].upper() + w[1:] if w else w) for w in text.split())


NAME_EXTENSION_TOKENS = 4
"""At most this many tokens are added to a name the NER cut off: a run of capitalised words
(a list of names without commas) must not make each of its names run to the end of the list."""


def _extend_name(doc: Doc, end: int) -> int:
    """Grow a name over pieces the NER cut off: "Moon Jae" + "-in", "Choe Son" + "Hui"."""
    stop = min(len(doc), end + NAME_EXTENSION_TOKENS)
    while end < stop:
        token = doc[end]
        previous = doc[end - 1]
        if (
            token.text == "-"
            and not previous.whitespace_
            and end + 1 < len(doc)
            and doc[end + 1].is_alpha
            and not token.whitespace_
        ):
            end += 2
        elif (
            previous.whitespace_
            and token.is_title
            and token.pos_ == "PROPN"
            and token.ent_type_ in {"", "PERSON"}
            and not previous.is_punct
            and token.i + 1 < len(doc)
            and doc[token.i + 1].text not in {"'s", "’s"}
            and token.lower_ not in {"jr", "sr"}
            and len(token) > 1
        ):
            end += 1
        else:
            break
    return end


def _clean_person(doc: Doc, ent: Span, ctx: _Context) -> tuple[int, int] | None:
    """Token span of the name proper: titles, nationality words and possessives stripped."""
    start, end = ent.start, _extend_name(doc, ent.end)
    while start < end and (
        start in ctx.titles
        or start in ctx.refs
        or doc[start].lower_ in {"the", "mr", "mr.", "ms", "ms.", "mrs", "mrs.", "dr", "dr."}
    ):
        start += 1
    while end > start and (doc[end - 1].text in {"'s", "’s", "'", "-", ",", "."} or doc[end - 1].is_punct):
        end -= 1
    if start >= end:
        return None
    text = doc[start:end].text
    if landmark_head(text) or not any(c.isupper() for c in text[:1]) or looks_like_place(doc[start:end]):
        return None
    if all(i in ctx.refs for i in range(start, end)):
        return None  # a country or organisation name the NER took for a person
    return start, end


def _name_after_organisation(doc: Doc, ent: Span, ctx: _Context) -> tuple[int, int] | None:
    """ "the UN Maria Souza" tagged as one organisation: the name after the organisation's name."""
    start = ent.start
    while start < ent.end and (start in ctx.refs or start in ctx.titles or doc[start].lower_ == "the"):
        start += 1
    titled = ent.start > 0 and (ent.start - 1) in ctx.titles  # "opposition politician Jane Roe" tagged ORG
    if (start == ent.start and not titled) or ent.end - start < 2 or ent.end - start > 4:
        return None
    tail = doc[start : ent.end]
    if not all(t.is_title and t.pos_ == "PROPN" for t in tail):
        return None
    if any(t.lower_ in ctx.lex.nouns or t.lemma_.lower() in ctx.lex.nouns for t in tail) or looks_like_place(tail):
        return None
    return start, ent.end


def _group_people(persons: list[_Person]) -> list[_Person]:
    """Merge persons that name the same individual (full name, then surname-only mentions)."""
    by_key: dict[str, _Person] = {}
    for person in persons:
        existing = by_key.get(person.key)
        if existing:
            existing.mentions.extend(person.mentions)
            _merge_evidence(existing, person)
        else:
            by_key[person.key] = person
    full = [p for p in by_key.values() if len(p.tokens) > 1]
    out = list(full)
    for person in by_key.values():
        if len(person.tokens) > 1:
            continue
        word = person.tokens[0] if person.tokens else ""
        # The family name is written last (Emmanuel Macron) or first (Hun Sen, Lee Jae-myung).
        matches = [p for p in full if word and (p.tokens[-1] == word or p.tokens[0] == word)]
        if len(matches) > 1:
            last = [p for p in matches if p.tokens[-1] == word]
            matches = last if len(last) == 1 else matches
        if len(matches) >= 1:
            target = max(matches, key=lambda p: len(p.mentions))
            target.mentions.extend(person.mentions)
            _merge_evidence(target, person)
        else:
            out.append(person)
    return out


def _surname_sweep(doc: Doc, persons: list[_Person], taken: set[int], ctx: _Context) -> set[int]:
    """Surnames the NER missed or mislabelled ("Trump" tagged ORG) once the article has named
    the person in full: every standalone capitalised token equal to a full name's first or
    last word becomes a mention of that person."""
    by_word: dict[str, list[_Person]] = {}
    for person in persons:
        if len(person.tokens) > 1:
            for word in {person.tokens[0], person.tokens[-1]}:
                by_word.setdefault(word, []).append(person)
    added: set[int] = set()
    if not by_word:
        return added
    for token in doc_tokens(doc):
        if (
            token.i in taken
            or token.i in ctx.refs
            or token.i in ctx.titles
            or not token.is_title
            or token.pos_ != "PROPN"
        ):
            continue
        owners = by_word.get(name_key(token.text), [])
        if len(owners) != 1:
            continue
        neighbours = [doc[token.i - 1] if token.i > 0 else None, doc[token.i + 1] if token.i + 1 < len(doc) else None]
        if any(
            n is not None and n.is_title and n.pos_ == "PROPN" and n.i not in ctx.titles and n.i not in ctx.refs
            for n in neighbours
        ):
            continue  # part of a longer name ("Trump Tower", "Nelson Mandela Bay")
        if token.i > 0 and doc[token.i - 1].i == token.sent.start and token.lower_ in {"will", "may", "rose", "grace"}:
            continue
        owners[0].mentions.append((token.i, token.i + 1))
        added.add(token.i)
    return added


def _merge_evidence(into: _Person, other: _Person) -> None:
    if not into.principal and other.principal:
        into.principal, into.principal_kind, into.principal_from = (
            other.principal,
            other.principal_kind,
            other.principal_from,
        )
    if other.role and (into.role is None or other.rank < into.rank):
        into.role, into.office, into.rank = other.role, other.office, other.rank
        into.sectors = other.sectors or into.sectors
    if not into.sectors and other.sectors:
        into.sectors = other.sectors
    if into.possessor is None:
        into.possessor = other.possessor


def _knowledge(person: _Person, published: date | None) -> None:
    """Fill what the text left open from the office-holder knowledge base."""
    kb = leaders()
    terms = (
        kb.find(person.name, published) if len(person.tokens) > 1 else kb.find(person.name, published, family_only=True)
    )
    if person.principal:
        agreeing = [t for t in terms if t.principal == person.principal]
        terms = agreeing or ([] if len(person.tokens) == 1 else terms)
    if not terms:
        return
    if len(person.tokens) == 1 and len({t.name for t in terms}) > 1:
        return  # two office holders share the surname that day: the text must decide
    term = terms[0]  # a full name is known whenever its holder served; a surname only while in office
    person.term = term
    if len(person.tokens) == 1:
        person.name = term.name  # the article only gave the surname: name the person in full
    if not person.principal:
        person.principal = term.principal
        person.principal_kind = "state" if term.principal in lexicon().country_names else "org"
        person.principal_from = "kb"
    if person.role is None:
        person.role = term.title
        person.office = term.office
    if not person.sectors:
        person.sectors = list(term.sectors)
    elif term.office == "defence_minister" and "MIL" not in person.sectors:
        person.sectors = [*person.sectors, "MIL"]


def _company(persons: list[_Person], doc: Doc) -> None:
    """Officials listed together without nationality take the nationality the others share."""
    for sentence in doc.sents:
        members = [p for p in persons if any(sentence.start <= s < sentence.end for s, _ in p.mentions)]
        if len(members) < 3:
            continue
        officials = [p for p in members if p.role]
        known = Counter(p.principal for p in officials if p.principal and p.principal_kind == "state")
        if not known:
            continue
        principal, count = known.most_common(1)[0]
        if count < 2 or len(known) > 1 or any(p.principal_kind == "org" for p in officials):
            continue  # a sentence of officials of several states lends nobody a nationality
        for person in officials:
            if not person.principal:
                person.principal, person.principal_kind, person.principal_from = principal, "state", "company"


def _framing_seat(persons: list[_Person], doc: Doc, ctx: _Context) -> None:
    """ "In Beijing, ministry spokesman X said ...": a sentence opened by a seat of government
    speaks of that government's officials."""
    for sentence in doc.sents:
        first = sentence[0]
        if first.lower_ != "in" or len(sentence) < 4:
            continue
        hit = ctx.refs.get(first.i + 1)
        if hit is None or hit.end >= sentence.end or doc[hit.end].text != ",":
            continue
        referents = [r for r in ctx.lex.lookup(hit.form) if r.kind == "state" and r.via in {"seat", "name"}]
        if not referents:
            continue
        _lend_state(persons, sentence, referents[0].code)


def _lend_state(persons: list[_Person], sentence: Span, state: str) -> None:
    """Officials named in ``sentence`` without a state of their own are ``state``'s."""
    for person in persons:
        if not person.principal and person.role and any(sentence.start <= s < sentence.end for s, _ in person.mentions):
            person.principal, person.principal_kind, person.principal_from = state, "state", "company"


_NATIONAL_OFFICES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "minister",
    "diplomat",
    "deputy_head",
}


def _shared_titles(persons: list[_Person]) -> None:
    """ "US Senate Majority Leader Ann Roe ... the previous Majority Leader, Bob Poe": an office
    named by an institution-specific title belongs to the state of its other holder in the
    article. Offices every state has (president, foreign minister) lend nothing."""
    known: dict[str, set[str]] = {}
    for person in persons:
        if person.role and person.principal and person.principal_kind == "state" and len(person.role.split()) > 1:
            known.setdefault(person.role.casefold(), set()).add(person.principal)
    for person in persons:
        if person.principal or not person.role or person.office in _NATIONAL_OFFICES:
            continue
        states = known.get(person.role.casefold(), set())
        if len(states) == 1:
            person.principal, person.principal_kind, person.principal_from = next(iter(states)), "state", "company"


_DELEGATION_WORDS = frozenset({"delegation", "entourage", "cabinet", "government"})


def _delegation(persons: list[_Person], reading: Reading, ctx: _Context) -> None:
    """A sentence about "the delegation" lists its members: they take the delegation's state."""
    doc = reading.doc
    lowered = doc_text(doc).lower()
    if not any(word in lowered for word in _DELEGATION_WORDS):
        return  # the loop below acts only on these words
    delegation_state: str | None = None
    tokens = doc_tokens(doc)
    for sentence in doc.sents:
        for token in tokens[sentence.start : sentence.end]:
            if token.lower_ in _DELEGATION_WORDS:
                refs = [ctx.lex.lookup(ctx.refs[c.i].form) for c in token.children if c.i in ctx.refs]
                refs = [r for r in refs if r]
                if refs:
                    delegation_state = refs[0][0].code
        mentions_delegation = any(
            t.lower_ in {"delegation", "entourage"} for t in tokens[sentence.start : sentence.end]
        )
        if not (mentions_delegation and delegation_state):
            continue
        _lend_state(persons, sentence, delegation_state)


def _appositive_head(doc: Doc, start: int, titles: dict[int, Hit]) -> int | None:
    """The title noun a name is in apposition to, written before it with a comma."""
    while start > 0 and (start - 1) in titles and doc[start - 1].text != ",":
        start = titles[start - 1].start  # "..., General Romeo Brawner": past the name's own title
    if start < 2 or doc[start - 1].text != ",":
        return None
    if (start - 2) in titles:
        return start - 2
    root = doc[start]
    while root.head.i != root.i and root.head.i >= start and root.dep_ in {"compound", "flat"}:
        root = root.head
    if root.dep_ == "appos" and root.head.i < start and (root.head.i in titles or root.head.pos_ == "NOUN"):
        return root.head.i
    # "The last Majority Leader to visit, Bob Poe, went ...": a definite description
    # with a title, right before the comma.
    for k in range(start - 2, max(start - 10, -1), -1):
        if doc[k].is_punct:
            break
        if k in titles:
            title_start = titles[k].start
            if (title_start > 0 and doc[title_start - 1].lower_ in {"the", "last", "former", "first"}) or (
                title_start > 1 and doc[title_start - 2].lower_ == "the"
            ):
                return k
            break
    return None


def _possessive_pronoun_owner(doc: Doc, title_start: int, ctx: _Context) -> str | None:
    """ "its"/"their" before a title: the state that is the subject of the clause."""
    before = doc[title_start - 1] if title_start > 0 else None
    if before is None or before.lower_ not in {"its", "their"}:
        return None
    verb = before.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if child.dep_ in {"nsubj", "nsubjpass"}:
            for t in child.subtree:
                if t.i in ctx.refs:
                    referents = ctx.lex.lookup(ctx.refs[t.i].form)
                    if referents and referents[0].kind == "state":
                        return referents[0].code
    return None


@dataclass(slots=True)
class _Entity:
    """A state, organisation or group actor being assembled."""

    key: str
    name: str
    kind: ActorKind
    country: str | None = None
    org: str | None = None
    sectors: list[str] = field(default_factory=list)
    role: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


def _code(lex: Lexicon, country: str | None, org: str | None, sectors: Iterable[str]) -> str | None:
    sector = next(iter(sectors), "")
    if country:
        return f"{lex.country_cameo.get(country, country)}{sector}"
    if org:
        return lex.org_cameo.get(org, org)
    return None


def extract(reading: Reading) -> None:
    doc = reading.doc
    lex = lexicon()
    hits = matchers_for(doc.vocab).hits(doc_column(doc, ORTH), doc_column(doc, LOWER))
    refs: dict[int, Hit] = {}
    titles: dict[int, Hit] = {}
    for hit in hits:
        if hit.category == "person":
            continue
        target = refs if hit.category == "ref" else titles
        for i in range(hit.start, hit.end):
            target[i] = hit
    ctx = _Context(doc, lex, refs, titles, set(refs) | set(titles))

    # People named by the NER, with the evidence around each mention.
    persons: list[_Person] = []
    person_tokens: set[int] = set()
    spans: list[tuple[Span, tuple[int, int]]] = []
    for ent in doc.ents:
        if ent.label_ == "PERSON" and (cleaned := _clean_person(doc, ent, ctx)) is not None:
            spans.append((ent, cleaned))
        elif (
            ent.label_ in {"ORG", "GPE", "NORP", "FAC"}
            and (tail := _name_after_organisation(doc, ent, ctx)) is not None
        ):
            spans.append((ent, tail))
    # An office holder's full name beats a shorter NER span over it ("Ursula von der" + "Leyen").
    for hit in hits:
        if hit.category != "person":
            continue
        after = doc[hit.end] if hit.end < len(doc) else None
        longer_name = after is not None and after.is_title and after.pos_ == "PROPN"
        if longer_name and after is not None and (after.ent_iob_ == "I" or after.ent_type_ != "PERSON"):
            continue  # part of a longer name: "Ho Chi Minh Mausoleum", "Nelson Mandela Bay"
        overlapping = [item for item in spans if item[1][0] < hit.end and hit.start < item[1][1]]
        if all(e_ - s_ < hit.end - hit.start for _, (s_, e_) in overlapping):
            spans = [item for item in spans if item not in overlapping]
            spans.append((doc[hit.start : hit.end], (hit.start, hit.end)))
    spans.sort(key=lambda item: item[1][0])
    # A byline names the article's authors, not actors of the news.
    article = reading.article
    spans = [(e, se) for e, se in spans if article.kind_at(doc[se[0]].idx) not in {LineKind.BYLINE, LineKind.DATELINE}]
    for ent, (start, end) in spans:
        name = re.sub(r"\s+", " ", doc[start:end].text).strip()
        person = _Person(name=name, key=name_key(name), tokens=name_tokens(name), mentions=[(start, end)])
        appositive_head = _appositive_head(doc, start, titles)
        if appositive_head is not None:
            # "Chile recalled its ambassador, Ana Ruiz", "the Houthis' political chief,
            # Mullah Abdul Ghani Baradar": the title phrase the name stands in apposition to.
            title_start = titles[appositive_head].start if appositive_head in titles else appositive_head
            window = _pre_window(doc, title_start, ctx.hit_tokens)
            _apply_window(person, ctx, window[0], appositive_head + 1)
            if person.principal is None:
                owner = _possessive_pronoun_owner(doc, title_start, ctx)
                if owner:
                    person.principal, person.principal_kind, person.principal_from = owner, "state", "possessive"
        _apply_window(person, ctx, *_pre_window(doc, start, ctx.hit_tokens))
        # Titles inside the entity itself ("President Macron" tagged whole).
        _apply_window(person, ctx, ent.start, start)
        appositive = _appositive_window(doc, end, ctx.hit_tokens, titles)
        if appositive:
            _apply_window(person, ctx, *appositive)
        persons.append(person)
        person_tokens.update(range(start, end))

    persons = _group_people(persons)
    person_tokens.update(_surname_sweep(doc, persons, person_tokens, ctx))
    span_owner: dict[int, _Person] = {}
    for person in persons:
        for s, e in person.mentions:
            for i in range(s, e):
                span_owner[i] = person
    # Possessives: "Modi's adviser" is of Modi's state.
    for person in persons:
        possessor = span_owner.get(person.possessor) if person.possessor is not None else None
        if possessor is not None and possessor is not person:
            if possessor.principal is None:
                _knowledge(possessor, reading.published)
            if not person.principal and possessor.principal:
                person.principal, person.principal_kind, person.principal_from = (
                    possessor.principal,
                    possessor.principal_kind,
                    "possessive",
                )
    for person in persons:
        _knowledge(person, reading.published)
    _company(persons, doc)
    _delegation(persons, reading, ctx)
    _framing_seat(persons, doc, ctx)
    _shared_titles(persons)

    # States, organisations and outlets named outright, and national groups ("Russian forces").
    entities: dict[str, _Entity] = {}
    states_seen: list[str] = []

    def entity(key: str, **kwargs: object) -> _Entity:
        if key not in entities:
            entities[key] = _Entity(key=key, **kwargs)  # type: ignore[arg-type]
        return entities[key]

    used_ref_starts: set[int] = set()
    for hit in hits:
        if hit.category != "ref" or any(i in person_tokens for i in range(hit.start, hit.end)):
            continue
        referents = lex.lookup(hit.form)
        if not referents:
            continue
        referent = referents[0]
        span = (hit.start, hit.end)
        if referent.kind == "state" and referent.via == "institution":
            states_seen.append(referent.code)
            ent_ = entity(
                f"institution:{referent.canonical}",
                name=referent.canonical,
                kind="organization",
                country=referent.code,
                sectors=list(referent.sectors or ("GOV",)),
            )
            ent_.mentions.append(span)
            used_ref_starts.add(hit.start)
        elif referent.kind == "state" and referent.via in {"name", "seat", "metonym"}:
            if (
                referent.via == "seat"
                and hit.start > 0
                and doc[hit.start - 1].lower_ in {"in", "at", "from", "near", "outside", "around"}
            ):
                continue  # "in Nairobi" is a place, not the government
            states_seen.append(referent.code)
            if referent.via == "name":
                ent_ = entity(
                    f"state:{referent.code}",
                    name=lex.country_names.get(referent.code, referent.canonical),
                    kind="state",
                    country=referent.code,
                )
            else:
                sector = referent.sector or "GOV"
                ent_ = entity(
                    f"gov:{referent.code}:{sector}",
                    name=f"{lex.country_names.get(referent.code, referent.code)} ({hit.form})"
                    if referent.via == "metonym"
                    else lex.country_names.get(referent.code, referent.canonical),
                    kind="state" if referent.via == "seat" else "organization",
                    country=referent.code,
                    sectors=[sector],
                )
            ent_.mentions.append(span)
            used_ref_starts.add(hit.start)
        elif referent.kind == "org":
            name = lex.org_names.get(referent.code, referent.canonical)
            if referent.via == "body":
                ent_ = entity(
                    f"org:{referent.code}:{hit.form}",
                    name=hit.form if hit.form[0].isupper() else name,
                    kind="organization",
                    org=referent.code,
                    sectors=[referent.sector] if referent.sector else [],
                )
            else:
                ent_ = entity(f"org:{referent.code}", name=name, kind="organization", org=referent.code)
            ent_.mentions.append(span)
            used_ref_starts.add(hit.start)
        elif referent.kind == "group":
            ent_ = entity(
                f"group:{referent.canonical}",
                name=referent.canonical,
                kind="group",
                country=referent.code or None,
                sectors=list(referent.sectors),
            )
            ent_.mentions.append(span)
            used_ref_starts.add(hit.start)
        elif referent.kind == "outlet":
            ent_ = entity(
                f"outlet:{referent.canonical}",
                name=referent.canonical,
                kind="organization",
                country=referent.code,
                sectors=["MED"],
            )
            ent_.mentions.append(span)
            used_ref_starts.add(hit.start)
        elif referent.kind == "state" and referent.via in {"adjective", "demonym", "name"}:
            # "Russian forces", "North Korean state media", "South Korean officials".
            noun_tokens = [t for t in doc[hit.end : min(hit.end + 3, len(doc))] if not t.is_punct]
            sectors = None
            group_end = hit.end
            for t in noun_tokens:
                if (t.i in ctx.titles and not lex.nouns.get(t.lower_)) or t.ent_type_ == "PERSON":
                    break  # a title before a name; a plural that is also a group noun ("troops") is a group
                found = lex.nouns.get(t.lower_) or lex.nouns.get(t.lemma_.lower())
                two = doc[t.i : t.i + 2].text.lower()
                found = lex.nouns.get(two) or found
                if found:
                    sectors, group_end = found, t.i + (2 if lex.nouns.get(two) else 1)
                    break
                if t.pos_ not in {"ADJ", "NOUN", "PROPN"}:
                    break
            if sectors:
                states_seen.append(referent.code)
                # "the Japanese Foreign Ministry" is an organisation; "Russian troops" a group of people.
                kind: ActorKind = "group" if doc[group_end - 1].tag_ in {"NNS", "NNPS"} else "organization"
                ent_ = entity(
                    f"{kind}:{referent.code}:{sectors[0]}",
                    name=doc[hit.start : group_end].text,
                    kind=kind,
                    country=referent.code,
                    sectors=list(sectors),
                )
                ent_.mentions.append((hit.start, group_end))
                used_ref_starts.add(hit.start)

    # Organisations the lexicon does not know, placed by a nationality or possessive inside them.
    for ent in doc.ents:
        if ent.label_ != "ORG" or any(i in person_tokens for i in range(ent.start, ent.end)):
            continue
        if any(i in used_ref_starts for i in range(ent.start, ent.end)):
            continue
        inner = [lex.lookup(refs[i].form) for i in range(ent.start, ent.end) if i in refs and refs[i].start == i]
        states = [r[0].code for r in inner if r and r[0].kind == "state"]
        whole = refs.get(ent.start)
        if states and whole is not None and whole.start == ent.start and whole.end >= ent.end:
            continue  # the "organisation" is only a nationality word ("Ugandan" tagged ORG)
        nouns = _nouns_in(ctx, ent.start, ent.end)
        country = states[0] if states else None
        if country is None and ent.start >= 2 and doc[ent.start - 1].text in {"'s", "’s"}:
            owner_hit = refs.get(ent.start - 2)
            owner_referents = lex.lookup(owner_hit.form) if owner_hit else []
            if owner_referents and owner_referents[0].kind == "state":
                country = owner_referents[0].code  # "China's Foreign Ministry"
            elif doc[ent.start - 2].lower_ in {"country", "nation", "state"}:
                country = states_seen[-1] if states_seen else None  # "the country's Foreign Ministry"
        if country is None and not nouns:
            continue
        name = re.sub(r"^(?:the|a)\s+", "", span_text(ent), flags=re.I)
        ent_ = entity(
            f"orgname:{name_key(name)}",
            name=name,
            kind="organization",
            country=country,
            sectors=list(nouns[-1]) if nouns else [],
        )
        ent_.mentions.append((ent.start, ent.end))

    # Build actors: persons first (in order of first mention), then the rest.
    actors: list[Actor] = []
    token_actor: dict[int, str] = {}

    def add_actor(actor: Actor, spans: list[tuple[int, int]]) -> None:
        actors.append(actor)
        for s, e in spans:
            actor.mentions.append(_text_span(doc, s, e))
            for i in range(s, e):
                token_actor.setdefault(i, actor.id)

    ordered: list[tuple[int, object]] = [(min(s for s, _ in p.mentions), p) for p in persons]
    ordered += [(min(s for s, _ in e.mentions), e) for e in entities.values() if e.mentions]
    ordered.sort(key=lambda item: item[0])
    for index, (_first, item) in enumerate(ordered, start=1):
        actor_id = f"a{index}"
        if isinstance(item, _Person):
            is_org = item.principal_kind == "org"
            actor = Actor(
                id=actor_id,
                name=item.name,
                kind="person",
                country=None if is_org else item.principal,
                org=item.principal if is_org else None,
                sectors=list(dict.fromkeys(item.sectors)),
                role=item.role,
            )
            actor.code = _code(lex, actor.country, actor.org, actor.sectors)
            add_actor(actor, sorted(item.mentions))
        else:
            assert isinstance(item, _Entity)
            actor = Actor(
                id=actor_id,
                name=item.name,
                kind=item.kind,
                country=item.country,
                org=item.org,
                sectors=list(item.sectors),
                role=item.role,
            )
            actor.code = _code(lex, actor.country, actor.org, actor.sectors)
            add_actor(actor, sorted(item.mentions))
    reading.actors = actors
    reading.token_actor = token_actor
    _link_titles(reading, ctx)
    _counterparts(reading, ctx)
    _home_institutions(reading, ctx)
    _people_in_places(reading, ctx)
    _link_pronouns(reading)
    _link_groups(reading)
    _link_plural_pronouns(reading)


def _holds(actor: Actor, title: str) -> bool:
    """Could ``actor`` be called "the <title>"? "leader" fits any head of state or government;
    other titles must be the actor's own ("the president" is no prime minister)."""
    role = (actor.role or "").lower()
    if title == "leader":
        return _leader_like(actor)
    return bool(role) and (role == title or role.endswith(" " + title) or role.startswith(title + " "))


def _leader_like(actor: Actor) -> bool:
    role = (actor.role or "").lower()
    return any(t in role for t in _LEADER_TITLES)


def _link_titles(reading: Reading, ctx: _Context) -> None:
    """ "the Russian leader", "the North Korean leader": the article's leader of that state; an
    office of a named state that no named person holds in the article is an actor of its own
    (see :func:`_unnamed_official`)."""
    doc = reading.doc
    article_kind = reading.article.kind_at
    for i in sorted(ctx.titles):  # the title tokens, in document order
        token = doc[i]
        if token.i in reading.token_actor:
            continue
        hit = ctx.titles[token.i]
        if hit.start != token.i:
            continue
        title = ctx.lex.titles[hit.form]
        nxt = doc[hit.end] if hit.end < len(doc) else None
        next_actor = reading.actor(reading.token_actor.get(nxt.i)) if nxt is not None else None
        if nxt is not None and (nxt.ent_type_ == "PERSON" or (next_actor is not None and next_actor.kind == "person")):
            continue  # a title before a name is handled with the name
        # The words right before the title: a determiner, possibly a nationality ("the Russian
        # leader", "North Korea's leader"); punctuation ends the phrase.
        state: str | None = None
        has_determiner = False
        j = hit.start - 1
        while j >= 0:
            t = doc[j]
            if t.i in ctx.refs:
                referents = ctx.lex.lookup(ctx.refs[t.i].form)
                if referents and referents[0].kind == "state":
                    state = referents[0].code
                j = ctx.refs[t.i].start - 1
                continue
            if t.text in {"'s", "’s"}:
                j -= 1
                continue
            has_determiner = t.lower_ in {"the", "its", "his", "her", "their"} or (
                state is not None and j < hit.start - 1
            )
            break
        if j >= 0 and doc[j].lower_ in _unnamed_officials()["not_the_holder"]:
            continue  # "the former Russian president" is not the one in office
        phrase_start = j if j >= 0 and doc[j].lower_ == "the" else j + 1
        if state is None:
            state = _state_after(doc, hit.end, ctx)  # "the president of Turkey"
        if not has_determiner and state is None:
            continue
        candidates = [
            a
            for a in reading.actors
            if a.kind == "person" and (state is None or a.principal == state) and _holds(a, title.title)
        ]
        if not candidates:
            singular = doc[hit.end - 1].tag_ not in {"NNS", "NNPS"}  # "Russian troops" are a group
            if singular and state is not None and article_kind(token.idx) not in {LineKind.BYLINE, LineKind.DATELINE}:
                _unnamed_official(reading, ctx, title, state, phrase_start, hit.end)
            continue
        # Without a nationality, "the president" is the president last named before it.
        before_here = [a for a in candidates if any(m.start < token.idx for m in a.mentions)]
        if state is None:
            if not before_here:
                continue
            chosen = max(before_here, key=lambda a: max(m.start for m in a.mentions if m.start < token.idx))
        else:
            chosen = max(candidates, key=lambda a: len(a.mentions))
        start = hit.start
        while start > 0 and doc[start - 1].i in ctx.refs:
            start -= 1
        if start > 0 and doc[start - 1].lower_ == "the":
            start -= 1
        chosen.mentions.append(_text_span(doc, start, hit.end))
        for i in range(start, hit.end):
            reading.token_actor.setdefault(i, chosen.id)


def _state_after(doc: Doc, end: int, ctx: _Context) -> str | None:
    """The state named by an "of" phrase right after a title ("the president of Turkey")."""
    if end + 1 >= len(doc) or doc[end].lower_ != "of":
        return None
    at = end + 1 + (doc[end + 1].lower_ == "the")
    hit = ctx.refs.get(at)
    referents = ctx.lex.lookup(hit.form) if hit is not None and hit.start == at else []
    return referents[0].code if referents and referents[0].kind == "state" else None


_OFFICES_OF_A_HEAD = ("head_of_state", "head_of_government")


@cache
def _unnamed_officials() -> dict[str, frozenset[str]]:
    """``[unnamed_officials]`` of ``sectors.toml``: words that bar an office holder, counterpart
    nouns, the sectors of institutions named without their state."""
    data = load_toml("sectors.toml").get("unnamed_officials", {})
    return {key: frozenset(data.get(key, [])) for key in ("not_the_holder", "counterparts", "home_sectors")}


def _office_holder(title: Title, state: str, published: date | None) -> Term | None:
    """Who held the office on the day, when the knowledge base is sure: "the Iranian president"
    is the one whose title is President (Iran's head of state is its Supreme Leader). "Leader"
    names no office of its own, and without a date any holder could be meant."""
    if published is None or title.title == "leader":
        return None
    offices = _OFFICES_OF_A_HEAD if title.office in _OFFICES_OF_A_HEAD else (title.office,)
    holders = {
        term.name: term
        for office in offices
        for term in leaders().holders(state, office, published)
        if term.title.lower() == title.title or term.title.lower().endswith(" " + title.title)
    }
    return next(iter(holders.values())) if len(holders) == 1 else None


def _unnamed_official(reading: Reading, ctx: _Context, title: Title, state: str, start: int, end: int) -> None:
    """ "the Lithuanian foreign minister", "Brazil's defence minister": an official the article
    does not name. The knowledge base names the holder of a head's or minister's office on the
    day; anyone else is the office itself ("Ambassador of Peru"), so the events it takes part in
    are still coded to its state and sector."""
    doc = reading.doc
    holder = _office_holder(title, state, reading.published)
    if holder is not None:
        name, role, sectors = holder.name, holder.title, list(holder.sectors)
    else:
        country = ctx.lex.country_names.get(state, state)
        role = _title_case(title.title)
        name, sectors = f"{role} of {country}", list(title.sectors)
    actor = next((a for a in reading.actors if a.kind == "person" and a.name == name), None)
    if actor is None:
        actor = Actor(
            id=f"a{len(reading.actors) + 1}", name=name, kind="person", country=state, sectors=sectors, role=role
        )
        actor.code = _code(ctx.lex, state, None, sectors)
        reading.actors.append(actor)
    actor.mentions.append(_text_span(doc, start, end))
    actor.mentions.sort(key=lambda m: m.start)
    for i in range(start, end):
        reading.token_actor.setdefault(i, actor.id)


def _counterparts(reading: Reading, ctx: _Context) -> None:
    """ "X met his Argentine counterpart": the same office in the other state, an official the
    article does not name (see :func:`_unnamed_official`). The office is that of the person the
    counterpart is of: the possessor if named, else the nearest office holder before it in the
    sentence."""
    doc = reading.doc
    tokens = doc_tokens(doc)
    for token in (tokens[i] for i in positions_of(doc, _unnamed_officials()["counterparts"])):
        if token.i in reading.token_actor:
            continue
        after = doc[token.i + 1] if token.i + 1 < len(doc) else None
        if after is not None and (after.ent_type_ == "PERSON" or after.i in reading.token_actor):
            continue  # "his Russian counterpart Sergei Lavrov": the name is the actor
        state: str | None = None
        start = token.i
        while start > 0 and (start - 1) in ctx.refs:
            hit = ctx.refs[start - 1]
            referents = ctx.lex.lookup(hit.form)
            if referents and referents[0].kind == "state":
                state = referents[0].code
            start = hit.start
        if state is None:
            continue
        possessor = next((c for c in token.children if c.dep_ == "poss"), None)
        owner = reading.actor(reading.token_actor.get(possessor.i)) if possessor is not None else None
        if owner is None or not owner.role:
            sentence = token.sent
            before = [
                a
                for a in reading.actors
                if a.kind == "person"
                and a.role
                and a.principal != state
                and any(sentence.start_char <= m.start < token.idx for m in a.mentions)
            ]
            owner = max(before, key=lambda a: max(m.start for m in a.mentions if m.start < token.idx), default=None)
        title = ctx.lex.titles.get(owner.role.lower()) if owner is not None and owner.role else None
        if title is not None:
            _unnamed_official(reading, ctx, title, state, start, token.i + 1)


def _home_institutions(reading: Reading, ctx: _Context) -> None:
    """ "..., the foreign ministry said": an institution named without its state is, in a
    report filed from a state's territory, that state's, when the article names the state too
    ("MANILA, ... The Philippines summoned ..., the foreign ministry said")."""
    doc = reading.doc
    filed = dateline_place(reading, set())
    if filed is None or not filed.country:
        return
    if not any(a.principal == filed.country for a in reading.actors):
        return
    tokens = doc_tokens(doc)
    first_words = _institution_first_words()
    home = _unnamed_officials()["home_sectors"]
    for token in tokens:
        if token.lower_ != "the" or token.i + 1 >= len(doc) or tokens[token.i + 1].lower_ not in first_words:
            continue
        for length in (2, 1):
            end = token.i + 1 + length
            if end > len(doc):
                continue
            words = doc[token.i + 1 : end]
            sectors = ctx.lex.nouns.get(words.text.lower())
            if not sectors or not home & set(sectors) or words[-1].tag_ in {"NNS", "NNPS"}:
                continue
            owners = {reading.token_actor.get(t.i) for t in words}
            placeless = reading.actor(next(iter(owners))) if len(owners) == 1 else None
            if placeless is not None and placeless.kind == "organization" and not placeless.principal:
                # The NER's own "foreign ministry", with no state: placed like the rest.
                placeless.country, placeless.name = filed.country, _institution_name(ctx, filed.country, placeless.name)
                placeless.code = _code(ctx.lex, placeless.country, None, placeless.sectors)
                break
            if any(t.i in reading.token_actor or t.i in ctx.refs for t in words):
                break
            after = doc[end] if end < len(doc) else None
            if after is not None and (after.lower_ == "of" or after.pos_ in {"PROPN", "NOUN"}):
                break  # "the government of Peru", "the army chief": not the institution alone
            if reading.article.kind_at(token.idx) != LineKind.BODY:
                break
            _institution_of(reading, ctx, filed.country, words.text.lower(), list(sectors), token.i, end)
            break


@cache
def _institution_first_words() -> frozenset[str]:
    """The first words of the government and military nouns ("foreign" of "foreign ministry")."""
    home = _unnamed_officials()["home_sectors"]
    return frozenset(noun.split()[0] for noun, sectors in lexicon().nouns.items() if home & set(sectors))


def _people_in_places(reading: Reading, ctx: _Context) -> None:
    """ "Farmers in France", "protesters in Tbilisi", "students from Kenya": a group of people
    named by where they are is that state's group (its sector from the noun), not the state."""
    doc = reading.doc
    tokens = doc_tokens(doc)
    for token in tokens:
        if token.tag_ not in {"NNS", "NNPS"} or token.i in reading.token_actor or token.i + 2 >= len(doc):
            continue
        sectors = ctx.lex.nouns.get(token.lower_)
        if not sectors or tokens[token.i + 1].lower_ not in {"in", "from"}:
            continue
        hit = ctx.refs.get(token.i + 2)
        if hit is None or hit.start != token.i + 2:
            continue
        referents = ctx.lex.lookup(hit.form)
        if not referents or referents[0].kind != "state":
            continue
        if hit.end < len(doc) and tokens[hit.end].lower_ in {"and", "or", ","}:
            continue  # "farmers in France and Belgium": the people of two states, left to the phrase
        state = referents[0].code
        start = token.i
        while start > 0 and tokens[start - 1].dep_ in {"amod", "compound"} and tokens[start - 1].head.i == token.i:
            start -= 1
        name = f"{doc[start : token.i + 1].text} {tokens[token.i + 1].text} {hit.form}"
        actor = Actor(
            id=f"a{len(reading.actors) + 1}",
            name=name[:1].upper() + name[1:],
            kind="group",
            country=state,
            sectors=list(sectors),
        )
        actor.code = _code(ctx.lex, state, None, actor.sectors)
        reading.actors.append(actor)
        actor.mentions.append(_text_span(doc, start, hit.end))
        for i in range(start, token.i + 1):
            reading.token_actor.setdefault(i, actor.id)


def _institution_name(ctx: _Context, state: str, noun: str) -> str:
    return f"{_title_case(noun)} of {ctx.lex.country_names.get(state, state)}"


def _institution_of(
    reading: Reading, ctx: _Context, state: str, noun: str, sectors: list[str], start: int, end: int
) -> None:
    name = _institution_name(ctx, state, noun)
    actor = next((a for a in reading.actors if a.kind == "organization" and a.name == name), None)
    if actor is None:
        actor = Actor(id=f"a{len(reading.actors) + 1}", name=name, kind="organization", country=state, sectors=sectors)
        actor.code = _code(ctx.lex, state, None, sectors)
        reading.actors.append(actor)
    actor.mentions.append(_text_span(reading.doc, start, end))
    actor.mentions.sort(key=lambda m: m.start)
    for i in range(start, end):
        reading.token_actor.setdefault(i, actor.id)


def _link_pronouns(reading: Reading) -> None:
    """A subject "he"/"she" is the person most recently named as a subject (else named at all).
    A person named inside a quotation is the speaker's topic, not the narrative's subject."""
    doc = reading.doc
    quoted = doc_quote_spans(doc)
    starts = [s for s, _ in quoted]
    last_subject: str | None = None
    last_person: str | None = None
    tokens = doc_tokens(doc)
    # Only names and pronouns move the reading on: the others need not be visited.
    for token in [tokens[i] for i in sorted({*reading.token_actor, *positions_of(doc, _PRONOUNS)})]:
        actor_id = reading.token_actor.get(token.i)
        if actor_id is not None and quoted:
            at = bisect_right(starts, token.idx) - 1
            if at >= 0 and token.idx < quoted[at][1]:
                continue
        actor = reading.actor(actor_id) if actor_id else None
        if token.lower_ in _PRONOUNS and token.dep_ in {"nsubj", "nsubjpass"} and actor_id is None:
            target = last_subject or last_person
            if target:
                reading.token_actor[token.i] = target
                linked = reading.actor(target)
                if linked:
                    linked.mentions.append(TextSpan(token.idx, token.idx + len(token.text), token.text))
            continue
        if actor is not None and actor.kind == "person":
            last_person = actor.id
            head_same = reading.token_actor.get(token.head.i) == actor.id
            if token.dep_ in {"nsubj", "nsubjpass"} or (
                token.dep_ in {"compound", "flat", "appos"} and head_same and token.head.dep_ in {"nsubj", "nsubjpass"}
            ):
                last_subject = actor.id


def _group_of(reading: Reading, groups: dict[tuple[str, ...], Actor], first: Actor, second: Actor) -> Actor:
    """The group actor standing for two actors (made on first use, then shared)."""
    key = (first.id, second.id)
    group = groups.get(key)
    if group is None:
        group = Actor(
            id=f"a{len(reading.actors) + 1}",
            name=f"{first.name} and {second.name}",
            kind="group",
            country=None,
            org=None,
            sectors=[],
            role=None,
            members=[first.id, second.id],
        )
        groups[key] = group
        reading.actors.append(group)
    return group


def _link_plural_pronouns(reading: Reading) -> None:
    """A subject "they" is the pair last named together as a subject ("Lula and Milei met ...
    On Tuesday they signed ..."), or the group last mentioned."""
    doc = reading.doc
    pair: list[str] = []
    groups: dict[tuple[str, ...], Actor] = {tuple(g.members): g for g in reading.actors if g.members}
    tokens = doc_tokens(doc)
    # Only names and "they" move the reading on: the others need not be visited.
    for token in [tokens[i] for i in sorted({*reading.token_actor, *positions_of(doc, _THEY)})]:
        actor_id = reading.token_actor.get(token.i)
        if actor_id is not None and token.dep_ in {"nsubj", "nsubjpass"}:
            conjuncts = [reading.token_actor.get(c.i) for c in token.conjuncts]
            ids = [actor_id, *[c for c in conjuncts if c and c != actor_id]]
            if len(ids) >= 2:
                pair = ids[:2]
            elif (actor := reading.actor(actor_id)) is not None and actor.members:
                pair = list(actor.members)
        if token.lower_ == "they" and token.dep_ in {"nsubj", "nsubjpass"} and actor_id is None and len(pair) == 2:
            first, second = reading.actor(pair[0]), reading.actor(pair[1])
            if first is None or second is None:
                continue
            group = _group_of(reading, groups, first, second)
            group.mentions.append(TextSpan(token.idx, token.idx + len(token.text), token.text))
            reading.token_actor[token.i] = group.id


def _link_groups(reading: Reading) -> None:
    """ "the two leaders", "both countries", "the two governments": a group actor whose members
    are the two parties last named before it (people for leaders, states for countries),
    else the article's two most mentioned."""
    doc = reading.doc
    groups: dict[tuple[str, ...], Actor] = {}

    def recent(before: int, people: bool) -> list[Actor]:
        seen: list[Actor] = []
        principals: set[str] = set()
        for i in range(before - 1, max(before - 120, -1), -1):
            actor = reading.actor(reading.token_actor.get(i))
            if actor is None or not actor.principal or actor.principal in principals:
                continue
            if people and not (actor.kind == "person" and _leader_like(actor)):
                continue
            if not people and actor.kind not in {"state", "organization", "person"}:
                continue
            principals.add(actor.principal)
            seen.append(actor)
            if len(seen) == 2:
                break
        return seen

    salient_people = sorted(
        (a for a in reading.actors if a.kind == "person" and _leader_like(a)), key=lambda a: -len(a.mentions)
    )[:2]
    salient_states = sorted((a for a in reading.actors if a.kind == "state"), key=lambda a: -len(a.mentions))[:2]
    text = doc_text(doc)
    lowered = text.lower()
    if "two" not in lowered and "both" not in lowered:
        return  # every group phrase has one of the two words
    for chunk in _group_chunks(doc, text):
        text = span_text(chunk).strip()
        people = bool(_GROUP_PEOPLE.match(text))
        if not (people or _GROUP_STATES.match(text)) or chunk.start in reading.token_actor:
            continue
        pair = recent(chunk.start, people)
        if len(pair) < 2:
            pair = salient_people if people else salient_states
        if len(pair) < 2:
            continue
        group = _group_of(reading, groups, pair[0], pair[1])
        group.mentions.append(TextSpan(chunk.start_char, chunk.end_char, text))
        for i in range(chunk.start, chunk.end):
            reading.token_actor[i] = group.id


_CHUNK_HEADS = {NOUN, PROPN, PRON}


def _group_chunks(doc: Doc, text: str) -> list[Span]:
    """The noun chunks (``doc.noun_chunks``) where a group phrase may be: those headed by a word
    of a :data:`_GROUP_ANYWHERE` match or the word after it.

    spaCy's chunker walks the whole document word by word; here it walks only the head word's
    own phrase (from its left edge), which gives the chunks the whole document would there, as
    long as no word of the phrase reaches further left than its head's left edge. Where one
    does (a crossing arc), the sentence is chunked whole.
    """
    # The language's chunker over a span walks that span only (``Span.noun_chunks`` would
    # chunk the whole document and keep what falls inside).
    chunker = getattr(doc, "noun_chunks_iterator", None)
    if chunker is None:
        return list(doc.noun_chunks)  # raises, as spaCy does, for a language without a chunker
    tokens = doc_tokens(doc)
    starts = [t.idx for t in tokens]
    found: dict[tuple[int, int], Span] = {}
    for match in _GROUP_ANYWHERE.finditer(text):
        first = bisect_right(starts, match.start()) - 1
        last = bisect_right(starts, match.end() - 1)
        for head in tokens[max(first, 0) : min(last + 1, len(tokens))]:
            if head.pos not in _CHUNK_HEADS:
                continue
            left = head.left_edge.i
            crossing = any(t.left_edge.i < left for t in tokens[left : head.i + 1])
            region = head.sent if crossing else doc[left : head.i + 1]
            for start, end, _label in chunker(region):
                found.setdefault((start, end), doc[start:end])
    return [found[key] for key in sorted(found)]


def members(reading: Reading, actor_id: str | None) -> list[Actor]:
    """The actors an actor id stands for: the group's members, or the actor itself."""
    actor = reading.actor(actor_id)
    if actor is None:
        return []
    if actor.members:
        return [m for m in (reading.actor(a) for a in actor.members) if m]
    return [actor]
