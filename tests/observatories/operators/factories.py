"""Test data of the wholesale offers: networks and their offers (plain functions)."""

import uuid

from observatories.models import Network, WholesaleOffer


def make_network(name: str = "Réseau d'initiative publique", **extra) -> Network:
    """A published network (RIP unless told); territory relations given as lists."""
    relations = {f: extra.pop(f) for f in ("departments", "epcis", "communes") if f in extra}
    extra.setdefault("slug", f"reseau-{uuid.uuid4().hex[:8]}")
    network = Network.objects.create(name=name, **extra)
    for field, values in relations.items():
        getattr(network, field).set(values)
    return network


def make_offer(network: Network, operator: str = "Opérateur", **extra) -> WholesaleOffer:
    extra.setdefault("url", f"https://offres.example.fr/{uuid.uuid4().hex[:8]}/")
    extra.setdefault("markets", [WholesaleOffer.Market.FTTH_PASSIVE])
    return WholesaleOffer.objects.create(network=network, operator=operator, **extra)
