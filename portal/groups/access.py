"""Who may put an item (a meeting, a document) in a working group: its active
members (curators, any group). Checked by the forms (the choices offered) and again
by the services, whatever the caller."""

from django.core.exceptions import ValidationError

from directory.models import Visibility, WorkingGroup

NOT_A_MEMBER = "Choisissez un groupe de travail dont vous êtes membre."
MEMBERS_ONLY_WITHOUT_GROUP = (
    "Seul un contenu de groupe de travail peut être réservé à ses membres : choisissez "
    "d'abord le groupe."
)


def groups_of(user, *, current_id: int | None = None):
    """The groups the person may choose: those they are an active member of (every
    group for staff), and the item's current group, kept as it is."""
    if user.is_authenticated and user.is_staff:
        return WorkingGroup.objects.only("slug", "name")
    rows = WorkingGroup.objects.of_member(user)
    if current_id is not None:
        rows = rows | WorkingGroup.objects.filter(pk=current_id)
    return rows.only("slug", "name").order_by("name")


def check_group_choice(*, working_group, visibility: str, by, current_id: int | None) -> None:
    """A French ``ValidationError`` when ``by`` may not put the item in this group
    (not an active member, and not its current group kept public), or makes it
    members-only without a group."""
    if visibility == Visibility.MEMBERS and working_group is None:
        raise ValidationError({"visibility": MEMBERS_ONLY_WITHOUT_GROUP})
    if working_group is None:
        return
    # Keeping the item's group as it is needs no membership, unless the item becomes
    # members-only: only the group's members may hide an item from everyone else.
    if working_group.pk == current_id and visibility != Visibility.MEMBERS:
        return
    if not groups_of(by).filter(pk=working_group.pk).exists():
        raise ValidationError({"working_group": NOT_A_MEMBER})
