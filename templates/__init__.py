"""The project's templates (data, not code), shipped as package data.

mail/<kind>.<th|en>.txt.j2: replies, rendered by intake.outbox.compose, which also owns every
header (see templates/mail/README.md); letters/: outgoing letters (intake.outbox.letter_pdf);
web/: the web pages (intake.web.app).
"""
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent
