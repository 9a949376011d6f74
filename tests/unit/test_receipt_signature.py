"""The signed receipt (issue 14): it verifies with the unit's certificate, and fails when
one byte of the PDF, or of the message it names, changes."""
import hashlib
import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pikepdf
import pytest

from intake.outbox import receipt
from rules.profile import load_profile

BKK = ZoneInfo("Asia/Bangkok")
MESSAGE = b"From: a@gmail.com\r\nSubject: test\r\n\r\nhello\r\n"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    return receipt.keygen(tmp_path_factory.mktemp("keys"), load_profile())


@pytest.fixture(scope="module")
def signed(keys):
    doc = pikepdf.new()
    doc.add_blank_page()
    out = io.BytesIO()
    doc.save(out)
    facts = receipt.ReceiptFacts(
        registration="12/2569", received_at=datetime(2026, 12, 3, 23, 40, tzinfo=BKK),
        deemed_at=datetime(2026, 12, 4, 8, 30, tzinfo=BKK),
        sha256=hashlib.sha256(MESSAGE).hexdigest(), subject="test")
    return receipt.sign(receipt._with_facts(out.getvalue(), facts), *keys)


def test_a_receipt_verifies_with_the_units_certificate_and_names_its_facts(keys, signed):
    result = receipt.verify(signed, keys[1], MESSAGE)
    assert result.ok, result.problems
    assert result.facts["registration"] == "12/2569"
    assert result.facts["deemed_at"].startswith("2026-12-04T08:30")


def test_changing_any_one_byte_of_the_pdf_fails(keys, signed):
    # every 97th byte, the signature's zero padding included
    for i in range(0, len(signed), 97):
        bad = bytearray(signed)
        bad[i] ^= 0x01
        assert not receipt.verify(bytes(bad), keys[1]).ok, i


def test_a_changed_message_fails(keys, signed):
    changed = MESSAGE.replace(b"hello", b"hellp")
    result = receipt.verify(signed, keys[1], changed)
    assert not result.ok and "sha256" in result.problems[0]


def test_another_units_certificate_fails(tmp_path, signed):
    _, other_cert = receipt.keygen(tmp_path, load_profile())
    assert not receipt.verify(signed, other_cert).ok
