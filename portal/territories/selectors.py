"""Reads of the territory pages: the communes a visitor's words designate (« Votre
commune »), what each page shows of its territory, and the addresses of every page
(the sitemap)."""

import re
import unicodedata

from django.db.models import Case, CharField, Func, IntegerField, Q, Value, When
from django.db.models.functions import Lower
from django.urls import reverse

from observatories.models import EPCI, Commune, Department, Region
from observatories.models.territories import INSEE_COMMUNE

FOUND_LIMIT = 20
POSTCODE = r"^[0-9]{5}$"

# Accented letters and separators of commune names, and what a visitor may type for
# them: « Besancon » and « saint apollinaire » find Besançon and Saint-Apollinaire.
_ACCENTED = "àâäáãåçéèêëíìîïñóòôöõúùûüýÿ-'’"
_PLAIN = "aaaaaaceeeeiiiinooooouuuuyy   "


def plain(text: str) -> str:
    """Lower case, accents dropped, hyphens and apostrophes as spaces, spaces single."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[\s\-'’]+", " ", ascii_text).strip()


def _plain_name():
    translated = Func(
        Lower("name"),
        Value(_ACCENTED),
        Value(_PLAIN),
        function="translate",
        output_field=CharField(),
    )
    return Func(translated, Value(r"\s+"), Value(" "), Value("g"), function="regexp_replace")


def find_communes(text: str) -> list[Commune]:
    """The communes ``text`` designates, best first (1 query, at most FOUND_LIMIT + 1):
    by INSEE code, current or former, or by postcode (five characters); otherwise by
    name, whatever the accents, case, hyphens and apostrophes: the communes of that
    exact name first, then those whose name holds the words, the most populous first.
    Each has ``exact`` (1 for a code or an exact name)."""
    text = text.strip()
    communes = Commune.objects.select_related("department").only(
        "code", "name", "population", "postcodes", "department__name", "department__code"
    )
    code = text.upper()
    if re.fullmatch(INSEE_COMMUNE, code):
        matching = Q(code=code) | Q(former_codes__contains=[code])
        if re.fullmatch(POSTCODE, code):
            matching |= Q(postcodes__contains=[code])
        found = communes.filter(matching).annotate(
            exact=Case(When(Q(code=code) | Q(former_codes__contains=[code]), then=1), default=0)
        )
        return list(found.order_by("-exact", "-population", "name")[: FOUND_LIMIT + 1])
    words = plain(text)
    if not words:
        return []
    found = (
        communes.annotate(plain_name=_plain_name())
        .filter(plain_name__contains=words)
        .annotate(
            exact=Case(When(plain_name=words, then=1), default=0, output_field=IntegerField())
        )
    )
    return list(found.order_by("-exact", "-population", "name")[: FOUND_LIMIT + 1])


def the_one(communes: list[Commune]) -> Commune | None:
    """The commune the visitor meant, when there is no doubt: the only one found, or
    the only one of its code or exact name."""
    if len(communes) == 1:
        return communes[0]
    exact = [commune for commune in communes if commune.exact]
    return exact[0] if len(exact) == 1 else None


def region_departments(region: Region) -> list[Department]:
    """The region's departments, for the links of its page (1 query)."""
    return list(Department.objects.filter(region=region).only("code", "name"))


def territory_pages() -> list[str]:
    """The page of the region and of every department, EPCI and commune, from their
    codes alone: three queries, whatever their number."""
    pages = [reverse("territories:region")]
    for model, code_field, url_name in (
        (Department, "code", "territories:department"),
        (EPCI, "siren", "territories:epci"),
        (Commune, "code", "territories:commune"),
    ):
        codes = model.objects.order_by(code_field).values_list(code_field, flat=True)
        pages.extend(reverse(url_name, args=[code]) for code in codes)
    return pages
