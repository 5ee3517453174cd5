"""The main menu, by role: each person sees only what they may open."""

from flask import url_for
from flask_babel import lazy_gettext as _l

from .models.user import ADMIN, KONTAK_DELEGASI, SEKRETARIAT


def menu_for(user) -> list[tuple[str, str]]:
    items = [(url_for("main.index"), _l("Beranda"))]
    if not user.is_authenticated:
        return items
    items.append((url_for("main.dashboard"), _l("Dasbor")))
    if user.has_role(ADMIN, SEKRETARIAT) or user.staff_event_ids(SEKRETARIAT):
        items.append((url_for("admin.events"), _l("Kelola rapat")))
    if user.has_role(KONTAK_DELEGASI):
        items.append((url_for("events.my_delegations"), _l("Delegasi saya")))
    if user.has_role(ADMIN):
        items.append((url_for("admin.users"), _l("Pengguna")))
        items.append((url_for("admin.audit_all"), _l("Jejak audit")))
    return items
