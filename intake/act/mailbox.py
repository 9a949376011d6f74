"""Handler: the mailbox change a decision owes (to Processed, or Junk for spam). Only
queued here, on the message's locations: the poller applies it after the decision's
commit (intake/pipeline.py apply_mailbox_changes), so a crash never loses a message."""
from __future__ import annotations

from sqlalchemy import select

from intake.act.context import Acting
from registry.models import MessageLocation
from rules.base import SPAM


class MailboxMove:
    name = "mailbox_move"
    description = "queue the move to Processed or Junk (applied after the commit)"

    def handle(self, act: Acting) -> bool:
        msg = act.msg
        move_to = ""
        for mb in act.rt.config.mailboxes:
            if mb.name == msg.source_mailbox and mb.move_messages:
                move_to = mb.junk_folder if act.decision.disposition == SPAM \
                    else mb.processed_folder
        for loc in act.session.scalars(select(MessageLocation)
                                       .where(MessageLocation.message_pk == msg.id)):
            loc.move_to = move_to if loc.mailbox == msg.source_mailbox else ""
        return bool(move_to)
