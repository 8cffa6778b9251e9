"""`python -m plotting` and the `warmup-figure` console script (the CLI itself: `plotting.cli`)."""

import gc
import os
import sys
from typing import NoReturn


def run() -> NoReturn:
    # A short-lived process that builds one figure: matplotlib's import and drawing create many
    # objects, and cyclic garbage collection passes over them cost about a tenth of the run time
    # while freeing next to nothing before the process exits. So collection is off, and the
    # CLI (which imports matplotlib) is imported only after that.
    gc.disable()
    from .cli import main

    code = main()
    # Every file is written, closed and renamed by now; tearing down the interpreter would only
    # free those objects one by one (a large share of a short run). Flush what was printed and
    # leave at once.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a reader that went away (`| head`): nothing more can be said
        code = code or 1
    os._exit(code)


if __name__ == "__main__":
    run()
