"""Entry script for the bundle: the same `timer-app` command as from source."""

from timer_app.cli import main

raise SystemExit(main())
