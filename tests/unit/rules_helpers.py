"""What every rule test builds a message with: the demo profile and a hand-made mail."""
from rules.message import ParsedMessage
from rules.profile import load_profile

PROFILE = load_profile()
SARABAN = "saraban@phetchaburi.m-society.go.th"


def msg(subject="", text="", from_addr="citizen@gmail.com", to=(SARABAN,), headers=None, **kw):
    return ParsedMessage(message_id="<t@example>", subject=subject, from_name=kw.pop("from_name", ""),
                         from_addr=from_addr, to=list(to), delivered_to=list(to), text=text,
                         headers={k.lower(): [v] if isinstance(v, str) else v
                                  for k, v in (headers or {}).items()}, **kw)
