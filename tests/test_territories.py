"""The territory referential: loaded complete and exact, refused whole when wrong."""

import json
import re

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from observatories.models import EPCI, Commune, CommuneOutline, Department
from observatories.territories import TerritoryFileError, load_territories

pytestmark = pytest.mark.django_db

COMMUNES_PER_DEPARTMENT = {
    "21": 698, "25": 563, "39": 492, "58": 309, "70": 536, "71": 563, "89": 423, "90": 101,
}  # fmt: skip

SQUARE = {"type": "MultiPolygon", "coordinates": [[[[5, 47], [5.1, 47], [5.1, 47.1], [5, 47]]]]}


def write_referential(folder, communes, epcis=None, outlines=None):
    """A small referential in the published format."""
    folder.mkdir(exist_ok=True)
    files = {
        "regions.json": [{"code": "27", "nom": "Bourgogne-Franche-Comté"}],
        "departements.json": [
            {"code": "21", "nom": "Côte-d'Or", "region": "27", "chefLieu": "21231"},
            {"code": "69", "nom": "Rhône", "region": "84"},
        ],
        "communes.json": communes,
        "epci.json": epcis or [],
    }
    for name, rows in files.items():
        (folder / name).write_text(json.dumps(rows), encoding="utf-8")
    if outlines is not None:
        (folder / "communes-contours.geojson").write_text(json.dumps(outlines), encoding="utf-8")
    return folder


def commune(code, name, **extra):
    return {
        "code": code, "nom": name, "type": "commune-actuelle", "departement": code[:2],
        "region": "27" if code.startswith("21") else "84", "population": 100, **extra,
    }  # fmt: skip


def test_the_regional_extract_loads_every_commune_with_its_outline_and_point():
    summary = load_territories()

    assert summary.communes == 3685
    counts = dict(Department.objects.annotate(n=Count("communes")).values_list("code", "n"))
    assert counts == COMMUNES_PER_DEPARTMENT
    assert Commune.objects.aggregate(total=Sum("population"))["total"] == 2_802_670
    assert CommuneOutline.objects.count() == 3685
    assert not Commune.objects.filter(latitude__isnull=True).exists()
    dijon = Commune.objects.select_related("epci").get(code="21231")
    assert dijon.name == "Dijon"
    assert dijon.epci.kind == EPCI.Kind.METRO
    assert "21000" in dijon.postcodes
    assert 47.2 < dijon.latitude < 47.4 and 4.9 < dijon.longitude < 5.2
    # A commune nouvelle answers to the codes of the communes it merged.
    assert Commune.objects.code_map()["21019"] == "21060"

    again = load_territories()
    assert again.removed_communes == 0
    assert Commune.objects.count() == 3685


def test_national_files_are_filtered_to_the_region(tmp_path):
    folder = write_referential(
        tmp_path / "ref",
        [commune("21231", "Dijon"), commune("69123", "Lyon")],
        epcis=[
            {
                "code": "242100410",
                "nom": "Dijon Métropole",
                "type": "METRO",
                "membres": [{"code": "21231"}],
            }
        ],
    )
    load_territories(data_dir=folder)
    assert list(Commune.objects.values_list("code", "epci_id")) == [("21231", "242100410")]


def test_a_commune_merged_in_a_new_edition_is_removed_and_resolved_by_its_successor(tmp_path):
    load_territories(
        data_dir=write_referential(
            tmp_path / "before", [commune("21019", "Beire-le-Fort"), commune("21060", "Belleneuve")]
        )
    )
    summary = load_territories(
        data_dir=write_referential(
            tmp_path / "after", [commune("21060", "Belleneuve", anciensCodes=["21019"])]
        )
    )
    assert summary.removed_communes == 1
    assert Commune.objects.code_map() == {"21060": "21060", "21019": "21060"}


@pytest.mark.parametrize(
    ("communes", "message"),
    [
        ("{pas du json", "communes.json n'est pas un fichier JSON lisible"),
        ({"code": "21231"}, "communes.json : une liste d'éléments est attendue"),
        ([{"nom": "Dijon", "type": "commune-actuelle", "departement": "21"}],
         "communes.json, élément 1 : champ « code » manquant"),
        ([commune("21231", "Dijon") | {"code": 1231}],
         "« 1231 » n'est pas un code sous forme de texte (zéros initiaux perdus ?)"),
        ([commune("21231", "Dijon") | {"departement": "25"}],
         "le département « 25 » de la commune 21231 est absent de departements.json"),
    ],
)  # fmt: skip
def test_a_wrong_file_is_refused_with_a_french_reason_and_nothing_changes(
    tmp_path, communes, message
):
    load_territories(data_dir=write_referential(tmp_path / "good", [commune("21231", "Dijon")]))
    folder = write_referential(tmp_path / "bad", [])
    text = communes if isinstance(communes, str) else json.dumps(communes)
    (folder / "communes.json").write_text(text, encoding="utf-8")

    with pytest.raises(TerritoryFileError, match=re.escape(message)):
        load_territories(data_dir=folder)
    assert list(Commune.objects.values_list("code", "name")) == [("21231", "Dijon")]


def test_an_outline_of_the_wrong_kind_refuses_the_whole_load(tmp_path):
    outlines = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "21231"},
         "geometry": {"type": "Point", "coordinates": [5, 47]}},
    ]}  # fmt: skip
    folder = write_referential(tmp_path / "ref", [commune("21231", "Dijon")], outlines=outlines)
    with pytest.raises(TerritoryFileError, match="un contour MultiPolygon est attendu"):
        load_territories(data_dir=folder)
    assert not Commune.objects.exists()


def test_outlines_give_the_representative_point(tmp_path):
    outlines = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "21231", "point": [5.04, 47.32]},
         "geometry": SQUARE},
    ]}  # fmt: skip
    load_territories(
        data_dir=write_referential(tmp_path / "ref", [commune("21231", "Dijon")], outlines=outlines)
    )
    dijon = Commune.objects.get(code="21231")
    assert (dijon.longitude, dijon.latitude) == (5.04, 47.32)
    assert dijon.outline.geometry == SQUARE


def test_the_command_says_in_french_why_files_are_refused(tmp_path):
    with pytest.raises(
        CommandError,
        match=re.escape("Fichiers refusés, aucune donnée modifiée. Fichier introuvable"),
    ):
        call_command("load_territories", "--data-dir", str(tmp_path / "absent"))


def test_the_command_prints_what_it_loaded(tmp_path, capsys):
    folder = write_referential(tmp_path / "ref", [commune("21231", "Dijon")])
    call_command("load_territories", "--data-dir", str(folder))
    assert "1 communes (0 contours) chargés" in capsys.readouterr().out


def test_curators_find_a_commune_in_the_admin_by_former_code_or_postcode(client, tmp_path):
    from directory.models import User

    load_territories(
        data_dir=write_referential(
            tmp_path / "ref",
            [
                commune("21060", "Belleneuve", anciensCodes=["21019"], codesPostaux=["21310"]),
                commune("21231", "Dijon", codesPostaux=["21000"]),
            ],
        )
    )
    client.force_login(User.objects.create_superuser(email="c@example.fr", password="x" * 16))
    url = "/admin/observatories/commune/"
    for term in ("21019", "21310", "Belle"):
        html = client.get(url, {"q": term}).content.decode()
        assert "Belleneuve" in html and "Dijon (21231)" not in html, term
