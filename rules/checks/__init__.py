"""One rule per module (GNU Mailman style). Each rule is a class with `name`,
`description` and a pure `check(msg, profile, ctx) -> Verdict`: no I/O, no database.
The order they run in is the table in rules/chain.py."""
