"""Organisations (the actors), the people who act for them, and how they join."""

import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

from scoran.lib.fields import WebAddressField
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.lists import search_words
from scoran.lib.moderation import HistoryEntry, Moderated, State
from strategy.models import Orientation

from ..validators import validate_siren, validate_siret


def logo_path(instance: "Organisation", filename: str) -> str:
    # Logos are re-encoded as PNG; a random part keeps a replaced logo from being
    # served from a cache under its old address.
    return f"organisations/logos/{instance.slug}-{secrets.token_hex(4)}.png"


class HttpsURLField(WebAddressField):
    """A web address shown as a link (``WebAddressField``: http or https only; typed
    without its scheme, it becomes https://), under the name the migrations know."""


class OrganisationQuerySet(CuratedQuerySet):
    def published(self):
        return self.filter(state=State.PUBLISHED)

    def visible_to(self, user):
        """Published organisations, plus the drafts of the person's own organisations
        (all of them for curators)."""
        if user.is_authenticated and user.is_staff:
            return self
        if not user.is_authenticated:
            return self.published()
        mine = Membership.objects.filter(organisation=models.OuterRef("pk"), user=user)
        return self.filter(models.Q(state=State.PUBLISHED) | models.Exists(mine))

    def for_list(self):
        """Cards of the directory: commune, department and themes preloaded (2 queries)."""
        return self.select_related("commune__department").prefetch_related(
            models.Prefetch("themes", queryset=_themes())
        )

    def for_page(self):
        return self.for_list()

    # Acronyms and fragments of names ("SIEEEN", "numéri"), which French full-text
    # stemming would miss; a few hundred rows.
    SEARCH = ("name__icontains", "description__icontains", "commune__name__icontains")

    def search(self, text: str):
        """Words searched in the name, the description and the commune's name."""
        return search_words(self, text, self.SEARCH)


def _themes():
    return Orientation.objects.only("number", "title")


class Organisation(Curated, Moderated):
    """An actor of the territory: a collectivity, a State service, a company…

    Published or not by curators, through ``scoran.lib.moderation`` (the table in
    ``directory/organisations/moderation.py``), each decision kept in its history."""

    class Kind(models.TextChoices):
        REGION = "region", "Région"
        DEPARTMENT = "department", "Département"
        EPCI = "epci", "Intercommunalité (EPCI)"
        COMMUNE = "commune", "Commune"
        SYNDICATE = "syndicate", "Syndicat mixte"
        STATE = "state", "Service de l'État"
        CHAMBER = "chamber", "Chambre consulaire"
        RESEARCH = "research", "Université ou recherche"
        COMPANY = "company", "Entreprise"
        ASSOCIATION = "association", "Association"
        OPERATOR = "operator", "Opérateur de télécommunications"
        DATA_CENTRE = "data_centre", "Centre de données"
        THIRD_PLACE = "third_place", "Tiers-lieu"
        OTHER = "other", "Autre"

    # What its agents edit on the public profile (every change is logged).
    PROFILE_FIELDS = (
        "name",
        "kind",
        "siren",
        "siret",
        "address",
        "commune",
        "website",
        "description",
        "themes",
        "logo",
        "contact_email",
    )

    slug = models.SlugField("identifiant dans l'adresse", max_length=120, unique=True)
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("nature", max_length=20, choices=Kind.choices)
    siren = models.CharField(
        "SIREN", max_length=9, blank=True, validators=[validate_siren], help_text="9 chiffres."
    )
    siret = models.CharField(
        "SIRET",
        max_length=14,
        blank=True,
        validators=[validate_siret],
        help_text="14 chiffres : le SIREN suivi du numéro de l'établissement.",
    )
    address = models.CharField(
        "adresse", max_length=255, blank=True, help_text="Numéro et voie, sans la commune."
    )
    # SET_NULL: the territory loader deletes a commune merged into another; the
    # organisation must survive it (a curator then sets the new commune).
    commune = models.ForeignKey(
        "observatories.Commune",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name="commune",
    )
    website = HttpsURLField("site internet", blank=True, max_length=300)
    description = models.TextField("présentation", blank=True, help_text="Markdown.")
    themes = models.ManyToManyField(
        "strategy.Orientation",
        blank=True,
        related_name="organisations",
        verbose_name="orientations de la stratégie",
    )
    logo = models.ImageField("logo", upload_to=logo_path, blank=True)
    contact_email = models.EmailField(
        "adresse de contact publique",
        blank=True,
        help_text="Une adresse de fonction (par exemple numerique@…), pas celle d'une "
        "personne : elle est publiée sur la page de la structure.",
    )
    state = models.CharField(
        "état",
        max_length=20,
        choices=[(State.DRAFT, "Non publiée"), (State.PUBLISHED, "Publiée")],
        default=State.DRAFT,
        help_text="Publiée : visible de tous dans l'annuaire.",
    )
    published_at = models.DateTimeField("publiée le", null=True, blank=True)
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("mise à jour le", auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = "structure"
        verbose_name_plural = "structures"
        ordering = ["name"]
        # The directory and the API list them by name (then id): the first page is
        # read from the index, whatever the number of organisations.
        indexes = [models.Index(fields=["name", "id"], name="organisation_name_id")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(siren="") | models.Q(siren__regex=r"^[0-9]{9}$"),
                name="organisation_siren_format",
            ),
            models.CheckConstraint(
                condition=models.Q(siret="") | models.Q(siret__regex=r"^[0-9]{14}$"),
                name="organisation_siret_format",
            ),
            models.CheckConstraint(
                condition=models.Q(siren="")
                | models.Q(siret="")
                | models.Q(siret__startswith=models.F("siren")),
                name="organisation_siret_of_its_siren",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("directory:organisation", kwargs={"slug": self.slug})

    def clean(self):
        if self.siren and self.siret and not self.siret.startswith(self.siren):
            raise ValidationError(
                {
                    "siret": "Ce SIRET n'appartient pas au SIREN indiqué : ses 9 premiers "
                    "chiffres doivent être le SIREN."
                }
            )

    @property
    def logo_url(self) -> str:
        """Served by the portal itself (no media server needed); the file's name in
        the query string changes with the logo, so browsers may cache it."""
        if not self.logo:
            return ""
        version = self.logo.name.rsplit("-", 1)[-1].removesuffix(".png")
        return reverse("directory:logo", kwargs={"slug": self.slug}) + f"?v={version}"

    def role_of(self, user) -> str | None:
        """The person's role in this organisation, or None (one query)."""
        if not user.is_authenticated:
            return None
        return (
            self.memberships.filter(user=user).values_list("role", flat=True).first()
            if self.pk
            else None
        )


class Membership(models.Model):
    """A person acting for an organisation (an agent)."""

    class Role(models.TextChoices):
        MEMBER = "member", "Membre"
        ADMIN = "admin", "Administrateur de la structure"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="personne",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name="structure"
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField("depuis le", auto_now_add=True)

    class Meta:
        verbose_name = "appartenance"
        verbose_name_plural = "appartenances"
        ordering = ["organisation__name", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


INVITATION_VALIDITY = timezone.timedelta(days=14)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, expires_at__gt=timezone.now())

    def by_token(self, token: str):
        return self.filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """An organisation admin invites an e-mail address. Only the token's hash is
    stored: the link in the e-mail is the one way to use it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations", verbose_name="structure"
    )
    email = models.EmailField("adresse invitée")
    role = models.CharField(
        "rôle", max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token_hash = models.CharField("empreinte du jeton", max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name="invitée par",
    )
    created_at = models.DateTimeField("envoyée le", auto_now_add=True)
    expires_at = models.DateTimeField("valable jusqu'au")
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                "organisation",
                condition=models.Q(accepted_at__isnull=True),
                name="invitation_one_open_per_address",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    def refusal(self) -> str | None:
        """Why the invitation can no longer be used (in French), or None."""
        if self.accepted_at is not None:
            return "Cette invitation a déjà été acceptée."
        if self.is_expired:
            return (
                "Cette invitation a expiré : demandez à la structure de vous en envoyer une autre."
            )
        return None


class JoinRequest(models.Model):
    """A signed-in person asks to join an organisation; a curator decides."""

    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        APPROVED = "approved", "Acceptée"
        REFUSED = "refused", "Refusée"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name="personne",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name="structure",
    )
    message = models.TextField("message", blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField("demandée le", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="join_requests_decided",
        verbose_name="décidée par",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    class Meta:
        verbose_name = "demande d'adhésion"
        verbose_name_plural = "demandes d'adhésion"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="join_request_one_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"


class OrganisationEvent(HistoryEntry):
    """A curator's decision on an organisation's publication."""

    class Action(models.TextChoices):
        PUBLISHED = "published", "Publiée"
        UNPUBLISHED = "unpublished", "Dépubliée"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="events", verbose_name="structure"
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "décision de publication d'une structure"
        verbose_name_plural = "historique de publication des structures"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="orgevent_org_at")]

    def __str__(self) -> str:
        return f"{self.organisation} – {self.get_action_display()}"


class OrganisationChange(models.Model):
    """One edit of an organisation's public profile: who, when, and each field's
    old and new values. The person is removed when their account is deleted; the
    change stays."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="changes", verbose_name="structure"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="organisation_changes",
        verbose_name="par",
    )
    at = models.DateTimeField("le", default=timezone.now)
    changes = models.JSONField("modifications", help_text="{champ: [avant, après]}")

    class Meta:
        verbose_name = "modification de structure"
        verbose_name_plural = "modifications de structures"
        ordering = ["-at"]
        indexes = [models.Index(fields=["organisation", "-at"], name="orgchange_org_at")]

    def __str__(self) -> str:
        return f"{self.organisation} – {timezone.localtime(self.at):%d/%m/%Y %H:%M}"
