"""What the subscriptions offer the site: their part of a person's data (the
subscriptions of the account's address, with what each was sent), erased with the
account."""

from django.db.models import Prefetch

from scoran.lib.catalogues import PERSONAL_DATA, OnDelete, PersonalData, isoformat

from ..models import Delivery, Subscription


def _export(user) -> list[dict]:
    return [
        {
            "liste": subscription.list_key,
            "filtres": subscription.query,
            "adresse": subscription.email,
            "frequence": subscription.get_frequency_display(),
            "demande_le": isoformat(subscription.created_at),
            "confirme_le": isoformat(subscription.confirmed_at),
            "dernier_envoi_calcule_le": isoformat(subscription.last_run_at),
            # What was sent to the address, and when: personal data too.
            "envois": [
                {"element": delivery.item_key, "envoye_le": isoformat(delivery.sent_at)}
                for delivery in subscription.deliveries.all()
            ],
        }
        for subscription in Subscription.objects.of_address(user.email)
        .order_by("pk")
        .prefetch_related(Prefetch("deliveries", Delivery.objects.order_by("pk")))
    ]


def _erase(user) -> None:
    Subscription.objects.of_address(user.email).delete()


PERSONAL = PersonalData(
    key="abonnements_par_courriel",
    fields={"portal.Subscription.email": OnDelete.ERASE},
    export=_export,
    erase=_erase,
)


def register() -> None:
    PERSONAL_DATA.register(PERSONAL.key, PERSONAL)
