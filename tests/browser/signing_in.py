"""Signing in through the login form, in whatever language the page is in (the fields by name: the
labels are checked by the accessibility walk), then the dashboard."""


def log_in(page, base: str, email: str, password: str) -> None:
    page.goto(base + "/auth/login")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/dashboard")
