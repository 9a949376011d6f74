"""A receipt a citizen can prove (issue 14): a one-page PDF signed by the unit (PAdES,
pyHanko) naming the เลขรับ, the time the mail entered the unit's system, the deemed time of
receipt (2565 Act s.10) and the sha256 of the message as received. It is attached to the
acknowledgment; `intake receipt verify` checks it.

The facts are printed on the page for people and kept as JSON in the document information
(/ESarabanReceipt) for the verifier; both lie inside the signed bytes. A signature covers
every byte of the file but its own /Contents, whose zero padding no validator reads: the
verifier therefore also requires /Contents to be exactly the signature and zeros, so that
changing any one byte of the file makes it fail.
"""
from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from pathlib import Path

import jinja2

from intake.archive.convert.html import page, render_pdf
from rules.thai.dates import digits, local_time, thai_date, thai_time
from templates import TEMPLATES_DIR

FACTS_KEY = "/ESarabanReceipt"
FIELD_NAME = "UnitReceipt"
_CONTENTS = re.compile(rb"/Contents\s*<([0-9A-Fa-f]*)>")


class ReceiptError(Exception):
    """The receipt cannot be made (no key, no renderer); the acknowledgment goes without it."""


@dataclass(frozen=True)
class ReceiptFacts:
    registration: str  # "12/2569", as the register numbers it
    received_at: datetime  # when the mail entered the unit's system
    deemed_at: datetime  # when it counts as received (office hours)
    sha256: str  # of the message's bytes as the unit received and stored them
    message_id: str = ""
    subject: str = ""
    sender: str = ""

    def as_json(self) -> str:
        return json.dumps({"registration": self.registration,
                           "received_at": local_time(self.received_at).isoformat(),
                           "deemed_at": local_time(self.deemed_at).isoformat(),
                           "sha256": self.sha256,
                           "message_id": self.message_id, "subject": self.subject,
                           "sender": self.sender}, ensure_ascii=False, sort_keys=True)


@dataclass
class Verification:
    """What `intake receipt verify` found; ok only when every check passed."""

    ok: bool = False
    facts: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


# ------------------------------------------------------------------- making ----
def receipt_configured(config) -> bool:
    return bool(config.get("receipt.key_file") and config.get("receipt.certificate_file"))


def make_receipt(config, profile, facts: ReceiptFacts) -> bytes:
    """The signed receipt PDF. Raises ReceiptError when it cannot be made."""
    from intake.archive.convert.html import RenderError

    try:
        pdf = render_pdf(_page(profile, facts, config.get("unit.thai_numerals")))
    except RenderError as exc:
        raise ReceiptError(f"the receipt could not be printed: {exc}") from None
    return sign(_with_facts(pdf, facts), config.path("receipt.key_file"),
                config.path("receipt.certificate_file"))


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR / "receipt")),
                              autoescape=True, undefined=jinja2.StrictUndefined)


def _page(profile, facts: ReceiptFacts, thai: bool) -> str:
    def when(moment: datetime) -> str:
        return f"{thai_date(moment, thai_numerals=thai)} เวลา {thai_time(moment, thai_numerals=thai)}"

    r = {"registration": digits(facts.registration, thai),
         "registration_ascii": facts.registration, "subject": facts.subject or "(ไม่มีเรื่อง)",
         "sender": facts.sender, "message_id": facts.message_id, "sha256": facts.sha256,
         "received_th": when(facts.received_at), "deemed_th": when(facts.deemed_at),
         "received_iso": local_time(facts.received_at).isoformat(timespec="seconds"),
         "deemed_iso": local_time(facts.deemed_at).isoformat(timespec="seconds")}
    body = _environment().get_template("receipt.html.j2").render(
        unit=profile.unit, r=r, num=lambda v: digits(v, thai))
    return page(body, title=f"ใบรับหนังสือ {facts.registration}",
                extra_css="th, td { vertical-align: top; padding: 1mm 2mm; "
                          "border-bottom: 0.3pt solid #999; }")


def _with_facts(pdf: bytes, facts: ReceiptFacts) -> bytes:
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as doc:
        doc.docinfo[FACTS_KEY] = facts.as_json()
        doc.docinfo["/Title"] = f"ใบรับหนังสือ เลขรับ {facts.registration}"
        out = io.BytesIO()
        doc.save(out)
    return out.getvalue()


def sign(pdf: bytes, key_file: Path, cert_file: Path) -> bytes:
    """Sign the whole PDF with the unit's key (PAdES baseline, SHA-256)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    if not Path(key_file).exists() or not Path(cert_file).exists():
        raise ReceiptError(f"no receipt key or certificate at {key_file}, {cert_file} "
                           "(`intake receipt keygen`)")
    signer = signers.SimpleSigner.load(str(key_file), str(cert_file))
    if signer is None:
        raise ReceiptError(f"the receipt key {key_file} could not be read")
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME, subfilter=fields.SigSeedSubFilter.PADES, md_algorithm="sha256",
        reason="ใบรับหนังสือทางอิเล็กทรอนิกส์ / electronic receipt")
    out = signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), meta, signer=signer)
    return out.getvalue()


# ---------------------------------------------------------------- checking ----
def verify(pdf: bytes, cert_file: Path, message: bytes | None = None) -> Verification:
    """Check a receipt: one signature over the entire file, intact, made with the unit's
    certificate (trusted as the only root, nothing fetched), its /Contents nothing but the
    signature; with `message`, that its sha256 is the one receipted."""
    from pyhanko.keys import load_cert_from_pemder
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    result = Verification()
    unit_cert = load_cert_from_pemder(str(cert_file))
    try:
        reader = PdfFileReader(io.BytesIO(pdf))
        sigs = reader.embedded_signatures
        if len(sigs) != 1:
            result.problems.append(f"expected one signature, found {len(sigs)}")
            return result
        status = validate_pdf_signature(sigs[0], ValidationContext(
            trust_roots=[unit_cert], allow_fetching=False))
        info = reader.trailer_view["/Info"]
        raw_facts = info.get(FACTS_KEY)
        result.facts = json.loads(str(raw_facts)) if raw_facts is not None else {}
    except Exception as exc:  # a damaged file is a failed check, whatever broke
        result.problems.append(f"the file is not a readable signed PDF: "
                               f"{type(exc).__name__}: {str(exc)[:200]}")
        return result
    if not status.intact:
        result.problems.append("the signed bytes were changed after signing")
    if not status.valid:
        result.problems.append("the signature does not verify")
    if status.signing_cert is None or status.signing_cert.sha256 != unit_cert.sha256:
        result.problems.append("not signed with the unit's certificate")
    elif not status.trusted:
        result.problems.append("the signing certificate is not the unit's")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        result.problems.append("the signature does not cover the whole file")
    if not _contents_exact(pdf):
        result.problems.append("the signature's /Contents carries bytes that are not the signature")
    if not result.facts:
        result.problems.append("the receipt carries no facts")
    elif message is not None and hashlib.sha256(message).hexdigest() != result.facts.get("sha256"):
        result.problems.append("the message is not the one receipted (sha256 differs)")
    result.ok = not result.problems
    return result


def _contents_exact(pdf: bytes) -> bool:
    """/Contents holds the DER signature then zero padding, and nothing else: the padding
    is outside the signed range and no validator reads it."""
    from asn1crypto import parser

    found = _CONTENTS.findall(pdf)
    if len(found) != 1 or len(found[0]) % 2:
        return False
    raw = bytes.fromhex(found[0].decode("ascii"))
    try:
        _, _, _, header, contents, _ = parser.parse(raw)
    except ValueError:
        return False
    end = len(header) + len(contents)
    canonical = raw.hex().encode("ascii")
    return not any(raw[end:]) and found[0] in (canonical, canonical.upper())


# ----------------------------------------------------------------- the key ----
def keygen(out_dir: Path, profile, *, days: int = 3650) -> tuple[Path, Path]:
    """A self-signed key and certificate for the unit (a demo, or a unit without a CA):
    key.pem (mode 0600) and cert.pem in out_dir. An existing pair is kept."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    out_dir.mkdir(parents=True, exist_ok=True)
    key_path, cert_path = out_dir / "key.pem", out_dir / "cert.pem"
    if key_path.exists() and cert_path.exists():
        return key_path, cert_path
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, _utf8_cut(profile.unit.short_name)),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                         _utf8_cut(profile.unit.name_en)),
                      x509.NameAttribute(NameOID.COUNTRY_NAME, "TH")])
    now = datetime.now(UTC)
    usage = x509.KeyUsage(digital_signature=True, content_commitment=True,
                          key_encipherment=False, data_encipherment=False, key_agreement=False,
                          key_cert_sign=True, crl_sign=False, encipher_only=False,
                          decipher_only=False)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(usage, critical=True)
            .sign(key, hashes.SHA256()))
    key_path.touch(mode=0o600)
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_path, cert_path


def _utf8_cut(text: str, limit: int = 64) -> str:
    """At most `limit` bytes of UTF-8 (an X.509 name's bound), whole letters only."""
    while len(text.encode("utf-8")) > limit:
        text = text[:-1]
    return text
