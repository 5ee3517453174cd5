"""The demo meeting's rumusan, beside the minutes' demo (raker/minutes/demo.py): tim perumus, three topics
in mixed states and one open proposal (from the Kota Samarinda delegation's contact, through
rumusan.services.propose), in the words of the seed article."""

from typing import Any

from sqlalchemy import select

from ..extensions import db
from ..models import Delegation, Event, Registration, User
from ..models.agenda import AgendaSession
from ..models.minutes import Rumusan
from .services import add_item, add_topic, get_or_create, propose, rumusan_of, set_item_state, set_team, sub_items

DEMO_TOPICS: tuple[tuple[str, list[tuple[str, str, list[str]]]], ...] = (  # title, [(text, state, sub-points)]
    (
        "Kelembagaan dan Tata Laksana",
        [
            (
                "Perangkat daerah kabupaten/kota menyelesaikan penyusunan dan penetapan Standar Operasional Prosedur (SOP) "
                "administrasi pemerintahan paling lambat akhir tahun anggaran berjalan.",
                "adopted",
                [],
            ),
            (
                "Biro Organisasi dan Bagian Organisasi kabupaten/kota memperkuat evaluasi kelembagaan dengan:",
                "proposed",
                [
                    "menyusun peta proses bisnis perangkat daerah;",
                    "menyelaraskan analisis jabatan dan analisis beban kerja dengan peta proses bisnis.",
                ],
            ),
            (
                "Penyederhanaan birokrasi dilanjutkan dengan penyetaraan jabatan sesuai ketentuan peraturan "
                "perundang-undangan.",
                "draft",
                [],
            ),
        ],
    ),
    (
        "Pelayanan Publik dan Inovasi",
        [
            (
                "Setiap kabupaten/kota mengirimkan sekurang-kurangnya satu inovasi pelayanan publik pada Kompetisi Inovasi "
                "Pelayanan Publik (SiNovik) tingkat provinsi.",
                "proposed",
                [],
            ),
            (
                "Inovasi pelayanan publik yang berhasil dijadikan bahan pembelajaran (replikasi) bagi perangkat daerah "
                "lain melalui:",
                "proposed",
                [
                    "forum berbagi praktik baik antardaerah;",
                    "pendampingan oleh Biro Organisasi;",
                    "dokumentasi inovasi dalam basis data bersama.",
                ],
            ),
            (
                "Survei kepuasan masyarakat dilaksanakan secara berkala pada setiap unit penyelenggara pelayanan publik.",
                "proposed",
                [],
            ),
        ],
    ),
    (
        "Pemanfaatan Teknologi Informasi",
        [
            (
                "Pelayanan publik berbasis teknologi informasi dikembangkan secara terintegrasi antara pemerintah provinsi "
                "dan kabupaten/kota.",
                "proposed",
                [],
            ),
            ("Perangkat daerah meningkatkan kompetensi aparatur di bidang teknologi informasi.", "draft", []),
        ],
    ),
)


def seed_demo_rumusan(event: Event, users: dict[str, User]) -> Rumusan:
    """A draft rumusan for the demo meeting: tim perumus, three topics, mixed states, one open proposal
    from the Kota Samarinda delegation. `users` maps demo emails to User rows. Idempotent."""
    existing = rumusan_of(event)
    if existing is not None:
        return existing
    author = users.get("perumus@raker.example")
    approved = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id, Registration.state == "approved", Registration.role == "peserta")
        .order_by(Registration.id)
    ).all()
    ketua = db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.full_name == "Yusmadi")
    )
    members = []
    if ketua is not None and ketua.state == "approved":
        members.append((ketua.id, "ketua"))
        others = [r for r in approved if r.id != ketua.id][:4]
        if others:
            members.append((others[0].id, "sekretaris"))
            members += [(r.id, "anggota") for r in others[1:4]]
        set_team(event, members, by=author)
    rumusan = get_or_create(event, by=author)
    sessions = db.session.scalars(select(AgendaSession).where(AgendaSession.event_id == event.id)).all()

    def source_for(words: str) -> list[dict[str, Any]]:
        return [{"session_id": s.id, "point": ""} for s in sessions if words.lower() in s.title.lower()][:1]

    source_words = ("Komisi I:", "Komisi II:", "Teknologi Informasi")
    created = []
    for (title, items), words in zip(DEMO_TOPICS, source_words, strict=True):
        topic = add_topic(rumusan, title, by=author)
        for text, state, subs in items:
            item = add_item(topic, text, sources=source_for(words), by=author)
            for sub in subs:
                add_item(topic, sub, parent=item, by=author)
            for step in {"draft": [], "proposed": ["proposed"], "adopted": ["proposed", "adopted"]}[state]:
                set_item_state(item, step, by=author)
                for child in sub_items(item):
                    set_item_state(child, step, by=author)
            created.append(item)
    samarinda = db.session.scalar(
        select(Delegation).where(Delegation.event_id == event.id, Delegation.name == "Kota Samarinda")
    )
    target = created[3] if len(created) > 3 else None
    if samarinda is not None and target is not None:
        # through the service a delegation contact uses (its audit row names the contact, not the demo's author)
        contact = db.session.get(User, samarinda.contact_user_id) if samarinda.contact_user_id else None
        propose(
            rumusan,
            by=contact or author,
            item=target,
            delegation=samarinda,
            text="Setiap kabupaten/kota mengirimkan sekurang-kurangnya dua inovasi pelayanan publik "
            "pada Kompetisi Inovasi Pelayanan Publik (SiNovik) tingkat provinsi, salah satunya "
            "inovasi berbasis teknologi informasi.",
            reason="Agar jumlah inovasi yang dinilai memadai dan sejalan dengan arah pelayanan "
            "berbasis teknologi informasi.",
        )
    return rumusan
