import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import models

from scoran.lib.text import free_slug, normalise, quarter_label


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Zones très denses ", "zones_tres_denses"),
        ("Zone Très Dense", "zone_tres_dense"),
        ("  Code  commune (INSEE)", "code_commune_insee"),
        ("T4 2025", "t4_2025"),
    ],
)
def test_normalise_ignores_accents_case_and_punctuation(name, expected):
    assert normalise(name) == expected


@pytest.mark.parametrize(
    ("day", "label"),
    [((2025, 12, 31), "T4 2025"), ((2025, 1, 1), "T1 2025"), ((2024, 6, 30), "T2 2024")],
)
def test_quarter_label(day, label):
    assert quarter_label(datetime.date(*day)) == label


@pytest.mark.django_db
def test_a_free_slug_avoids_held_and_reserved_ones_and_falls_back_when_empty():
    taken = Group.objects.annotate(slug=models.F("name"))
    Group.objects.create(name="guide-la-fibre")
    assert free_slug("Guide : la Fibre !", taken=taken, fallback="x") != "guide-la-fibre"
    assert free_slug("Guide : la Fibre !", taken=taken, fallback="x").startswith("guide-la-fibre-")
    assert free_slug("Réseau d'initiative publique", taken=taken, fallback="x") == (
        "reseau-dinitiative-publique"
    )
    assert free_slug("Flux", taken=taken, reserved={"flux"}, fallback="x").startswith("flux-")
    assert free_slug("<script>", taken=taken, fallback="aide") == "script"
    assert free_slug("!!!", taken=taken, fallback="aide") == "aide"
    assert len(free_slug("a" * 300, taken=taken, fallback="x")) == 100
