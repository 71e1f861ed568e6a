"""Load the strategy text from its TOML source into the database.

The tests and the demo set-up call it with the live app registry. It is idempotent:
records are matched on their natural keys (numbers, slugs, positions) and updated in
place; pistes and indicators no longer in the file are removed. The data migration
that gives every installation the strategy (``0002_load_strategy``) runs a frozen copy
of this module (``strategy/migrations/_frozen_loader_0002.py``), so this one follows
today's models only.
"""

import tomllib
from collections.abc import Callable
from pathlib import Path

from django.db import models, transaction

DATA_FILE = Path(__file__).resolve().parent / "data" / "scoran_bfc_2019.toml"

# Gives a strategy model by name, from the registry the caller passed.
ModelOf = Callable[[str], type[models.Model]]


def read_strategy(path: Path = DATA_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def load_strategy(apps, data: dict | None = None) -> None:
    """Create or update every strategy record from ``data`` (the TOML document)."""
    data = read_strategy() if data is None else data

    def model(name):
        return apps.get_model("strategy", name)

    with transaction.atomic():
        _load_principles(model, data["principles"])
        axes = _load_axes(model, data["axes"])
        challenges = _load_challenges(model, data["challenges"], axes)
        orientations = _load_orientations(model, data["orientations"], challenges)
        _load_indicators(model, data["indicators"], axes, orientations)


def _load_principles(model: ModelOf, items: list[dict]) -> None:
    for position, item in enumerate(items, start=1):
        model("Principle").objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "position": position,
                "description": item["description"],
                "themes": "\n".join(item["themes"]),
            },
        )


def _load_axes(model: ModelOf, items: list[dict]) -> dict:
    """The enjeux, by number."""
    return {
        item["number"]: model("Axis").objects.update_or_create(
            number=item["number"],
            defaults={
                "title": item["title"],
                "summary": item["summary"].strip(),
                "description": item.get("description", "").strip(),
            },
        )[0]
        for item in items
    }


def _load_challenges(model: ModelOf, items: list[dict], axes: dict) -> dict:
    """The défis, by number."""
    return {
        item["number"]: model("Challenge").objects.update_or_create(
            number=item["number"],
            defaults={
                "axis": axes[item["axis"]],
                "title": item["title"],
                "description": item.get("description", "").strip(),
            },
        )[0]
        for item in items
    }


def _load_orientations(model: ModelOf, items: list[dict], challenges: dict) -> dict:
    """The orientations, by number, each with its pistes d'actions."""
    orientations = {}
    for item in items:
        orientation = model("Orientation").objects.update_or_create(
            number=item["number"],
            defaults={
                "challenge": challenges[item["challenge"]],
                "title": item["title"],
                "context": item.get("context", "").strip(),
                "key_figures_label": item.get("key_figures_label", ""),
                "key_figures": item.get("key_figures", "").strip(),
                "consultation_feedback": item.get("consultation_feedback", "").strip(),
                "notes": item.get("notes", "").strip(),
            },
        )[0]
        orientations[item["number"]] = orientation
        _load_action_tracks(model, orientation, item["action_tracks"])
    return orientations


def _load_action_tracks(model: ModelOf, orientation, tracks: list[dict]) -> None:
    """An orientation's pistes, by position; those beyond the file's are removed."""
    for position, track in enumerate(tracks, start=1):
        model("ActionTrack").objects.update_or_create(
            orientation=orientation,
            position=position,
            defaults={
                "title": track["title"],
                "detail": track.get("detail", ""),
                "sub_actions": "\n".join(track.get("sub_actions", [])),
            },
        )
    orientation.action_tracks.filter(position__gt=len(tracks)).delete()


def _load_indicators(model: ModelOf, items: list[dict], axes: dict, orientations: dict) -> None:
    """The indicators of section 8, by position; those beyond the file's are removed."""
    for position, item in enumerate(items, start=1):
        indicator = model("Indicator").objects.update_or_create(
            position=position,
            defaults={
                "axis": axes[item["axis"]],
                "objective": item["objective"],
                "name": item["name"],
                "data_needed": "\n".join(item.get("data_needed", [])),
                "target_year": item.get("target_year"),
                "measure": item.get("measure", ""),
                "key": item.get("key", ""),
                "target_share": item.get("target_share"),
            },
        )[0]
        indicator.orientations.set([orientations[n] for n in item.get("orientations", [])])
    model("Indicator").objects.filter(position__gt=len(items)).delete()
