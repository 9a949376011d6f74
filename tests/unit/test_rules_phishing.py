from intake.message import ParsedMessage
from rules.base import TriageContext
from rules.profile import load_profile

PROFILE = load_profile()
SARABAN = "saraban@phetchaburi.m-society.go.th"


def msg(subject="", text="", from_addr="citizen@gmail.com", to=(SARABAN,), headers=None, **kw):
    return ParsedMessage(message_id="<t@example>", subject=subject, from_name=kw.pop("from_name", ""),
                         from_addr=from_addr, to=list(to), delivered_to=list(to), text=text,
                         headers={k.lower(): [v] if isinstance(v, str) else v
                                  for k, v in (headers or {}).items()}, **kw)
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
