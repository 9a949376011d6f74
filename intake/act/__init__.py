"""Stage 5, act: what a decision does (register row, case, replies, forward, mailbox move,
archive flag, decision record). The rules decide; this package only carries out.
"""
