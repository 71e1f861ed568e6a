"""Working groups: scaffolding of the pages (the group, its news, one's groups),
completed by the groups feature."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from ..models import GroupMembership, GroupNews, WorkingGroup
from .sections import filled_sections


@require_GET
def group_page(request, slug):
    group = get_object_or_404(WorkingGroup, slug=slug)
    is_member = group.is_member(request.user)
    return render(
        request,
        "directory/groups/detail.html",
        {
            "group": group,
            "is_member": is_member,
            "sections": filled_sections(group, request.user, is_member=is_member),
        },
    )


@require_GET
def news_page(request, slug, pk):
    news = get_object_or_404(
        GroupNews.objects.visible_to(request.user).select_related("group"),
        group__slug=slug,
        pk=pk,
    )
    return render(request, "directory/groups/news.html", {"news": news, "group": news.group})


@login_required
@require_GET
def my_groups(request):
    memberships = GroupMembership.objects.filter(user=request.user).select_related("group")
    return render(request, "directory/groups/mine.html", {"memberships": memberships})
