"""Every glyph of every PDF Raker makes comes from the embedded Liberation Sans: `pdffonts` (poppler,
as a print shop's preflight would) lists no font that is not embedded and none of the base-14 fonts
(Helvetica, Times, Courier), which a printer substitutes with whatever it has."""

import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from raker.demo import DEMO_TIMEZONE
from raker.extensions import db
from raker.models import AgendaSession, Delegation, Minutes
from tests.demo_snapshot import seeded_demo
from tests.factories import PASSWORD, make_user

BASE14 = ("helvetica", "times", "courier", "symbol", "zapfdingbats")


def pdffonts(path) -> list[dict]:
    """pdffonts' table as rows {name, type, emb}."""
    lines = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()
    header, rule = lines[0], lines[1]
    # Columns are as wide as the dashes under their titles.
    spans, start = [], 0
    for dashes in rule.split(" "):
        spans.append((start, start + len(dashes)))
        start += len(dashes) + 1
    titles = [header[a:b].strip() for a, b in spans]
    return [dict(zip(titles, (line[a:b].strip() for a, b in spans), strict=True)) for line in lines[2:]]


@pytest.fixture
def demo(app, runner):
    """The demo meeting, started yesterday: its notulen, rumusan and report have numbered lists."""
    today = datetime.now(ZoneInfo(DEMO_TIMEZONE)).date()
    return seeded_demo(today - timedelta(days=1)).event


def test_every_document_embeds_all_its_fonts(demo, runner, client, tmp_path):
    slug = demo.slug
    exports = {
        "badges-a6": ["badges", "--layout", "a6", "--delegation", "64.01"],
        "badges-cr80": ["badges", "--layout", "cr80", "--delegation", "64.01"],
        "badges-sheet": ["badges", "--layout", "a4", "--delegation", "64.01"],
        "daftar-hadir": ["attendance", "--day", demo.start_date.isoformat()],
        "susunan-acara": ["agenda"],
        "notulen": ["minutes"],
        "rumusan": ["rumusan"],
        "laporan": ["report"],
        "sertifikat": ["certificates", "--issue", "--delegation", "64.01"],
        "tanda-terima": ["tanda-terima", "--item", "Seminar kit"],
        "papan-nama": ["papan-nama"],
        "honorarium": ["honorarium"],
    }
    pleno = db.session.scalar(
        select(AgendaSession)
        .where(AgendaSession.event_id == demo.id, AgendaSession.kind.in_(("komisi", "pleno")))
        .limit(1)
    )
    exports["daftar-hadir-sesi"] = ["attendance", "--session", str(pleno.id), "--signer-name", "Dr. H. Yusmadi"]
    assert db.session.scalar(select(Minutes).limit(1)) is not None  # the demo has notulen to print
    files = {}
    for name, args in exports.items():
        path = tmp_path / f"{name}.pdf"
        result = runner.invoke(args=["export", args[0], "--event", slug, *args[1:], "-o", str(path)])
        assert result.exit_code == 0, (name, result.output)
        files[name] = path
    secretariat = make_user("sekretariat", "fonts@uji.raker.example")
    assert client.post("/auth/login", data={"email": secretariat.email, "password": PASSWORD}).status_code == 302
    paser = db.session.scalar(
        select(Delegation).where(Delegation.event_id == demo.id, Delegation.region_code == "64.01")
    )
    response = client.get(f"/admin/events/{slug}/invitations.pdf?delegation={paser.id}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    files["undangan"] = tmp_path / "undangan.pdf"
    files["undangan"].write_bytes(response.data)

    for name, path in files.items():
        fonts = pdffonts(path)
        assert fonts, name
        for font in fonts:
            assert font["emb"] == "yes", (name, font)
            assert not any(base in font["name"].lower() for base in BASE14), (name, font)
            assert "Liberation" in font["name"] or "Raker" in font["name"], (name, font)
