"""scripts/run.sh tells a new user what it is doing, step by step (it was silent for 90 s while it
installed). Run against stand-in commands, so the test installs nothing and starts no server."""

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
        "ran gunicorn --workers 2 --threads 16 --bind 127.0.0.1:5000 --access-logfile - run:app",
    ]
