"""The shape of the imports (issue 13): no circle among raker's modules (lazy imports inside functions
count too: they are how a circle hides), and no domain reaches into registration for a shared helper
(the check-in code, upload checks, formula neutralising, rank choices live in their own modules)."""

from pathlib import Path

from tests.test_renderer_imports import RAKER, imports


def module_name(path: Path) -> str:
    parts = list(path.relative_to(RAKER.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in RAKER.rglob("*.py")}


def graph() -> dict[str, set[str]]:
    """Module -> the raker modules it imports. A package a module lives in is left out: Python imports it
    first whatever the module says, so it closes no circle."""
    edges = {}
    for name, path in MODULES.items():
        ancestors = {".".join(name.split(".")[:i]) for i in range(1, name.count(".") + 1)}
        edges[name] = {target for target, _, _ in imports(path) if target in MODULES} - ancestors - {name}
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan), each sorted."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_circle_among_raker_modules():
    assert cycles(graph()) == []


# What other packages may use of registration: its rules and queries (a registration is their subject),
# never a helper that only happens to live there.
REGISTRATION_HELPERS = {
    "raker.registration.exports",
    "raker.registration.forms",
    "raker.registration.validation",
    "raker.registration.routes",
}
# The API is registration's other door: it takes the same fields and answers the same refusals; the app
# factory (raker) registers its blueprints. The export registry (and the jobs that run it) print
# registration's own list of participants and the report of its import: documents, not helpers.
REGISTRATION_DOORS = ("raker.api.", "raker.registration.", "raker.exports", "raker.jobs.")


def test_no_domain_imports_registration_for_a_helper():
    bad = [
        f"{name} imports {target}"
        for name, targets in graph().items()
        for target in sorted(targets)
        if target in REGISTRATION_HELPERS and name != "raker" and not name.startswith(REGISTRATION_DOORS)
    ]
    assert bad == []
