from tests.unit.rules_helpers import PROFILE, SARABAN, msg  # noqa: F401
from rules.base import TriageContext

from rules.checks.phishing import Phishing


def test_credential_phishing_is_spam():
    m = msg("Complete with DocuSign: Budget.pdf",
            "Review document. Please sign before 5:00 PM today. This email contains a secure link. "
            "https://docs-sign.example/review",
            from_addr="dse@docusign-notify.net", from_name="DocuSign via e-Signature",
            reply_to=["support@outlook-mail.cc"])
    assert Phishing().check(m, PROFILE, TriageContext()).disposition == "spam"


def test_worried_citizen_without_links_is_not_phishing():
    m = msg("ถูกตัดสิทธิ์หรือเปล่าคะ",
            "แม่ได้รับจดหมายว่าจะถูกตัดสิทธิ์ ต้องยืนยันสิทธิ์อย่างไรคะ")
    assert not Phishing().check(m, PROFILE, TriageContext()).hit
