"""`python -m timer_app` does exactly what the `timer-app` command does."""

from timer_app.cli import main

raise SystemExit(main())
