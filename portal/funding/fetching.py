"""The scheduled source of Aides-Territoires: its API serves aids by pages to a
client holding a bearer token, which it gives for the API key of the portal
(setting AIDES_TERRITOIRES_API_TOKEN) at ``/api/connexion/`` (header
``X-AUTH-TOKEN``). ``download`` gets a token, follows ``next`` from the source's URL
(at most AIDES_TERRITOIRES_MAX_PAGES pages, never to another site, by a ``next``
link or a redirect: the key and the token go to the source's own host only) and
writes the whole listing as one export, which the pipeline imports like an uploaded
one.

Network trouble and server errors are FetchError (the source's job tries again);
a refused key, a page that is not the API's JSON or too many pages are
ImportRefused (recorded, curators told). The key and the token appear in no
message and no log.
"""

import json
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings

from observatories.importing.documents import parse_document
from observatories.importing.reading import ImportRefused
from observatories.models import DataSource
from observatories.sources.services import USER_AGENT, Download, HttpRefused, fetch

CONNEXION_PATH = "/api/connexion/"


def _origin(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class _SameSiteRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed on the source's own site only: urllib copies the request's
    headers (the key, the token) to the new address."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if _origin(urllib.parse.urljoin(req.full_url, newurl)) != _origin(req.full_url):
            fp.close()
            raise ImportRefused(
                "Aides-Territoires redirige vers un autre site ; le jeton n'y est pas envoyé."
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _json_of(request: urllib.request.Request, dest_dir: Path, what: str):
    """The JSON body of ``request`` and its size (its file removed once read)."""
    opener = urllib.request.build_opener(_SameSiteRedirects)
    fetched = fetch(request, dest_dir, "aides-territoires.json", opener=opener)
    try:
        size = fetched.path.stat().st_size
        if size > settings.IMPORT_MAX_JSON_BYTES:
            raise ImportRefused(f"{what} de plus de {settings.IMPORT_MAX_JSON_BYTES} octets.")
        return parse_document(fetched.path.read_bytes()), size
    except ImportRefused as exc:
        raise ImportRefused(f"Aides-Territoires : {what} illisible. {exc}") from exc
    finally:
        fetched.path.unlink(missing_ok=True)


def bearer_token(source: DataSource, dest_dir: Path) -> str:
    key = settings.AIDES_TERRITOIRES_API_TOKEN
    if not key:
        raise ImportRefused(
            "La clé d'API Aides-Territoires n'est pas configurée (réglage "
            "AIDES_TERRITOIRES_API_TOKEN) : demandez-la à l'équipe d'Aides-Territoires."
        )
    request = urllib.request.Request(  # noqa: S310 - the curated source's own host
        _origin(source.url) + CONNEXION_PATH,
        data=b"",
        method="POST",
        headers={"User-Agent": USER_AGENT, "X-AUTH-TOKEN": key, "Accept": "application/json"},
    )
    try:
        answer, _ = _json_of(request, dest_dir, "réponse de connexion")
    except HttpRefused as exc:
        if exc.status in (401, 403):
            raise ImportRefused(
                "Aides-Territoires refuse la clé d'API (AIDES_TERRITOIRES_API_TOKEN) : "
                "vérifiez-la ou demandez-en une nouvelle."
            ) from exc
        raise
    token = answer.get("token") if isinstance(answer, dict) else None
    if not isinstance(token, str) or not token:
        raise ImportRefused("Aides-Territoires : la réponse de connexion ne contient pas de jeton.")
    return token


def download(source: DataSource, dest_dir: Path) -> Download:
    """Every page of the source's listing, written as one export in ``dest_dir``."""
    token = bearer_token(source, dest_dir)
    headers = {
        "User-Agent": USER_AGENT,
        "Authorization": f"Bearer {token}",
        "Accept": "application/json",
    }
    origin, url = _origin(source.url), source.url
    results, count, pages, size = [], None, 0, 0
    while url:
        pages += 1
        if pages > settings.AIDES_TERRITOIRES_MAX_PAGES:
            raise ImportRefused(
                f"Aides-Territoires : plus de {settings.AIDES_TERRITOIRES_MAX_PAGES} pages de "
                "résultats ; resserrez la recherche de la source (périmètre, thématique) ou "
                "relevez AIDES_TERRITOIRES_MAX_PAGES."
            )
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - checked origin
        page, read = _json_of(request, dest_dir, f"page {pages}")
        size += read
        if size > settings.IMPORT_MAX_JSON_BYTES:
            raise ImportRefused(
                f"Aides-Territoires : l'export dépasse {settings.IMPORT_MAX_JSON_BYTES} octets "
                "(IMPORT_MAX_JSON_BYTES) ; resserrez la recherche de la source."
            )
        if not isinstance(page, dict) or not isinstance(page.get("results"), list):
            raise ImportRefused(
                f"Aides-Territoires : la page {pages} n'est pas une liste d'aides de l'API "
                "(« results » manquant)."
            )
        results.extend(page["results"])
        if count is None:
            count = page.get("count")
        following = page.get("next")
        url = urllib.parse.urljoin(url, following) if isinstance(following, str) else ""
        if url and _origin(url) != origin:
            raise ImportRefused(
                f"Aides-Territoires : la page suivante mène à un autre site ({_origin(url)}) ; "
                "le jeton n'y est pas envoyé."
            )
    export = {"count": count, "next": None, "previous": None, "results": results}
    dest_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=dest_dir, prefix="source-", suffix="-aides-territoires.json",
        delete=False,
    ) as handle:  # fmt: skip
        json.dump(export, handle, ensure_ascii=False)
    return Download(Path(handle.name))
