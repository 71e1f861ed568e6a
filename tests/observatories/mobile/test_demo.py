"""The demo's invented mobile figures (``observatories/mobile/demo.py``): files in the
published formats (the headers of the samples written by hand from the formats'
description), the same files for the same seed, and figures that import."""

import csv
import hashlib

import pytest

from observatories.mobile import demo

from .files import ANFR, COVERAGE, SITES, TARGETED, table

PLACES = [
    demo.Place("21231", "Dijon", "21", 156_920, 47.32, 5.04),
    demo.Place("21060", "Belleneuve", "21", 1_300, 47.36, 5.27),
    demo.Place("25056", "Besançon", "25", 119_000, 47.24, 6.02),
]


def written(folder):
    return demo.write_demo_files(folder, PLACES, ["21", "25"])


def rows(path):
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=";"))


def test_the_demo_files_have_the_published_headers_and_names(tmp_path):
    paths = written(tmp_path)
    samples = {"couv_commune": COVERAGE, "sites_Metropole": SITES, "dcc_Metropole": TARGETED,
               "observatoire_anfr": ANFR}  # fmt: skip
    assert len(paths) == 3 * 3 + 2
    for path in paths:
        kind = next(kind for kind in samples if kind in path.name)
        assert rows(path)[0] == table(samples[kind])[0], path.name
    assert [path.name for path in paths[:3]] == [
        "2025_T2_couv_commune_demo.csv", "2025_T2_sites_Metropole_demo.csv",
        "2025_T2_dcc_Metropole_sites_demo.csv",
    ]  # fmt: skip
    assert paths[-1].read_bytes().startswith(b"\xef\xbb\xbf")  # ANFR's BOM


def test_the_same_seed_writes_the_same_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = written(tmp_path / "a"), written(tmp_path / "b")
    digests = [[hashlib.sha256(p.read_bytes()).hexdigest() for p in ps] for ps in (first, second)]
    assert digests[0] == digests[1]


def test_every_commune_has_coverage_whose_levels_add_up_and_sites_grow(tmp_path):
    paths = written(tmp_path)
    coverage = rows(paths[0])[1:]
    assert len(coverage) == len(PLACES) * 4 * 4
    for row in coverage:
        for shares in (row[3:7], row[7:11]):
            assert sum(float(share) for share in shares) == pytest.approx(100, abs=0.02)
            assert all(0 <= float(share) <= 100 for share in shares)
    sites = [len(rows(path)) - 1 for path in paths if "sites_Metropole" in path.name]
    assert sites[0] < sites[1] < sites[2] == demo.DEMO_SITES
    # The second quarter writes its flags True/False, as some exports do.
    assert {row[14] for row in rows(paths[4])[1:]} <= {"True", "False"}
    zones = [len(rows(path)) - 1 for path in paths if "dcc" in path.name]
    assert zones == [demo.DEMO_ZONES] * 3
