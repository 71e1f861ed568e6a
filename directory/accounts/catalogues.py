"""The account's part of a person's data: the first part of the download."""

from scoran.lib.catalogues import PERSONAL_DATA, OnDelete, PersonalData, isoformat


def _account(user) -> dict:
    return {
        "adresse_electronique": user.email,
        "prenom": user.first_name,
        "nom": user.last_name,
        "inscrit_le": isoformat(user.date_joined),
        "derniere_connexion": isoformat(user.last_login),
        "equipe_d_animation": user.is_staff,
    }


ACCOUNT = PersonalData(
    key="compte",
    fields={"directory.User.email": OnDelete.ERASE},
    export=_account,
    order=0,
)


def register() -> None:
    PERSONAL_DATA.register(ACCOUNT.key, ACCOUNT)
