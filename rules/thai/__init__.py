"""Thai language, pure and shared: dates and digits (dates.py), text for matching (text.py).
"""
