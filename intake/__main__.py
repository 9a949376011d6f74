"""`python -m intake ...` is `intake ...`."""
from intake.cli import main

main()
