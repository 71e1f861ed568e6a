"""Accounts: sign-in and its throttling, passwords, my account, my data, deletion,
invitations."""

import json
import re

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.urls import reverse

from directory.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationChange,
    User,
)
from directory.organisations import services
from scoran.lib import throttling
from tests.directory.factories import (
    PASSWORD,
    isolated_cache,
    make_agent,
    make_organisation,
    make_project,
    make_user,
)

pytestmark = pytest.mark.django_db

TOWN_HALL_IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def own_cache(settings):
    isolated_cache(settings)


def sign_in(client, email, password, ip=TOWN_HALL_IP):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


# ---------- Sign-in ----------


def test_sign_in_by_email_leads_to_my_account_and_the_header_changes(client):
    make_user("agent@example.fr")
    page = client.get(reverse("portal:home")).content.decode()
    assert f'href="{reverse("accounts:login")}"' in page
    response = sign_in(client, "Agent@Example.fr", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
    page = client.get(reverse("portal:home")).content.decode()
    assert "Mon compte" in page
    assert f'action="{reverse("accounts:logout")}"' in page


def test_a_wrong_password_is_refused_in_french(client):
    make_user("agent@example.fr")
    response = sign_in(client, "agent@example.fr", "mauvais-mot-de-passe")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()


def test_sign_out_is_a_post(client):
    user = make_user("agent@example.fr")
    client.force_login(user)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 302


def test_a_username_is_locked_after_five_failures_even_with_the_right_password(client, settings):
    make_user("agent@example.fr")
    for _ in range(settings.LOGIN_FAILURES_PER_USERNAME):
        sign_in(client, "agent@example.fr", "mauvais")
    response = sign_in(client, " AGENT@example.fr ", PASSWORD)
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_message_does_not_tell_whether_the_account_exists(client, settings):
    make_user("agent@example.fr")
    messages = []
    for email in ("agent@example.fr", "personne@example.fr"):
        for _ in range(settings.LOGIN_FAILURES_PER_USERNAME + 1):
            response = sign_in(client, email, "mauvais")
        messages.append(re.findall(r'role="alert">(.*?)</div>', response.content.decode(), re.S))
    assert messages[0] == messages[1]
    assert "Trop de tentatives" in messages[0][0]


def test_a_locked_username_does_not_lock_colleagues_behind_the_same_town_hall_ip(client, settings):
    make_user("agent@example.fr")
    make_user("collegue@example.fr")
    for _ in range(settings.LOGIN_FAILURES_PER_USERNAME + 3):
        sign_in(client, "agent@example.fr", "mauvais")
    assert sign_in(client, "collegue@example.fr", PASSWORD).status_code == 302


def test_the_address_is_locked_after_many_failures_on_many_usernames(client, settings):
    settings.LOGIN_FAILURES_PER_IP = 8
    make_user("collegue@example.fr")
    for number in range(8):
        sign_in(client, f"essai{number}@example.fr", "mauvais")
    assert sign_in(client, "collegue@example.fr", PASSWORD).status_code == 200
    # From another address, the same person signs in.
    assert sign_in(client, "collegue@example.fr", PASSWORD, ip="198.51.100.1").status_code == 302


def test_a_success_clears_the_username_failures_but_the_window_counts_them(settings):
    throttling_args = {"username": "agent@example.fr", "ip": TOWN_HALL_IP}
    for _ in range(settings.LOGIN_FAILURES_PER_USERNAME - 1):
        throttling.record_failure(**throttling_args)
    assert not throttling.is_locked(**throttling_args)
    throttling.record_failure(**throttling_args)
    assert throttling.is_locked(**throttling_args)
    throttling.record_success(username="Agent@example.fr")
    assert not throttling.is_locked(**throttling_args)


def test_failures_expire_with_their_window(settings):
    from django.core.cache import cache

    throttling_args = {"username": "agent@example.fr", "ip": TOWN_HALL_IP}
    for _ in range(settings.LOGIN_FAILURES_PER_USERNAME):
        throttling.record_failure(**throttling_args)
    key = cache.make_and_validate_key(throttling._failures_key("username", "agent@example.fr"))
    ttl = cache._cache.get_client(key).ttl(key)  # the real Redis of the test settings
    assert 0 < ttl <= settings.LOGIN_FAILURE_WINDOW


def test_the_admin_sign_in_is_throttled_too(client, settings):
    User.objects.create_superuser(email="curatrice@example.fr", password=PASSWORD)
    url = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURES_PER_USERNAME):
        client.post(url, {"username": "curatrice@example.fr", "password": "x"})
    response = client.post(url, {"username": "curatrice@example.fr", "password": PASSWORD})
    assert response.status_code == 200
    assert "Trop de tentatives" in response.content.decode()


def test_behind_the_proxy_the_client_address_is_the_last_forwarded_one(rf, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    request = rf.get("/", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.7", REMOTE_ADDR="172.18.0.2")
    assert throttling.client_ip(request) == "203.0.113.7"
    settings.TRUST_X_FORWARDED_FOR = False
    assert throttling.client_ip(request) == "172.18.0.2"


# ---------- Sign-up ----------

NEW_ACCOUNT = {
    "email": "Nouvelle.Agente@Example.fr",
    "first_name": "Nadia",
    "last_name": "Martin",
    "password1": "velo-prairie-lanterne-7",
    "password2": "velo-prairie-lanterne-7",
}


def sign_up(client, data=None, ip=TOWN_HALL_IP, capture=None):
    url = reverse("accounts:sign_up")
    if capture is None:
        return client.post(url, data or NEW_ACCOUNT, REMOTE_ADDR=ip)
    with capture(execute=True):
        return client.post(url, data or NEW_ACCOUNT, REMOTE_ADDR=ip)


def activation_path(message) -> str:
    return re.search(r"/compte/activer/\S+/\S+/", message.body).group(0)


def test_sign_up_creates_an_inactive_account_activated_once_by_its_emailed_link(
    client, django_capture_on_commit_callbacks
):
    response = sign_up(client, capture=django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("accounts:sign_up_done")
    user = User.objects.get(email="nouvelle.agente@example.fr")
    assert (user.is_active, user.first_name, user.last_name) == (False, "Nadia", "Martin")
    assert not client.login(username=user.email, password=NEW_ACCOUNT["password1"])
    (message,) = mail.outbox
    assert message.to == ["nouvelle.agente@example.fr"]
    assert message.subject == "[SCORAN BFC] Activez votre compte sur l'espace SCORAN BFC"

    activated = client.get(activation_path(message))
    assert activated["Location"] == reverse("accounts:account")
    user.refresh_from_db()
    assert user.is_active
    assert "Votre compte est activé" in client.get(activated["Location"]).content.decode()

    client.logout()
    again = client.get(activation_path(message))
    assert again.status_code == 400
    assert "Ce lien a déjà servi" in again.content.decode()


def test_an_activation_link_never_reactivates_a_deactivated_account_nor_takes_a_reset_token(
    client,
):
    """Activation has its own tokens, for accounts never activated: a password-reset
    link (same user, same moment) does not activate, and an account an administrator
    deactivated after it was used stays deactivated."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils import timezone
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from directory.accounts.services import ACTIVATION_TOKENS

    pending = make_user("en-attente@example.fr", is_active=False)
    uid = urlsafe_base64_encode(force_bytes(pending.pk))
    reset_token = default_token_generator.make_token(pending)
    path = reverse("accounts:activate", args=[uid, reset_token])
    assert client.get(path).status_code == 400
    pending.refresh_from_db()
    assert not pending.is_active

    deactivated = make_user("parti@example.fr", is_active=False)
    deactivated.last_login = timezone.now()
    deactivated.save(update_fields=["last_login"])
    uid = urlsafe_base64_encode(force_bytes(deactivated.pk))
    token = ACTIVATION_TOKENS.make_token(deactivated)
    assert client.get(reverse("accounts:activate", args=[uid, token])).status_code == 400
    deactivated.refresh_from_db()
    assert not deactivated.is_active


def test_sign_up_for_an_address_with_an_account_tells_only_its_owner(
    client, django_capture_on_commit_callbacks
):
    existing = make_user("nouvelle.agente@example.fr")
    response = sign_up(client, capture=django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("accounts:sign_up_done")  # the same page
    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.check_password(PASSWORD)  # unchanged
    (message,) = mail.outbox
    assert message.subject == "[SCORAN BFC] Vous avez déjà un compte sur l'espace SCORAN BFC"
    assert reverse("accounts:password_reset") in message.body


def test_signing_up_again_before_activation_keeps_the_first_registration_and_resends_its_link(
    client, django_capture_on_commit_callbacks
):
    """Someone else signing up with the address cancels nothing and sets no password."""
    sign_up(client, capture=django_capture_on_commit_callbacks)
    first = User.objects.get()
    again = {**NEW_ACCOUNT, "first_name": "Intrus", "password1": "autre-prairie-lanterne-8"}
    again["password2"] = again["password1"]
    assert sign_up(client, again, capture=django_capture_on_commit_callbacks)["Location"] == (
        reverse("accounts:sign_up_done")
    )
    user = User.objects.get()
    assert (user.pk, user.first_name, user.password) == (first.pk, "Nadia", first.password)
    assert not user.is_active
    resent = mail.outbox[1]
    assert resent.to == ["nouvelle.agente@example.fr"]
    assert resent.subject == "[SCORAN BFC] Activez votre compte sur l'espace SCORAN BFC"
    assert "celui choisi lors de cette première demande" in resent.body
    assert client.get(activation_path(resent)).status_code == 302
    client.logout()
    assert client.login(username=user.email, password=NEW_ACCOUNT["password1"])
    assert not client.login(username=user.email, password="autre-prairie-lanterne-8")


def test_the_first_link_still_works_after_a_second_sign_up(
    client, django_capture_on_commit_callbacks
):
    sign_up(client, capture=django_capture_on_commit_callbacks)
    sign_up(client, capture=django_capture_on_commit_callbacks)
    assert User.objects.count() == 1
    assert client.get(activation_path(mail.outbox[0])).status_code == 302


def test_a_registration_past_its_activation_days_is_replaced_by_a_new_sign_up(
    client, settings, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    sign_up(client, capture=django_capture_on_commit_callbacks)
    old = User.objects.get()
    past = timezone.now() - timezone.timedelta(days=settings.ACCOUNT_ACTIVATION_DAYS + 1)
    User.objects.filter(pk=old.pk).update(date_joined=past)
    again = {**NEW_ACCOUNT, "password1": "autre-prairie-lanterne-8"}
    again["password2"] = again["password1"]
    sign_up(client, again, capture=django_capture_on_commit_callbacks)
    user = User.objects.get()
    assert user.pk != old.pk
    assert user.check_password("autre-prairie-lanterne-8")
    assert mail.outbox[-1].subject == "[SCORAN BFC] Activez votre compte sur l'espace SCORAN BFC"


class CountingHasher(MD5PasswordHasher):
    """The test's hasher: counts the passwords it hashes."""

    algorithm = "counting_md5"
    calls = 0

    def encode(self, password, salt):
        CountingHasher.calls += 1
        return super().encode(password, salt)


@pytest.mark.parametrize("existing", [None, "active", "pending"])
def test_sign_up_hashes_the_password_once_whether_or_not_the_address_has_an_account(
    client, settings, existing
):
    """The same work on every path, so that the answer's timing does not tell which
    addresses have accounts."""
    if existing:
        make_user("nouvelle.agente@example.fr", is_active=existing == "active")
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    CountingHasher.calls = 0
    assert sign_up(client)["Location"] == reverse("accounts:sign_up_done")
    assert CountingHasher.calls == 1


@pytest.mark.parametrize(
    ("change", "field", "error"),
    [
        ({"email": "pas-une-adresse"}, "email", "Saisissez une adresse électronique valide"),
        ({"password2": "autre-chose-encore-9"}, "password2", "Les deux mots de passe"),
        ({"password1": "court", "password2": "court"}, "password2", "trop court"),
    ],
)
def test_a_bad_sign_up_is_refused_next_to_its_field_and_creates_nothing(
    client, change, field, error
):
    response = sign_up(client, {**NEW_ACCOUNT, **change})
    assert response.status_code == 200
    html = response.content.decode()
    assert error in html
    assert f'id="id_{field}_error"' in html
    assert User.objects.count() == 0
    assert mail.outbox == []


def test_sign_ups_are_throttled_per_client_address(client, settings):
    settings.SIGN_UPS_PER_IP = 2
    for number in range(2):
        assert sign_up(client, {**NEW_ACCOUNT, "email": f"a{number}@example.fr"}).status_code == 302
    refused = sign_up(client, {**NEW_ACCOUNT, "email": "a3@example.fr"})
    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.content.decode()
    assert not User.objects.filter(email="a3@example.fr").exists()
    other = sign_up(client, {**NEW_ACCOUNT, "email": "a4@example.fr"}, ip="198.51.100.4")
    assert other.status_code == 302


def test_the_sign_in_page_links_to_sign_up(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert f'href="{reverse("accounts:sign_up")}"' in page


def test_unactivated_accounts_are_purged_after_the_activation_days(settings):
    from django.utils import timezone

    settings.ACCOUNT_ACTIVATION_DAYS = 7
    old = timezone.now() - timezone.timedelta(days=8)
    stale = make_user("jamais-active@example.fr", is_active=False, date_joined=old)
    recent = make_user("recent@example.fr", is_active=False)
    deactivated = make_user("desactive@example.fr", is_active=False, date_joined=old)
    deactivated.last_login = old
    deactivated.save()
    member = make_agent("membre-inactif@example.fr", make_organisation())
    User.objects.filter(pk=member.pk).update(is_active=False, date_joined=old)
    staff = make_user("equipe@example.fr", is_active=False, is_staff=True, date_joined=old)
    active = make_user("actif@example.fr", date_joined=old)

    from directory.accounts.tasks import purge_unactivated_accounts

    assert purge_unactivated_accounts() == 1
    assert not User.objects.filter(pk=stale.pk).exists()
    kept = {recent.pk, deactivated.pk, member.pk, staff.pk, active.pk}
    assert set(User.objects.values_list("pk", flat=True)) == kept


def test_the_purge_is_scheduled_daily_for_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["purge-unactivated-accounts"]
    from scoran.celery import app

    app.loader.import_default_modules()
    assert entry["task"] in app.tasks
    assert entry["schedule"].hour == {3}


# ---------- Passwords ----------


def test_password_reset_by_email_sets_a_strong_new_password(
    client, django_capture_on_commit_callbacks
):
    make_user("agent@example.fr")
    response = client.post(reverse("accounts:password_reset"), {"email": "agent@example.fr"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/compte/mot-de-passe/nouveau/\S+/", mail.outbox[0].body).group(0)
    path = link.split("8000", 1)[1] if ":8000" in link else link.split("testserver", 1)[1]
    page = client.get(path, follow=True)
    form_url = page.redirect_chain[-1][0]
    weak = client.post(form_url, {"new_password1": "court", "new_password2": "court"})
    html = weak.content.decode()
    assert "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères." in html
    assert 'aria-invalid="true"' in html
    done = client.post(
        form_url, {"new_password1": "nouveau-cheval-2025", "new_password2": "nouveau-cheval-2025"}
    )
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert client.login(username="agent@example.fr", password="nouveau-cheval-2025")


def test_password_reset_says_the_same_for_an_unknown_address(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "inconnu@example.fr"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_password_reset_emails_are_capped_per_address_without_telling(client, settings):
    settings.PASSWORD_RESETS_PER_EMAIL = 2
    make_user("agent@example.fr")
    for number in range(3):
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": "Agent@example.fr"},
            REMOTE_ADDR=f"198.51.100.{number}",
        )
        assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 2


def test_password_reset_requests_are_capped_per_client_address(client, settings):
    settings.PASSWORD_RESETS_PER_IP = 2
    for number in range(2):
        client.post(reverse("accounts:password_reset"), {"email": f"x{number}@example.fr"})
    refused = client.post(reverse("accounts:password_reset"), {"email": "x3@example.fr"})
    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.content.decode()
    other = client.post(
        reverse("accounts:password_reset"), {"email": "x4@example.fr"}, REMOTE_ADDR="198.51.100.9"
    )
    assert other.status_code == 302


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("Abc-123", "trop court"),
        ("qwerty123456", "trop courant"),
        ("482910375610", "entièrement numérique"),
        ("agent.dupont@example.fr", "trop semblable"),
    ],
)
def test_password_rules_are_djangos_four_with_twelve_characters(password, message):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    user = User(email="agent.dupont@example.fr")
    with pytest.raises(ValidationError) as error:
        validate_password(password, user)
    assert any(message in text for text in error.value.messages)


# ---------- My account, my data, deletion ----------


def test_my_account_lists_my_organisations_and_pending_requests(client, django_assert_num_queries):
    mine = make_organisation("Syndicat A")
    other = make_organisation("Tiers-lieu B")
    user = make_agent("agent@example.fr", mine, Membership.Role.ADMIN)
    JoinRequest.objects.create(user=user, organisation=other)
    client.force_login(user)
    with django_assert_num_queries(4):  # session, user, memberships, requests
        html = client.get(reverse("accounts:account")).content.decode()
    assert "Syndicat A" in html and "Administrateur de la structure" in html
    assert reverse("directory:members", args=[mine.slug]) in html
    assert "Mes demandes en attente" in html and "Tiers-lieu B" in html


def test_my_account_leads_agents_to_each_kind_they_propose(client):
    """Projects, resources, aides, events, watch items, working groups and
    interconnection requests: each feature's space (the agents' spaces catalogue), for
    members of an organisation only."""
    user = make_agent("agent@example.fr", make_organisation("Syndicat A"))
    client.force_login(user)
    html = client.get(reverse("accounts:account")).content.decode()
    headings = re.findall(r'<h2 id="espace-[a-z]+" class="section__title">([^<]+)</h2>', html)
    assert headings == [
        "Mes projets",
        "Mes ressources",
        "Mes aides",
        "Mes évènements",
        "Mes propositions de veille",
        "Mes groupes de travail",
        "Mes demandes d&#x27;interconnexion",
    ]
    for name in (
        "project_agents:mine",
        "project_agents:create",
        "resource_agents:mine",
        "resource_agents:create",
        "funding_agents:list",
        "funding_agents:create",
        "agenda_agents:list",
        "agenda_agents:create",
        "watch_agents:list",
        "watch_agents:create",
        "groups:mine",
        "groups:list",
        "interconnection:mine",
        "interconnection:create",
    ):
        assert f'href="{reverse(name)}"' in html, name
    client.force_login(make_user("seul@example.fr"))
    assert "espace-" not in client.get(reverse("accounts:account")).content.decode()


def test_personal_data_download_holds_what_the_portal_knows(client):
    organisation = make_organisation("Syndicat A")
    user = make_agent("agent@example.fr", organisation, Membership.Role.ADMIN)
    user.first_name, user.last_name = "Camille", "Martin"
    user.save()
    services.invite(organisation=organisation, email="nouveau@example.fr", role="member", by=user)
    services.update_organisation_profile(
        organisation=organisation, by=user, values={"website": "https://example.fr"}
    )
    JoinRequest.objects.create(
        user=user, organisation=make_organisation("B"), message="Je suis chargée de mission"
    )
    make_project(organisation, by=user, title="Fibre des écoles")
    client.force_login(user)
    response = client.get(reverse("accounts:personal_data"))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="mes-donnees-scoran-')
    data = json.loads(response.content)
    assert data["compte"]["adresse_electronique"] == "agent@example.fr"
    assert data["compte"]["prenom"] == "Camille"
    assert data["structures"][0]["structure"] == "Syndicat A"
    assert data["structures"][0]["role"] == "Administrateur de la structure"
    assert data["demandes_d_adhesion"][0]["message"] == "Je suis chargée de mission"
    assert data["invitations_envoyees"][0]["structure"] == "Syndicat A"
    assert "nouveau@example.fr" not in response.content.decode()  # someone else's address
    assert data["modifications_de_structures"][0]["champs"] == ["website"]
    assert data["etapes_de_projets"] == [
        {
            "projet": "Fibre des écoles",
            "etape": "Brouillon créé",
            "le": data["etapes_de_projets"][0]["le"],
            "message": "",
        }
    ]


def test_deleting_my_account_needs_my_password_and_keeps_the_organisations_content(client):
    organisation = make_organisation("Syndicat A")
    user = make_agent("agent@example.fr", organisation, Membership.Role.ADMIN)
    services.update_organisation_profile(
        organisation=organisation, by=user, values={"description": "Nouvelle présentation"}
    )
    services.invite(organisation=organisation, email="nouveau@example.fr", role="member", by=user)
    Invitation.objects.create(
        organisation=make_organisation("B"),
        email="agent@example.fr",
        token_hash="x" * 64,
        expires_at="2100-01-01T00:00Z",
    )
    client.force_login(user)

    wrong = client.post(reverse("accounts:delete"), {"password": "pas-le-bon"})
    html = wrong.content.decode()
    assert "Ce mot de passe n&#x27;est pas le bon." in html
    assert 'id="id_password_error"' in html
    assert 'aria-describedby="id_password_helptext id_password_error"' in html
    assert User.objects.filter(email="agent@example.fr").exists()

    response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response["Location"] == reverse("portal:home")
    assert not User.objects.filter(email="agent@example.fr").exists()
    assert "_auth_user_id" not in client.session
    organisation.refresh_from_db()
    assert organisation.description == "Nouvelle présentation"
    change = OrganisationChange.objects.get(organisation=organisation)
    assert change.user is None
    assert change.changes["description"][1] == "Nouvelle présentation"
    assert "agent@example.fr" not in json.dumps(change.changes)
    assert not Membership.objects.filter(organisation=organisation).exists()
    sent = Invitation.objects.get(email="nouveau@example.fr")
    assert sent.invited_by is None
    assert not Invitation.objects.filter(email="agent@example.fr").exists()
    assert Organisation.objects.filter(pk=organisation.pk).exists()


# ---------- Invitations ----------


def invitation_link(outbox_message) -> str:
    return re.search(r"/compte/invitation/[\w-]+/", outbox_message.body).group(0)


def test_an_invited_person_without_account_creates_it_and_joins(
    client, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Syndicat A")
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(
            organisation=organisation, email="Nouveau@Example.fr", role="member", by=admin
        )
    assert mail.outbox[0].to == ["nouveau@example.fr"]
    assert "Syndicat A" in mail.outbox[0].subject
    url = invitation_link(mail.outbox[0])
    invitation = Invitation.objects.get()
    assert url.rstrip("/").rsplit("/", 1)[1] not in invitation.token_hash  # only the hash kept

    page = client.get(url).content.decode()
    assert "Créez votre compte" in page
    weak = client.post(url, {"password1": "court", "password2": "court"})
    assert "trop court" in weak.content.decode()
    assert not User.objects.filter(email="nouveau@example.fr").exists()  # nothing half-saved

    strong = "une-phrase-de-passe-solide"
    response = client.post(url, {"first_name": "Léa", "password1": strong, "password2": strong})
    assert response["Location"] == organisation.get_absolute_url()
    user = User.objects.get(email="nouveau@example.fr")
    assert user.first_name == "Léa"
    assert Membership.objects.get(user=user).organisation == organisation
    assert client.get(reverse("accounts:account")).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert "déjà été acceptée" in client.get(url).content.decode()


def test_an_invited_person_with_an_account_signs_in_then_accepts(client):
    organisation = make_organisation()
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    make_user("existant@example.fr")
    services.invite(organisation=organisation, email="existant@example.fr", role="admin", by=admin)
    url = invitation_link(mail.outbox[0]) if mail.outbox else None
    assert url is None  # the e-mail leaves only after the commit
    invitation = Invitation.objects.get()
    token = "jeton-de-test"
    invitation.token_hash = services.hash_token(token)
    invitation.save()
    url = reverse("accounts:invitation", args=[token])
    assert "connectez-vous" in client.get(url).content.decode()
    other = make_user("autre@example.fr")
    client.force_login(other)
    assert "Déconnectez-vous" in client.get(url).content.decode()
    assert client.post(url).status_code == 200
    assert not Membership.objects.filter(user=other).exists()
    client.force_login(User.objects.get(email="existant@example.fr"))
    assert client.post(url)["Location"] == organisation.get_absolute_url()
    assert Membership.objects.get(user__email="existant@example.fr").role == "admin"


def test_an_expired_or_unknown_invitation_is_refused(client):
    organisation = make_organisation()
    Invitation.objects.create(
        organisation=organisation,
        email="tard@example.fr",
        token_hash=services.hash_token("vieux"),
        expires_at="2000-01-01T00:00Z",
    )
    html = client.get(reverse("accounts:invitation", args=["vieux"])).content.decode()
    assert "Cette invitation a expiré" in html
    assert client.get(reverse("accounts:invitation", args=["inconnu"])).status_code == 404


def test_the_privacy_page_states_how_long_unactivated_accounts_are_kept(client, settings):
    settings.ACCOUNT_ACTIVATION_DAYS = 9
    page = client.get(reverse("portal:privacy")).content.decode()
    assert re.search(r"jamais activé est supprimé automatiquement au bout de\s+9 jours", page)
