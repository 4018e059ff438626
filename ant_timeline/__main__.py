"""`python -m ant_timeline`."""

from ant_timeline.cli import main

main()
