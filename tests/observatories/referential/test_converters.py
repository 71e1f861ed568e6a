"""Addresses keyed by a code take only well-formed codes: anything else, a NUL byte
included, is a 404 from the URL resolver and never reaches the database."""

import pytest
from django.urls import NoReverseMatch, resolve, reverse

pytestmark = pytest.mark.django_db


def with_code(name: str, valid: str, code: str) -> str:
    """The address of ``name`` with ``code`` (already URL-encoded) in place of ``valid``."""
    return reverse(f"observatories:{name}", args=[valid]).replace(valid, code)


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("commune", "21231"),
        ("epci", "242100410"),
        ("department", "21"),
        ("building", "IMB/21231/X/0001"),
    ],
)
@pytest.mark.parametrize("code", ["%00", "IMB%00", "21%002", "%0A", "%7F"])
def test_a_control_character_in_a_code_is_not_found(client, name, valid, code):
    assert client.get(with_code(name, valid, code)).status_code == 404


@pytest.mark.parametrize(
    ("name", "valid", "code"),
    [
        ("commune", "21231", "2123"),
        ("commune", "21231", "212311"),
        ("commune", "21231", "2C004"),
        ("commune", "21231", "abcde"),
        ("epci", "242100410", "24210041"),
        ("epci", "242100410", "24210041X"),
        ("department", "21", "2C"),
        ("department", "21", "999"),
        ("building", "IMB/21231/X/0001", "I" * 65),
    ],
)
def test_a_code_of_the_wrong_shape_is_not_found(client, name, valid, code):
    assert client.get(with_code(name, valid, code)).status_code == 404


@pytest.mark.parametrize(
    ("name", "code", "view"),
    [
        ("commune", "2A004", "commune_page"),
        ("commune", "01001", "commune_page"),
        ("department", "2B", "department_page"),
        ("department", "974", "department_page"),
        ("epci", "200000172", "epci_page"),
        ("building", "IMB/2A004/C/00AB", "building_page"),
    ],
)
def test_every_well_formed_code_reaches_its_page(name, code, view):
    match = resolve(reverse(f"observatories:{name}", args=[code]))
    assert match.func.__name__ == view
    assert next(iter(match.kwargs.values())) == code


def test_no_address_is_made_for_a_malformed_code():
    with pytest.raises(NoReverseMatch):
        reverse("observatories:commune", args=["21\x00"])
