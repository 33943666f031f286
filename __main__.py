"""``python -m source_stance``."""

import sys

from source_stance.builder.cli import main

sys.exit(main())
