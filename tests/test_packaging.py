"""An install of source-stance never shadows, and is never shadowed by, PyPI's `schema` / `builder`."""

import os
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    r = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    (whl,) = out.glob("source_stance-*.whl")
    return whl


def test_wheel_installs_only_under_source_stance(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/", 1)[0] for n in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"source_stance"}, tops
    assert not any(n.startswith(("schema/", "builder/", "tests/", "raw/")) for n in names)
    for pkg in ("source_stance/builder/", "source_stance/schema/"):
        assert any(n.startswith(pkg) for n in names), pkg


def test_every_package_directory_is_listed_in_pyproject():
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    found = {"source_stance"}
    for top in ("builder", "schema"):
        for init in (ROOT / top).rglob("__init__.py"):
            found.add("source_stance." + ".".join(init.parent.relative_to(ROOT).parts))
    assert found <= listed, found - listed


def test_third_party_schema_and_builder_coexist(tmp_path, make_corpus):
    """Put look-alikes of PyPI's `schema` (a module) and `builder` (a package) first on sys.path."""
    fake = tmp_path / "site"
    (fake / "builder").mkdir(parents=True)
    (fake / "schema.py").write_text("WHO = 'pypi-schema'\n")
    (fake / "builder" / "__init__.py").write_text("WHO = 'pypi-builder'\n")
    raw = make_corpus(tmp_path / "raw", {"a.txt": "One sentence here. And another."})
    script = textwrap.dedent(
        f"""
        import schema, builder
        from source_stance.builder.cli import main
        import source_stance.schema.records as records
        assert schema.WHO == "pypi-schema" and builder.WHO == "pypi-builder"
        assert records.__name__ == "source_stance.schema.records"
        code = main(["build", "--raw", {str(raw)!r}, "--out", {str(tmp_path / "out")!r}])
        import schema as s2, builder as b2
        assert s2.WHO == "pypi-schema" and b2.WHO == "pypi-builder", "our packages replaced theirs"
        raise SystemExit(code)
        """
    )
    env = dict(os.environ, PYTHONPATH=str(fake))
    r = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300)
    assert r.returncode == 0, r.stdout[-2000:] + r.stderr[-2000:]
    assert (tmp_path / "out" / "test-corpus-0.1.0" / "manifest.json").is_file()
