import os
from pathlib import Path

import pytest

from generator.config import load_config
from generator.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "digest.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_without_a_file():
    config = load_config(None)
    assert config.language == "" and config.output_dir == Path("site")  # empty: decided from the articles
    assert config.related.max == 5


def test_values_and_tables_are_read_and_paths_resolve_against_the_file(tmp_path):
    config = load_config(write(tmp_path, 'title = "T"\nlanguage = "en"\n[related]\nmax = 3\nthreshold = 0.2\n'))
    assert config.title == "T" and config.language == "en"
    assert config.related.max == 3 and config.related.threshold == 0.2
    assert config.content_path == tmp_path / "content"


def test_unknown_keys_are_rejected_with_a_suggestion(tmp_path):
    with pytest.raises(ConfigError, match=r"unknown key 'titel'; did you mean 'title'") as err:
        load_config(write(tmp_path, 'titel = "x"\n[related]\nmaxx = 2\n'))
    assert "related.maxx" in str(err.value)  # all problems are reported together


def test_wrong_types_are_rejected(tmp_path):
    with pytest.raises(ConfigError, match="'related.max' must be an integer, not str"):
        load_config(write(tmp_path, '[related]\nmax = "five"\n'))


def test_invalid_toml_names_the_line(tmp_path):
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, 'title = "x"\nlanguage = \n'))
    assert err.value.problem.line == 2


def test_output_folder_that_would_delete_the_sources_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="would delete your sources"):
        load_config(write(tmp_path, 'output_dir = "content"\n'))
    with pytest.raises(ConfigError, match="contains the project"):
        load_config(write(tmp_path, 'output_dir = "."\n'))


def test_out_option_overrides_the_output(tmp_path):
    config = load_config(write(tmp_path, ""), output=tmp_path / "elsewhere")
    assert config.output_path == (tmp_path / "elsewhere").resolve()


def test_problems_name_the_line_of_their_setting(tmp_path):
    text = 'title = "T"\n\n[related]\n# how many\nmax = 5\nthreshold = "x"\n\n[threads]\nwindow_days = -1\n'
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text))
    lines = str(err.value).splitlines()
    assert lines[0].endswith("digest.toml:6: 'related.threshold' must be a number, not str")
    assert lines[1].endswith("digest.toml:9: 'threads.window_days' must be between 0 and 36500, not -1")
    assert err.value.problem.line == 6


@pytest.mark.parametrize("setting, value, expected", [
    ("related.max", "-3", "between 0 and 100"),
    ("related.threshold", "1.5", "between 0 and 1"),
    ("related.threshold", "nan", "between 0 and 1"),
    ("related.entity_weight", "-0.1", "between 0 and 1"),
    ("related.max_document_share", "0", "between 0.001 and 1"),
    ("threads.min_score", "inf", "between 0 and 1"),
    ("threads.max_span_days", "-45", "between 0 and 36500"),
    ("entities.min_mentions_for_page", "0", "at least 1"),
    ("max_article_kb", "0", "between 1 and 100000"),
])
def test_numbers_out_of_range_are_refused(tmp_path, setting, value, expected):
    table, _, key = setting.rpartition(".")
    text = (f"[{table}]\n" if table else "") + f"{key} = {value}\n"
    with pytest.raises(ConfigError, match=expected) as err:
        load_config(write(tmp_path, text))
    assert err.value.problem.line == (2 if table else 1)


def test_numbers_at_the_ends_of_their_range_are_accepted(tmp_path):
    config = load_config(write(tmp_path, "[related]\nmax = 0\nthreshold = 1\n[threads]\nwindow_days = 0\n"))
    assert config.related.max == 0 and config.related.threshold == 1.0


def test_a_bad_regular_expression_is_refused_with_its_line(tmp_path):
    with pytest.raises(ConfigError, match=r"'\(unclosed' is not a valid regular expression") as err:
        load_config(write(tmp_path, '[clean]\nline_patterns = ["ok", "(unclosed"]\n'))
    assert err.value.problem.line == 2


@pytest.mark.parametrize("url", ["http://[::1", "example.org", "ftp://example.org/", "https://", "http://a.org:port/",
                                 "https://example.org/?q=1", "https://exa mple.org/"])
def test_a_base_url_that_is_not_an_http_address_is_refused(tmp_path, url):
    with pytest.raises(ConfigError, match="is not an absolute http\\(s\\) address") as err:
        load_config(write(tmp_path, f'title = "T"\nbase_url = "{url}"\n'))
    assert err.value.problem.line == 2
    with pytest.raises(ConfigError, match=r"--base-url .* is not an absolute") as err:
        load_config(write(tmp_path, ""), base_url=url)
    assert err.value.problem.line is None


def test_a_nul_character_in_a_path_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="must not hold a NUL character"):
        load_config(write(tmp_path, 'content_dir = "con\\u0000tent"\n'))


@pytest.mark.parametrize("setting, value, message", [
    ("output_dir", "templates", "is the theme folder"),
    ("output_dir", "templates/static", "is inside the theme folder"),
    ("output_dir", "content/articles", "is inside the content folder"),
    ("output_dir", ".digest-cache", "is the cache folder"),
    ("output_dir", ".digest-cache/site", "is inside the cache folder"),
    ("theme_dir", "site/theme", "contains the theme folder"),
    ("cache_dir", "site/.cache", "contains the cache folder"),
])
def test_an_output_folder_that_would_delete_or_publish_what_the_build_reads_is_refused(tmp_path, setting, value,
                                                                                        message):
    with pytest.raises(ConfigError, match=message) as err:
        load_config(write(tmp_path, f'{setting} = "{value}"\n'))
    assert "choose another output_dir or --out" in err.value.problem.hint


def test_the_out_option_is_checked_like_output_dir(tmp_path):
    with pytest.raises(ConfigError, match="is the theme folder"):
        load_config(write(tmp_path, ""), output=tmp_path / "templates")
    with pytest.raises(ConfigError, match="contains the project"):
        load_config(write(tmp_path, ""), output=tmp_path.parent)


def test_a_config_path_that_is_no_file_gets_a_message(tmp_path):
    (tmp_path / "folder.toml").mkdir()
    with pytest.raises(ConfigError, match="is a folder, not a config file"):
        load_config(tmp_path / "folder.toml")
    os.mkfifo(tmp_path / "pipe.toml")
    with pytest.raises(ConfigError, match="named pipe"):
        load_config(tmp_path / "pipe.toml")
    (tmp_path / "latin.toml").write_bytes('title = "Año"\n'.encode("latin-1"))
    with pytest.raises(ConfigError, match="not valid UTF-8") as err:
        load_config(tmp_path / "latin.toml")
    assert err.value.problem.line == 1
