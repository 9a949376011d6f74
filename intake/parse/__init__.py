"""Stage 3, parse: raw bytes -> the message the rules read (rules/message.py).

mime.py walks the MIME tree, charsets.py decodes Thai mail (windows-874, TIS-620),
letters.py reads an official letter's fields from its PDF.
"""
