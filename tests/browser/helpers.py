"""Helpers for the browser tests, apart from tests/helpers.py because they drive a Playwright
page and load axe-core's script from axe_playwright_python, which no other test needs."""

from pathlib import Path

AXE_JS = Path(__import__("axe_playwright_python").__file__).with_name("axe.min.js")
# A stand-in share sheet: headless Chromium on Linux has none; this records what it is given.
FAKE_SHARE_SHEET = """
window.sharedWith = [];
Object.defineProperty(Navigator.prototype, "share", {
  configurable: true,
  value: function (data) { window.sharedWith.push(data); return Promise.resolve(); },
});
"""


def log_in(page, user, password: str = "a-long-Passphrase-42") -> None:
    """Sign in through the real form (the user must have that password).

    The form is loaded again once the network is quiet: after cookies are cleared, a request
    the previous page still had going (the worker fetching pages for offline use) can come
    back signed out with a new CSRF cookie, which the form loaded first would not match."""
    page.goto("/accounts/login/")
    page.wait_for_load_state("networkidle")
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def clock_seconds(page) -> int:
    """The guided session's clock, in seconds."""
    minutes, seconds = page.locator("[data-clock]").text_content().split(":")
    return int(minutes) * 60 + int(seconds)


def assert_no_axe_violations(page) -> None:
    """Run axe-core on the current page in the light and the dark scheme; fail listing any
    WCAG 2 A/AA violation (colour contrast differs between the two)."""
    problems = []
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        problems += [f"{scheme}: {problem}" for problem in _axe_problems(page)]
    page.emulate_media(color_scheme="light")
    assert problems == [], "\n".join(problems)


def _axe_problems(page) -> list[str]:
    # Evaluated through the DevTools protocol, so the page's CSP doesn't block it.
    page.evaluate(AXE_JS.read_text())
    result = page.evaluate(
        """() => axe.run(document, {runOnly: {type: 'tag',
              values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
        f"{', '.join(n['target'][0] for n in v['nodes'][:3])})"
        for v in result["violations"]
    ]
