"""A SpamAssassin client speaking the spamc protocol to spamd (SPAMC/1.5).

    client = SpamdClient("127.0.0.1", 783, timeout=10)
    is_spam, score, report = client(raw_bytes)
    client.learn(raw_bytes, "spam")   # spamc -L spam: a clerk's decision taught to Bayes

One TCP connection per message: the request line (SYMBOLS by default, or CHECK /
REPORT), Content-length, a blank line, the message; spamd answers
"SPAMD/1.1 0 EX_OK", a "Spam: True ; 7.5 / 5.0" header and, for SYMBOLS/REPORT, a body
(the rule names or the report). Every failure (refused, timeout, a protocol or spamd
error, a message larger than max_size) raises SpamdError, which the spam rule catches:
the message is then judged without spamd and the reason says so. Loopback or the unit's
own mail server only: the message is sent to this host.
"""
from __future__ import annotations

import re
import socket

PROTOCOL = "SPAMC/1.5"
COMMANDS = ("CHECK", "SYMBOLS", "REPORT")
LABELS = ("spam", "ham")  # what spamd's Bayes learns (TELL Message-class)
MAX_SIZE = 512 * 1024  # spamc's default limit: larger mail is not checked
_STATUS = re.compile(r"^SPAMD/(\d+\.\d+)\s+(\d+)\s*(.*)$")
_SPAM = re.compile(r"^Spam:\s*(True|False|Yes|No)\s*;\s*(-?[\d.]+)\s*/\s*(-?[\d.]+)", re.IGNORECASE)


class SpamdError(Exception):
    """spamd could not judge the message (unreachable, timeout, protocol error)."""


class SpamdClient:
    def __init__(self, host: str, port: int = 783, timeout: float = 10.0, *,
                 command: str = "SYMBOLS", user: str | None = None, max_size: int = MAX_SIZE,
                 required: float | None = None):
        if command not in COMMANDS:
            raise ValueError(f"spamd command must be one of {', '.join(COMMANDS)}")
        self.host, self.port, self.timeout = host, int(port), float(timeout)
        self.command, self.user, self.max_size = command, user, max_size
        self.threshold: float | None = None  # spamd's required score, from the last answer
        self.required = required  # the unit's own threshold; None: spamd's

    def __repr__(self) -> str:
        return f"SpamdClient({self.host!r}, {self.port}, timeout={self.timeout})"

    def __call__(self, raw: bytes) -> tuple[bool, float, str]:
        if len(raw) > self.max_size:
            raise SpamdError(f"message of {len(raw)} bytes is larger than the spamd limit "
                             f"({self.max_size}); not checked")
        answer = self._exchange(self._request(raw))
        is_spam, score, threshold, body = parse_response(answer)
        self.threshold = threshold
        if self.required is not None:
            is_spam = score >= self.required
        return is_spam, score, body

    def learn(self, raw: bytes, label: str) -> bool:
        """Teach spamd's Bayes that this message is spam or ham (what `spamc -L spam|ham`
        does: TELL with Set: local; spamd must run with --allow-tell). True when spamd
        learnt it, False when it already knew it; SpamdError otherwise."""
        if label not in LABELS:
            raise ValueError(f"label must be one of {', '.join(LABELS)}")
        if len(raw) > self.max_size:
            raise SpamdError(f"message of {len(raw)} bytes is larger than the spamd limit")
        answer = self._exchange(self._request(raw, "TELL", [f"Message-class: {label}",
                                                            "Set: local"]))
        head = answer.partition(b"\r\n\r\n")[0].decode("latin-1")
        status = _STATUS.match(head.split("\r\n")[0].strip()) if head else None
        if not status or int(status.group(2)) != 0:
            raise SpamdError(f"spamd refused to learn: {head[:80]!r} (is --allow-tell set?)")
        return "DidSet: local" in head

    def _request(self, raw: bytes, command: str | None = None, extra=()) -> bytes:
        head = [f"{command or self.command} {PROTOCOL}", *extra, f"Content-length: {len(raw)}"]
        if self.user:
            head.append(f"User: {_header_safe(self.user)}")
        return ("\r\n".join(head) + "\r\n\r\n").encode("ascii") + raw

    def _exchange(self, request: bytes) -> bytes:
        where = f"spamd at {self.host}:{self.port}"
        try:
            with socket.create_connection((self.host, self.port), timeout=self.timeout) as sock:
                sock.settimeout(self.timeout)
                sock.sendall(request)
                sock.shutdown(socket.SHUT_WR)  # end of message, as spamc does
                chunks = []
                while chunk := sock.recv(65536):
                    chunks.append(chunk)
        except TimeoutError:
            raise SpamdError(f"{where} did not answer within {self.timeout:g} s") from None
        except OSError as exc:
            raise SpamdError(f"{where} unreachable: {exc.strerror or exc}") from None
        return b"".join(chunks)


def parse_response(answer: bytes) -> tuple[bool, float, float, str]:
    """(is_spam, score, threshold, body) from spamd's answer; SpamdError if it is not one."""
    if not answer:
        raise SpamdError("spamd closed the connection without an answer")
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = _STATUS.match(lines[0].strip())
    if not status:
        raise SpamdError(f"not a spamd answer: {lines[0][:60]!r}")
    code, message = int(status.group(2)), status.group(3).strip()
    if code != 0:
        raise SpamdError(f"spamd error {code} {message}")
    for line in lines[1:]:
        m = _SPAM.match(line.strip())
        if m:
            is_spam = m.group(1).lower() in ("true", "yes")
            return is_spam, float(m.group(2)), float(m.group(3)), \
                body.decode("utf-8", "replace").strip()
    raise SpamdError("spamd answer has no 'Spam:' header")


def _header_safe(value: str) -> str:
    return re.sub(r"[\r\n\x00]", "", value)[:64]
