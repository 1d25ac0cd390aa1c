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
    assert config.language == "es" and config.output_dir == Path("site")
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
