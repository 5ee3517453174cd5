"""Example notulen for the demo meeting, in the words of the seed article (the Paser raker on
ketatalaksanaan): the official opening and the ministry's paparan final, the IT discussion a draft."""

from sqlalchemy import select

from ..extensions import db
from ..models import AgendaSession, Event, User
from . import services

OPENING = {
    "opening": (
        "Acara dibuka oleh pembawa acara dan dilanjutkan dengan sambutan selamat datang Bupati Paser yang "
        "disampaikan oleh Staf Ahli Bupati Paser Bidang Pemerintahan."
    ),
    "discussion": [
        (
            "Pelayanan publik yang baik dan berkualitas merupakan hak warga negara sekaligus kewajiban konstitusional "
            "negara; pemerintah wajib menyelenggarakan pelayanan publik dengan sebaik-baiknya."
        ),
        (
            "Rapat kerja diharapkan menghasilkan pemikiran, terobosan serta kebijakan baru mengenai inovasi yang menjadi "
            "peluang bagi pemerintah daerah dalam mengukir prestasi."
        ),
        (
            "Pemanfaatan kemajuan teknologi informasi perlu lebih gencar dimasyarakatkan karena memberikan kecepatan dan "
            "keakuratan pelayanan; masyarakat Kalimantan Timur pada dasarnya sudah siap dengan inovasi pelayanan publik "
            "berbasis teknologi informasi."
        ),
    ],
    "conclusions": [
        "Rapat Kerja Bidang Ketatalaksanaan se-Provinsi Kalimantan Timur dibuka secara resmi.",
        (
            "Seluruh kabupaten/kota diminta menindaklanjuti arahan Gubernur tentang inovasi pelayanan publik berbasis "
            "teknologi informasi."
        ),
    ],
    "closing": "Sesi pembukaan berakhir pukul 10.00 WITA dan dilanjutkan dengan rehat kopi.",
}

SINOVIK = {
    "opening": (
        "Moderator membuka sesi dan memperkenalkan narasumber dari Kementerian Pendayagunaan Aparatur Negara "
        "dan Reformasi Birokrasi."
    ),
    "discussion": [
        (
            "Kebijakan percepatan peningkatan kualitas pelayanan publik dilaksanakan antara lain dengan memberi ruang "
            "kepada pemerintah daerah untuk berinovasi."
        ),
        (
            "Kompetisi Inovasi Pelayanan Publik melalui Sistem Informasi Inovasi Pelayanan Publik (SiNovik) menjadikan "
            "inovasi sebagai sarana pembelajaran dan mendorong tumbuhnya modifikasi atau inovasi baru."
        ),
        (
            "Narasumber membagikan buku Top 99 Inovasi Pelayanan Publik Indonesia Tahun 2016 untuk menggugah aparatur "
            "berlomba-lomba melakukan inovasi di lingkungannya masing-masing."
        ),
    ],
    "qa": [
        {
            "asker": "Peserta dari Kabupaten Berau",
            "delegation": "Kabupaten Berau",
            "question": "Bagaimana cara mendaftarkan inovasi yang sudah berjalan di tingkat kecamatan ke SiNovik?",
            "answer": (
                "Inovasi didaftarkan oleh instansi pemerintah daerah melalui akun SiNovik dengan melampirkan "
                "proposal, bukti pelaksanaan dan data manfaat bagi masyarakat."
            ),
            "answerer": "Dwiyoga P. Soediarto",
        },
        {
            "asker": "Peserta dari Kota Samarinda",
            "delegation": "Kota Samarinda",
            "question": "Apakah replikasi inovasi daerah lain dapat diikutsertakan dalam kompetisi?",
            "answer": (
                "Replikasi dianjurkan dan dapat diikutsertakan sepanjang ada penyesuaian dengan kebutuhan "
                "setempat dan hasilnya dapat diukur."
            ),
            "answerer": "Dwiyoga P. Soediarto",
        },
    ],
    "conclusions": [
        "Setiap kabupaten/kota menyiapkan sekurang-kurangnya satu inovasi pelayanan publik untuk kompetisi SiNovik.",
        "Biro Organisasi Setda Provinsi Kalimantan Timur memfasilitasi pendampingan penyusunan proposal inovasi.",
    ],
    "closing": "Moderator menutup sesi dan menyampaikan terima kasih kepada narasumber.",
}

IT_DISCUSSION = {
    "opening": "Moderator membuka diskusi tentang pelayanan publik berbasis teknologi informasi.",
    "discussion": [
        "Beberapa kabupaten/kota telah menerapkan layanan perizinan dan kependudukan secara daring.",
        "Kendala utama adalah jaringan internet di kecamatan terpencil dan kesiapan sumber daya manusia.",
    ],
    "conclusions": [],
}

# (words in the session title, content, finalise?)
DEMO_MINUTES = (
    ("Arahan Gubernur", OPENING, True),
    ("SiNovik", SINOVIK, True),
    ("Berbasis Teknologi Informasi", IT_DISCUSSION, False),
)


def seed_demo_minutes(event: Event, users: dict[str, User]) -> None:
    """Idempotent: sessions that already have notulen are left alone."""
    author = users.get("notulis@raker.example")
    sessions = db.session.scalars(
        select(AgendaSession).where(AgendaSession.event_id == event.id).order_by(AgendaSession.starts_at)
    ).all()
    for words, content, final in DEMO_MINUTES:
        session = next((s for s in sessions if words.lower() in s.title.lower()), None)
        if session is None or services.get(session) is not None:
            continue
        minutes = services.get_or_create(session, by=author)
        merged = {**minutes.content, **content}
        services.save(minutes, merged, by=author, base_revision=minutes.revision)
        if final:
            services.finalize(minutes, by=author)
