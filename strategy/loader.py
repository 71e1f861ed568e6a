"""Load the strategy text from its TOML source into the database.

The same function serves the data migration (with the historical app registry,
so that production gets the strategy at ``migrate``) and the tests (with the
live registry). It is idempotent: records are matched on their natural keys
(numbers, slugs, positions) and updated in place; pistes and indicators no
longer in the file are removed. Later schema changes to these models must keep
this function working with the migration that calls it, or freeze a copy there.
"""

import tomllib
from pathlib import Path

from django.db import transaction

DATA_FILE = Path(__file__).resolve().parent / "data" / "scoran_bfc_2019.toml"
# Indicator fields added after the migration that loads the strategy, with their
# value when the file gives none.
INDICATOR_LATER_FIELDS = {"measure": "", "target_share": None, "key": ""}


def read_strategy(path: Path = DATA_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


def _later_indicator_fields(indicator_model) -> dict:
    """The fields added after 0002_load_strategy (which runs ``load_strategy`` with the
    Indicator of before them) that ``indicator_model`` has, with their default."""
    present = {f.name for f in indicator_model._meta.get_fields()}
    return {name: default for name, default in INDICATOR_LATER_FIELDS.items() if name in present}


def load_strategy(apps, data: dict | None = None) -> None:
    """Create or update every strategy record from ``data`` (the TOML document)."""
    data = read_strategy() if data is None else data

    def model(name):
        return apps.get_model("strategy", name)

    with transaction.atomic():
        for position, item in enumerate(data["principles"], start=1):
            model("Principle").objects.update_or_create(
                slug=item["slug"],
                defaults={
                    "name": item["name"],
                    "position": position,
                    "description": item["description"],
                    "themes": "\n".join(item["themes"]),
                },
            )
        axes = {
            item["number"]: model("Axis").objects.update_or_create(
                number=item["number"],
                defaults={
                    "title": item["title"],
                    "summary": item["summary"].strip(),
                    "description": item.get("description", "").strip(),
                },
            )[0]
            for item in data["axes"]
        }
        challenges = {
            item["number"]: model("Challenge").objects.update_or_create(
                number=item["number"],
                defaults={
                    "axis": axes[item["axis"]],
                    "title": item["title"],
                    "description": item.get("description", "").strip(),
                },
            )[0]
            for item in data["challenges"]
        }
        orientations = {}
        for item in data["orientations"]:
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
            tracks = item["action_tracks"]
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
        later = _later_indicator_fields(model("Indicator"))
        for position, item in enumerate(data["indicators"], start=1):
            indicator = model("Indicator").objects.update_or_create(
                position=position,
                defaults={
                    "axis": axes[item["axis"]],
                    "objective": item["objective"],
                    "name": item["name"],
                    "data_needed": "\n".join(item.get("data_needed", [])),
                    "target_year": item.get("target_year"),
                    **{name: item.get(name, default) for name, default in later.items()},
                },
            )[0]
            indicator.orientations.set([orientations[n] for n in item.get("orientations", [])])
        model("Indicator").objects.filter(position__gt=len(data["indicators"])).delete()
