"""What a parsed e-mail looks like to the rest of the system.

The parser (intake.parse.mime) produces a ParsedMessage; the rules (rules/) read it and
never see raw bytes or the stdlib email objects. Keeping this contract small and
plain lets the rules stay pure functions that unit tests can feed by hand.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Attachment:
    filename: str  # decoded display name (RFC 2231 / RFC 2047); never a path, never trusted
    content_type: str  # lower-case "type/subtype"
    size: int
    payload: bytes = field(repr=False, default=b"")
    content_id: str | None = None
    inline: bool = False
    text: str = ""  # extracted text where cheap and readable (e.g. a PDF's text layer), NFKC


@dataclass
class ParsedMessage:
    message_id: str | None  # with angle brackets, as in the header; a hint only
    subject: str
    from_name: str
    from_addr: str  # lower-case addr-spec, "" when missing or unparseable
    reply_to: list[str] = field(default_factory=list)
    to: list[str] = field(default_factory=list)  # lower-case addr-specs
    cc: list[str] = field(default_factory=list)
    delivered_to: list[str] = field(default_factory=list)  # Delivered-To, X-Original-To
    date: datetime | None = None  # the Date header, timezone-aware when it had a zone
    received_at: datetime | None = None  # top Received header (written by our own server)
    in_reply_to: str | None = None
    references: list[str] = field(default_factory=list)
    # header name (lower-case) -> decoded values, in order; for rules that look at
    # Auto-Submitted, List-*, X-Spam-*, Authentication-Results and the like
    headers: dict[str, list[str]] = field(default_factory=dict)
    content_type: str = "text/plain"  # of the root part, lower-case
    text: str = ""  # the body as plain text (text/plain, or HTML turned to text), NFKC
    html: str | None = None  # the raw HTML body when there was one (unsanitised!)
    attachments: list[Attachment] = field(default_factory=list)
    # human-readable notes on charsets: "windows-874 read as cp874",
    # "no charset declared; detected utf-8", "declared us-ascii but bytes are utf-8"
    charset_notes: list[str] = field(default_factory=list)
    defects: list[str] = field(default_factory=list)  # MIME defects the parser reported
    language: str = "th"  # "th" or "en": the language replies are written in
    # an attached official letter's fields (intake.parse.letters), each {value, confidence,
    # evidence}: doc_number, doc_number_ascii, doc_date, subject, to, references,
    # enclosures, urgency, secrecy, sender_agency; None when no letter was found
    letter: dict | None = None

    def letter_value(self, name: str):
        """One field of the attached letter, or None."""
        return (self.letter or {}).get(name, {}).get("value") or None

    def header(self, name: str) -> str | None:
        """First value of a header (case-insensitive), or None."""
        values = self.headers.get(name.lower())
        return values[0] if values else None

    @property
    def recipients(self) -> list[str]:
        """The address(es) the mail was sent to: Delivered-To / X-Original-To when
        present (they say which of our addresses received it), else To and Cc."""
        return self.delivered_to or (self.to + self.cc)
