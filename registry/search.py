"""Thai search in the registers: find a word inside a subject or sender.

Thai is written without spaces between words, so `LIKE '%x%'` over the whole register
would be the only substring search, and it reads every row. Instead each entry's subject
and sender are segmented once into words (PyThaiNLP's newmm, on NFKC-normalised text;
Latin words lower-cased) and kept in register_words, indexed on the word. A query is
segmented the same way; an entry matches when every query word is one of its words (or,
when whole words give less than a page, the start of one): both are ranges on the index
(register, word, entry_id), walked newest entry first.

A word inside a longer word (พิการ in คนพิการ, อายุ in ผู้สูงอายุ) is not a word of the entry
nor the start of one, so when whole words and prefixes give less than a page, the search
asks the database's own trigram index over the entry's normalised text (register_texts):
SQLite's FTS5 table with the trigram tokenizer (register_trigrams, kept by triggers),
PostgreSQL's pg_trgm GIN index (ix_register_texts_trgm); both made by migration 0010.
A trigram needs three characters: a shorter query word only narrows the rows the longer
ones found, and a query of short words alone keeps to the word index (whole words and
their starts), which is where a two-letter Thai word is found.
"""
from __future__ import annotations

import re
from functools import lru_cache

from sqlalchemy import (
    Index, Integer, String, Text, and_, delete, exists, func, select, text as sql_text,
)
from sqlalchemy.orm import aliased, Mapped, Session, mapped_column

from registry.models import SECRET_LEVELS, Base, ReceiveEntry, SendEntry

REGISTERS = {"receive": ReceiveEntry, "send": SendEntry}
MAX_WORD = 100
# a word worth indexing has a Thai letter, a Latin letter or a digit
_WORDISH = re.compile(r"[\u0e01-\u0e4e0-9a-z๐-๙]")


class RegisterWord(Base):
    __tablename__ = "register_words"
    # (register, word, entry_id): a word's postings, newest entry last, straight from the
    # index; the prefix match is a range on it (LIKE would not use a BINARY index)
    __table_args__ = (Index("ix_register_words_posting", "register", "word", "entry_id"),
                      Index("ix_register_words_entry", "register", "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register: Mapped[str] = mapped_column(String(8))  # receive | send
    entry_id: Mapped[int] = mapped_column(Integer)
    word: Mapped[str] = mapped_column(String(MAX_WORD))


class RegisterText(Base):
    """An entry's subject and sender, normalised, for the search inside words. The id puts
    both registers in one key space that keeps register order: entry id * 2, + 1 for send."""

    __tablename__ = "register_texts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    body: Mapped[str] = mapped_column(Text)


TRIGRAM = 3  # characters a trigram index needs in a query word
_BIT = {"receive": 0, "send": 1}


def text_key(register: str, entry_id: int) -> int:
    return entry_id * 2 + _BIT[register]


@lru_cache(maxsize=1)
def _tokenizer():
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def normalise(text: str) -> str:
    """The one Thai clean-up (rules/thai/text.py: SARA AM whole, which the segmenter's
    dictionary needs, marks in order, presentation forms), Arabic digits, lower case."""
    from rules.thai.dates import arabic_digits
    from rules.thai.text import clean_thai

    return arabic_digits(clean_thai(text)).lower()


def words(text: str) -> list[str]:
    """The distinct words of a text, in order: newmm segments, NFKC, lower-case."""
    text = normalise(text)
    out: list[str] = []
    for chunk in re.split(r"[\s<>@()\[\]{}\"'“”‘’,;:!?/\\|]+", text):
        if not chunk:
            continue
        for token in _tokenizer()(chunk, engine="newmm", keep_whitespace=False):
            token = token.strip(" .-_*#=+~`^&%$")
            if token and _WORDISH.search(token) and token not in out:
                out.append(token[:MAX_WORD])
    return out


def index_entry(session: Session, register: str, entry) -> None:
    """(Re)index one register entry's subject and sender; call in the registering
    transaction, after the entry is flushed (it needs the id)."""
    if register not in REGISTERS:
        raise ValueError(f"register must be one of {tuple(REGISTERS)}")
    session.execute(delete(RegisterWord).where(RegisterWord.register == register,
                                               RegisterWord.entry_id == entry.id))
    if getattr(entry, "secrecy", "") in SECRET_LEVELS:
        # a secret letter's words never reach the index every clerk searches
        session.execute(delete(RegisterText).where(
            RegisterText.id == text_key(register, entry.id)))
        return
    text = f"{entry.subject or ''} {entry.sender or ''}"
    for word in words(text):
        session.add(RegisterWord(register=register, entry_id=entry.id, word=word))
    session.merge(RegisterText(id=text_key(register, entry.id), body=normalise(text)))


def reindex(session: Session) -> int:
    """Rebuild the whole index (after a migration, or to repair it). Returns the entries."""
    session.execute(delete(RegisterWord))
    session.execute(delete(RegisterText))
    n = 0
    for register, model in REGISTERS.items():
        for entry in session.scalars(select(model)):
            index_entry(session, register, entry)
            n += 1
    session.flush()
    return n


DRIVER_PROBE = 2000  # postings counted at the most to find a query's rarest word


def _holds(alias, word: str, exact: bool):
    if exact:
        return alias.word == word
    return and_(alias.word >= word, alias.word < word + "\U0010ffff")


def _postings(session: Session, register: str, word: str, exact: bool) -> int:
    """How many entries hold the word, counted up to DRIVER_PROBE (an index range)."""
    probe = (select(RegisterWord.id).where(RegisterWord.register == register,
                                           _holds(RegisterWord, word, exact))
             .limit(DRIVER_PROBE).subquery())
    return session.scalar(select(func.count()).select_from(probe)) or 0


def _matches(session: Session, register: str, model, query_words: list[str],
             year: int | None, limit: int, exact: bool) -> list[int]:
    """Entries holding every query word (exactly, or as the start of a word), newest
    first: walk the rarest word's postings backwards, checking the others by index. (A
    phrase of common words with no entry holding them all would otherwise walk the whole
    of the first word's postings.)"""
    holds = lambda alias, word: _holds(alias, word, exact)  # noqa: E731
    if len(query_words) > 1:
        counts = {w: _postings(session, register, w, exact) for w in query_words}
        if min(counts.values()) == 0:
            return []
        query_words = sorted(query_words, key=counts.__getitem__)

    first = aliased(RegisterWord)
    query = select(first.entry_id).where(first.register == register,
                                         holds(first, query_words[0]))
    for word in query_words[1:]:
        other = aliased(RegisterWord)
        query = query.where(exists().where(other.register == register,
                                           other.entry_id == first.entry_id, holds(other, word)))
    if year is not None:
        query = query.join(model, model.id == first.entry_id).where(model.year == year)
    if not exact:
        query = query.distinct()  # one entry may start several words with the prefix
    return list(session.scalars(query.order_by(first.entry_id.desc()).limit(limit)))


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def inside_words(session: Session, register: str, text: str, year: int | None,
                 limit: int) -> list[int]:
    """Entries whose normalised text holds every query word anywhere (inside a longer
    word too), newest first, by the database's trigram index; [] when no query word is
    long enough for one."""
    chunks = [c for c in dict.fromkeys(normalise(text).split()) if c]
    long = [c for c in chunks if len(c) >= TRIGRAM]
    if not long:
        return []
    short = [c for c in chunks if len(c) < TRIGRAM]
    params: dict[str, int | str] = {"bit": _BIT[register], "n": limit}
    model = REGISTERS[register]
    year_join = (f" JOIN {model.__tablename__} e ON e.id = k / 2 AND e.year = :year"
                 if year is not None else "")
    if year is not None:
        params["year"] = year
    likes = []
    for i, word in enumerate(short):
        params[f"s{i}"] = _like(word)
        likes.append(f"AND body LIKE :s{i} ESCAPE '\\'")
    if session.get_bind().dialect.name == "sqlite":
        params["m"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in long)
        inner = ("SELECT rowid AS k FROM register_trigrams WHERE register_trigrams MATCH :m "
                 "AND rowid % 2 = :bit " + " ".join(likes))
    else:  # PostgreSQL: LIKE '%w%' answered by pg_trgm's GIN index
        for i, word in enumerate(long):
            params[f"l{i}"] = _like(word)
        inner = ("SELECT id AS k FROM register_texts WHERE id % 2 = :bit "
                 + " ".join(f"AND body LIKE :l{i} ESCAPE '\\'" for i in range(len(long)))
                 + " " + " ".join(likes))
    query = f"SELECT k FROM ({inner}) t{year_join} ORDER BY k DESC LIMIT :n"
    return [k // 2 for k in session.execute(sql_text(query), params).scalars()]


def search(session: Session, register: str, text: str, year: int | None = None,
           limit: int = 500) -> list[int]:
    """Ids of the entries whose subject or sender holds every word of `text`, newest
    first (entry ids follow the register's order). Whole words first; when they give
    less than `limit`, words that merely start with the query's are added. `year` is CE."""
    model = REGISTERS[register]
    query_words = words(text)
    if not query_words:
        return []
    found = _matches(session, register, model, query_words, year, limit, exact=True)
    if len(found) < limit:
        more = _matches(session, register, model, query_words, year, limit, exact=False)
        found = sorted(set(found) | set(more), reverse=True)[:limit]
    if len(found) < limit:  # a word inside a longer word: the trigram index
        more = inside_words(session, register, text, year, limit)
        found = sorted(set(found) | set(more), reverse=True)[:limit]
    return found


def indexed_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(RegisterWord)) or 0


__all__ = ["RegisterText", "RegisterWord", "index_entry", "indexed_count", "inside_words",
           "reindex", "search", "words"]
