"""The resource library (``/ressources/``): guides, contract models, studies, kits…
that organisations share, each with its versions and their files.

A resource is moderated (``scoran.lib.moderation``: an agent of its organisation
proposes it, a curator publishes it; curators may publish directly) and curated
(``scoran.lib.freshness``: "mis à jour le", "à vérifier"). Only published resources
are public; their files too.

Versions: each ``ResourceVersion`` carries one or more ``ResourceFile`` (checked on
upload by ``scoran.lib.documents``) or an external link. The latest version (the
newest date, then the last added) is the current one: the permanent link
``/ressources/<slug>/telecharger/`` serves it; earlier ones stay listed and
downloadable.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from directory.models import (
    GroupItemQuerySet,
    Organisation,
    Visibility,
    WorkingGroup,
    visible_items,
)
from observatories.models import Department
from scoran.lib.documents import KINDS
from scoran.lib.fields import (  # migrations 0001, 0004 name it here
    ChoiceArrayField,
    WebAddressField,
)
from scoran.lib.freshness import Curated, CuratedQuerySet
from scoran.lib.lists import search_words
from scoran.lib.moderation import HistoryEntry, Moderated
from strategy.models import ActionTrack, Orientation


class ResourceQuerySet(GroupItemQuerySet, CuratedQuerySet):
    def of_organisations(self, user):
        """Every resource (drafts included) of the person's organisations."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(organisation__memberships__user=user)

    def for_list(self):
        """Cards of the list: author, orientations (2 queries)."""
        return self.select_related("organisation").prefetch_related(
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title"))
        )

    def for_export(self):
        """Rows of the CSV and XLSX exports: the list's, and the versions (3 queries)."""
        return self.for_list().prefetch_related("versions")

    def for_page(self):
        """A resource's page: author, strategy, territories, versions and their files
        (7 queries, whatever their number)."""
        return self.select_related("organisation", "working_group").prefetch_related(
            models.Prefetch("orientations", queryset=Orientation.objects.only("number", "title")),
            models.Prefetch(
                "action_tracks",
                queryset=ActionTrack.objects.select_related("orientation").only(
                    "position", "title", "orientation__number", "orientation__title"
                ),
            ),
            models.Prefetch("departments", queryset=Department.objects.only("code", "name")),
            "epcis",
            "versions__files",
        )

    SEARCH = (
        "title__icontains",
        "summary__icontains",
        "description__icontains",
        "organisation__name__icontains",
    )

    def search(self, text: str):
        """Words searched in the title, the summary, the description and the author's
        name (``icontains``: hundreds of rows, acronyms such as CCTP typed)."""
        return search_words(self, text, self.SEARCH)

    def for_agents(self, user):
        """The resources of the person's organisations, for their list (a members-only
        document only for its group's members)."""
        return (
            visible_items(self.of_organisations(user), user)
            .select_related("organisation")
            .order_by("organisation__name", "-updated_at", "pk")
        )


class Resource(Moderated, Curated):
    """A resource of the library; its moderation table is in
    ``portal/resources/moderation.py``."""

    class Kind(models.TextChoices):
        GUIDE = "guide", "Guide méthodologique"
        CONTRACT = "modele", "Modèle de contrat ou de cahier des charges"
        STUDY = "etude", "Étude"
        EXPERIENCE = "retour", "Retour d'expérience"
        KIT = "kit", "Kit"
        TOOL = "outil", "Outil"
        TRAINING = "formation", "Support de formation"

    class ContractKind(models.TextChoices):
        CCTP = "cctp", "CCTP (cahier des clauses techniques particulières)"
        CCAP = "ccap", "CCAP (cahier des clauses administratives particulières)"
        AGREEMENT = "convention", "Convention"
        CONSULTATION_RULES = "rc", "Règlement de consultation"

    class Licence(models.TextChoices):
        OPEN = "lo-2.0", "Licence Ouverte 2.0"
        CC_BY = "cc-by-4.0", "CC BY 4.0"
        CC_BY_SA = "cc-by-sa-4.0", "CC BY-SA 4.0"
        CC_BY_NC_SA = "cc-by-nc-sa-4.0", "CC BY-NC-SA 4.0"
        ALL_RIGHTS_RESERVED = "tous-droits-reserves", "Tous droits réservés"

    class Audience(models.TextChoices):
        AUTHORITIES = "collectivites", "Collectivités"
        COMPANIES = "entreprises", "Entreprises"
        ASSOCIATIONS = "associations", "Associations"
        PUBLIC = "grand-public", "Grand public"

    # Fixed addresses under /ressources/ (agents' pages, the feed): never a slug.
    RESERVED_SLUGS = frozenset({"nouvelle", "mes-ressources", "flux"})

    LICENCE_URLS = {
        Licence.OPEN: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
        Licence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
        Licence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
        Licence.CC_BY_NC_SA: "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.fr",
    }

    slug = models.SlugField("identifiant dans l'adresse", max_length=120, unique=True)
    title = models.CharField("titre", max_length=200)
    summary = models.CharField(
        "résumé", max_length=300, help_text="Une ou deux phrases, montrées dans les listes."
    )
    description = models.TextField("présentation", blank=True, help_text="Markdown.")
    kind = models.CharField("type", max_length=20, choices=Kind.choices)
    contract_kind = models.CharField(
        "type de modèle",
        max_length=20,
        choices=ContractKind.choices,
        blank=True,
        help_text="Pour un modèle de contrat ou de cahier des charges seulement.",
    )
    licence = models.CharField("licence", max_length=30, choices=Licence.choices)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="resources",
        verbose_name="structure autrice",
    )
    date = models.DateField("date de la ressource")
    orientations = models.ManyToManyField(
        Orientation, blank=True, related_name="resources", verbose_name="orientations"
    )
    action_tracks = models.ManyToManyField(
        ActionTrack, blank=True, related_name="resources", verbose_name="pistes d'action"
    )
    departments = models.ManyToManyField(
        Department,
        blank=True,
        related_name="resources",
        verbose_name="départements",
        help_text="Aucun : toute la région.",
    )
    epcis = models.ManyToManyField(
        "observatories.EPCI",
        blank=True,
        related_name="resources",
        verbose_name="intercommunalités",
    )
    audiences = ChoiceArrayField(
        models.CharField(max_length=20, choices=Audience.choices),
        verbose_name="publics",
        default=list,
    )
    is_territory_guide = models.BooleanField(
        "guide Territoires intelligents",
        default=False,
        help_text="La ressource dont les téléchargements font l'indicateur de la section 8 "
        "(une seule).",
    )
    working_group = models.ForeignKey(
        WorkingGroup,
        # Not SET_NULL: a members-only item without a group breaks its check
        # constraint. A group with meetings or documents is deleted once they left it.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="groupe de travail",
        help_text="Un document du groupe : ses membres sont prévenus de sa publication.",
    )
    visibility = models.CharField(
        "visibilité",
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text="« Réservé aux membres » ne vaut que pour un document de groupe de travail.",
    )
    is_demo = models.BooleanField(
        "démonstration", default=False, help_text="Ressource inventée pour la démonstration."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créée par",
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = ResourceQuerySet.as_manager()

    class Meta:
        verbose_name = "ressource"
        verbose_name_plural = "ressources"
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_territory_guide"],
                condition=Q(is_territory_guide=True),
                name="resource_single_territory_guide",
                violation_error_message="Une autre ressource est déjà le guide Territoires "
                "intelligents : retirez-lui cette désignation d'abord.",
            ),
            models.CheckConstraint(
                condition=Q(kind="modele") | Q(contract_kind=""),
                name="resource_contract_kind_of_models_only",
                violation_error_message="Le type de modèle ne vaut que pour un modèle de "
                "contrat ou de cahier des charges.",
            ),
            models.CheckConstraint(
                condition=Q(visibility="public") | Q(working_group__isnull=False),
                name="resource_members_only_in_group",
                violation_error_message="Une ressource réservée aux membres appartient à un "
                "groupe de travail.",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="resource_review_queue"),
            models.Index(fields=["state", "-published_at"], name="resource_published"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        """Whoever sets the slug (the admin, the import): never a fixed address."""
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": f"« {self.slug} » est une adresse réservée du site : choisissez "
                    "un autre identifiant."
                },
                code="reserved",
            )

    def get_absolute_url(self) -> str:
        return reverse("resources:detail", kwargs={"slug": self.slug})

    def get_download_url(self) -> str:
        """The permanent link: always the latest version."""
        return reverse("resources:latest", kwargs={"slug": self.slug})

    @property
    def is_public(self) -> bool:
        """Seen by everyone: published and not reserved to a group's members (what
        caches and robots may keep)."""
        return self.is_published and not self.is_members_only

    @property
    def is_members_only(self) -> bool:
        return self.visibility == Visibility.MEMBERS

    @property
    def accepts_versions(self) -> bool:
        """A refused resource takes no new version from its agents, as it takes no edit."""
        return self.state != self.State.REFUSED

    @property
    def kind_label(self) -> str:
        """« Modèle de contrat ou de cahier des charges - CCTP »."""
        label = self.get_kind_display()
        if self.contract_kind:
            label += f" - {self.get_contract_kind_display().split(' (')[0]}"
        return label

    @property
    def licence_url(self) -> str:
        return self.LICENCE_URLS.get(self.licence, "")

    def audience_labels(self) -> list[str]:
        labels = dict(self.Audience.choices)
        return [labels.get(value, value) for value in self.audiences]

    def latest_version(self) -> "ResourceVersion | None":
        """The current version: from the preloaded versions (``for_page()``), else
        one query."""
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "versions" in cache:
            versions = list(cache["versions"])
            return versions[0] if versions else None
        return self.versions.prefetch_related("files").first()


class ResourceVersion(models.Model):
    """One version of a resource: its files or its external link."""

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="versions", verbose_name="ressource"
    )
    label = models.CharField("version", max_length=40, help_text="Par exemple : 1.0, 2025.")
    date = models.DateField("date de la version")
    notes = models.TextField("ce qui change", blank=True)
    external_url = WebAddressField(
        "lien externe",
        max_length=500,
        blank=True,
        help_text="Quand la ressource est publiée ailleurs plutôt que déposée ici.",
    )
    created_at = models.DateTimeField("ajoutée le", auto_now_add=True)

    class Meta:
        verbose_name = "version de ressource"
        verbose_name_plural = "versions de ressources"
        # The first is the current one.
        ordering = ["resource", "-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "label"],
                name="resource_version_label_unique",
                violation_error_message="Cette ressource a déjà une version de ce nom.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resource} – version {self.label}"

    def first_file(self) -> "ResourceFile | None":
        files = list(self.files.all())
        return files[0] if files else None


def resource_file_path(instance: "ResourceFile", filename: str) -> str:
    """A name nobody guesses; the original name is kept in the row."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"resources/{instance.version.resource_id}/{secrets.token_hex(8)}.{extension}"


class ResourceFile(models.Model):
    """A file of a version, checked on upload (``scoran.lib.documents``) and served
    as a download with the content type stored here."""

    version = models.ForeignKey(
        ResourceVersion, on_delete=models.CASCADE, related_name="files", verbose_name="version"
    )
    file = models.FileField("fichier", upload_to=resource_file_path, max_length=200)
    original_name = models.CharField("nom d'origine", max_length=200)
    content_type = models.CharField("type", max_length=100, editable=False)
    size = models.PositiveBigIntegerField("taille (octets)", editable=False)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "fichier de ressource"
        verbose_name_plural = "fichiers de ressources"
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("resources:file", kwargs={"slug": self.version.resource.slug, "pk": self.pk})

    @property
    def kind(self) -> str:
        return KINDS.get(self.content_type, "fichier")


class ResourceEvent(HistoryEntry):
    """One step of a resource's history: who did what, when, with which message."""

    class Action(models.TextChoices):
        CREATED = "created", "Brouillon créé"
        UPDATED = "updated", "Modifiée"
        NEW_VERSION = "new_version", "Nouvelle version"
        SUBMITTED = "submitted", "Soumise à relecture"
        PUBLISHED = "published", "Publiée"
        CHANGES_REQUESTED = "changes_requested", "Modifications demandées"
        REFUSED = "refused", "Refusée"
        UNPUBLISHED = "unpublished", "Dépubliée"

    resource = models.ForeignKey(
        Resource, on_delete=models.CASCADE, related_name="events", verbose_name="ressource"
    )
    action = models.CharField("action", max_length=20, choices=Action.choices)

    class Meta:
        verbose_name = "étape de ressource"
        verbose_name_plural = "historique des ressources"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["resource", "-at"], name="resourceevent_resource_at")]

    def __str__(self) -> str:
        return f"{self.resource} – {self.get_action_display()}"
