"""Open a JSON document as a ``Table`` of records, the way CSV files are opened: the
body of an API listing as it is published, ``{"count", "next", "previous",
"results": [...]}`` (a paginated page of Django REST framework shape) or a bare list
of objects, gzip or not.

A JSON document is one value: it is read whole, so its size is bounded first
(IMPORT_MAX_JSON_BYTES, decompressed), then it must be UTF-8 (RFC 8259), parse, nest
no deeper than MAX_DEPTH, hold a list of objects, and be complete (a page whose
``next`` is set is one page of many; ``count`` must be the number of records).
Anything else is refused whole, in French. The columns are the keys of the first
record (how a format is recognised); the rows are the records, numbered from 1.
"""

import io
import json
from pathlib import Path

from django.conf import settings
from django.template.defaultfilters import filesizeformat

from .reading import ImportRefused, Table, Unpacked, Unreadable, open_binary

MAX_DEPTH = 32
UTF8_BOM = b"\xef\xbb\xbf"
WHITESPACE = b" \t\r\n"


def is_json(path: Path) -> bool:
    """Whether ``path`` (decompressed) starts as a JSON object or list would."""
    try:
        with open_binary(path, io.DEFAULT_BUFFER_SIZE) as handle:
            head = handle.read(io.DEFAULT_BUFFER_SIZE)
    except ImportRefused:  # a corrupt gzip: the CSV reader says why
        return False
    return head.removeprefix(UTF8_BOM).lstrip(WHITESPACE)[:1] in (b"{", b"[")


def _read(handle) -> bytes:
    limit = settings.IMPORT_MAX_JSON_BYTES
    try:
        data = handle.read(limit + 1)
    except Unreadable as exc:
        raise ImportRefused(str(exc)) from exc
    if len(data) > limit:
        raise ImportRefused(
            f"Fichier JSON refusé : il dépasse {filesizeformat(limit)} une fois décompressé "
            "(fichier corrompu ou malveillant ?)."
        )
    return data


def _decode(data: bytes) -> str:
    try:
        return data.removeprefix(UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ImportRefused(
            f"Ligne {line} : octet 0x{data[exc.start]:02X} illisible, un fichier JSON doit être "
            "en UTF-8."
        ) from exc


def _depth(value) -> int:
    """How deep ``value`` nests (iteratively: no recursion on hostile input)."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        item, depth = pending.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, depth)
            if depth > MAX_DEPTH:
                return depth
            children = item.values() if isinstance(item, dict) else item
            pending.extend((child, depth + 1) for child in children)
    return deepest


def _reject_constant(name: str):
    raise ValueError(f"« {name} » n'est pas une valeur JSON")


def parse_document(data: bytes):
    """The JSON value of ``data``, or ImportRefused in French."""
    text = _decode(data)
    if not text.strip():
        raise ImportRefused("Le fichier est vide.")
    try:
        document = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"Ligne {exc.lineno}, colonne {exc.colno} : JSON invalide ou tronqué ({exc.msg})."
        ) from exc
    except ValueError as exc:
        raise ImportRefused(f"JSON invalide : {exc}.") from exc
    except RecursionError as exc:
        raise ImportRefused(
            f"JSON refusé : imbrication de plus de {MAX_DEPTH} niveaux (fichier malveillant ?)."
        ) from exc
    if _depth(document) > MAX_DEPTH:
        raise ImportRefused(
            f"JSON refusé : imbrication de plus de {MAX_DEPTH} niveaux (fichier malveillant ?)."
        )
    return document


def records_of(document) -> list[dict]:
    """The records of a listing (a complete one), or ImportRefused in French."""
    if isinstance(document, dict):
        if "results" not in document:
            raise ImportRefused(
                "JSON non reconnu : ni une liste, ni une réponse d'API avec « results »."
            )
        records = document["results"]
        if not isinstance(records, list):
            raise ImportRefused("JSON refusé : « results » n'est pas une liste.")
        if document.get("next"):
            raise ImportRefused(
                "Cette réponse d'API n'est qu'une page de la liste (« next » mène à la suivante) : "
                "importez l'export complet, sinon les éléments des autres pages seraient retirés."
            )
        count = document.get("count")
        if count is not None and count != len(records):
            raise ImportRefused(
                f"Export incohérent : « count » annonce {count} éléments, « results » en "
                f"contient {len(records)} (export tronqué ?)."
            )
    elif isinstance(document, list):
        records = document
    else:
        raise ImportRefused("JSON non reconnu : ni une liste, ni une réponse d'API.")
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise ImportRefused(f"Élément n° {number} : ce n'est pas un objet JSON.")
    if not records:
        raise ImportRefused("L'export ne contient aucun élément.")
    return records


def read_document(path: Path) -> list[dict]:
    """The records of the JSON listing at ``path`` (gzip or not)."""
    with open_binary(path) as handle:
        data = _read(handle)
    return records_of(parse_document(data))


def check_document(upload) -> None:
    """What ``open_document`` would refuse in an uploaded file (ImportRefused)."""
    upload.seek(0)
    try:
        with io.BufferedReader(Unpacked(upload, close_handle=False)) as handle:
            records_of(parse_document(_read(handle)))
    finally:
        upload.seek(0)


def open_document(path: Path) -> Table:
    records = read_document(path)
    columns = list(records[0])
    rows = iter(enumerate(records, start=1))
    return Table(columns, columns, rows, "utf-8", "", None, path=path)
