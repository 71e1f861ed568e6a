"""The OpenAPI description's errors: every operation may answer 404 and 429 (and a
list 400), each with the French error body of ``base.french_errors``."""

ERROR = {
    "type": "object",
    "properties": {
        "erreur": {"type": "string"},
        "statut": {"type": "integer"},
        "champs": {"type": "object"},
    },
    "required": ["erreur", "statut"],
}
MESSAGES = {
    "400": "Paramètres non valides (filtre, page).",
    "404": "Introuvable (ou page inexistante).",
    "405": "Méthode non permise : lecture seule.",
    "429": "Trop de requêtes : réessayer après Retry-After secondes.",
}


def declare_errors(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Erreur"] = ERROR
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Erreur"}}}
    for item in result.get("paths", {}).values():
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            for status, message in MESSAGES.items():
                responses.setdefault(status, {"description": message, "content": error})
            responses["429"]["headers"] = {
                "Retry-After": {"schema": {"type": "integer"}, "description": "secondes"}
            }
    return result
