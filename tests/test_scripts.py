"""scripts/run.sh tells a new user what it is doing, step by step (it was silent for 90 s while it
installed); scripts/test.sh runs pytest on each database with the same workers. Run against stand-in
commands, so the tests install nothing, start no server and run no suite."""

import os
import shutil
import stat
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _stub(path: Path, name: str) -> None:
    path.write_text(f'#!/bin/sh\necho "ran {name} $*"\n')
    path.chmod(path.stat().st_mode | stat.S_IEXEC)


def test_run_sh_says_each_step_before_it_runs(tmp_path):
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    for name in ("python", "pybabel", "flask", "gunicorn"):
        _stub(bin_dir / name, name)
    (bin_dir / "activate").write_text(f'PATH="{bin_dir}:$PATH"\n')
    (tmp_path / "requirements.txt").write_text("")
    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "run.sh")],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith(("==>", "ran "))]
    assert lines == [
        "==> Memasang paket dari requirements.txt (pertama kali bisa 1-2 menit) ...",
        "ran python -m pip install -q --disable-pip-version-check -r requirements.txt",
        "==> Menyusun terjemahan ...",
        "==> Membuat atau memperbarui basis data ...",
        "ran flask db upgrade",
        "==> Memuat rapat contoh (sekali saja) ...",
        "ran flask seed-demo --base-url http://127.0.0.1:5000",
        "==> Menjalankan server ...",
        "ran gunicorn --workers 2 --threads 16 --bind 127.0.0.1:5000 --access-logfile - "
        "--logger-class raker.access_log.RedactingLogger run:app",
    ]


def _test_sh(tmp_path: Path, *, postgres: bool, workers: str | None = None, **settings: str) -> list[str]:
    """scripts/test.sh against stand-ins: install.sh does nothing, nproc answers 3, `python -` (the
    PostgreSQL probe) answers as asked, and every other python call says what it was given."""
    shutil.copytree(ROOT / "scripts", tmp_path / "scripts")
    (tmp_path / "scripts" / "install.sh").write_text("")
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").write_text(
        '#!/bin/sh\nif [ "$1" = "-" ]; then cat >/dev/null; exit "$PROBE"; fi\necho "ran $RAKER_TEST_DATABASE $*"\n'
    )
    (bin_dir / "nproc").write_text("#!/bin/sh\necho 3\n")
    for name in ("python", "nproc"):
        (bin_dir / name).chmod(0o755)
    (bin_dir / "activate").write_text(f'PATH="{bin_dir}:$PATH"\n')
    env = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "PROBE": "0" if postgres else "1"}
    if workers is not None:
        env["RAKER_TEST_WORKERS"] = workers
    env.update(settings)
    result = subprocess.run(
        ["bash", str(tmp_path / "scripts" / "test.sh"), "tests/x"], capture_output=True, text=True, timeout=60, env=env
    )
    assert result.returncode == 0, result.stderr
    return [line for line in result.stdout.splitlines() if line.startswith("ran ")]


def test_test_sh_runs_both_databases_over_the_cores_plus_two_workers(tmp_path):
    assert _test_sh(tmp_path, postgres=True) == [
        "ran sqlite -m pytest -p no:cacheprovider -n 5 --dist worksteal tests/x",
        "ran postgresql -m pytest -p no:cacheprovider -n 5 --dist worksteal -m not rendering tests/x",
    ]
    assert _test_sh(tmp_path / "twice", postgres=True, RAKER_TEST_RENDERING_TWICE="1")[1] == (
        "ran postgresql -m pytest -p no:cacheprovider -n 5 --dist worksteal tests/x"
    )


def test_test_sh_without_postgresql_runs_sqlite_with_the_same_workers(tmp_path):
    assert _test_sh(tmp_path, postgres=False) == [
        "ran sqlite -m pytest -p no:cacheprovider -n 5 --dist worksteal tests/x"
    ]
    assert _test_sh(tmp_path / "set", postgres=False, workers="7") == [
        "ran sqlite -m pytest -p no:cacheprovider -n 7 --dist worksteal tests/x"
    ]
