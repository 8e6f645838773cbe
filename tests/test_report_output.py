"""Where reports go, and what happens when they cannot go there (issue 19, items 6, 11, 14):
output errors are one clear line and exit code 2, found before the audit where possible;
devices, FIFOs and symbolic links are written through, never replaced; an interrupted or
failed run leaves no partial file and exits 130 (Ctrl-C) or 143 (SIGTERM)."""

from __future__ import annotations

import errno
import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import pipeline.report.files as files
from pipeline.cli import main
from tests.test_bad_input import GOOD_TEXT, reuse_session_pipeline

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def reuse_pipeline(monkeypatch: pytest.MonkeyPatch, nlp, knowledge) -> None:
    reuse_session_pipeline(monkeypatch, nlp, knowledge)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "neck.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


@pytest.fixture
def no_audit(monkeypatch: pytest.MonkeyPatch) -> None:
    """The audit must not start (the output problem is found first)."""
    import pipeline.audit

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the audit ran although the report could not be written")

    monkeypatch.setattr(pipeline.audit.Auditor, "iter_results", refuse)


def audit(*args: str) -> object:
    return CliRunner().invoke(main, ["audit", *args, "--fail-on", "never", "--no-cache"])


def one_error_line(result: object, expected: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.output)  # type: ignore[attr-defined]
    assert "Traceback" not in result.output  # type: ignore[attr-defined]
    errors = [line for line in result.stderr.splitlines()  # type: ignore[attr-defined]
              if line.startswith("medlint: error:")]
    assert any(expected in line for line in errors), result.stderr  # type: ignore[attr-defined]


def full_device(path: Path) -> Path:
    """A character device like /dev/full (writes fail with ENOSPC), made in a test folder."""
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except (PermissionError, AttributeError):
        pytest.skip("cannot create a device node here (needs root)")
    return path


# --- item 6: output errors -----------------------------------------------------------------

def test_output_dir_naming_a_file_fails_before_the_audit(tmp_path: Path, article: Path,
                                                         no_audit: None) -> None:
    (tmp_path / "taken").write_text("a file")
    result = audit(str(article), "--format", "json,html", "--output-dir", str(tmp_path / "taken"))
    one_error_line(result, "it is a file, not a directory")


def test_output_below_a_file_fails_before_the_audit(tmp_path: Path, article: Path,
                                                    no_audit: None) -> None:
    (tmp_path / "taken").write_text("a file")
    result = audit(str(article), "--format", "json", "--output",
                   str(tmp_path / "taken" / "report.json"))
    one_error_line(result, "report.json: Not a directory")


def test_read_only_file_system_fails_before_the_audit(tmp_path: Path, article: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      no_audit: None) -> None:
    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(files.tempfile, "mkstemp", read_only)
    result = audit(str(article), "--format", "json", "--output", str(tmp_path / "r.json"))
    one_error_line(result, "r.json: Read-only file system")


def test_full_device_is_a_clear_error_and_stays_a_device(tmp_path: Path,
                                                         article: Path) -> None:
    device = full_device(tmp_path / "full")
    result = audit(str(article), "--format", "json", "--output", str(device))
    one_error_line(result, f"json report not written: cannot write to {device}: No space "
                   "left on device")
    assert stat.S_ISCHR(os.stat(device).st_mode)


def test_disk_full_while_writing_keeps_the_other_formats(tmp_path: Path, article: Path,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    real_fsync = os.fsync
    failing: list[int] = []

    def fsync(fd: int) -> None:
        if not failing:
            failing.append(fd)
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(files.os, "fsync", fsync)
    out = tmp_path / "out"
    result = audit(str(article), "--format", "json,sarif", "--output-dir", str(out))
    one_error_line(result, "json report not written: cannot write to")
    assert not (out / "medlint.json").exists()
    assert json.loads((out / "medlint.sarif").read_text())["version"] == "2.1.0"
    assert sorted(p.name for p in out.iterdir()) == ["medlint.sarif"]  # no partial file


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_standard_output_full_is_a_clear_error(article: Path, fmt: str) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    with open("/dev/full", "w") as full:
        finished = subprocess.run(
            [sys.executable, "-m", "pipeline", "audit", str(article), "--format", fmt,
             "--no-cache", "--fail-on", "never"],
            env=env, stdout=full, stderr=subprocess.PIPE, text=True, timeout=300)
    assert finished.returncode == 2, finished.stderr
    assert "Traceback" not in finished.stderr and "Exception ignored" not in finished.stderr
    assert finished.stderr.strip().splitlines()[-1].startswith("medlint: error: ")
    assert "cannot write to standard output: No space left on device" in finished.stderr


# --- item 11: devices, FIFOs, symbolic links, "-" ------------------------------------------

def test_output_to_a_fifo_writes_through_it(tmp_path: Path, article: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = audit(str(article), "--format", "json", "--output", str(fifo))
    reader.join(timeout=60)
    assert result.exit_code == 0, result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(received[0])["summary"]["articles"] == 1


def test_output_through_a_symbolic_link_keeps_the_link(tmp_path: Path, article: Path) -> None:
    real = tmp_path / "reports" / "real.json"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "latest.json"
    link.symlink_to(real)
    result = audit(str(article), "--format", "json", "--output", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads(real.read_text())["summary"]["articles"] == 1


def test_output_to_a_dangling_link_creates_its_target(tmp_path: Path, article: Path) -> None:
    link = tmp_path / "latest.json"
    link.symlink_to(tmp_path / "made.json")
    result = audit(str(article), "--format", "json", "--output", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert json.loads((tmp_path / "made.json").read_text())["summary"]["articles"] == 1


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_dash_is_standard_output(tmp_path: Path, article: Path, fmt: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = audit(str(article), "--format", fmt, "--output", "-")
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "-").exists()
    first = result.stdout.splitlines()[0]
    assert first.startswith("{")


def test_write_atomic_never_replaces_a_device(tmp_path: Path) -> None:
    device = full_device(tmp_path / "full")
    with pytest.raises(files.OutputError, match="No space left on device"):
        files.write_atomic(device, "report")
    assert stat.S_ISCHR(os.stat(device).st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["full"]


# --- item 14: interrupted runs --------------------------------------------------------------

def test_ctrl_c_during_a_jsonl_stream_exits_130_and_leaves_nothing(
        tmp_path: Path, article: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pipeline.runner

    real = pipeline.runner._results

    def interrupted(*args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        for item in real(*args, **kwargs):  # type: ignore[arg-type]
            yield item
            raise KeyboardInterrupt

    monkeypatch.setattr(pipeline.runner, "_results", interrupted)
    second = tmp_path / "second.txt"
    second.write_text(GOOD_TEXT, encoding="utf-8")
    out = tmp_path / "run.jsonl"
    result = audit(str(article), str(second), "--format", "jsonl", "--output", str(out))
    assert result.exit_code == 130, result.output
    assert "Aborted!" not in result.output
    assert "medlint: interrupted" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["neck.txt", "second.txt"]


@pytest.mark.slow
def test_sigterm_exits_143_and_leaves_no_partial_file(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(30):
        (folder / f"a{i:02d}.txt").write_text(f"Exercise {i}\n\n" + GOOD_TEXT * 4)
    out = tmp_path / "out" / "run.jsonl"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "audit", str(folder), "--format", "jsonl",
         "--output", str(out), "--no-cache", "--no-progress"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while process.poll() is None and time.monotonic() < deadline:
        partial = list(out.parent.glob(".run.jsonl.*")) if out.parent.exists() else []
        if partial and partial[0].stat().st_size > 2000:
            break
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143, stderr
    assert "medlint: terminated" in stderr
    assert list(out.parent.iterdir()) == []
