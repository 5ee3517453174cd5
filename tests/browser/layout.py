"""How wide a page lays out, measured the way a person sees it: once its stylesheet and fonts are in.

An element found in the DOM right after a click can be there while raker.css is still on its way
(a CI machine under load): a page measured then is laid out unstyled, and a 64-character hash in
the default font reads as 549 px on a 360 px phone although the styled page wraps it.
"""


def page_width(page) -> int:
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.evaluate("document.documentElement.scrollWidth")
