"""Reads of the projects used by other pages and apps: the orientation page, the
organisation page, the maps and the sitemap. Only published projects, never a
revision: what the public sees."""

from django.db import models
from django.urls import reverse

from observatories.models import Commune
from observatories.referential.sections import Scope
from scoran.lib.geojson import point

from ..models import Organisation, Project


def orientation_projects(orientation):
    """The published projects of an orientation with their carrier (1 query)."""
    return (
        Project.objects.published().filter(orientations=orientation).select_related("organisation")
    )


TERRITORY_PROJECTS = 10


def territory_projects(scope: Scope):
    """The published projects of a territory, latest first: those whose territory
    names it (or, for a commune, its EPCI) or whose carrier is there; for a
    department or the region, those touching it (``department_codes``) (1 query)."""
    if scope.level == Scope.REGION:
        where = models.Q()  # every project of the portal is the region's
    elif scope.level == Scope.DEPARTMENT:
        where = models.Q(department_codes__contains=[scope.code])
    else:
        where = scope.communes("communes") | scope.communes("organisation__commune")
        if scope.epci_siren:
            where |= models.Q(epcis=scope.epci_siren)
    matching = Project.objects.filter(where).values("pk")
    return (
        Project.objects.published()
        .filter(pk__in=matching)
        .select_related("organisation")
        .order_by("-updated_at", "pk")[:TERRITORY_PROJECTS]
    )


def organisation_projects(organisation: Organisation):
    """The published projects an organisation carries or is a partner of, each once,
    ``is_carried`` telling which (1 query)."""
    partner = Project.partners.through.objects.filter(
        project=models.OuterRef("pk"), organisation=organisation
    )
    return (
        Project.objects.published()
        .filter(models.Q(organisation=organisation) | models.Exists(partner))
        .annotate(
            is_carried=models.ExpressionWrapper(
                models.Q(organisation=organisation), output_field=models.BooleanField()
            )
        )
        .select_related("organisation")
        .order_by("-is_carried", "title", "pk")
    )


def for_map(projects):
    """``projects`` with what their point needs: the carrier's commune and the
    territory's communes with coordinates (2 queries)."""
    return projects.select_related("organisation__commune").prefetch_related(
        models.Prefetch(
            "communes",
            queryset=Commune.objects.filter(latitude__isnull=False, longitude__isnull=False)
            .only("code", "name", "latitude", "longitude")
            .order_by("code"),
            to_attr="placed_communes",
        )
    )


def project_points(projects) -> list[dict]:
    """A point per project (from ``for_map()``): the first commune of its territory,
    else its carrier's commune; a project with neither is left out of the map (the
    list still shows it)."""
    features = []
    for project in projects:
        commune = project.placed_communes[0] if project.placed_communes else None
        commune = commune or project.organisation.commune
        if commune is None:
            continue
        features.append(
            point(
                commune.latitude,
                commune.longitude,
                name=project.title,
                where=f"{commune.name} – porté par {project.organisation.name}",
                url=project.get_absolute_url(),
                approximate=True,
            )
        )
    return features


def published_project_addresses() -> list[dict]:
    """{"url", "updated_at"} of every published project, in one query."""
    # One reverse() for all: the addresses differ only by their slug.
    pattern = reverse("projects:detail", kwargs={"slug": "x"})
    return [
        {"url": pattern.replace("/x/", f"/{slug}/"), "updated_at": updated_at}
        for slug, updated_at in Project.objects.published()
        .order_by("slug")
        .values_list("slug", "updated_at")
    ]
