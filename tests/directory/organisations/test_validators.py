"""SIREN and SIRET: length and Luhn key, La Poste's exception, consistency."""

import pytest
from django.core.exceptions import ValidationError

from directory.models import Organisation
from directory.validators import luhn_valid, normalise_identifier, validate_siren, validate_siret

VALID_SIRENS = ["732829320", "356000000", "130005481", "200071991"]
VALID_SIRETS = [
    "73282932000074",  # Luhn
    "35600000000048",  # La Poste, head office (Luhn)
    "35600000049837",  # La Poste establishment: digits sum to a multiple of 5
    "13000548100010",
]


@pytest.mark.parametrize("siren", VALID_SIRENS)
def test_valid_sirens_pass(siren):
    validate_siren(siren)


@pytest.mark.parametrize("siret", VALID_SIRETS)
def test_valid_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("73282932", "exactement 9 chiffres"),
        ("7328293201", "exactement 9 chiffres"),
        ("73282932A", "exactement 9 chiffres"),
        ("732829321", "clé de contrôle"),
    ],
)
def test_invalid_sirens_are_refused_in_french(siren, message):
    with pytest.raises(ValidationError) as error:
        validate_siren(siren)
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("7328293200007", "exactement 14 chiffres"),
        ("732829320000745", "exactement 14 chiffres"),
        ("73282932000075", "clé de contrôle"),
        # La Poste's prefix does not excuse a sum that is not a multiple of 5.
        ("35600000049838", "clé de contrôle"),
    ],
)
def test_invalid_sirets_are_refused_in_french(siret, message):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert message in error.value.messages[0]


def test_luhn_and_normalisation():
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert normalise_identifier("732 829 320\u00a000074") == "73282932000074"


@pytest.mark.django_db
def test_a_siret_must_belong_to_the_siren_given():
    organisation = Organisation(
        slug="x", name="X", kind="company", siren="732829320", siret="13000548100010"
    )
    with pytest.raises(ValidationError) as error:
        organisation.full_clean()
    assert "n'appartient pas au SIREN" in error.value.message_dict["siret"][0]
    organisation.siret = "73282932000074"
    organisation.full_clean()
