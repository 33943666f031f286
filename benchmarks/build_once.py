"""One timed build for bench_build.py: ``run()`` then ``publish()``, timestamps to a JSON file.

Kept as a file (not ``python -c``) with a ``__main__`` guard, which Dask's LocalCluster needs.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def main() -> None:
    raw, out, engine, workers, stamps = sys.argv[1:6]
    do_publish = sys.argv[6:7] != ["build-only"]
    from source_stance.builder.cli import offline

    offline()
    from source_stance.builder.memory import use_lean_arrow_pool

    use_lean_arrow_pool()  # as the CLI does
    from source_stance.builder.engine import ExecutionOptions, start_process_server

    execution = ExecutionOptions(engine=engine, workers=int(workers), use_cache=False, quiet=True)
    start_process_server(execution)  # as the CLI does, before the pipeline's imports
    from source_stance.builder.pipeline import BuildOptions, run
    from source_stance.builder.release import publish

    t0 = time.time()
    output = run(BuildOptions(raw_dir=Path(raw), out_dir=Path(out)), execution)
    t1 = time.time()
    if do_publish:
        publish(output, Path(out))
    t2 = time.time()
    counts = {c: output.row_count(c) for c in ("documents", "sentences")}
    output.cleanup()
    Path(stamps).write_text(json.dumps({"start": t0, "built": t1, "published": t2, "summary": output.summary, "counts": counts}))


if __name__ == "__main__":
    main()
