from django.conf import settings

from scoran.lib.catalogues import menu_sections


def navigation(path: str) -> list[dict]:
    """Menu entries (the site sections that ask for one); the deepest one whose
    address starts the current path is active (the home page only on itself)."""
    items = [{"label": section.menu_label, "url": section.url} for section in menu_sections()]
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
