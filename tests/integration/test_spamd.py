"""A real SpamAssassin spamd (Debian package spamd) on 127.0.0.1, spoken to through the
spamc protocol by rules.spamd.SpamdClient, and used by the triage chain.

spamd runs local tests only (-L: no DNS, no network), as `nobody` when we are root, with
its pid file and log in a temporary directory. A missing spamd fails in CI (env CI set)
and skips elsewhere.
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from intake.parse.mime import parse_message
from rules import load_profile, triage
from rules.base import TriageContext
from rules.spamd import SpamdClient, SpamdError

pytestmark = pytest.mark.integration

START_TIMEOUT = 60  # seconds: spamd compiles its rule set at start-up
GTUBE = "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X"
SARABAN = "saraban@phetchaburi.m-society.go.th"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _spamd_binary() -> str | None:
    return shutil.which("spamd") or next(
        (p for p in ("/usr/sbin/spamd", "/usr/bin/spamd") if os.access(p, os.X_OK)), None)


@pytest.fixture(scope="module")
def spamd(tmp_path_factory):
    binary = _spamd_binary()
    if not binary:
        message = "spamd is not installed (Debian package spamd; scripts/setup.sh installs it)"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    work = tmp_path_factory.mktemp("spamd")
    work.chmod(0o777)  # spamd drops to nobody and writes its pid file here
    port = _free_port()
    log = work / "spamd.log"
    cmd = [binary, f"--listen=127.0.0.1:{port}", "--allowed-ips=127.0.0.1", "--local",
           "--nouser-config", f"--pidfile={work / 'spamd.pid'}", "--syslog=stderr",
           "--max-children=1", "--min-children=1"]
    if os.geteuid() == 0:
        cmd.append("--username=nobody")
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=work,
                                start_new_session=True)
    try:
        _wait_ready(proc, port, log)
        yield SpamdClient("127.0.0.1", port, timeout=30)
    finally:
        _stop(proc)


def _wait_ready(proc, port: int, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"spamd exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
        if "server successfully spawned child" in log.read_text(errors="replace"):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                return
            except OSError:
                pass
        time.sleep(0.2)
    _stop(proc)
    pytest.fail(f"spamd not ready within {START_TIMEOUT} s:\n{log.read_text(errors='replace')}")


def _stop(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)  # spamd stops its children itself
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


def _mail(subject: str, body: str, sender="somchai.k@gmail.com") -> bytes:
    return (f"From: Somchai <{sender}>\r\nTo: {SARABAN}\r\n"
            f"Subject: =?utf-8?b?{__import__('base64').b64encode(subject.encode()).decode()}?=\r\n"
            "Date: Mon, 04 May 2026 09:12:00 +0700\r\n"
            "Message-ID: <20260504091200.4471@mail.gmail.com>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n\r\n").encode() + body.encode()


THAI_REQUEST = _mail(
    "ขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุ",
    "เรียน เจ้าหน้าที่ พมจ.เพชรบุรี\r\n\r\nคุณพ่อของผมเสียชีวิตเมื่อวันที่ 28 เมษายน 2569 อายุ 81 ปี "
    "บ้านอยู่ อ.ท่ายาง จ.เพชรบุรี ผมขอยื่นคำขอรับเงินค่าจัดการศพผู้สูงอายุตามประเพณี "
    "แนบสำเนาใบมรณบัตรและสำเนาบัตรประชาชนของผมมาด้วยครับ\r\n\r\nสมชาย 081-234-5678\r\n")
GTUBE_MAIL = _mail("ข่าวดี", f"ข้อความทดสอบ\r\n{GTUBE}\r\n", sender="promo@cheap-deals.example")


def test_gtube_is_spam(spamd):
    is_spam, score, report = spamd(GTUBE_MAIL)
    assert is_spam and score >= 100
    assert "GTUBE" in report
    assert spamd.threshold and spamd.threshold > 0


def test_a_normal_thai_request_is_not_spam(spamd):
    is_spam, score, _ = spamd(THAI_REQUEST)
    assert not is_spam and score < 5


@pytest.mark.parametrize("command", ["CHECK", "REPORT"])
def test_other_spamc_commands_give_the_same_verdict(spamd, command):
    client = SpamdClient(spamd.host, spamd.port, timeout=30, command=command)
    assert client(GTUBE_MAIL)[0] is True
    assert client(THAI_REQUEST)[0] is False


def test_triage_deletes_gtube_but_registers_the_request(spamd):
    profile = load_profile()
    spam = triage(parse_message(GTUBE_MAIL), profile, TriageContext(spamd=spamd, raw=GTUBE_MAIL))
    assert spam.disposition == "spam"
    assert "spam_flag" in spam.rules
    request = triage(parse_message(THAI_REQUEST), profile,
                     TriageContext(spamd=spamd, raw=THAI_REQUEST))
    assert request.disposition == "register" and request.service == "S16"


def test_a_stopped_spamd_is_a_clear_error(spamd):
    client = SpamdClient("127.0.0.1", _free_port(), timeout=2)
    with pytest.raises(SpamdError, match="unreachable"):
        client(THAI_REQUEST)
