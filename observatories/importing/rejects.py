"""Rejected rows of an import, and the rate above which the whole file is refused."""

from dataclasses import dataclass, field

from django.conf import settings

from ..models import ImportReject, ImportRun
from .reading import ImportRefused

MAX_STORED_REJECTS = 10_000


@dataclass
class Rejects:
    """Rejected rows: all counted, the first ones kept for the report."""

    run: ImportRun
    count: int = 0
    kept: list[ImportReject] = field(default_factory=list)

    def add(self, line: int, column: str, value: str, reason: str) -> None:
        self.count += 1
        if len(self.kept) < MAX_STORED_REJECTS:
            self.kept.append(
                ImportReject(
                    run=self.run, line=line, column=column, value=value[:500], reason=reason
                )
            )

    def save(self) -> None:
        ImportReject.objects.bulk_create(self.kept, batch_size=1000)


def refuse_if_too_many_rejects(rejects: Rejects, read: int) -> None:
    max_rate = settings.IMPORT_MAX_REJECT_RATE
    if rejects.count > max_rate * read:
        raise ImportRefused(
            f"Trop de lignes rejetées : {rejects.count} sur {read} "
            f"(le seuil est de {max_rate * 100:g} %). Aucune donnée n'a été modifiée ; "
            "consultez le rapport des lignes rejetées."
        )
