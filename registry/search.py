"""Thai search in the registers: find a word inside a subject or sender.

Thai is written without spaces between words, so `LIKE '%x%'` over the whole register
would be the only substring search, and it reads every row. Instead each entry's subject
and sender are segmented once into words (PyThaiNLP's newmm, on NFKC-normalised text;
Latin words lower-cased) and kept in register_words, indexed on the word. A query is
segmented the same way; an entry matches when every query word is (a prefix of) one of
its words: `word LIKE 'x%'` uses the index.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from sqlalchemy import Index, Integer, String, delete, func, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.models import Base, ReceiveEntry, SendEntry

REGISTERS = {"receive": ReceiveEntry, "send": SendEntry}
MAX_WORD = 100
# a word worth indexing has a Thai letter, a Latin letter or a digit
_WORDISH = re.compile(r"[\u0e01-\u0e4e0-9a-z๐-๙]")


class RegisterWord(Base):
    __tablename__ = "register_words"
    __table_args__ = (Index("ix_register_words_word", "word"),
                      Index("ix_register_words_entry", "register", "entry_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    register: Mapped[str] = mapped_column(String(8))  # receive | send
    entry_id: Mapped[int] = mapped_column(Integer)
    word: Mapped[str] = mapped_column(String(MAX_WORD))


@lru_cache(maxsize=1)
def _tokenizer():
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def normalise(text: str) -> str:
    from intake.thai import arabic_digits

    text = unicodedata.normalize("NFKC", text or "")
    # NFKC splits SARA AM (ำ) into NIKHAHIT + SARA AA, which the segmenter's dictionary
    # does not know: put it back together
    return arabic_digits(text.replace("\u0e4d\u0e32", "\u0e33")).lower()


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
    for word in words(f"{entry.subject or ''} {entry.sender or ''}"):
        session.add(RegisterWord(register=register, entry_id=entry.id, word=word))


def reindex(session: Session) -> int:
    """Rebuild the whole index (after a migration, or to repair it). Returns the entries."""
    session.execute(delete(RegisterWord))
    n = 0
    for register, model in REGISTERS.items():
        for entry in session.scalars(select(model)):
            index_entry(session, register, entry)
            n += 1
    session.flush()
    return n


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search(session: Session, register: str, text: str, year: int | None = None,
           limit: int = 500) -> list[int]:
    """Ids of the entries whose subject or sender holds every word of `text` (a word
    may be the start of a longer one), newest first. `year` is CE."""
    model = REGISTERS[register]
    query_words = words(text)
    if not query_words:
        return []
    query = select(model.id)
    for word in query_words:
        hits = select(RegisterWord.entry_id).where(
            RegisterWord.register == register,
            RegisterWord.word.like(_escape_like(word) + "%", escape="\\"))
        query = query.where(model.id.in_(hits))
    if year is not None:
        query = query.where(model.year == year)
    query = query.order_by(model.year.desc(), model.number.desc()).limit(limit)
    return list(session.scalars(query))


def indexed_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(RegisterWord)) or 0


__all__ = ["RegisterWord", "index_entry", "indexed_count", "reindex", "search", "words"]
