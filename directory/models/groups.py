"""Working groups (``/groupes/``): thematic, collaborative groups of agents that the
region leads (section 9.6 of the strategy: open data, mobile coverage, digital
inclusion…). Curators create a group in the admin and name its first leads; agents
ask to join (a lead approves) or are invited by a lead (they accept); leads manage
the members.

A group gathers meetings (events of the agenda, ``portal.Event.working_group``),
documents (resources of the library, ``portal.Resource.working_group``) and short
news (comptes rendus, ``GroupNews``). Each of them is public or for the group's
members only (``Visibility``): members-only content reaches nobody else, on any
surface (``GroupMembership.objects.active()`` is the one rule of who is a member).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from scoran.lib.lists import search_words
from scoran.lib.moderation import State
from strategy.models import Orientation

from .organisations import Organisation


class Visibility(models.TextChoices):
    """Who sees an item of a working group (a meeting, a document, a news item)."""

    PUBLIC = "public", "Public"
    MEMBERS = "membres", "Réservé aux membres du groupe"


class WorkingGroupQuerySet(models.QuerySet):
    def of_member(self, user):
        """The groups the person is an active member (or lead) of."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(
            models.Exists(
                GroupMembership.objects.active().filter(group=models.OuterRef("pk"), user=user)
            )
        )

    def with_member_count(self):
        """``member_count``: the number of active members (leads included)."""
        return self.annotate(
            member_count=models.Count(
                "memberships", filter=Q(memberships__status=GroupMembership.Status.ACTIVE)
            )
        )

    def for_list(self):
        """Cards of ``/groupes/``: orientations, the number of active members, and the
        leads (``lead_memberships``, with their account and organisation), by name
        (the count's GROUP BY drops the default ordering): 3 queries."""
        return (
            self.with_member_count()
            .order_by("name", "pk")
            .prefetch_related(
                models.Prefetch(
                    "orientations", queryset=Orientation.objects.only("number", "title")
                ),
                models.Prefetch(
                    "memberships",
                    queryset=GroupMembership.objects.leads()
                    .select_related("user", "organisation")
                    .order_by("user__last_name", "user__first_name", "pk"),
                    to_attr="lead_memberships",
                ),
            )
        )

    SEARCH = ("name__icontains", "theme__icontains", "description__icontains")

    def search(self, text: str):
        return search_words(self, text, self.SEARCH)


class WorkingGroup(models.Model):
    """A thematic working group. Every group is listed publicly (its theme, leads
    and public content); members-only items are shown to its members."""

    # Fixed addresses under /groupes/: never a slug.
    RESERVED_SLUGS = frozenset({"mes-groupes", "invitations", "flux"})

    slug = models.SlugField("identifiant dans l'adresse", max_length=120, unique=True)
    name = models.CharField("nom", max_length=200)
    theme = models.CharField(
        "thème", max_length=200, help_text="Une ligne : le sujet stratégique du groupe."
    )
    description = models.TextField("présentation", blank=True, help_text="Markdown.")
    orientations = models.ManyToManyField(
        Orientation, blank=True, related_name="working_groups", verbose_name="orientations"
    )
    rhythm = models.CharField(
        "rythme des réunions",
        max_length=100,
        blank=True,
        help_text="Par exemple « trimestriel ».",
    )
    is_open = models.BooleanField(
        "ouvert aux demandes",
        default=True,
        help_text="Décoché, seuls les animateurs font entrer de nouveaux membres (invitation).",
    )
    is_demo = models.BooleanField(
        "démonstration", default=False, help_text="Groupe inventé pour la démonstration."
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = WorkingGroupQuerySet.as_manager()

    class Meta:
        verbose_name = "groupe de travail"
        verbose_name_plural = "groupes de travail"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("groups:group", kwargs={"slug": self.slug})

    def clean(self):
        """Whoever sets the slug (the admin): never a fixed address of ``/groupes/``."""
        super().clean()
        if self.slug in self.RESERVED_SLUGS:
            raise ValidationError(
                {
                    "slug": f"« {self.slug} » est une adresse réservée du site : choisissez "
                    "un autre identifiant."
                },
                code="reserved",
            )

    def membership_of(self, user) -> "GroupMembership | None":
        """The person's row in this group (any status), or None (one query)."""
        if not user.is_authenticated or not self.pk:
            return None
        return self.memberships.filter(user=user).first()

    def is_member(self, user) -> bool:
        """Whether the person sees the members-only content (one query)."""
        if not user.is_authenticated:
            return False
        return GroupMembership.objects.active().filter(group=self, user=user).exists()

    def is_lead(self, user) -> bool:
        if not user.is_authenticated:
            return False
        return (
            GroupMembership.objects.active()
            .filter(group=self, user=user, role=GroupMembership.Role.LEAD)
            .exists()
        )


class GroupMembershipQuerySet(models.QuerySet):
    def active(self):
        """Members and leads: those who see the members-only content."""
        return self.filter(status=GroupMembership.Status.ACTIVE)

    def requested(self):
        return self.filter(status=GroupMembership.Status.REQUESTED)

    def invited(self):
        return self.filter(status=GroupMembership.Status.INVITED)

    def leads(self):
        return self.active().filter(role=GroupMembership.Role.LEAD)

    def to_notify(self):
        """Active members who did not turn the group's e-mails off (meeting scheduled,
        document added), with an active account."""
        return self.active().filter(notify=True, user__is_active=True)


class GroupMembership(models.Model):
    """A person's place in a working group: asked to join, invited, or member.

    One row per person and group whatever the step; a declined request, a declined
    invitation and a departure delete it (nothing is kept that the person did not
    ask to keep)."""

    class Role(models.TextChoices):
        MEMBER = "member", "Membre"
        LEAD = "lead", "Animateur"

    class Status(models.TextChoices):
        REQUESTED = "requested", "Demande en attente"
        INVITED = "invited", "Invitation en attente"
        ACTIVE = "active", "Membre"

    group = models.ForeignKey(
        WorkingGroup,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="groupe de travail",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="group_memberships",
        verbose_name="personne",
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="group_memberships",
        verbose_name="structure représentée",
    )
    role = models.CharField("rôle", max_length=10, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        "étape", max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    message = models.TextField(
        "message", blank=True, help_text="Le mot joint à la demande ou à l'invitation."
    )
    notify = models.BooleanField(
        "recevoir les courriels du groupe",
        default=True,
        help_text="Réunion programmée, document ajouté.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="invité par",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="accepté par",
    )
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    joined_at = models.DateTimeField("membre depuis le", null=True, blank=True)

    objects = GroupMembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "membre d'un groupe de travail"
        verbose_name_plural = "membres des groupes de travail"
        ordering = ["group__name", "-role", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_membership_unique"),
            models.CheckConstraint(
                condition=Q(role="member") | Q(status="active"),
                name="group_lead_is_active",
                violation_error_message="Un animateur est un membre actif du groupe.",
            ),
            models.CheckConstraint(
                condition=Q(status="active") | Q(joined_at__isnull=True),
                name="group_joined_when_active",
            ),
        ]
        indexes = [models.Index(fields=["user", "status"], name="group_member_user_status")]

    def __str__(self) -> str:
        return f"{self.user} – {self.group} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_lead(self) -> bool:
        return self.is_active and self.role == self.Role.LEAD

    @property
    def public_name(self) -> str:
        """How pages name the person: never their e-mail address."""
        return self.user.get_full_name() or "Nom non renseigné"

    @property
    def public_organisation(self):
        """The organisation represented, when the public may see it (published)."""
        organisation = self.organisation
        return organisation if organisation and organisation.is_published else None


def visible_items(queryset, user, *, group_field: str = "working_group"):
    """The rows of ``queryset`` (items carrying ``visibility`` and a working group)
    that the person may see: the public ones, and the members-only ones of the groups
    they are an active member of (all of them for staff). The one rule of
    members-only content, for meetings, documents and news alike."""
    if user.is_authenticated and user.is_staff:
        return queryset
    public = Q(visibility=Visibility.PUBLIC)
    if not user.is_authenticated:
        return queryset.filter(public)
    member = GroupMembership.objects.active().filter(group=models.OuterRef(group_field), user=user)
    return queryset.filter(public | models.Exists(member))


class GroupItemQuerySet(models.QuerySet):
    """The reads of a moderated item that may belong to a working group (a meeting, a
    document): its model has ``state``, ``organisation``, ``working_group`` and
    ``visibility``. The three ways of spelling the members-only rule live here once:

    - ``public()``: every surface shared by all readers;
    - ``visible_to(user)``: what one person may open (previews of their
      organisations' drafts included);
    - ``published_to(user)``: a group's page and calendar."""

    def published(self):
        """Published, whoever may see them: public surfaces take ``public()``."""
        return self.filter(state=State.PUBLISHED)

    def public(self):
        """What everyone sees, on every shared surface (lists, exports, calendars,
        feeds, search, sitemap, other pages' sections): published and not reserved
        to a working group's members."""
        return self.published().filter(visibility=Visibility.PUBLIC)

    def visible_to(self, user):
        """Published items, plus those of the person's own organisations (all of them
        for curators); a members-only item only for its group's active members."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        if not user.is_authenticated:
            return self.public()
        mine = Organisation.objects.filter(
            pk=models.OuterRef("organisation_id"), memberships__user=user
        )
        return visible_items(self.filter(Q(state=State.PUBLISHED) | models.Exists(mine)), user)

    def published_to(self, user):
        """Published items the person sees: the public ones, and the members-only
        ones of their groups."""
        return visible_items(self.published(), user)


class GroupNewsQuerySet(models.QuerySet):
    def visible_to(self, user):
        return visible_items(self, user, group_field="group")

    def public(self):
        return self.filter(visibility=Visibility.PUBLIC)

    SEARCH = ("title__icontains", "body__icontains", "group__name__icontains")

    def search(self, text: str):
        return search_words(self, text, self.SEARCH)


class GroupNews(models.Model):
    """A short news item of a group: a meeting's report (compte rendu), a decision,
    a call to contributions. Written by the group's leads."""

    group = models.ForeignKey(
        WorkingGroup, on_delete=models.CASCADE, related_name="news", verbose_name="groupe"
    )
    title = models.CharField("titre", max_length=200)
    body = models.TextField("texte", help_text="Markdown.")
    visibility = models.CharField(
        "visibilité", max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="rédigé par",
    )
    published_at = models.DateTimeField("publié le")
    updated_at = models.DateTimeField("mis à jour le", auto_now=True)

    objects = GroupNewsQuerySet.as_manager()

    class Meta:
        verbose_name = "nouvelle d'un groupe"
        verbose_name_plural = "nouvelles des groupes"
        ordering = ["-published_at", "-pk"]
        indexes = [models.Index(fields=["group", "-published_at"], name="groupnews_group_date")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("groups:news", kwargs={"slug": self.group.slug, "pk": self.pk})
