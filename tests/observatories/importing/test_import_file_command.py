"""``manage.py import_file FILE [--source SLUG]`` imports a file of any format, and
exits non-zero with the French reason when it is refused; ``import_arcep`` is
another name for it."""

import gzip

import pytest
from django.core.management import CommandError, call_command

from observatories.importing.formats import FORMATS
from observatories.models import DataSource, ImportRun

from .samples import SAMPLES, every_format_has_a_sample, prepare

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("small_region")]


@pytest.fixture(autouse=True)
def samples_ready(settings):
    prepare(settings)


def test_there_is_a_sample_of_every_format():
    assert every_format_has_a_sample()


@pytest.mark.parametrize("key", list(SAMPLES))
def test_a_file_of_any_format_is_imported_and_summed_up(key, capsys):
    for earlier in list(SAMPLES)[: list(SAMPLES).index(key)]:
        call_command("import_file", str(SAMPLES[earlier]))  # eligibility needs buildings
    capsys.readouterr()

    call_command("import_file", str(SAMPLES[key]))

    run = ImportRun.objects.latest("pk")
    assert run.status == ImportRun.Status.SUCCEEDED and run.format == key
    assert run.trigger == ImportRun.Trigger.COMMAND
    assert f"Import n°{run.pk} ({run.source}" in capsys.readouterr().out


def test_the_old_name_of_the_command_still_works(capsys):
    call_command("import_arcep", str(SAMPLES["mci_commune_debit_filaire"]))
    assert "3 lignes lues = 3 créées" in capsys.readouterr().out


def test_the_same_file_again_says_there_is_nothing_to_do(capsys):
    call_command("import_file", str(SAMPLES["mci_commune_debit_filaire"]))
    call_command("import_file", str(SAMPLES["mci_commune_debit_filaire"]))
    assert "Rien à faire : Fichier identique à celui importé le" in capsys.readouterr().out


def test_a_file_is_imported_under_the_source_given(capsys):
    fmt = next(f for f in FORMATS if f.key == "mci_commune_debit_filaire")
    source = DataSource.objects.create(
        slug="ma-source", name="Ma source", publisher="Arcep", licence="LO", format=fmt.key
    )
    call_command("import_file", str(SAMPLES[fmt.key]), "--source", "ma-source")
    assert ImportRun.objects.get().source == source


@pytest.mark.parametrize(
    ("arguments", "reason"),
    [
        (["absent.csv"], "Fichier introuvable : absent.csv"),
        (
            [str(SAMPLES["mci_commune_debit_filaire"]), "--source", "inconnue"],
            "Source de données inconnue : « inconnue ».",
        ),
        (
            [str(SAMPLES["mci_base_imb"]), "--source", "arcep-mci-commune-debit-filaire"],
            "Fichier refusé, aucune donnée modifiée. Ce fichier est au format « Ma connexion "
            "internet – immeubles (base_imb) », la source « Arcep – Ma connexion internet, débits "
            "fixes par commune » attend un autre format.",
        ),
    ],
    ids=["missing-file", "unknown-source", "format-of-another-source"],
)
def test_a_refusal_exits_non_zero_with_the_french_reason(arguments, reason):
    next(f for f in FORMATS if f.key == "mci_commune_debit_filaire").default_source()
    with pytest.raises(CommandError) as refused:
        call_command("import_file", *arguments)
    assert str(refused.value) == reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"a;b\n1;2\n", "Fichier refusé, aucune donnée modifiée. Format non reconnu"),
        (
            SAMPLES["mci_commune_debit_filaire"].read_bytes() + b"21231;\x00\n",
            "Fichier refusé, aucune donnée modifiée. Ligne 6 : caractère nul",
        ),
        (
            gzip.compress(SAMPLES["mci_commune_debit_filaire"].read_bytes())[:-30],
            "Fichier refusé, aucune donnée modifiée. Fichier illisible ou tronqué",
        ),
    ],
    ids=["unknown-format", "nul-byte", "truncated-gzip"],
)
def test_a_refused_file_exits_non_zero_with_the_french_reason(tmp_path, content, reason):
    path = tmp_path / "fichier.csv"
    path.write_bytes(content)
    with pytest.raises(CommandError) as refused:
        call_command("import_file", str(path))
    assert str(refused.value).startswith(reason), refused.value
