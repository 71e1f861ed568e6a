"""The answer behind a result's private link: one helper, used by every view of a
result. Its ``uuid`` is the only key (never the row's number)."""

from django.shortcuts import get_object_or_404

from ..models import MaturityAnswer


def get_answer(uuid) -> MaturityAnswer:
    """The answer of this link, with its department and contact, or 404 (1 query)."""
    return get_object_or_404(MaturityAnswer.objects.for_result(), uuid=uuid)
