"""e-Saraban intake processor: the mailbox, the pipeline, the outbox and the command line."""
