import pytest

from tests.directory.factories import fast_password_hashing


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Agents made by the dozen: a fast password hasher."""
    fast_password_hashing(settings)
