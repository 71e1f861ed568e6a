"""Which item a report is about: one helper for the form (the kind and the public
item, or 404 for an unknown kind, a forged key, a hidden or unpublished item)."""

from typing import Any

from django.http import Http404

from scoran.lib.catalogues import REPORTABLE_KINDS, ReportableKind

KEY_LENGTH = 100  # as ErrorReport.object_key


def get_reportable(kind: str, key: str) -> tuple[ReportableKind, Any]:
    entry = REPORTABLE_KINDS.get(kind)
    if entry is None or not key or len(key) > KEY_LENGTH:
        raise Http404("Élément inconnu")
    obj = entry.lookup(key)
    if obj is None:
        raise Http404("Élément inconnu")
    return entry, obj
