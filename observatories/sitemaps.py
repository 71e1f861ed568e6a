from django.urls import reverse

from .models import EPCI, Commune, Department


def territory_pages() -> list[str]:
    """The observatory page of every department, EPCI and commune, from their codes
    alone: three queries, whatever their number."""
    pages = []
    for model, code_field, url_name in (
        (Department, "code", "observatories:department"),
        (EPCI, "siren", "observatories:epci"),
        (Commune, "code", "observatories:commune"),
    ):
        codes = model.objects.order_by(code_field).values_list(code_field, flat=True)
        pages.extend(reverse(url_name, args=[code]) for code in codes)
    return pages
