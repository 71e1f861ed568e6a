"""Demo networks and wholesale offers (``manage.py setup_demo``, DEBUG only).

The public initiative networks of the region as the SCORAN BFC names their owners
(section 9.1 and orientation 1): the three syndicates in charge of digital networks
(Doubs THD, Nièvre Numérique, Haute-Saône Numérique) and the departments that carry
their own, the RCube THD radio network and the regional backbone (Dorsale). Their
delegates, operators and offers are invented, marked as demonstration (``is_demo``,
« (démonstration) » in each operator's name) and link to addresses that do not exist
(``.invalid``). A later run gives the same rows (same slugs).
"""

from django.db import transaction

from ..models import Commune, Department, Network, WholesaleOffer
from ..models.operators import Contract, Market, Role, Zone

M = Market
DEMO_LINK = "https://offres.demo.scoran.invalid"

# Invented operators: (name, role, markets).
DELEGATE = ("Délégataire fibre {n} (démonstration)", Role.INFRASTRUCTURE,
            [M.FTTH_PASSIVE, M.FTTE, M.FTTO, M.COLOCATION])  # fmt: skip
WHOLESALE = ("Opérateur de gros Alpha (démonstration)", Role.WHOLESALE,
             [M.FTTH_ACTIVE, M.FTTE])  # fmt: skip
ISP_A = ("FAI Bêta (démonstration)", Role.RETAIL, [M.FTTH_ACTIVE])
ISP_B = ("FAI Gamma entreprises (démonstration)", Role.RETAIL, [M.FTTE, M.FTTO])

# slug, name, zone, authority, contract, departments, communes, note, operators
NETWORKS = [
    ("rip-doubs", "Réseau d'initiative publique du Doubs", Zone.RIP, "Syndicat mixte Doubs THD",
     Contract.CONCESSION, ["25"], [], "", [DELEGATE, WHOLESALE, ISP_A, ISP_B]),
    ("rip-nievre", "Réseau d'initiative publique de la Nièvre", Zone.RIP,
     "Syndicat mixte Nièvre Numérique", Contract.CONCESSION, ["58"], [], "",
     [DELEGATE, ISP_A, ISP_B]),
    ("rip-haute-saone", "Réseau d'initiative publique de la Haute-Saône", Zone.RIP,
     "Syndicat mixte Haute-Saône Numérique", Contract.LEASE, ["70"], [], "",
     [DELEGATE, WHOLESALE, ISP_A]),
    ("rip-cote-d-or", "Réseau d'initiative publique de la Côte-d'Or", Zone.RIP,
     "Département de la Côte-d'Or", Contract.CONCESSION, ["21"], [], "",
     [DELEGATE, WHOLESALE, ISP_B]),
    ("rip-jura", "Réseau d'initiative publique du Jura", Zone.RIP, "Département du Jura",
     "", ["39"], [], "Mode de déploiement de la seconde phase non connu lors de la SCORAN.",
     [DELEGATE, ISP_A]),
    ("rip-saone-et-loire", "Réseau d'initiative publique de Saône-et-Loire", Zone.RIP,
     "Département de Saône-et-Loire", Contract.CONCESSION, ["71"], [], "",
     [DELEGATE, WHOLESALE, ISP_A, ISP_B]),
    ("rip-yonne", "Réseau d'initiative publique de l'Yonne", Zone.RIP,
     "Département de l'Yonne", Contract.CONCESSION, ["89"], [], "", [DELEGATE, ISP_A]),
    ("rip-territoire-de-belfort", "Réseau d'initiative publique du Territoire de Belfort",
     Zone.RIP, "Département du Territoire de Belfort", Contract.PUBLIC_WORKS, ["90"], [], "",
     [DELEGATE, ISP_B]),
    ("rcube-thd", "RCube THD (très haut débit radio)", Zone.RIP, "", "", ["21", "71", "89"],
     [], "357 communes ciblées dans l'Yonne, la Côte-d'Or et la Saône-et-Loire.",
     [("Opérateur radio Delta (démonstration)", Role.INFRASTRUCTURE, [M.RADIO]), ISP_A]),
    ("dorsale-regionale", "Dorsale régionale d'interconnexion", Zone.RIP,
     "Région Bourgogne-Franche-Comté", "", [], [],
     "1 200 km de fibre reliant la région à Paris, Lyon et Strasbourg.",
     [("Exploitant de la Dorsale (démonstration)", Role.INFRASTRUCTURE,
       [M.BACKHAUL, M.DARK_FIBRE, M.COLOCATION])]),
    ("amii-dijon-besancon", "Zone d'initiative privée de Dijon et Besançon (démonstration)",
     Zone.AMII, "", Contract.PRIVATE, [], ["21231", "25056"], "",
     [("Opérateur d'infrastructure privé Epsilon (démonstration)", Role.INFRASTRUCTURE,
       [M.FTTH_PASSIVE, M.FTTO]), ISP_A]),
]  # fmt: skip


@transaction.atomic
def create_demo_networks() -> list[Network]:
    """The demo networks with their offers (the same on every run)."""
    departments = Department.objects.in_bulk()
    communes = Commune.objects.in_bulk([code for row in NETWORKS for code in row[6]])
    created = []
    for number, row in enumerate(NETWORKS, start=1):
        slug, name, zone, authority, contract, codes, commune_codes, note, operators = row
        network, _ = Network.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "zone": zone,
                "authority": authority,
                "contract": contract,
                "territory_note": note,
                "description": "Réseau cité par la SCORAN BFC ; son délégataire, ses "
                "opérateurs et leurs offres sont **fictifs** (démonstration)."
                if zone == Zone.RIP
                else "Zone **fictive** de démonstration.",
                "website": f"{DEMO_LINK}/{slug}/",
                "is_published": True,
                "is_demo": True,
            },
        )
        network.departments.set([departments[c] for c in codes if c in departments])
        network.communes.set([communes[c] for c in commune_codes if c in communes])
        network.offers.all().delete()
        WholesaleOffer.objects.bulk_create(
            WholesaleOffer(
                network=network,
                operator=operator.format(n=number),
                role=role,
                markets=list(markets),
                url=f"{DEMO_LINK}/{slug}/{index}/",
                is_demo=True,
            )
            for index, (operator, role, markets) in enumerate(operators, start=1)
        )
        created.append(network)
    return created
