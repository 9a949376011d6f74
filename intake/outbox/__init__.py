"""Stage 6, the outbox: replies built (compose.py, letter_pdf.py) in the decision's
transaction, then delivered and logged in the send register (deliver.py).
"""
