"""THE order of the triage rules, in one visible table (GNU Mailman's chain).

Rules run top to bottom. The first rule whose verdict is final settles the
disposition; every rule that hit before it is recorded with its reasons. Order
matters and follows the procedure (procedure.md step 1-2):

  1. machine mail first: never answer software (loops), whatever it says;
  2. spam next: hard evidence deletes, soft evidence on a real-looking request goes
     to review (a citizen's request is never deleted on a guess);
  3. a mail telling of someone in danger (violence, a child hurt, self-harm,
     trafficking) is marked ด่วนที่สุด and the chain goes on: the act stage registers
     it and holds it for a person whatever is decided;
     a reply to an open case continues that case;
  4. official letters from government senders are within authority by address;
  5. one mail raising several matters for different handlers goes to a clerk; then
     matters that belong elsewhere: a sibling unit by nature, another agency, a
     sibling unit by where the person lives (both provinces named: review);
  6. channel: a service announced only in person / on Biz Portal, or a request that
     reached an address not announced for requests;
  7. what is left within authority is registered: a service, a complaint, an enquiry.
Nothing decided -> review (the engine's fallback).

After the decision, the annotators run on registered (and review) matters.
"""
from __future__ import annotations

from rules.base import Annotator, Rule
from rules.checks.advertising import Advertising
from rules.checks.announced_address import AnnouncedAddress
from rules.checks.auto_reply import AutoReply
from rules.checks.bounce import Bounce
from rules.checks.complaint_enquiry import ComplaintEnquiry
from rules.checks.dmarc_fail import DmarcFail
from rules.checks.government_letter import GovernmentLetter
from rules.checks.high_risk import HighRisk
from rules.checks.letter_addressee import LetterAddressee
from rules.checks.letter_fields import LetterFields
from rules.checks.lookalike_domain import LookalikeDomain
from rules.checks.mailing_list import MailingList
from rules.checks.mixed_matters import MixedMatters
from rules.checks.other_agency import OtherAgency
from rules.checks.own_address import OwnAddress
from rules.checks.phishing import Phishing
from rules.checks.scam import Scam
from rules.checks.service_channel import ServiceChannel
from rules.checks.service_request import ServiceRequest
from rules.checks.sibling_area import SiblingArea
from rules.checks.sibling_matter import SiblingMatter
from rules.checks.spam_flag import SpamFlag
from rules.checks.threading import Threading
from rules.checks.top_secret_letter import TopSecretLetter
from rules.checks.urgent_safety import UrgentSafety

CHAIN: tuple[Rule, ...] = (
    # -- machine: never answered --------------------------------- disposition
    OwnAddress(),          # from our own address (loop guard)        machine
    Bounce(),              # DSN / MDN / MAILER-DAEMON / <>           machine
    AutoReply(),           # Auto-Submitted, out-of-office            machine
    # -- spam: deleted (or review when it reads as a real request) -------------
    SpamFlag(),            # X-Spam-Flag / X-Spam-Status / spamd      spam|review
    LookalikeDomain(),     # cgd-go-th.org, borrowed agency names     spam
    DmarcFail(),           # go.th sender failing DMARC               spam
    Phishing(),            # credential / payment-scam wording        spam|review
    Scam(),                # money offer, LINE, ID data or fee, pressure  spam|review
    Advertising(),         # marketing wording + opt-out              spam|review
    MailingList(),         # List-Id / List-Unsubscribe / bulk        machine
    # -- someone in danger: marked, never settled here ---------------------------
    UrgentSafety(),        # violence, a child hurt, self-harm ...    (ด่วนที่สุด, goes on)
    # -- continuing and official mail ------------------------------------------
    TopSecretLetter(),     # a letter marked ลับที่สุด: never by e-mail     review
    Threading(),           # reply to an open case                    register
    LetterAddressee(),     # a letter เรียน another office            forward|out_of_authority
    GovernmentLetter(),    # official letter from go.th / mi.th ...   register|wrong_channel
    # -- belongs elsewhere -------------------------------------------------------
    MixedMatters(),        # several matters, different handlers      review
    SiblingMatter(),       # shelter / homeless centre                forward
    OtherAgency(),         # local_admin ... alro                     out_of_authority
    SiblingArea(),         # lives in Ratchaburi / Prachuap           forward|review
    # -- channel -----------------------------------------------------------------
    ServiceChannel(),      # S09/S10/S21 in person, S22 Biz Portal    wrong_channel
    AnnouncedAddress(),    # reached pr@ only                         wrong_channel|review
    # -- within authority ----------------------------------------------------------
    ServiceRequest(),      # S01..S22                                 register
    ComplaintEnquiry(),    # complaint / enquiry                      register
)

# Run after the decision, on matters that are registered or held for review.
ANNOTATORS: tuple[Annotator, ...] = (
    HighRisk(),            # procedure step 3: identity proofing
    LetterFields(),        # ที่ / ลงวันที่ / เรื่อง of an attached official letter
)

# Names recorded in a decision that are not rules of the chain: who else decided.
_OTHER_DECIDERS = {
    "clerk_review": "เจ้าหน้าที่พิจารณา",
    "approval_policy": "นโยบายให้เจ้าหน้าที่หรือหัวหน้าหน่วยงานอนุมัติก่อน",
}
RULE_LABELS: dict[str, str] = {
    **{r.name: r.label for r in CHAIN}, **{a.name: a.label for a in ANNOTATORS},
    **_OTHER_DECIDERS}


def rule_label(name: str | None) -> str:
    """The Thai label of a rule named in a decision; the name itself for an older one."""
    return RULE_LABELS.get(name or "", name or "-")
