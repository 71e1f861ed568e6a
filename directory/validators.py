"""Checks of French company identifiers (SIREN, SIRET), with French messages.

A SIREN has 9 digits, a SIRET 14 (the SIREN then a 5-digit establishment number);
both end with a Luhn check digit. La Poste is the one exception: its establishments
share the SIREN 356 000 000 and their SIRET is checked by the sum of its digits,
which must be a multiple of 5 (INSEE rule; its head office also passes Luhn).
"""

import re

from django.core.exceptions import ValidationError

LA_POSTE_SIREN = "356000000"


def luhn_valid(digits: str) -> bool:
    """Luhn checksum: every second digit from the right doubled (minus 9 above 9)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_identifier(value: str) -> str:
    """Spaces, dots and non-breaking spaces are how people write these numbers."""
    return re.sub(r"[\s.\u00a0\u202f]", "", value or "")


def validate_siren(value: str) -> None:
    if not re.fullmatch(r"[0-9]{9}", value):
        raise ValidationError(
            "Le SIREN compte exactement 9 chiffres (« %(value)s » ne convient pas).",
            code="siren_format",
            params={"value": value},
        )
    if not luhn_valid(value):
        raise ValidationError(
            "Ce numéro SIREN n'est pas valide : son dernier chiffre (clé de contrôle) ne "
            "correspond pas aux autres. Vérifiez-le sur l'avis de situation INSEE.",
            code="siren_key",
        )


def validate_siret(value: str) -> None:
    if not re.fullmatch(r"[0-9]{14}", value):
        raise ValidationError(
            "Le SIRET compte exactement 14 chiffres (« %(value)s » ne convient pas).",
            code="siret_format",
            params={"value": value},
        )
    la_poste = value.startswith(LA_POSTE_SIREN) and sum(int(c) for c in value) % 5 == 0
    if not (la_poste or luhn_valid(value)):
        raise ValidationError(
            "Ce numéro SIRET n'est pas valide : son dernier chiffre (clé de contrôle) ne "
            "correspond pas aux autres. Vérifiez-le sur l'avis de situation INSEE.",
            code="siret_key",
        )
