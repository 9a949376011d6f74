"""Test-only wrappers that run the real `intake` command with one fault injected."""
