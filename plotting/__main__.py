"""`python -m plotting`: the command-line interface (see `plotting.cli`)."""

import sys

from .cli import main

sys.exit(main())
