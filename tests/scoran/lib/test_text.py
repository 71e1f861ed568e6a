import datetime

import pytest

from scoran.lib.text import normalise, quarter_label


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
