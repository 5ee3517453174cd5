"""flask export shows a progress bar (on stderr) for the kinds that grow with the meeting, through the
same raker.exports.export() the pages and the jobs use."""

from pypdf import PdfReader

from tests.jobs.test_jobs import meeting


def test_long_exports_show_a_progress_bar_and_small_ones_do_not(runner, tmp_path):
    event = meeting(count=230)
    output = tmp_path / "tanda-peserta.pdf"
    result = runner.invoke(args=["export", "badges", "--event", event.slug, "--layout", "a6", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Menyusun tanda peserta" in result.stderr and "230 tanda peserta ditulis" in result.stdout
    assert len(PdfReader(output).pages) == 230
    participants = runner.invoke(
        args=[
            "export",
            "participants",
            "--event",
            event.slug,
            "--format",
            "csv",
            "--state",
            "approved",
            "-o",
            str(tmp_path / "peserta.csv"),
        ]
    )
    assert participants.exit_code == 0, participants.output
    assert "Menyusun daftar peserta" in participants.stderr and "230 peserta ditulis" in participants.stdout
    assert (tmp_path / "peserta.csv").read_text(encoding="utf-8-sig").count("Peserta Massal") == 230
    agenda = runner.invoke(args=["export", "agenda", "--event", event.slug, "-o", str(tmp_path / "acara.pdf")])
    assert agenda.exit_code == 0 and "Menyusun" not in agenda.stderr


def test_a_refusal_is_the_commands_error(runner, tmp_path):
    event = meeting(count=1)
    result = runner.invoke(args=["export", "certificates", "--event", event.slug, "-o", str(tmp_path / "s.pdf")])
    assert result.exit_code == 1 and "Belum ada sertifikat yang diterbitkan" in result.output
    assert not (tmp_path / "s.pdf").exists()
