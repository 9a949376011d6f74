"""The time of receipt is when the mail entered the unit's own system, never a time the
sender wrote (issue 14, finding 10)."""
from datetime import UTC, datetime

from registry.office_time import time_of_receipt

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)
FETCHED = datetime(2026, 12, 3, 9, 58, tzinfo=UTC)
OURS = "mx1.phetchaburi.m-society.go.th, lmtp.phetchaburi.m-society.go.th"
LMTP = ("from mx1.phetchaburi.m-society.go.th by lmtp.phetchaburi.m-society.go.th with LMTP; "
        "Thu, 3 Dec 2026 16:57:10 +0700")
MX = ("from mail.example.org (mail.example.org [192.0.2.7]) by mx1.phetchaburi.m-society.go.th "
      "(Postfix) with ESMTPS id 4AB; Thu, 3 Dec 2026 16:57:02 +0700")
FORGED = "from x by mx1.phetchaburi.m-society.go.th with SMTP; Mon, 1 Jun 2026 08:00:00 +0700"


def test_the_first_hop_into_our_own_servers():
    assert time_of_receipt([LMTP, MX, FORGED], OURS, FETCHED, NOW) == \
        datetime(2026, 12, 3, 9, 57, 2, tzinfo=UTC)


def test_a_header_the_sender_wrote_is_never_trusted():
    # on top, where our server would be: but no server of ours wrote it
    sender = "from a by mail.example.org; Mon, 1 Jun 2026 08:00:00 +0700"
    assert time_of_receipt([sender, FORGED], OURS, FETCHED, NOW) == FETCHED
    # below a foreign hop, a header naming our host is the sender's own writing
    assert time_of_receipt([MX, "from a by relay.example.org; Thu, 3 Dec 2026 16:50:00 +0700",
                            FORGED], OURS, FETCHED, NOW) == datetime(2026, 12, 3, 9, 57, 2,
                                                                    tzinfo=UTC)


def test_no_hosts_named_means_the_time_of_fetching():
    assert time_of_receipt([LMTP, MX], "", FETCHED, NOW) == FETCHED


def test_a_time_in_the_future_is_not_believed():
    future = "from a by mx1.phetchaburi.m-society.go.th; Fri, 4 Dec 2026 16:57:02 +0700"
    assert time_of_receipt([future], OURS, FETCHED, NOW) == FETCHED
