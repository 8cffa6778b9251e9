"""`python -m plotting` and the `warmup-figure` console script (the CLI itself: `plotting.cli`)."""

import gc
import sys
from typing import NoReturn


def run() -> NoReturn:
    # A short-lived process that builds one figure: matplotlib's import and drawing create many
    # objects, and cyclic garbage collection passes over them cost about a tenth of the run time
    # while freeing next to nothing before the process exits. So collection is off, and the
    # CLI (which imports matplotlib) is imported only after that.
    gc.disable()
    from .cli import main

    sys.exit(main())


if __name__ == "__main__":
    run()
