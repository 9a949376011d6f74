"""Are all the required documents there? A proposal for the clerk, never a verdict.

For each document the service requires (seed 003, in the unit profile) we look for it in
what arrived: attachment file names, the text of attached PDFs, and the body ("แนบสำเนา
บัตรประชาชนมาด้วย"). Words are compared after Thai word segmentation, with the generic
words every document name shares (สำเนา, หลักฐาน, เอกสาร ...) left out, so "บัตรประชาชน.jpg"
answers "สำเนาบัตรประจำตัวประชาชน". Each document comes out present, missing or unsure,
with the evidence, and the clerk confirms or corrects.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

from rules.message import ParsedMessage

PRESENT, MISSING, UNSURE = "present", "missing", "unsure"

# Words that say nothing about WHICH document it is.
GENERIC = {
    "สำเนา", "หลักฐาน", "เอกสาร", "แสดง", "ของ", "ที่", "และ", "หรือ", "ได้รับ", "การ", "ใน", "ให้",
    "ผู้", "ขอ", "ตาม", "ซึ่ง", "ว่า", "กับ", "แบบ", "ฉบับ", "จำนวน", "ๆ", "(", ")", "ความ", "เป็น",
    "มี", "รับรอง", "ถูกต้อง", "ไฟล์", "scan", "สแกน", "copy", "jpg", "jpeg", "png", "pdf", "docx",
    "doc", "แนบ", "ส่ง", "มา", "ด้วย", "ครับ", "ค่ะ", "คะ", "นะ", "ใบ",
}
# The same document under the names people actually use.
SYNONYMS = {
    "บัตรประชาชน": "บัตรประจำตัวประชาชน",
    "บัตรปชช": "บัตรประจำตัวประชาชน",
    "idcard": "บัตรประจำตัวประชาชน",
    "ทร14": "ทะเบียนบ้าน",
    "ทร.14": "ทะเบียนบ้าน",
    "สูติบัตร": "สูติบัตร",
    "ใบเกิด": "สูติบัตร",
    "ใบมรณะ": "มรณบัตร",
    "ใบมรณบัตร": "มรณบัตร",
    "ใบตาย": "มรณบัตร",
    "มรณะ": "มรณบัตร",
}
# Documents the manual asks for only in some cases ("(ถ้ามี)", "(กรณี...)", "(เฉพาะ...)").
CONDITIONAL = re.compile(r"\((?:ถ้ามี|กรณี|เฉพาะ)")
# Prefixes the dictionary glues onto a document's name ("สำเนาทะเบียนบ้าน").
PREFIXES = ("สำเนา", "หลักฐาน", "ใบ")


@dataclass
class DocumentCheck:
    document: str
    status: str  # present | missing | unsure
    evidence: str = ""
    score: float = 0.0


@dataclass
class CompletenessProposal:
    service: str
    documents: list[DocumentCheck] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [d.document for d in self.documents if d.status == MISSING]

    @property
    def present(self) -> list[str]:
        return [d.document for d in self.documents if d.status == PRESENT]

    @property
    def unsure(self) -> list[str]:
        return [d.document for d in self.documents if d.status == UNSURE]

    def as_json(self) -> dict:
        return {"service": self.service, "documents": [asdict(d) for d in self.documents]}


def _words(text: str) -> set[str]:
    from pythainlp.tokenize import word_tokenize

    from rules.thai.text import normalize

    text = normalize(unicodedata.normalize("NFKC", text or ""))
    text = re.sub(r"[_\-./\\]+", " ", text)
    out = set()
    for w in word_tokenize(text, engine="newmm", keep_whitespace=False):
        w = w.strip().lower()
        for prefix in PREFIXES:
            if w.startswith(prefix) and len(w) > len(prefix) + 1:
                w = w[len(prefix):]
        if not w or w in GENERIC or len(w) < 2 or w.isdigit():
            continue
        out.add(SYNONYMS.get(w, w))
    return out


def _key_words(document: str) -> set[str]:
    # "...ของผู้สูงอายุ", "...ของผู้ยื่นคำขอ" say whose document it is, not which one
    document = document.split("ของ", 1)[0] if "ของ" in document[3:] else document
    key = _words(document)
    # a document named by a term people shorten ("บัตรประจำตัวประชาชน" → "บัตรประชาชน"):
    # the term counts as one word, the form every synonym maps to
    for full in set(SYNONYMS.values()):
        if full in document:
            key = (key - _words(full)) | {full}
    return key


def check(msg: ParsedMessage, service_id: str, required: list[str]) -> CompletenessProposal:
    proposal = CompletenessProposal(service=service_id)
    attachments = [(a.filename, _words(a.filename) | _words(a.text[:3000])) for a in msg.attachments
                   if not a.inline or a.content_type.startswith("application/")]
    body = _words(msg.text[:5000])
    for document in required:
        key = _key_words(document)
        if not key:
            proposal.documents.append(DocumentCheck(document, UNSURE, "ชื่อเอกสารไม่มีคำเฉพาะให้เทียบ"))
            continue
        best, where = 0.0, ""
        for name, words in attachments:
            score = len(key & words) / len(key)
            if score > best:
                best, where = score, name
        if best >= 0.6:
            proposal.documents.append(DocumentCheck(document, PRESENT, f"ไฟล์แนบ: {where}", best))
            continue
        in_body = len(key & body) / len(key)
        if in_body >= 0.6 and attachments:
            proposal.documents.append(DocumentCheck(
                document, UNSURE, "กล่าวถึงในเนื้อความ แต่ไม่พบไฟล์ที่ชื่อตรงกัน", in_body))
        elif best >= 0.3:
            proposal.documents.append(DocumentCheck(document, UNSURE, f"ไฟล์แนบอาจเป็นเอกสารนี้: {where}",
                                                    best))
        elif CONDITIONAL.search(document):
            proposal.documents.append(DocumentCheck(
                document, UNSURE, "เอกสารเฉพาะกรณี: ไม่พบ ตรวจว่ากรณีนี้ต้องใช้หรือไม่",
                max(best, in_body)))
        else:
            proposal.documents.append(DocumentCheck(document, MISSING, "ไม่พบในไฟล์แนบหรือเนื้อความ",
                                                    max(best, in_body)))
    return proposal
