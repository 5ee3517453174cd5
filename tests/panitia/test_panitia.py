"""The committee's rules (services, no HTTP), its page under /admin/events/<slug>/panitia and the
`flask export` commands."""

from datetime import date

import pytest
from sqlalchemy import select

from raker.extensions import db
from raker.models import CommitteeMember, CommitteeSettings
from raker.panitia import keputusan, services
from raker.panitia.services import CommitteeInvalid
from tests.documents import assert_in_order, docx_text, pdf_text
from tests.factories import make_event, make_user, table_counts
from tests.panitia.conftest import SETTINGS


def names(event):
    return [m.full_name for m in services.members(event)]


# ---- rules ------------------------------------------------------------------------------------


def test_members_are_listed_by_their_place_in_the_committee(world):
    assert names(world["event"]) == [
        "Aji Sayid Faturrahman",
        "Dr. Hj. Nurhayati Usman, M.Si.",
        "Andi Firmansyah, S.IP.",
        "Indah Permata Sari, S.Sos.",
        "Joko Susilo",
        "Sri Lestari",
    ]
    places = [services.place_label(m) for m in services.members(world["event"])]
    assert places == ["Pengarah", "Ketua", "Protokol", "Pembawa Acara", "Pengemudi", "Penerima Tamu"]
    stored = db.session.scalar(select(CommitteeMember).where(CommitteeMember.full_name == "Joko Susilo"))
    assert stored.nip == "198506152009011004" and stored.rank == "II/a"  # grouped NIP stored as 18 digits


@pytest.mark.parametrize(
    "values, field",
    [
        ({"full_name": "   "}, "full_name"),
        ({"nip": "19851315 200901 1 004"}, "nip"),  # month 13
        ({"nip": "1234"}, "nip"),
        ({"rank": "V/a"}, "rank"),
        ({"place": "raja"}, "place"),
        ({"place": "lainnya", "place_other": ""}, "place_other"),
        ({"full_name": "A" * 201}, "full_name"),
        ({"position": "Kepala\x1b[31m"}, "position"),
    ],
)
def test_bad_member_is_refused_with_a_message_and_nothing_saved(world, values, field):
    before = table_counts()
    with pytest.raises(CommitteeInvalid) as refused:
        services.add_member(world["event"], {"full_name": "Rudi", "place": "anggota", **values})
    assert field in refused.value.fields and refused.value.fields[field]
    db.session.rollback()
    assert table_counts() == before


def test_move_changes_the_order_within_a_place_only(world):
    event = world["event"]
    second = services.add_member(event, {"full_name": "Bambang Setiawan", "place": "pengemudi"})
    drivers = lambda: [m.full_name for m in services.members(event) if m.place == "pengemudi"]  # noqa: E731
    assert drivers() == ["Joko Susilo", "Bambang Setiawan"]
    assert services.move_member(second, "up") is True
    assert drivers() == ["Bambang Setiawan", "Joko Susilo"]
    assert services.move_member(second, "up") is False  # already first of the drivers
    assert names(event)[3] == "Indah Permata Sari, S.Sos."  # the MC still before the drivers


def test_edit_moves_a_member_to_the_end_of_the_new_place_and_delete_removes(world):
    event = world["event"]
    mc = next(m for m in services.members(event) if m.place == "mc")
    services.update_member(mc, {"full_name": mc.full_name, "place": "pengarah", "position": "Kepala Dinas"})
    assert names(event)[:2] == ["Aji Sayid Faturrahman", "Indah Permata Sari, S.Sos."]
    services.delete_member(mc)
    assert "Indah Permata Sari, S.Sos." not in names(event)


def test_import_from_staff_accounts_adds_each_once(world):
    event = world["event"]
    notulis = make_user("notulis", "notulis@uji.raker.example", event=event, name="Nur Aisyah, S.AP.")
    added = services.import_staff(event)
    assert [m.full_name for m in added] == sorted([world["sekretariat"].full_name, notulis.full_name])
    assert all(m.place == "sekretariat" and m.user_id for m in added)
    assert services.import_staff(event) == []


def test_settings_refuse_bad_values_and_keep_defaults_empty(world):
    event = world["event"]
    for values, field in (
        ({"signer_nip": "123"}, "signer_nip"),
        ({"signer_rank": "X/z"}, "signer_rank"),
        ({"colour_mc": "merah"}, "colour_mc"),
        ({"panitia_date": "2026-13-01"}, "panitia_date"),
        ({"panitia_tugas": "\n".join(f"tugas {n}" for n in range(25))}, "panitia_tugas"),
        # One point taller than a page could not be printed at all.
        ({"perumus_menimbang": "bahwa " + "sangat " * 200}, "perumus_menimbang"),
    ):
        with pytest.raises(CommitteeInvalid) as refused:
            keputusan.save_settings(event, {**SETTINGS, **values})
        assert field in refused.value.fields
    defaults = keputusan.default_texts(event, SETTINGS["signer_office"])
    keputusan.save_settings(
        event,
        {
            **SETTINGS,
            "panitia_tugas": defaults["panitia_tugas"],
            "perumus_tugas": "a. menyusun rumusan;\nb. membacakannya.",
            "colour_mc": "#123abc",
        },
    )
    settings = db.session.scalar(select(CommitteeSettings).where(CommitteeSettings.event_id == event.id))
    assert settings.panitia_tugas == ""  # the default: it follows the meeting's title
    assert settings.perumus_tugas == "menyusun rumusan;\nmembacakannya."  # typed letters dropped
    assert services.kartu_colour(settings, "mc") == "#123ABC"
    assert services.kartu_colour(settings, "protokol") == services.KARTU_ROLES["protokol"][1]


# ---- the page ---------------------------------------------------------------------------------


def test_page_adds_edits_and_deletes(world):
    event = world["event"]
    from flask import current_app

    client = current_app.test_client(user=world["sekretariat"])
    base = f"/admin/events/{event.slug}/panitia"
    page = client.get(base + "/")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert_in_order(
        body, ["Aji Sayid Faturrahman", "Pengarah", "Indah Permata Sari", "PEMBAWA ACARA", "Joko Susilo", "PENGEMUDI"]
    )
    assert (
        f"{base}/sk-panitia.pdf" in body
        and f"{base}/sk-perumus.docx" in body
        and f"{base}/kartu-panitia.pdf" in body
        and f"{base}/kartu-panitia.docx" in body
    )
    response = client.post(
        base + "/anggota",
        data={"full_name": "Bambang Setiawan", "place": "pengemudi", "position": "Pengemudi", "rank": "", "nip": ""},
    )
    assert response.status_code == 302
    member = db.session.scalar(select(CommitteeMember).where(CommitteeMember.full_name == "Bambang Setiawan"))
    assert member is not None
    member_id = member.id
    assert client.get(f"{base}/anggota/{member.id}").status_code == 200
    response = client.post(
        f"{base}/anggota/{member.id}",
        data={"full_name": "Bambang Setiawan, A.Md.", "place": "pengemudi", "nip": "19850615 200901 1 005"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(CommitteeMember, member.id).nip == "198506152009011005"
    assert client.post(f"{base}/anggota/{member.id}/pindah", data={"direction": "up"}).status_code == 302
    assert client.post(f"{base}/anggota/{member_id}/hapus").status_code == 302
    db.session.expire_all()
    assert db.session.get(CommitteeMember, member_id) is None


def test_page_bad_input_gives_a_message_and_saves_nothing(world):
    from flask import current_app

    client = current_app.test_client(user=world["sekretariat"])
    base = f"/admin/events/{world['event'].slug}/panitia"
    before = table_counts()
    response = client.post(base + "/anggota", data={"full_name": "Rudi", "place": "anggota", "nip": "12345"})
    assert response.status_code == 400
    assert "NIP harus 18 angka." in response.get_data(as_text=True)
    response = client.post(base + "/anggota", data={"full_name": "", "place": "anggota"})
    assert response.status_code == 400 and "Nama wajib diisi." in response.get_data(as_text=True)
    response = client.post(base + "/anggota", data={"full_name": "Rudi\x00", "place": "anggota"})
    assert response.status_code == 400  # the control-character guard, before any view
    response = client.post(base + "/pengaturan", data={**{k: str(v) for k, v in SETTINGS.items()}, "colour_mc": "red"})
    assert response.status_code == 400 and "#RRGGBB" in response.get_data(as_text=True)
    assert client.post(base + "/anggota/999999/hapus").status_code == 404
    assert (
        client.post(f"{base}/anggota/{world['members'][0].id}/pindah", data={"direction": "sideways"}).status_code
        == 400
    )
    assert table_counts() == before


def test_a_member_of_another_meeting_is_not_found_here(world):
    from flask import current_app

    other = make_event(title="Rapat Lain")
    client = current_app.test_client(user=world["sekretariat"])
    member = world["members"][0]
    # The secretariat of the first meeting only: the other meeting's page is refused outright.
    assert client.get(f"/admin/events/{other.slug}/panitia/").status_code == 403
    admin = make_user("admin")
    client = current_app.test_client(user=admin)
    assert client.get(f"/admin/events/{other.slug}/panitia/anggota/{member.id}").status_code == 404


def test_downloads_and_refusals(world):
    from flask import current_app

    client = current_app.test_client(user=world["sekretariat"])
    base = f"/admin/events/{world['event'].slug}/panitia"
    for url, kind in (
        (f"{base}/sk-panitia.pdf", "application/pdf"),
        (f"{base}/sk-perumus.docx", "wordprocessingml"),
        (f"{base}/kartu-panitia.pdf?layout=cr80", "application/pdf"),
        (f"{base}/kartu-panitia.docx", "wordprocessingml"),
    ):
        response = client.get(url)
        assert response.status_code == 200 and kind in response.mimetype, url
    assert client.get(f"{base}/kartu-panitia.pdf?layout=poster").status_code == 400
    refused = client.get(f"{base}/kartu-panitia.docx?layout=a6")
    assert refused.status_code == 400 and "hanya dalam tata letak lembar" in refused.get_data(as_text=True)
    empty = make_event(title="Rapat Tanpa Panitia")
    admin = make_user("admin")
    client = current_app.test_client(user=admin)
    for url in ("sk-panitia.pdf", "sk-perumus.pdf", "kartu-panitia.pdf"):
        response = client.get(f"/admin/events/{empty.slug}/panitia/{url}")
        assert response.status_code == 409, url
        assert "Belum ada anggota panitia" in response.get_data(
            as_text=True
        ) or "Tim perumus belum dibentuk" in response.get_data(as_text=True)


# ---- flask export -----------------------------------------------------------------------------


def test_export_commands(world, runner, tmp_path):
    slug = world["event"].slug
    for command, fmt, check in (
        ("sk-panitia", "pdf", pdf_text),
        ("sk-panitia", "docx", docx_text),
        ("sk-tim-perumus", "pdf", pdf_text),
        ("sk-tim-perumus", "docx", docx_text),
    ):
        output = tmp_path / f"{command}.{fmt}"
        result = runner.invoke(args=["export", command, "--event", slug, "--format", fmt, "-o", str(output)])
        assert result.exit_code == 0, result.output
        text = check(output.read_bytes())
        assert_in_order(text, ["KEPUTUSAN SEKRETARIS DAERAH PROVINSI KALIMANTAN TIMUR", "KESATU", "LAMPIRAN"])
        assert ("Pengemudi" in text) == (command == "sk-panitia")
    output = tmp_path / "kartu.pdf"
    result = runner.invoke(args=["export", "kartu-panitia", "--event", slug, "--layout", "cr80", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Joko Susilo" in pdf_text(output.read_bytes())
    output = tmp_path / "kartu.docx"
    result = runner.invoke(args=["export", "kartu-panitia", "--event", slug, "--format", "docx", "-o", str(output)])
    assert result.exit_code == 0, result.output
    assert "Joko Susilo" in docx_text(output.read_bytes()) and "PENGEMUDI" in docx_text(output.read_bytes())
    empty = make_event(title="Rapat Kosong")
    result = runner.invoke(args=["export", "sk-panitia", "--event", empty.slug, "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "Belum ada anggota panitia" in result.output
    result = runner.invoke(args=["export", "kartu-panitia", "--event", "tidak-ada", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "tidak ditemukan" in result.output


def test_dates_left_empty_print_a_blank_to_fill_by_hand(world):
    event = world["event"]
    keputusan.save_settings(event, {**SETTINGS, "perumus_date": ""})
    doc = keputusan.build(event, "perumus")
    assert doc.date_text.startswith("....") and doc.date_text.endswith(str(date(2026, 1, 1).year))
    assert doc.lampiran_heading[1] == ("TANGGAL", doc.date_text)


def test_every_change_is_in_the_audit_log_as_a_sentence(world):
    from raker.admin.audit_log import sentence
    from raker.models import AuditLog

    event, user = world["event"], world["sekretariat"]
    member = services.add_member(event, {"full_name": "Bambang Setiawan", "place": "pengemudi"}, by=user)
    services.update_member(
        member, {"full_name": "Bambang Setiawan", "place": "pengemudi", "position": "Pengemudi"}, by=user
    )
    services.delete_member(member, by=user)
    rows = db.session.scalars(
        select(AuditLog).where(AuditLog.event_id == event.id, AuditLog.user_id == user.id).order_by(AuditLog.id)
    ).all()
    assert [sentence(row) for row in rows] == [
        f"{user.full_name} menambahkan Bambang Setiawan ke panitia sebagai Pengemudi",
        f"{user.full_name} mengubah data anggota panitia Bambang Setiawan",
        f"{user.full_name} menghapus Bambang Setiawan dari panitia",
    ]


def test_settings_form_shows_the_defaults_and_saving_it_unchanged_keeps_them_defaults(app):
    """A meeting without settings: the form holds the texts that will print; sent back as shown they
    are stored empty (so they follow a later change of the meeting's title), a typed one is kept."""
    import re
    from html import unescape

    event = make_event(title="Rapat Kerja Uji Panitia", letterhead_government="PEMERINTAH KABUPATEN PASER")
    user = make_user("sekretariat", event=event)
    client = app.test_client(user=user)
    base = f"/admin/events/{event.slug}/panitia"
    page = client.get(base + "/").get_data(as_text=True)
    fields = {
        name: unescape(value)
        for name, value in re.findall(r'<textarea[^>]*name="([a-z_]+)"[^>]*>\s*(.*?)</textarea>', page, re.S)
    }
    assert fields["panitia_tugas"].startswith("menyusun rencana, jadwal dan susunan acara Rapat Kerja Uji Panitia;")
    assert "Tim Perumus Rapat Kerja Uji Panitia" in fields["perumus_menimbang"]
    budget = re.search(r'name="budget"[^>]*value="([^"]*)"', page) or re.search(
        r'value="([^"]*)"[^>]*name="budget"', page
    )
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page) or re.search(
        r'name="csrf_token" value="([^"]+)"', page
    )
    assert fields["panitia_tembusan"] == fields["perumus_tembusan"] == ""  # none until the secretariat sets one
    data = {
        **fields,
        "budget": unescape(budget[1]),
        "signer_office": "",
        "panitia_tugas": "menyiapkan ruang sidang;",
        "perumus_tembusan": "Gubernur Kalimantan Timur (sebagai laporan);\r\nYang bersangkutan.",
        "csrf_token": token[1] if token else "",
    }
    response = client.post(base + "/pengaturan", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    settings = db.session.scalar(select(CommitteeSettings).where(CommitteeSettings.event_id == event.id))
    assert settings.panitia_menimbang == settings.perumus_mengingat == settings.budget == ""
    assert settings.panitia_tugas == "menyiapkan ruang sidang;"
    services.add_member(event, {"full_name": "Rudi", "place": "ketua"})
    doc = keputusan.build(event, "panitia")
    assert doc.title_lines[0] == "KEPUTUSAN SEKRETARIS DAERAH KABUPATEN PASER"  # from the kop
    assert doc.dictums[1].points == ("menyiapkan ruang sidang;",)
    assert doc.tembusan == ()
    assert settings.perumus_tembusan == "Gubernur Kalimantan Timur (sebagai laporan);\nYang bersangkutan."


def test_the_tim_perumus_page_links_its_sk(world):
    from flask import current_app

    event = world["event"]
    url = f"/admin/events/{event.slug}/rumusan/team"
    sk = f"/admin/events/{event.slug}/panitia/sk-perumus.pdf"
    page = current_app.test_client(user=world["sekretariat"]).get(url)
    assert page.status_code == 200 and sk in page.get_data(as_text=True)
