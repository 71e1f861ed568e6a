"""Typed readers for environment variables.

Each helper fails loudly with ImproperlyConfigured on a value it cannot read,
so that a typo in production configuration stops the start instead of silently
falling back to a default. A secret may also be given as ``NAME_FILE``, the path
of a file holding it (Docker and systemd secrets).
"""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_UNSET = object()


def env_str(name: str, default: object = _UNSET, *, hint: str = "") -> str:
    """The variable's value, or ``default``; without a default, a missing variable stops
    the start with a message that ends with ``hint`` (how to get it set)."""
    value = os.environ.get(name)
    file_path = os.environ.get(f"{name}_FILE")
    if value is None and file_path:
        try:
            value = Path(file_path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {file_path}: {exc}") from exc
    if value is None:
        if default is _UNSET:
            raise ImproperlyConfigured(
                f"The environment variable {name} is required. {hint}".strip()
            )
        return default  # type: ignore[return-value]
    return value


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use 1/0, true/false, yes/no).")


_KIND_NAMES = {int: "an integer", float: "a number"}


def _env_number(name: str, default, kind):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        return kind(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={value!r} is not {_KIND_NAMES[kind]}.") from exc


def env_int(name: str, default: int) -> int:
    return _env_number(name, default, int)


def env_float(name: str, default: float) -> float:
    return _env_number(name, default, float)


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]
