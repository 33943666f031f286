"""In CI every optional extra is installed (requirements-dev.lock), so no test may skip for lack of one.

Several tests `importorskip` an extra so that a user without it can still run the suite; this test
makes a missing extra a failure wherever CI=true, instead of a silent skip.
"""

import importlib
import os

import pytest

EXTRAS = ("dask.distributed", "transformers", "torch", "mlcroissant", "sklearn", "trafilatura", "pysbd", "psutil", "matplotlib")


@pytest.mark.skipif(os.environ.get("CI", "").lower() not in ("1", "true"), reason="only enforced in CI")
@pytest.mark.parametrize("module", EXTRAS)
def test_optional_extra_is_installed_in_ci(module):
    importlib.import_module(module)
