"""Publication of organisations, through ``scoran.lib.moderation``: curators publish
an organisation in the directory and unpublish it, each decision kept in its
history and told to its members by e-mail."""

from django.conf import settings

from scoran.lib.moderation import Mail, Step, Workflow, publication_transitions

from ..models import Organisation, OrganisationEvent, User

CURATORS = "directory.change_organisation"


def members(organisation: Organisation) -> list[str]:
    """The addresses of the organisation's members (its agents)."""
    return sorted(
        set(
            User.objects.filter(is_active=True, memberships__organisation=organisation)
            .exclude(email="")
            .values_list("email", flat=True)
        )
    )


class OrganisationWorkflow(Workflow):
    def mail_context(self, step: Step) -> dict:
        # Members follow the link to their organisation's page, not to the admin.
        page = settings.SITE_URL + step.subject.get_absolute_url()
        return {**super().mail_context(step), "url": page}


WORKFLOW = OrganisationWorkflow(
    model=Organisation,
    history=OrganisationEvent,
    history_object="organisation",
    transitions=publication_transitions(
        permission=CURATORS,
        feminine=True,
        selected="les structures sélectionnées",
        mails={
            "publish": Mail("directory/emails/organisation_published.txt", to=members),
            "unpublish": Mail("directory/emails/organisation_unpublished.txt", to=members),
        },
    ),
)
