"""Settings: defaults < file < DATELINE_* environment < options, validated on load."""

from __future__ import annotations

from pathlib import Path

import pytest

import dateline


def test_defaults() -> None:
    settings = dateline.load_settings(environ={})
    assert settings.store == "dateline-data"
    assert settings.languages == ("en",)
    assert settings.batch_size == 64


def test_layers_in_order(tmp_path: Path) -> None:
    config = tmp_path / "dateline.toml"
    config.write_text('store = "from-file"\nbatch_size = 10\nlanguages = ["en", "fr"]\n')
    settings = dateline.load_settings(config, environ={})
    assert (settings.store, settings.batch_size, settings.languages) == (
        "from-file", 10, ("en", "fr"))
    environ = {"DATELINE_BATCH_SIZE": "20", "DATELINE_STORE": "from-env"}
    settings = dateline.load_settings(config, environ=environ)
    assert (settings.store, settings.batch_size) == ("from-env", 20)
    settings = dateline.load_settings(config, environ=environ, store="from-option", batch_size=None)
    assert (settings.store, settings.batch_size) == ("from-option", 20)
    settings = dateline.load_settings(environ={"DATELINE_CONFIG": str(config)})
    assert settings.store == "from-file"


def test_field_mapping_from_environment() -> None:
    settings = dateline.load_settings(environ={"DATELINE_FIELDS": "text=body,published=day"})
    assert settings.fields == {"text": "body", "published": "day"}


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"DATELINE_BATCH_SIZE": "many"}, "batch_size"),
        ({"DATELINE_BATCH_SIZE": "0"}, "at least 1"),
        ({"DATELINE_COLOUR": "red"}, "unknown setting 'colour'"),
        ({"DATELINE_FIELDS": "body=text"}, "unknown field"),
    ],
)
def test_bad_settings_are_refused(environ: dict[str, str], message: str) -> None:
    with pytest.raises(dateline.ConfigError, match=message):
        dateline.load_settings(environ=environ)


def test_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("store = \n")
    with pytest.raises(dateline.ConfigError, match="cannot read config file"):
        dateline.load_settings(bad, environ={})
