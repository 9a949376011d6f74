"""Jinja2 reply templates (data, not code): mail/<kind>.<th|en>.txt.j2.

Rendered by intake.compose, which also owns every header; see templates/mail/README.md.
"""
