"""Documents as models, renderers as leaves (issue 11 D): the renderers in raker/pdf and raker/documents
take a document model and import nothing from the domains (raker.report, raker.rumusan, raker.models, …),
and a domain that has been split asks a renderer to render in one place only, its render() function.
Read from the source with ast, so a lazy import inside a function counts too."""

import ast
from pathlib import Path

import pytest

RAKER = Path(__file__).resolve().parents[1] / "raker"
# Shared, domain-free modules the renderers build on are plain modules (raker/i18n.py, images.py,
# safe_text.py, letters.py) or raker/reference (NIP, ranks); every other package is a domain.
NOT_DOMAINS = {"pdf", "documents", "reference", "translations"}
DOMAINS = {p.name for p in RAKER.iterdir() if (p / "__init__.py").exists()} - NOT_DOMAINS
RENDERERS = sorted([*RAKER.glob("pdf/*.py"), *RAKER.glob("documents/*.py")])
# The domains whose documents are models (issue 11 D): their renderers are reached from render() only.
SPLIT = sorted([*RAKER.glob("report/*.py"), RAKER / "rumusan" / "document.py", RAKER / "minutes" / "services.py"])


def imports(path: Path):
    """(absolute module, line, enclosing function name or None) for every import in the file."""
    package = ["raker", *path.parent.relative_to(RAKER).parts]

    def walk(node, function):
        for child in ast.iter_child_nodes(node):
            inner = child.name if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else function
            if isinstance(child, ast.ImportFrom):
                base = package[: len(package) - child.level + 1] if child.level else []
                module = ".".join(base + ([child.module] if child.module else []))
                # 'from ..pdf import report' names raker.pdf.report: each imported name as a submodule too
                names = [module, *(f"{module}.{alias.name}" for alias in child.names)]
                for name in names:
                    yield name, child.lineno, function
            elif isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, child.lineno, function
            yield from walk(child, inner)

    yield from walk(ast.parse(path.read_text(encoding="utf-8")), None)


def test_the_walk_sees_relative_lazy_and_absolute_imports(tmp_path):
    """The checker itself: each kind of import is resolved to the module it names."""
    sample = RAKER / "report" / "document.py"
    found = {(name, function) for name, _, function in imports(sample)}
    assert ("raker.report.services", None) in found  # from .services import Report
    assert ("raker.rumusan.document", None) in found  # from ..rumusan import document (a module named by alias)
    assert ("raker.pdf.report", "render") in found  # the lazy import inside render()
    assert {"report", "rumusan", "models", "agenda", "checkin"} <= DOMAINS


@pytest.mark.parametrize("path", RENDERERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_renderers_import_no_domain(path):
    bad = [
        f"line {line}: {name}"
        for name, line, _ in imports(path)
        if name.split(".")[0] == "raker" and len(name.split(".")) > 1 and name.split(".")[1] in DOMAINS
    ]
    assert not bad, f"{path.name} imports a domain: {bad}"


@pytest.mark.parametrize("path", SPLIT, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_split_domains_reach_renderers_only_from_render(path):
    bad = [
        f"line {line}: {name} (in {function or 'the module'})"
        for name, line, function in imports(path)
        if name.split(".")[:2] in (["raker", "pdf"], ["raker", "documents"]) and function != "render"
    ]
    assert not bad, f"{path.relative_to(RAKER)} imports a renderer outside render(): {bad}"


# The pages and the commands reach documents through raker.exports.export() (issue 11 D): no module that
# defines routes (a Blueprint), and not the CLI, imports a renderer.
ENTRY_POINTS = sorted(
    [
        p
        for p in RAKER.rglob("*.py")
        if "Blueprint(" in p.read_text(encoding="utf-8") and p.parent.name not in ("pdf", "documents")
    ]
    + [RAKER / "cli.py"]
)


def test_the_entry_points_are_found():
    names = {str(p.relative_to(RAKER)) for p in ENTRY_POINTS}
    assert {
        "cli.py",
        "checkin/dashboard.py",
        "certificates/routes.py",
        "honorarium/routes.py",
        "registration/routes.py",
        "registration/admin_routes.py",
        "jobs/routes.py",
    } <= names


@pytest.mark.parametrize("path", ENTRY_POINTS, ids=lambda p: str(p.relative_to(RAKER)))
def test_routes_and_cli_import_no_renderer(path):
    bad = [
        f"line {line}: {name}"
        for name, line, _ in imports(path)
        if name.split(".")[:2] in (["raker", "pdf"], ["raker", "documents"])
    ]
    assert not bad, f"{path.relative_to(RAKER)} imports a renderer (use raker.exports.export): {bad}"


# Nor does one make a file itself with what raker.exports calls to make it (a domain's render() or
# export(), the ICS writer, the QR image): the personal certificate and calendar, a session's ICS and a
# session's notulen did, so their names, types and audit rows could drift from export()'s; and so did the
# secretariat's undangan and permohonan narasumber (now the kinds' delegation= and person=).
EXPORTS_MAKES_FILES_WITH = {
    "raker.agenda.ics.agenda_ics",
    "raker.agenda.ics.session_ics",
    "raker.agenda.services.agenda_document",
    "raker.agenda.papan_nama.export",
    "raker.certificates.services.render",
    "raker.checkin.attendance.export",
    "raker.checkin.keterangan.export",
    "raker.checkin.tanda_terima.export",
    "raker.honorarium.services.export",
    "raker.invitations.services.render",
    "raker.minutes.services.export",
    "raker.minutes.services.render",
    "raker.panitia.keputusan.export",
    "raker.panitia.services.export_kartu",
    "raker.registration.exports.export_csv",
    "raker.registration.exports.export_xlsx",
    "raker.registration.services.badge_file",
    "raker.registration.services.qr_image",
    "raker.report.document.render",
    "raker.rumusan.berita_acara.export",
    "raker.rumusan.document.render",
}
# and the domains' shorthands for one of them, which exports.py does not need
SHORTHANDS = {
    "raker.minutes.services.minutes_pdf",
    "raker.minutes.services.minutes_docx",
    "raker.invitations.services.export_invitations",
    "raker.invitations.services.export_speaker_requests",
}
FILE_MAKERS = EXPORTS_MAKES_FILES_WITH | SHORTHANDS


def references(path: Path, source: str | None = None):
    """(module.name, line) for every name the file takes from a raker module: imported by name ('from
    .services import minutes_pdf', 'from ..agenda.ics import agenda_ics as make') or read off an imported
    module ('from ..certificates import services as certificates' … 'certificates.render(…)')."""
    package = ["raker", *path.parent.relative_to(RAKER).parts]
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    local: dict[str, str] = {}  # a name bound by an import: what it names
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                local[alias.asname or alias.name] = f"{module}.{alias.name}"
                yield f"{module}.{alias.name}", node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                local[alias.asname or alias.name] = alias.name if alias.asname else alias.name.split(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in local:
            yield f"{local[node.value.id]}.{node.attr}", node.lineno


def test_the_reference_walk_sees_names_imported_and_read_off_modules():
    sample = (
        "from ..certificates import services as certificates\n"
        "from .services import minutes_pdf\n"
        "def route():\n"
        "    from ..agenda.ics import agenda_ics as make\n"
        "    return certificates.render(), make()\n"
    )
    found = {name for name, _ in references(RAKER / "minutes" / "routes.py", sample)}
    assert {
        "raker.certificates.services.render",
        "raker.minutes.services.minutes_pdf",
        "raker.agenda.ics.agenda_ics",
    } <= found


def test_the_file_makers_are_what_exports_calls():
    """The list above stays the functions raker.exports makes files with (a renamed one is noticed)."""
    used = {name for name, _ in references(RAKER / "exports.py")}
    assert EXPORTS_MAKES_FILES_WITH <= used, sorted(EXPORTS_MAKES_FILES_WITH - used)


@pytest.mark.parametrize("path", ENTRY_POINTS, ids=lambda p: str(p.relative_to(RAKER)))
def test_routes_and_cli_make_no_file_themselves(path):
    bad = [f"line {line}: {name}" for name, line in references(path) if name in FILE_MAKERS]
    assert not bad, f"{path.relative_to(RAKER)} makes a file itself (use raker.exports.export): {bad}"


# Nor do the outbox and the TTE (issue 11 D): the mail's attachments (QR code, badge, agenda) and the
# documents prepared for signing are the files the pages download, so they are made by export() too.
# raker.pdf.signature is not a file: it tells where the signature blocks fell on the page.
BEHIND_EXPORTS = sorted([*RAKER.glob("outbox/*.py"), *RAKER.glob("tte/*.py")])
NOT_A_FILE_MAKER = {"raker.pdf.signature"}


def _renderer(name: str) -> bool:
    return name.split(".")[:2] in (["raker", "pdf"], ["raker", "documents"]) and not any(
        name == allowed or name.startswith(f"{allowed}.") for allowed in NOT_A_FILE_MAKER
    )


def test_the_outbox_and_tte_modules_are_found():
    names = {str(p.relative_to(RAKER)) for p in BEHIND_EXPORTS}
    assert {"outbox/attachments.py", "tte/kinds.py", "tte/services.py"} <= names


@pytest.mark.parametrize("path", BEHIND_EXPORTS, ids=lambda p: str(p.relative_to(RAKER)))
def test_the_outbox_and_tte_make_no_file_themselves(path):
    bad = [f"line {line}: {name}" for name, line in references(path) if name in FILE_MAKERS or _renderer(name)]
    bad += [f"line {line}: {name}" for name, line, _ in imports(path) if _renderer(name)]
    assert not bad, f"{path.relative_to(RAKER)} makes a file itself (use raker.exports.export): {sorted(set(bad))}"


def calls(path: Path, source: str | None = None):
    """(function name, called module.name, line) for each call in each function of the file whose callee is
    a raker name: imported (at the top or in the function), read off an imported module, or defined in
    the file itself (called by its bare name)."""
    module = ".".join(["raker", *path.relative_to(RAKER).with_suffix("").parts])
    package = ["raker", *path.parent.relative_to(RAKER).parts]
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    bound = {node.name: f"{module}.{node.name}" for node in tree.body if isinstance(node, ast.FunctionDef)}
    for node in ast.walk(tree):  # imports anywhere, as a lazy one inside the function is usual here
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            source_module = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{source_module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name] = alias.name if alias.asname else alias.name.split(".")[0]
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if not isinstance(node, ast.Call):
                continue
            callee = node.func
            if isinstance(callee, ast.Name) and callee.id in bound:
                yield function.name, bound[callee.id], node.lineno
            elif isinstance(callee, ast.Attribute) and isinstance(callee.value, ast.Name) and callee.value.id in bound:
                yield function.name, f"{bound[callee.value.id]}.{callee.attr}", node.lineno


def test_the_call_walk_sees_calls_by_bare_name_imported_and_off_a_module():
    sample = (
        "from .. import mail\n"
        "def export_invitations(): ...\n"
        "def send():\n"
        "    from ..agenda import ics\n"
        "    mail.queue(ics.agenda_ics(), export_invitations())\n"
    )
    found = {(f, name) for f, name, _ in calls(RAKER / "invitations" / "services.py", sample)}
    assert {
        ("send", "raker.mail.queue"),
        ("send", "raker.agenda.ics.agenda_ics"),
        ("send", "raker.invitations.services.export_invitations"),
    } <= found


# The mail a domain queues with a file attached (the surat undangan to each delegation) carries the file
# export() makes for the page's download: no function that queues mail calls a file maker itself.
MODULES = sorted(p for p in RAKER.rglob("*.py") if p.parent.name not in ("pdf", "documents", "translations"))


def test_mail_attaches_files_made_by_export():
    bad = []
    for path in MODULES:
        found = list(calls(path))
        mailing = {function for function, name, _ in found if name == "raker.mail.queue"}
        bad += [
            f"{path.relative_to(RAKER)}:{line} {function}() calls {name}"
            for function, name, line in found
            if function in mailing and (name in FILE_MAKERS or _renderer(name))
        ]
    assert not bad, f"mail attachments made outside raker.exports.export: {bad}"
