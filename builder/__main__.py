"""``python -m builder`` (from the project root) and ``python -m source_stance.builder``."""

import sys

from source_stance.builder.cli import main

sys.exit(main())
