from django.conf import settings
from django.urls import reverse

# Main navigation: (label, url name). Later features add their entry here.
NAVIGATION = [
    ("Accueil", "portal:home"),
    ("La stratégie", "strategy:overview"),
    ("Indicateurs", "strategy:indicators"),
    ("Observatoire", "observatories:home"),
    ("Annuaire", "directory:list"),
    ("Projets", "projects:list"),
    ("Lieux", "places:list"),
]


def navigation(path: str) -> list[dict]:
    """Menu entries; the deepest one whose address starts the current path is active
    (the home page only on itself)."""
    items = [{"label": label, "url": reverse(name)} for label, name in NAVIGATION]
    matches = [
        item
        for item in items
        if path == item["url"] or (item["url"] != "/" and path.startswith(item["url"]))
    ]
    active = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is active
    return items


def site(request):
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        "contact_email": settings.CONTACT_EMAIL,
        "dpo_email": settings.DPO_EMAIL,
        "hosting_provider": settings.HOSTING_PROVIDER,
        "nav_items": navigation(request.path),
    }
