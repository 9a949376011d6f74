"""`python -m intake.cli ...` is `intake ...`."""
from intake.cli import main

main()
