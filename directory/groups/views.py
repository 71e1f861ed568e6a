"""Pages of the working groups: the list, a group's page (what it shows depends on
who reads it), its news, one's groups; the reader's steps (ask to join, answer an
invitation, leave, the group's e-mails) and the leads' pages (members, news). The
Atom feeds are in ``feeds.py``. Every rule is in ``access.py`` and ``services.py``."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_GET, require_POST

from scoran.lib import throttling
from scoran.lib.errors import service_unavailable, too_many_requests
from scoran.lib.forms import add_service_error
from scoran.lib.lists import list_page

from ..models import GroupMembership, GroupNews, Organisation, Visibility, WorkingGroup
from . import selectors, services
from .access import (
    get_editable_news,
    get_group,
    get_group_membership,
    get_led_group,
    get_own_membership,
    get_visible_news,
)
from .filters import WorkingGroupFilter
from .forms import AcceptInvitationForm, InvitationForm, JoinRequestForm, NewsForm, NotifyForm

Status = GroupMembership.Status

# Requests and invitations e-mail people: a few an hour per person is plenty.
MAILS_PER_HOUR = 20
TOO_MANY = "Vous avez envoyé beaucoup de demandes et d'invitations : réessayez dans une heure."


def _breadcrumbs(*trail):
    return [("Groupes de travail", reverse("groups:list")), *trail]


def _group_trail(group: WorkingGroup, *trail):
    return _breadcrumbs((group.name, group.get_absolute_url()), *trail)


def _private(response):
    """A page showing a person's own state or members-only content: kept by no cache."""
    add_never_cache_headers(response)
    return response


def _refusal(request):
    """The answer refusing one more e-mail from this person now, or None."""
    try:
        allowed = throttling.allow(
            "group-mails", str(request.user.pk), limit=MAILS_PER_HOUR, window=3600
        )
    except throttling.ThrottleUnavailable:
        return service_unavailable(request)
    return None if allowed else too_many_requests(request, TOO_MANY, retry_after=3600)


def _show_refusal(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _back(request, group: WorkingGroup):
    """Where a reader's step returns: their groups when asked from there, else the group."""
    if request.POST.get("depuis") == "mes-groupes":
        return redirect("groups:mine")
    return redirect(group)


# ---------- Public pages ----------


@require_GET
def group_list(request):
    listing = list_page(
        request,
        WorkingGroupFilter,
        WorkingGroup.objects.all(),
        shown=lambda rows: rows.for_list(),
    )
    return render(
        request,
        "directory/groups/list.html",
        listing.context(breadcrumbs=[("Groupes de travail", None)]),
    )


@require_GET
def group_page(request, slug):
    group = get_group(slug, WorkingGroup.objects.prefetch_related("orientations"))
    page = selectors.group_page(group, request.user)
    invited = page.viewer is not None and page.viewer.status == Status.INVITED
    response = render(
        request,
        "directory/groups/detail.html",
        {
            "group": group,
            "page": page,
            "is_member": page.is_member,
            "sections": page.sections,
            "my_organisations": _organisations_of(request.user) if invited else [],
            "breadcrumbs": _breadcrumbs((group.name, None)),
        },
    )
    return _private(response) if request.user.is_authenticated else response


def _organisations_of(user) -> list[Organisation]:
    return list(Organisation.objects.filter(memberships__user=user).order_by("name"))


@require_GET
def news_page(request, slug, pk):
    news = get_visible_news(request, slug, pk)
    response = render(
        request,
        "directory/groups/news.html",
        {
            "news": news,
            "group": news.group,
            "is_lead": news.group.is_lead(request.user),
            "breadcrumbs": _group_trail(news.group, (news.title, None)),
        },
    )
    return response if news.visibility == Visibility.PUBLIC else _private(response)


@require_GET
def news_list(request, slug):
    """Every news item of the group the reader may see, newest first."""
    group = get_group(slug)
    rows = GroupNews.objects.visible_to(request.user).filter(group=group).select_related("group")
    response = render(
        request,
        "directory/groups/news_list.html",
        {
            "group": group,
            "page": Paginator(rows, settings.LIST_PAGE_SIZE).get_page(request.GET.get("page")),
            "is_member": group.is_member(request.user),
            "breadcrumbs": _group_trail(group, ("Nouvelles", None)),
        },
    )
    return _private(response) if request.user.is_authenticated else response


@login_required
@require_GET
def my_groups(request):
    rows = selectors.my_memberships(request.user)
    return _private(
        render(
            request,
            "directory/groups/mine.html",
            {
                "active": rows[Status.ACTIVE],
                "invitations": rows[Status.INVITED],
                "requests": rows[Status.REQUESTED],
                "my_organisations": _organisations_of(request.user) if rows[Status.INVITED] else [],
                "breadcrumbs": _breadcrumbs(("Mes groupes de travail", None)),
            },
        )
    )


# ---------- The reader's steps ----------


@login_required
def join(request, slug):
    group = get_group(slug)
    form = JoinRequestForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        if refusal := _refusal(request):
            return refusal
        try:
            services.request_to_join(
                group=group,
                user=request.user,
                organisation=form.cleaned_data["organisation"],
                message=form.cleaned_data["message"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                "Votre demande est envoyée aux animateurs du groupe : vous recevrez leur "
                "réponse par courriel.",
            )
            return redirect(group)
    return _private(
        render(
            request,
            "directory/groups/join.html",
            {
                "group": group,
                "form": form,
                "membership": group.membership_of(request.user),
                "breadcrumbs": _group_trail(group, ("Demander à rejoindre", None)),
            },
        )
    )


@require_POST
@login_required
def accept_invitation(request, slug):
    group = get_group(slug)
    membership = get_own_membership(request, group, Status.INVITED)
    form = AcceptInvitationForm(request.POST, user=request.user)
    if not form.is_valid():
        messages.error(request, "Choisissez la structure que vous représentez dans le groupe.")
        return _back(request, group)
    try:
        services.accept_invitation(
            membership=membership, user=request.user, organisation=form.cleaned_data["organisation"]
        )
    except ValidationError as error:
        _show_refusal(request, error)
    else:
        messages.success(request, f"Vous avez rejoint le groupe « {group.name} ».")
    return _back(request, group)


@require_POST
@login_required
def decline_invitation(request, slug):
    group = get_group(slug)
    membership = get_own_membership(request, group, Status.INVITED)
    try:
        services.decline_invitation(membership=membership, user=request.user)
    except ValidationError as error:  # answered meanwhile (a second click)
        _show_refusal(request, error)
    else:
        messages.success(request, f"Vous avez décliné l'invitation au groupe « {group.name} ».")
    return _back(request, group)


@require_POST
@login_required
def leave(request, slug):
    group = get_group(slug)
    membership = get_own_membership(request, group, Status.ACTIVE, Status.REQUESTED)
    try:
        services.leave(membership=membership, user=request.user)
    except ValidationError as error:
        _show_refusal(request, error)
    else:
        messages.success(
            request,
            f"Vous avez quitté le groupe « {group.name} »."
            if membership.is_active
            else f"Votre demande pour rejoindre « {group.name} » est retirée.",
        )
    return _back(request, group)


@require_POST
@login_required
def notify(request, slug):
    group = get_group(slug)
    membership = get_own_membership(request, group, Status.ACTIVE)
    form = NotifyForm(request.POST)
    if form.is_valid():
        services.set_notify(
            membership=membership, user=request.user, notify=form.cleaned_data["notify"]
        )
        messages.success(
            request,
            f"Vous recevrez les courriels du groupe « {group.name} »."
            if membership.notify
            else f"Vous ne recevrez plus les courriels du groupe « {group.name} ».",
        )
    else:
        messages.error(request, "Choisissez de recevoir ou non les courriels du groupe.")
    return _back(request, group)


# ---------- The leads' pages ----------


@login_required
def members(request, slug):
    """Requests to decide, members and their roles, invitations; the page's form
    invites an agent."""
    group = get_led_group(request, slug)
    form = InvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if refusal := _refusal(request):
            return refusal
        try:
            membership = services.invite(
                group=group,
                email=form.cleaned_data["email"],
                message=form.cleaned_data["message"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, f"Invitation envoyée à {membership.user.email}.")
            return redirect("groups:members", slug=slug)
    rows = selectors.managed_memberships(group)
    return _private(
        render(
            request,
            "directory/groups/members.html",
            {
                "group": group,
                "requests": rows[Status.REQUESTED],
                "active": rows[Status.ACTIVE],
                "invitations": rows[Status.INVITED],
                "roles": GroupMembership.Role.choices,
                "form": form,
                "breadcrumbs": _group_trail(group, ("Membres", None)),
            },
        )
    )


def _manage(request, slug, pk, action, done: str):
    """A lead's step on a row of the group (404 for a row of another group); its
    refusal, in French, is shown on the members page."""
    group = get_led_group(request, slug)
    membership = get_group_membership(group, pk)
    try:
        action(membership=membership, by=request.user)
    except ValidationError as error:
        _show_refusal(request, error)
    else:
        messages.success(request, done.format(name=membership.public_name))
    return redirect("groups:members", slug=slug)


@require_POST
@login_required
def approve(request, slug, pk):
    return _manage(request, slug, pk, services.approve_request, "{name} a rejoint le groupe.")


@require_POST
@login_required
def decline(request, slug, pk):
    return _manage(request, slug, pk, services.decline_request, "Demande de {name} refusée.")


@require_POST
@login_required
def remove(request, slug, pk):
    return _manage(
        request, slug, pk, services.remove_member, "{name} ne fait plus partie du groupe."
    )


@require_POST
@login_required
def role(request, slug, pk):
    if request.POST.get("role") == GroupMembership.Role.LEAD:
        return _manage(request, slug, pk, services.make_lead, "{name} anime désormais le groupe.")
    if request.POST.get("role") == GroupMembership.Role.MEMBER:
        return _manage(request, slug, pk, services.remove_lead, "{name} est désormais membre.")
    get_led_group(request, slug)
    messages.error(request, "Choisissez un rôle de la liste.")
    return redirect("groups:members", slug=slug)


@login_required
def news_create(request, slug):
    group = get_led_group(request, slug)
    form = NewsForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            news = services.post_news(group=group, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "La nouvelle est publiée.")
            return redirect(news)
    return _news_form(request, group, form, title="Publier une nouvelle")


@login_required
def news_edit(request, slug, pk):
    group = get_led_group(request, slug)
    news = get_editable_news(group, pk)
    form = NewsForm.of(news, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.edit_news(news=news, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, "La nouvelle est enregistrée.")
            return redirect(news)
    return _news_form(request, group, form, title="Modifier la nouvelle", news=news)


def _news_form(request, group, form, *, title: str, news=None):
    return _private(
        render(
            request,
            "directory/groups/news_form.html",
            {
                "group": group,
                "form": form,
                "news": news,
                "title": title,
                "breadcrumbs": _group_trail(group, (title, None)),
            },
        )
    )


@require_POST
@login_required
def news_delete(request, slug, pk):
    group = get_led_group(request, slug)
    news = get_editable_news(group, pk)
    services.delete_news(news=news, by=request.user)
    messages.success(request, f"La nouvelle « {news.title} » est supprimée.")
    return redirect(group)
