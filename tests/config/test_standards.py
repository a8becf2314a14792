"""Every page, in every state tests/pages.py reaches, is valid HTML (the Nu Html Checker) and
every ARIA and label reference on it points at an element that exists."""

import json
import os
import shutil
import subprocess
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from tests.pages import all_pages

VNU_JAR = settings.BASE_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
REFERENCE_ATTRIBUTES = ("for", "aria-describedby", "aria-labelledby", "aria-controls")

# The marker makes pytest-django create the test database the module fixture renders against.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # every page in every state


@pytest.fixture(scope="module")
def pages(django_db_setup, django_db_blocker):
    """Rendered once for the module, inside a transaction that is rolled back after."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        cache.clear()
        rendered = all_pages()
        transaction.set_rollback(True)
    cache.clear()
    return rendered


def test_no_page_in_any_state_is_a_server_error(pages):
    assert [(name, status) for name, status, _ in pages if status >= 500] == []
    assert len({name for name, _, _ in pages}) == len(pages), "page names must be unique"


def _java_or_skip() -> str:
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("no java on PATH (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        missing.append(f"no {VNU_JAR.relative_to(settings.BASE_DIR)} (run npm ci)")
    if missing:
        reason = "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(f"The HTML checker must run in CI, but {reason}.")
        pytest.skip(reason)
    return java


def test_every_page_is_valid_html(pages):
    java = _java_or_skip()
    with tempfile.TemporaryDirectory() as folder:
        names = {}
        for number, (name, _, html) in enumerate(pages):
            path = Path(folder) / f"page-{number:03d}.html"
            path.write_text(html, encoding="utf-8")
            names[path.resolve().as_uri().removeprefix("file://")] = name
        # One Java start-up for every page: the checker takes a list of files.
        result = subprocess.run(
            [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *sorted(names)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
    report = json.loads(result.stderr or result.stdout)
    errors = [
        f"{names.get(m['url'].removeprefix('file:'), m['url'])}, line {m.get('lastLine')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in report["messages"]
    ]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0


class _References(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in REFERENCE_ATTRIBUTES and value is not None:
                self.references.extend((tag, name, target) for target in value.split())
            elif name == "href" and value and value.startswith("#") and len(value) > 1:
                self.references.append((tag, name, value[1:]))


def test_every_label_and_aria_reference_points_at_an_element_on_the_page(pages):
    broken = []
    for name, _, html in pages:
        parser = _References()
        parser.feed(html)
        broken += [
            f"{name}: <{tag} {attribute}> -> #{target}"
            for tag, attribute, target in parser.references
            if target not in parser.ids
        ]
    assert broken == [], "\n".join(broken)


class _Labels(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("label", "legend"):
            self.open += 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if tag in ("label", "legend"):
            self.open -= 1

    def handle_data(self, data):
        if self.open:
            self.texts[-1] += data


def test_no_label_or_legend_ends_with_a_colon(pages):
    colons = []
    for name, _, html in pages:
        parser = _Labels()
        parser.feed(html)
        texts = [text.strip() for text in parser.texts]
        colons += [f"{name}: {text!r}" for text in texts if text.endswith(":")]
    assert colons == [], "\n".join(colons)


def test_every_page_that_uses_htmx_loads_it_and_no_other_does(pages):
    # base.html loads htmx only through {% block htmx %}: a page with data-hx-* attributes
    # (beyond the body's CSRF header) must fill it in.
    wrong = []
    for name, _, html in pages:
        uses = html.count("data-hx-") > html.count("data-hx-headers")
        loads = "/django_htmx/htmx" in html
        if uses != loads:
            wrong.append(f"{name}: uses htmx {uses}, loads it {loads}")
    assert wrong == [], "\n".join(wrong)


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.in_title = False
        self.in_head = True  # SVG charts in the body have <title>s of their own
        self.title = ""
        self.description: str | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "body":
            self.in_head = False
        elif tag == "title" and self.in_head:
            self.in_title = True
        elif tag == "meta" and values.get("name") == "description":
            self.description = values.get("content") or ""

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def _head(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


def test_every_page_but_home_has_its_own_title_and_description(pages):
    # base.html's description is the home page's; every other page fills both blocks.
    home = _head(next(html for name, _, html in pages if name == "home"))
    generic = []
    for name, _, html in pages:
        head = _head(html)
        if not head.description or not head.title.strip():
            generic.append(f"{name}: no title or no description")
        elif name != "home" and (
            head.description == home.description or head.title.strip() == "Limber · Limber"
        ):
            generic.append(f"{name}: the site's own title or description ({head.title!r})")
    assert generic == [], "\n".join(generic)
