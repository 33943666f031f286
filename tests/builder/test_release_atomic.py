"""Publishing is atomic, verified, locked, and writes nothing outside --out."""

import hashlib
import json
import os
import signal
import subprocess
import sys

import pytest

from source_stance.builder import release
from source_stance.builder.errors import ReleaseError
from source_stance.builder.lock import release_lock
from source_stance.builder.release import PAUSE_ENV, check_release_files
from tests.builder.test_bad_corpus import article
from tests.conftest import ROOT, write_corpus

NAME = "test-corpus-0.1.0"


def small_raw(root):
    return write_corpus(root / "raw", {f"t{i}.txt": article(i, 60) for i in range(6)})


def env(**extra):
    e = dict(os.environ, HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", PYTHONDONTWRITEBYTECODE="1")
    e.pop(PAUSE_ENV, None)
    e.update(extra)
    return e


def start_build(raw, out, cwd=None, **extra):
    return subprocess.Popen(
        [sys.executable, "-m", "source_stance.builder", "build", "--raw", str(raw), "--out", str(out), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(**extra),
        cwd=cwd or ROOT,
    )


def wait_until_paused(proc):
    for line in proc.stderr:
        if line.startswith("paused in write"):
            return
    raise AssertionError(f"build ended without pausing: rc={proc.wait()}")


def visible(out):
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []


def test_sigkill_mid_write_leaves_no_release_and_the_rerun_succeeds(tmp_path):
    raw, out = small_raw(tmp_path), tmp_path / "out"
    proc = start_build(raw, out, **{PAUSE_ENV: "60"})
    wait_until_paused(proc)
    (tmp,) = [p for p in out.iterdir() if ".tmp-" in p.name]
    assert any(tmp.rglob("*.parquet"))  # the kill really hits a half-written release
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert visible(out) == []  # nothing published
    rerun = subprocess.run(
        [sys.executable, "-m", "source_stance.builder", "build", "--raw", str(raw), "--out", str(out)],
        capture_output=True, text=True, env=env(), cwd=ROOT,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert visible(out) == [NAME]
    assert not [p for p in out.iterdir() if ".tmp-" in p.name]  # the dead build's folder is gone
    assert check_release_files(out / NAME) == []


@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_sigkill_at_any_moment_never_leaves_a_partial_release(tmp_path, delay):
    raw, out = small_raw(tmp_path), tmp_path / "out"
    proc = start_build(raw, out)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    for name in visible(out):  # either nothing, or a complete release that verifies
        assert name == NAME and check_release_files(out / name) == []
    rerun = start_build(raw, out)
    assert rerun.wait() == 0, rerun.stderr.read()
    assert check_release_files(out / NAME) == []


def test_two_builds_at_once_take_turns(tmp_path):
    raw, out = small_raw(tmp_path), tmp_path / "out"
    gate = tmp_path / "gate"
    gate.write_text("the first build waits in its write step while this file exists")
    first = start_build(raw, out, **{PAUSE_ENV: str(gate)})
    wait_until_paused(first)
    second = start_build(raw, out)
    for line in second.stderr:  # the second build reaches the lock while the first holds it
        if line.startswith("waiting: another build"):
            break
    else:
        raise AssertionError(f"second build never waited: rc={second.wait()}")
    gate.unlink()
    out1, _ = first.communicate(timeout=300)
    out2, err2 = second.communicate(timeout=300)
    assert first.returncode == 0 and second.returncode == 0, err2
    assert f"wrote {out / NAME}" in out1
    assert "unchanged (identical release exists)" in out2
    assert visible(out) == [NAME] and check_release_files(out / NAME) == []


def test_two_builds_started_together_both_succeed(tmp_path):
    raw, out = small_raw(tmp_path), tmp_path / "out"
    procs = [start_build(raw, out) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [r[1] for r in results]
    assert sum(f"wrote {out / NAME}" in r[0] for r in results) == 1
    assert visible(out) == [NAME] and check_release_files(out / NAME) == []


def test_lock_times_out_with_a_clear_message(tmp_path):
    with release_lock(tmp_path, NAME):
        with pytest.raises(ReleaseError) as e:
            with release_lock(tmp_path, NAME, timeout=0.3):
                pass
    assert f"another build (pid {os.getpid()}) has held the lock for {NAME}" in str(e.value)
    with release_lock(tmp_path, NAME, timeout=0.3):  # released when its holder is done
        pass


def test_stale_temp_folders_are_removed_and_never_published(tmp_path, capsys):
    from source_stance.builder.cli import main

    raw, out = small_raw(tmp_path), tmp_path / "out"
    stale = out / f".{NAME}.tmp-999999"
    (stale / "data").mkdir(parents=True)
    (stale / "data" / "junk.parquet").write_bytes(b"half")
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 0
    assert not stale.exists()
    assert visible(out) == [NAME]


def test_a_release_that_fails_verification_is_not_published(tmp_path, monkeypatch):
    from source_stance.builder.cli import main

    real = release._write_tree

    def corrupting(output, folder, *args, **kwargs):
        manifest = real(output, folder, *args, **kwargs)
        with open(folder / "rejects.jsonl", "a", encoding="utf-8") as fh:
            fh.write("{}\n")
        return manifest

    monkeypatch.setattr(release, "_write_tree", corrupting)
    raw, out = small_raw(tmp_path), tmp_path / "out"
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 3
    assert visible(out) == []
    assert not [p for p in out.iterdir() if ".tmp-" in p.name]


def snapshot(folder):
    if not folder.exists():
        return {}
    return {
        p.relative_to(folder).as_posix(): (hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else "dir", p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
    }


def test_nothing_is_written_outside_out(tmp_path):
    raw, out = small_raw(tmp_path), tmp_path / "out"
    cwd, home = tmp_path / "cwd", tmp_path / "home"
    cwd.mkdir()
    home.mkdir()
    before = {"raw": snapshot(raw), "cwd": snapshot(cwd), "home": snapshot(home)}
    top = sorted(p.name for p in tmp_path.iterdir())
    proc = subprocess.run(
        [sys.executable, "-m", "source_stance.builder", "build", "--raw", str(raw), "--out", str(out)],
        capture_output=True, text=True, cwd=cwd,
        env=env(HOME=str(home), HF_HOME=str(home / "hf"), XDG_CACHE_HOME=str(home / "cache"), TMPDIR=str(home / "tmp")),
    )
    assert proc.returncode == 0, proc.stderr
    assert {"raw": snapshot(raw), "cwd": snapshot(cwd), "home": snapshot(home)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(top + ["out"])
    assert json.loads((out / NAME / "manifest.json").read_text())["dataset"] == "test-corpus"


def test_out_inside_raw_or_a_file_is_refused_before_any_work(tmp_path, capsys):
    from source_stance.builder.cli import main

    raw = small_raw(tmp_path)
    assert main(["build", "--raw", str(raw), "--out", str(raw / "dist")]) == 2
    assert "the output folder is inside the raw folder" in capsys.readouterr().err
    assert not (raw / "dist").exists()
    (tmp_path / "afile").write_text("x")
    assert main(["build", "--raw", str(raw), "--out", str(tmp_path / "afile")]) == 2
    assert "the output path exists and is not a folder" in capsys.readouterr().err


def test_a_failing_disk_is_a_release_error_and_leaves_nothing(tmp_path, monkeypatch, capsys):
    from source_stance.builder import write
    from source_stance.builder.cli import main

    def full_disk(rows, path):
        raise OSError(28, "No space left on device", str(path))

    monkeypatch.setattr(release, "write_jsonl", full_disk)
    raw, out = small_raw(tmp_path), tmp_path / "out"
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 3
    assert "could not write the release: No space left on device" in capsys.readouterr().err
    assert visible(out) == [] and not [p for p in out.iterdir() if ".tmp-" in p.name]
    assert write.write_jsonl is not full_disk


def test_work_folders_of_dead_builds_are_removed_and_live_ones_kept(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    (tmp_path / f".work-{dead}-abc" / "pass1").mkdir(parents=True)
    (tmp_path / f".work-{os.getpid()}-def").mkdir()
    (tmp_path / ".work-xyz").mkdir()  # no pid in the name: cannot tell, left alone
    removed = release.remove_dead_work_dirs(tmp_path)
    assert [p.name for p in removed] == [f".work-{dead}-abc"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([f".work-{os.getpid()}-def", ".work-xyz"])


def test_sigterm_mid_write_cleans_up_and_publishes_nothing(tmp_path):
    raw, out = small_raw(tmp_path), tmp_path / "out"
    proc = start_build(raw, out, **{PAUSE_ENV: "60"})
    wait_until_paused(proc)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM
    assert visible(out) == []
    assert not [p for p in out.iterdir() if ".tmp-" in p.name or p.name.startswith(".work-")]


def test_an_os_error_during_the_build_is_an_error_message_not_a_traceback(tmp_path, monkeypatch, capsys):
    from source_stance.builder import cli, pipeline

    def no_space(*args, **kwargs):
        raise OSError(28, "No space left on device", str(tmp_path / "out" / ".work"))

    monkeypatch.setattr(pipeline, "run", no_space)
    raw = small_raw(tmp_path)
    assert cli.main(["build", "--raw", str(raw), "--out", str(tmp_path / "out")]) == 3
    err = capsys.readouterr().err
    assert "No space left on device" in err and "fix: check free disk space" in err
