import pytest

from generator.errors import DigestError
from generator.model import Page
from generator.write import write_site


def test_writes_pages_and_replaces_the_previous_site_entirely(tmp_path):
    out = tmp_path / "site"
    write_site([Page("index.html", b"one"), Page("articles/a/index.html", b"a")], out)
    assert (out / "articles/a/index.html").read_bytes() == b"a"
    write_site([Page("index.html", b"two")], out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "articles").exists()  # pages of removed articles never linger
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no staging folders left behind


def test_a_failed_write_leaves_the_previous_site_untouched(tmp_path):
    out = tmp_path / "site"
    write_site([Page("index.html", b"good")], out)
    with pytest.raises(DigestError, match="outside the output folder"):
        write_site([Page("index.html", b"new"), Page("../escape.html", b"x")], out)
    assert (out / "index.html").read_bytes() == b"good"
    assert not (tmp_path / "escape.html").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["site"]
