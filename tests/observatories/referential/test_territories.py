"""The territory referential: loaded complete and exact, refused whole when wrong."""

import json
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, Sum

from observatories.models import EPCI, Commune, CommuneOutline, Department
from observatories.referential.loader import DEFAULT_DATA_DIR, TerritoryFileError, load_territories
from tests.observatories.factories import DATA_DIR

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
    # The areas of the simplified outlines add up to the region's 47,784 km² within 1 %.
    assert Commune.objects.aggregate(total=Sum("area"))["total"] == pytest.approx(47_784, rel=0.01)
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
    # Its area (km²), from the outline: it weighs the commune's share of surface.
    assert dijon.area == pytest.approx(42.2, abs=0.1)


def test_a_commune_without_outline_has_no_area(tmp_path):
    load_territories(data_dir=write_referential(tmp_path / "ref", [commune("21231", "Dijon")]))
    assert Commune.objects.get(code="21231").area is None


def test_an_outline_whose_coordinates_cannot_be_read_refuses_the_whole_load(tmp_path):
    ring = [["5", 47], [5.1, 47], [5.1, 47.1], [5, 47]]  # a longitude written as text
    outlines = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "21231"},
         "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]}},
    ]}  # fmt: skip
    folder = write_referential(tmp_path / "ref", [commune("21231", "Dijon")], outlines=outlines)
    with pytest.raises(TerritoryFileError, match="coordonnées du contour illisibles"):
        load_territories(data_dir=folder)
    assert not Commune.objects.exists()


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


# INSEE COG commune file (v_commune_AAAA.csv layout, with a BOM): twelve communes of
# the region as in fixtures/territories/, Beire-le-Fort as a delegated commune of
# Belleneuve, and L'Abergement-Clémenciat (Ain, region 84).
COG_EXTRACT = DATA_DIR / "v_commune_bfc_extrait.csv"
COG_EXTRACT_CODES = [
    "21001", "21060", "21231", "25056", "39300", "58059",
    "58194", "70550", "71153", "71270", "89024", "90010",
]  # fmt: skip


def cog_extract_referential(folder, edit=None):
    """The regional fixtures cut down to the communes of the COG extract; ``edit``
    changes the communes (a list of dicts) before they are written."""
    folder.mkdir()
    for name in ("regions.json", "departements.json", "epci.json"):
        shutil.copy(DEFAULT_DATA_DIR / name, folder / name)
    rows = json.loads((DEFAULT_DATA_DIR / "communes.json").read_text(encoding="utf-8"))
    communes = {row["code"]: row for row in rows if row["code"] in COG_EXTRACT_CODES}
    if edit:
        edit(communes)
    (folder / "communes.json").write_text(json.dumps(list(communes.values())), encoding="utf-8")
    return folder


def cog_file(folder, text):
    folder.mkdir(exist_ok=True)
    path = folder / "v_commune.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_cog_gives_names_and_departments_and_lists_its_corrections(tmp_path):
    def older_edition(communes):
        communes["21231"]["nom"] = "Dijon-Ville"
        communes["25056"]["departement"] = "39"

    summary = load_territories(
        data_dir=cog_extract_referential(tmp_path / "ref", older_edition), cog=COG_EXTRACT
    )

    assert summary.cog_corrections == (
        "21231 Dijon : nom « Dijon-Ville » → « Dijon »",
        "25056 Besançon : département 39 → 25",
    )
    # Neither the delegated commune nor the other region's commune is loaded.
    assert list(Commune.objects.values_list("code", flat=True)) == COG_EXTRACT_CODES
    dijon = Commune.objects.get(code="21231")
    assert (dijon.name, dijon.department_id, dijon.epci_id) == ("Dijon", "21", "242100410")
    assert Commune.objects.get(code="25056").department_id == "25"
    assert Commune.objects.get(code="58059").name == "La Charité-sur-Loire"


BAD_COG = {
    "missing column": (
        lambda text: text.replace(",LIBELLE,", ",NOM,"),
        "v_commune.csv : colonne(s) LIBELLE absente(s) de l'en-tête. "
        "Colonnes attendues : TYPECOM, COM, REG, DEP, LIBELLE.",
    ),
    "semicolons": (
        lambda text: text.replace(",", ";"),
        "colonne(s) TYPECOM, COM, REG, DEP, LIBELLE absente(s) de l'en-tête "
        "(le séparateur attendu est la virgule, pas le point-virgule)",
    ),
    "leading zero lost": (
        lambda text: text.replace("COM,01001,84,01,", "COM,1001,84,01,"),
        "v_commune.csv, ligne 2, colonne COM : « 1001 » n'est pas un code commune à "
        "5 caractères sous forme de texte (zéros initiaux perdus ?)",
    ),
    "code read as a number": (
        lambda text: text.replace("COM,21231,", "COM,21231.0,"),
        "ligne 6, colonne COM : « 21231.0 » n'est pas un code commune",
    ),
    "department read as a number": (
        lambda text: text.replace("COM,01001,84,01,", "COM,01001,84,1,"),
        "ligne 2, colonne DEP : « 1 » n'est pas un code département sous forme de texte",
    ),
    "region read as a number": (
        lambda text: text.replace("COM,01001,84,01,", "COM,01001,84.0,01,"),
        "ligne 2, colonne REG : « 84.0 » n'est pas un code région à 2 chiffres",
    ),
    "name missing": (
        lambda text: text.replace("DIJON,Dijon,Dijon,", "DIJON,Dijon,,"),
        "ligne 6, colonne LIBELLE : nom de la commune 21231 manquant",
    ),
    "department of another region": (
        lambda text: text.replace("COM,21231,27,21,", "COM,21231,27,69,"),
        "v_commune.csv, ligne 6 : le département « 69 » de la commune 21231 n'est pas "
        "un département de la région 27 dans departements.json",
    ),
    "stray quote": (
        lambda text: text.replace(",Dijon,,", ',"Dijon,,') + "x" * 131_072,
        "v_commune.csv n'est pas un fichier CSV lisible : field larger than field limit",
    ),
    "not UTF-8": (
        lambda text: text.encode("latin-1"),
        "v_commune.csv n'est pas un fichier CSV encodé en UTF-8",
    ),
}


@pytest.mark.parametrize(("change", "message"), BAD_COG.values(), ids=BAD_COG.keys())
def test_a_cog_file_that_cannot_be_trusted_is_refused_and_nothing_changes(
    tmp_path, change, message
):
    load_territories(data_dir=cog_extract_referential(tmp_path / "before"))
    before = list(Commune.objects.values_list("code", "name", "department", "population"))

    def new_edition(communes):
        for row in communes.values():
            row["population"] += 1

    folder = cog_extract_referential(tmp_path / "after", new_edition)
    text = change(COG_EXTRACT.read_text(encoding="utf-8-sig"))
    path = tmp_path / "v_commune.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")

    with pytest.raises(TerritoryFileError, match=re.escape(message)):
        load_territories(data_dir=folder, cog=path)
    after = list(Commune.objects.values_list("code", "name", "department", "population"))
    assert after == before


def test_communes_found_in_one_referential_only_are_listed_and_nothing_is_loaded(tmp_path):
    def other_edition(communes):
        del communes["89024"]
        communes["21001"]["region"] = "84"
        for code, name in (("21019", "Beire-le-Fort"), ("21002", "Agey")):
            communes[code] = commune(code, name)

    folder = cog_extract_referential(tmp_path / "ref", other_edition)
    cog = cog_file(
        tmp_path, COG_EXTRACT.read_text(encoding="utf-8-sig").replace(",27,90,", ",84,90,")
    )

    with pytest.raises(TerritoryFileError) as refused:
        load_territories(data_dir=folder, cog=cog)
    assert str(refused.value) == (
        "v_commune.csv et communes.json ne donnent pas les mêmes communes pour la région 27 "
        "(éditions différentes du COG ?) : "
        "3 dans communes.json seulement : 21002 Agey (absente du COG), "
        "21019 Beire-le-Fort (commune déléguée dans le COG), "
        "90010 Belfort (région 84 dans le COG) ; "
        "2 dans v_commune.csv seulement : 21001 Agencourt (région 84 dans communes.json), "
        "89024 Auxerre (absente de communes.json)."
    )
    assert not Commune.objects.exists()


def test_a_long_disagreement_lists_ten_communes_and_counts_the_others():
    with pytest.raises(TerritoryFileError) as refused:
        load_territories(cog=COG_EXTRACT)
    message = str(refused.value)
    assert "3673 dans communes.json seulement : 21002 Agey (absente du COG), " in message
    assert message.endswith("21011 Ampilly-les-Bordes (absente du COG) et 3663 autre(s).")
    assert "v_commune_bfc_extrait.csv seulement" not in message


def test_the_command_reads_a_cog_file_and_prints_its_corrections(tmp_path, capsys):
    def renamed(communes):
        communes["21231"]["nom"] = "Dijon-Ville"

    call_command(
        "load_territories",
        "--data-dir", str(cog_extract_referential(tmp_path / "renamed", renamed)),
        "--cog", str(COG_EXTRACT),
    )  # fmt: skip
    assert capsys.readouterr().out.endswith(
        "1 correction(s) d'après v_commune_bfc_extrait.csv :\n"
        "- 21231 Dijon : nom « Dijon-Ville » → « Dijon »\n"
    )

    folder = cog_extract_referential(tmp_path / "conform")
    call_command("load_territories", "--data-dir", str(folder), "--cog", str(COG_EXTRACT))
    assert "Noms et départements conformes à v_commune_bfc_extrait.csv." in capsys.readouterr().out

    with pytest.raises(
        CommandError, match=re.escape("aucune donnée modifiée. Fichier introuvable")
    ):
        call_command(
            "load_territories", "--data-dir", str(folder), "--cog", str(tmp_path / "absent.csv")
        )
