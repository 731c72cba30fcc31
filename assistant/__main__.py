"""``python -m assistant`` is the ``assistant`` command."""

import sys

from .channels.cli import main

sys.exit(main())
