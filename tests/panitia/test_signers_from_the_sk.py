"""Where the secretariat chose no signer, a document is signed by whom the SK panitia names for it, not
left as dots under a title: the tanda terima by the sekretaris, the honorarium's Bendahara by the bendahara
(the laporan and the daftar hadir by the penanggung jawab: tests/report/test_report.py). A signer typed
for the document still wins."""

from raker.checkin import tanda_terima
from raker.honorarium import services as honorarium
from raker.signer import Signer
from tests.demo_snapshot import seeded_demo
from tests.documents import assert_in_order, pdf_text


def test_the_tanda_terima_is_known_by_the_sk_s_sekretaris_unless_another_is_typed(app):
    event = seeded_demo().event
    signer = tanda_terima.build(event).signer
    assert (signer.position, signer.name, signer.rank) == ("Sekretaris Panitia", "Rahmawati, S.Sos.", "III/d")
    assert_in_order(
        pdf_text(tanda_terima.export(event, "pdf")),
        ["Mengetahui", "Sekretaris Panitia", "Rahmawati, S.Sos.", "NIP. 19820314 200604 2 011"],
    )
    typed = Signer(position="Kepala Subbagian Tata Usaha", name="Drs. Ahmad Fauzi")
    assert tanda_terima.build(event, signer=typed).signer == typed


def test_the_honorarium_s_bendahara_is_the_sk_s_unless_saved(app):
    event = seeded_demo().event
    settings = honorarium.settings_for(event)
    _ppk, treasurer = honorarium.build_document(event, settings).signers
    assert (treasurer.position, treasurer.name, treasurer.nip) == (
        "Bendahara Pengeluaran",
        "Rudi Hartono, A.Md.",
        "198811202010011003",
    )
    settings.treasurer_name = "Siti Rahmah, S.E."
    _ppk, treasurer = honorarium.build_document(event, settings).signers
    assert treasurer.name == "Siti Rahmah, S.E." and treasurer.nip is None
