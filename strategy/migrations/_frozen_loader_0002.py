"""FROZEN copy of ``strategy/loader.py`` as it was when migrations 0002 and 0003 were
written: do not edit.

Migration 0002 loads the strategy with it, through the historical app registry, and
0003 reads the indicators' measures with ``read_strategy``. Migrations must keep
working on a fresh database whatever the live loader becomes, so they never import
``strategy.loader`` (tests/strategy/test_migrations.py checks it). The TOML file is the
one the live loader reads. Django skips this module when it looks for migrations
(its name starts with an underscore).
"""

import tomllib
from pathlib import Path

from django.db import transaction

DATA_FILE = Path(__file__).resolve().parent.parent / "data" / "scoran_bfc_2019.toml"


def read_strategy(path: Path = DATA_FILE) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


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
        # 0002_load_strategy runs this with the Indicator of before its "measure" field.
        has_measure = any(f.name == "measure" for f in model("Indicator")._meta.get_fields())
        for position, item in enumerate(data["indicators"], start=1):
            indicator = model("Indicator").objects.update_or_create(
                position=position,
                defaults={
                    "axis": axes[item["axis"]],
                    "objective": item["objective"],
                    "name": item["name"],
                    "data_needed": "\n".join(item.get("data_needed", [])),
                    "target_year": item.get("target_year"),
                    **({"measure": item.get("measure", "")} if has_measure else {}),
                },
            )[0]
            indicator.orientations.set([orientations[n] for n in item.get("orientations", [])])
        model("Indicator").objects.filter(position__gt=len(data["indicators"])).delete()
