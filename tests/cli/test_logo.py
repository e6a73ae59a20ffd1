"""The sender's logo is an image kept in the database: read once from a file on the machine that
sets it, checked by an image library, never a path a server would open at render time."""

from __future__ import annotations

import base64
import io

import pytest

from billing_support import ready_to_issue
from db_query import execute, query

PIL = pytest.importorskip("PIL.Image")


def _image(kind: str, size=(120, 40)) -> bytes:
    out = io.BytesIO()
    PIL.new("RGB", size, (200, 30, 30)).save(out, kind)
    return out.getvalue()


@pytest.fixture
def billed(aos, tmp_path):
    aos("client", "add", "Acme AG", "--rate", "95", "--currency", "EUR")
    aos("project", "add", "Web", "-c", "Acme AG")
    aos("add", "-p", "Web", "--hours", "2", "--date", "2026-03-02")
    ready_to_issue(aos, "Acme AG")
    aos("invoice", "create", "-c", "Acme AG")
    return aos


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_logo_is_read_once_and_kept_in_the_database_not_its_path(billed, isolated, tmp_path, kind):
    logo = tmp_path / f"logo.{kind.lower()}"
    logo.write_bytes(_image(kind))
    shown = billed("config", "set", "company_logo", str(logo)).out.strip()
    assert shown == f"{kind} image, {len(logo.read_bytes()):,} bytes"
    stored = query(isolated, "SELECT value FROM settings WHERE key = 'company_logo'")[0][0]
    assert str(tmp_path) not in stored and base64.b64decode(stored.split(",", 1)[1]) == logo.read_bytes()
    logo.unlink()  # the file is not needed any more: the invoice carries the image kept
    html = billed("invoice", "show", "1", "--format", "html").out
    mime = "image/png" if kind == "PNG" else "image/jpeg"
    assert f"data:{mime};base64,{stored.split(',', 1)[1]}" in html
    assert billed("config", "list").out.count(f"{kind} image, ") == 1


def test_what_is_not_a_whole_png_or_jpeg_of_a_sensible_size_is_refused_and_nothing_stored(aos, tmp_path):
    cases = {
        "text.png": (b"just text", "is not a PNG or JPEG image"),
        "cut.png": (_image("PNG")[:60], "is not a PNG or JPEG image"),  # a valid header, the rest missing
        "anim.gif": (_image("GIF"), "is a GIF image; a logo is a PNG or JPEG"),
        "huge.png": (_image("PNG", (5000, 10)), "5000×10 pixels"),
        "big.png": (b"\x89PNG\r\n\x1a\n" + bytes(600 * 1024), "a logo may have up to 524,288"),
    }
    for name, (data, says) in cases.items():
        (tmp_path / name).write_bytes(data)
        refused = aos("config", "set", "company_logo", str(tmp_path / name), expect=2)
        assert says in refused.err and refused.err.count("\n") == 1, (name, refused.err)
    unreadable = aos("config", "set", "company_logo", str(tmp_path / "missing.png"), expect=2)
    assert "cannot be read" in unreadable.err
    endless = aos("config", "set", "company_logo", "/dev/zero", expect=2)  # read up to the limit, never whole
    assert "a logo may have up to" in endless.err
    assert aos("config", "get", "company_logo").out.strip() == ""


def test_a_path_kept_by_an_older_version_is_never_opened_and_says_how_to_set_the_image(billed, isolated, tmp_path):
    logo = tmp_path / "logo.png"
    logo.write_bytes(_image("PNG"))
    execute(isolated, "INSERT INTO settings (key, value) VALUES ('company_logo', ?)", (str(logo),))
    refused = billed("invoice", "show", "1", "--format", "html", expect=2)
    assert "company_logo must be set again, as an image: aos config set company_logo FILE" in refused.err
