"""Triage rules and the unit profile: `triage(msg, profile, ctx) -> Decision`."""
from rules.engine import triage
from rules.profile import load_profile

__all__ = ["load_profile", "triage"]
