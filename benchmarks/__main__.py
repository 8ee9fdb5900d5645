"""``python -m benchmarks [--json PATH] [--quick] [--soak N] [--pages ...]``: see benchmarks/README.md."""

import sys

from benchmarks.run import main

sys.exit(main())
