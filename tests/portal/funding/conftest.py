import json
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
EXPORT = DATA / "aides-territoires-export.json"
LATER_EXPORT = DATA / "aides-territoires-export-2.json"
HOSTILE = DATA / "aides-territoires-hostile.json"


def aids_of(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["results"]


def write_export(path: Path, aids: list[dict], **envelope) -> Path:
    """``aids`` as an API export at ``path`` (count, next and previous as given)."""
    document = {"count": len(aids), "next": None, "previous": None, **envelope, "results": aids}
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.fixture
def referential(small_region):
    """``small_region`` with two communes named Vaux (one in each department)."""
    from observatories.models import Commune

    Commune.objects.create(code="21656", name="Vaux", department_id="21")
    Commune.objects.create(code="25590", name="Vaux", department_id="25")
