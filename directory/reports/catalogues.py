"""The error reports' part of a person's data: the reports sent with their e-mail
address (an address typed in a form, not a link to an account: found by its value;
kept only until the report is treated or rejected), and those a curator closed."""

from scoran.lib.catalogues import PERSONAL_DATA, OnDelete, PersonalData, isoformat

from ..models import ErrorReport


def _row(report: ErrorReport) -> dict:
    return {
        "element": report.object_title,
        "message": report.message,
        "envoye_le": isoformat(report.created_at),
        "etat": report.get_status_display(),
    }


def _reports(user) -> dict:
    return {
        "envoyes": [_row(r) for r in ErrorReport.objects.filter(email__iexact=user.email)],
        "clos": [
            {**_row(r), "clos_le": isoformat(r.treated_at)}
            for r in ErrorReport.objects.filter(treated_by=user)
        ],
    }


def _forget_reports_address(user) -> None:
    """The reports stay for the curators, without the sender's address."""
    ErrorReport.objects.filter(email__iexact=user.email).update(email="")


PERSONAL = PersonalData(
    key="signalements_d_erreurs",
    fields={
        "directory.ErrorReport.email": OnDelete.DETACH,
        # The decision stays, without the curator.
        "directory.ErrorReport.treated_by": OnDelete.DETACH,
    },
    export=_reports,
    erase=_forget_reports_address,
)


def register() -> None:
    PERSONAL_DATA.register(PERSONAL.key, PERSONAL)
