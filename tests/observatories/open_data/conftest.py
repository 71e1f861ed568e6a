import pytest


@pytest.fixture
def open_data_region(small_region):
    """``small_region`` with its communes' SIRENs and populations."""
    from observatories.models import Commune

    from .files import COMMUNE_SIRENS

    for code, siren in COMMUNE_SIRENS.items():
        Commune.objects.filter(code=code).update(siren=siren, population=1000)
