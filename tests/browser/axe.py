"""axe-core in the browser tests: WCAG 2.1 A/AA rules run on the page as it is shown, and any
serious or critical violation fails the test with what axe says and where.

axe is vendored under static/ (static/vendor/axe-core-4.14.1, see VENDOR.md) and added to the
page from our own origin, so the page's Content-Security-Policy (script-src 'self') stays on."""

AXE = "/static/vendor/axe-core-4.14.1/axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")


def violations(page, base: str) -> list[dict]:
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.add_script_tag(url=base + AXE)
    found = page.evaluate(
        """async (tags) => {
        const result = await window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
        return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ' — ' + n.failureSummary) }));
    }""",
        WCAG_AA,
    )
    return [v for v in found if v["impact"] in BLOCKING]


def assert_accessible(page, base: str, where: str = "") -> None:
    found = violations(page, base)
    assert found == [], f"{where or page.url}: " + "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in found
    )
