"""``python -m threadkit``: the same as the ``threadkit`` command."""

from threadkit.cli import main

raise SystemExit(main())
