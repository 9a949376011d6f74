"""The spamc protocol client against a scripted fake spamd on loopback, and how the
spam rule uses its verdict (a real spamd: tests/integration/test_spamd.py)."""
from __future__ import annotations

import socket
import threading

import pytest

from rules.message import ParsedMessage
from rules import load_profile, triage
from rules.base import TriageContext
from rules.checks.spam_flag import SpamFlag
from rules.spamd import SpamdClient, SpamdError, parse_response

PROFILE = load_profile()
SARABAN = "saraban@phetchaburi.m-society.go.th"


class FakeSpamd:
    """Accepts one connection, records the request, answers with a fixed reply."""

    def __init__(self, reply: bytes, delay: float = 0.0):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(1)
        self.port = self.sock.getsockname()[1]
        self.reply, self.delay, self.request = reply, delay, b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.sock.accept()
        with conn:
            while chunk := conn.recv(65536):
                self.request += chunk
            if self.delay:
                threading.Event().wait(self.delay)
            try:
                conn.sendall(self.reply)
            except OSError:
                pass
        self.sock.close()


def test_symbols_request_follows_the_protocol_and_the_answer_is_parsed():
    fake = FakeSpamd(b"SPAMD/1.1 0 EX_OK\r\nContent-length: 14\r\n"
                     b"Spam: True ; 7.5 / 5.0\r\n\r\nBAYES_99,URIBL")
    raw = b"Subject: hi\r\n\r\nbody\r\n"
    is_spam, score, report = SpamdClient("127.0.0.1", fake.port, timeout=5)(raw)
    fake.thread.join(5)
    assert (is_spam, score, report) == (True, 7.5, "BAYES_99,URIBL")
    head, _, body = fake.request.partition(b"\r\n\r\n")
    assert head.split(b"\r\n")[0] == b"SYMBOLS SPAMC/1.5"
    assert f"Content-length: {len(raw)}".encode() in head
    assert body == raw


def test_not_spam_answer():
    assert parse_response(b"SPAMD/1.1 0 EX_OK\r\nSpam: False ; 1.2 / 5.0\r\n\r\n")[:3] == \
        (False, 1.2, 5.0)


@pytest.mark.parametrize("answer, says", [
    (b"", "without an answer"),
    (b"HTTP/1.1 200 OK\r\n\r\n", "not a spamd answer"),
    (b"SPAMD/1.0 76 Bad header line: (EOF)\r\n\r\n", "spamd error 76"),
    (b"SPAMD/1.1 0 EX_OK\r\nContent-length: 0\r\n\r\n", "no 'Spam:' header"),
])
def test_bad_answers_raise_a_clear_error(answer, says):
    with pytest.raises(SpamdError, match=says):
        parse_response(answer)


def test_refused_connection_and_timeout_raise_spamd_error():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(SpamdError, match="unreachable"):
        SpamdClient("127.0.0.1", port, timeout=2)(b"x")
    slow = FakeSpamd(b"SPAMD/1.1 0 EX_OK\r\nSpam: False ; 0 / 5\r\n\r\n", delay=2)
    with pytest.raises(SpamdError, match="did not answer within"):
        SpamdClient("127.0.0.1", slow.port, timeout=0.5)(b"x")


def test_message_over_the_size_limit_is_not_sent():
    with pytest.raises(SpamdError, match="larger than"):
        SpamdClient("127.0.0.1", 1, timeout=1, max_size=10)(b"x" * 11)


# --- the spam rule with ctx.spamd --------------------------------------------------------

def msg(subject, text, from_addr="someone@gmail.com"):
    return ParsedMessage(message_id="<t@example>", subject=subject, from_name="",
                         from_addr=from_addr, to=[SARABAN], delivered_to=[SARABAN], text=text)


def _spamd(result=None, error=None):
    def check(raw):
        if error:
            raise error
        return result
    return check


def test_high_spamd_score_on_an_advert_is_spam():
    ctx = TriageContext(spamd=_spamd((True, 14.2, "BAYES_99")), raw=b"raw")
    v = SpamFlag().check(msg("hello", "great deal"), PROFILE, ctx)
    assert v.disposition == "spam"
    assert "14.2" in v.reasons[0].th


def test_high_spamd_score_on_a_real_request_goes_to_review():
    ctx = TriageContext(spamd=_spamd((True, 12.0, "BAYES_99")), raw=b"raw")
    m = msg("ขอรับเงินค่าจัดการศพผู้สูงอายุ", "แม่เสียชีวิต ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุ")
    assert SpamFlag().check(m, PROFILE, ctx).disposition == "review"


def test_borderline_spamd_score_on_a_question_about_the_units_field_goes_to_review():
    ctx = TriageContext(spamd=_spamd((True, 5.4, "HTML_MESSAGE")), raw=b"raw")
    m = msg("สอบถามค่ะ", "อยากทราบว่าผู้สูงอายุในหมู่บ้านจะขอรับความช่วยเหลือได้ที่ไหนคะ")
    assert SpamFlag().check(m, PROFILE, ctx).disposition == "review"


def test_spamd_failure_is_noted_and_the_message_judged_without_it():
    ctx = TriageContext(spamd=_spamd(error=SpamdError("spamd at 127.0.0.1:783 unreachable")),
                        raw=b"raw")
    m = msg("ขอรับเงินค่าจัดการศพผู้สูงอายุ", "แม่เสียชีวิต ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุ")
    decision = triage(m, PROFILE, ctx)
    assert decision.disposition == "register" and decision.service == "S16"
    note = next(r for r in decision.reasons if r.rule == "spam_flag")
    assert "unreachable" in note.en and "without it" in note.en
