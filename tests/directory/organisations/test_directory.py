"""The directory of organisations: public pages, profile editing and its log,
members and invitations, join requests, logos, the page's extension point."""

import os
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from directory.models import (
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationChange,
    User,
)
from directory.organisations import services
from directory.organisations.sections import (
    ORGANISATION_SECTIONS,
    OrganisationSection,
    register_section,
)
from strategy.models import Orientation
from tests.conftest import h1_texts
from tests.directory.factories import (
    image_upload,
    make_agent,
    make_organisation,
    make_user,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def profile_data(organisation, **changes):
    data = {
        "name": organisation.name,
        "kind": organisation.kind,
        "siren": organisation.siren,
        "siret": organisation.siret,
        "address": organisation.address,
        "commune": organisation.commune_id or "",
        "website": organisation.website,
        "description": organisation.description,
        "themes": list(organisation.themes.values_list("pk", flat=True)),
        "contact_email": organisation.contact_email,
    }
    data.update(changes)
    return data


# ---------- Public list and page ----------


def test_directory_lists_published_organisations_with_filters(client, small_region):
    dijon = make_organisation(
        "Syndicat numérique", commune_id="21231", themes=[Orientation.objects.get(number=1)]
    )
    make_organisation("Tiers-lieu de Besançon", kind="third_place", commune_id="25056")
    make_organisation("Brouillon caché", is_published=False)
    url = reverse("directory:list")
    html = client.get(url).content.decode()
    assert h1_texts(html) == ["Annuaire des acteurs"]
    assert "Syndicat numérique" in html and "Tiers-lieu de Besançon" in html
    assert "Brouillon caché" not in html

    def names(**params):
        page = client.get(url, params).content.decode()
        return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', page)

    assert names(kind="third_place") == ["Tiers-lieu de Besançon"]
    assert names(departement="21") == ["Syndicat numérique"]
    assert names(orientation=1) == ["Syndicat numérique"]
    assert names(q="besançon") == ["Tiers-lieu de Besançon"]  # commune or name
    assert names(q="numérique syndicat") == ["Syndicat numérique"]  # every word
    assert names(q="dijon") == [dijon.name]
    bad = client.get(url, {"kind": "planete"}).content.decode()
    assert "Certains filtres sont incorrects" in bad
    assert 'aria-invalid="true"' in bad and 'id="id_kind_error"' in bad


def test_directory_list_runs_the_same_queries_for_one_or_thirty_organisations(
    client, small_region, django_assert_num_queries
):
    themes = list(Orientation.objects.filter(number__in=[1, 2]))
    make_organisation("Première", commune_id="21231", themes=themes)
    url = reverse("directory:list")
    # count, rows, themes; departments and orientations of the filter form
    with django_assert_num_queries(5):
        client.get(url)
    for number in range(30):
        make_organisation(f"Structure {number:02}", commune_id="25056", themes=themes)
    with django_assert_num_queries(5):
        html = client.get(url).content.decode()
    assert "31 structures" in html
    assert 'rel="next"' in html


def test_organisation_page_shows_its_profile_in_constant_queries(
    client, small_region, django_assert_num_queries
):
    organisation = make_organisation(
        "Syndicat numérique",
        commune_id="21231",
        address="1 rue de la Fibre",
        website="https://syndicat.example.fr",
        contact_email="contact@syndicat.example.fr",
        description="Nous **déployons** la fibre.",
        siren="732829320",
        themes=list(Orientation.objects.filter(number__in=[1, 3, 5])),
    )
    # The organisation with its commune, its themes, its projects, the places of its SIREN,
    # its working groups, its resources, its aides, its events, its data centres.
    with django_assert_num_queries(9):
        response = client.get(organisation.get_absolute_url())
    html = response.content.decode()
    assert h1_texts(html) == ["Syndicat numérique"]
    assert "<strong>déployons</strong>" in html
    assert "mailto:contact@syndicat.example.fr" in html
    assert "1 rue de la Fibre" in html and "Dijon" in html
    assert Orientation.objects.get(number=5).get_absolute_url() in html
    assert "Modifier la fiche" not in html


def test_a_draft_is_seen_only_by_its_agents_and_curators(client):
    draft = make_organisation("Brouillon", is_published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(make_agent("agent@example.fr", draft))
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "n'est pas publiée" in html


def test_page_sections_appear_only_when_their_query_returns_rows(client, django_assert_num_queries):
    """The extension point for projects and places: a registered section with no
    rows adds nothing to the page; with rows, its heading and rows appear."""
    with_rows = make_organisation("Avec projets")
    without = make_organisation("Sans projets")
    section = OrganisationSection(
        key="essais",
        title="Essais",
        template="directory/includes/section_links.html",
        rows=lambda organisation: Organisation.objects.filter(
            pk=organisation.pk, name__startswith="Avec"
        ),
    )
    register_section(section)
    try:
        with pytest.raises(ValueError, match="already registered"):
            register_section(section)
        # + one query for the section (and the projects', working groups', resources',
        # aides', events', data centres')
        with django_assert_num_queries(9):
            html = client.get(with_rows.get_absolute_url()).content.decode()
        assert '<h2 id="essais-titre" class="section__title">Essais</h2>' in html
        assert f'<li><a href="{with_rows.get_absolute_url()}">Avec projets</a></li>' in html
        html = client.get(without.get_absolute_url()).content.decode()
        assert "Essais" not in html
    finally:
        ORGANISATION_SECTIONS.unregister(section.key)


def test_sitemap_lists_published_organisations_in_one_query(client, django_assert_num_queries):
    published = make_organisation("Publiée")
    draft = make_organisation("Brouillon", is_published=False)
    with django_assert_num_queries(17):  # one per sitemap section (the territories: three each)
        xml = client.get(reverse("sitemap")).content.decode()
    assert f"http://testserver{published.get_absolute_url()}</loc>" in xml
    assert draft.get_absolute_url() not in xml
    assert f"http://testserver{reverse('directory:list')}</loc>" in xml


def test_directory_is_in_the_main_navigation(client):
    html = client.get(reverse("directory:list")).content.decode()
    nav = html.split('aria-label="Menu principal"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a[^>]*aria-current="page"[^>]*>\s*([^<]+?)\s*<', nav) == ["Annuaire"]


# ---------- Editing the profile ----------


def test_an_agent_edits_the_profile_visible_at_once_and_logged(client, small_region):
    organisation = make_organisation("Syndicat", website="https://ancien.example.fr")
    agent = make_agent("agent@example.fr", organisation)
    client.force_login(agent)
    url = reverse("directory:edit", args=[organisation.slug])
    page = client.get(url).content.decode()
    assert h1_texts(page) == ["Modifier la fiche de Syndicat"]
    response = client.post(
        url,
        profile_data(
            organisation,
            website="nouveau.example.fr",
            siret="732 829 320 00074",
            commune="21231",
            themes=[Orientation.objects.get(number=2).pk],
        ),
    )
    assert response["Location"] == organisation.get_absolute_url()
    organisation.refresh_from_db()
    assert organisation.website == "https://nouveau.example.fr"
    assert organisation.siret == "73282932000074"
    change = OrganisationChange.objects.get()
    assert change.user == agent
    assert change.changes == {
        "website": ["https://ancien.example.fr", "https://nouveau.example.fr"],
        "siret": ["", "73282932000074"],
        "commune": [None, "Dijon (21231)"],
        "themes": [[], [2]],
    }
    assert "nouveau.example.fr" in client.get(organisation.get_absolute_url()).content.decode()


def test_bad_input_is_refused_in_french_next_to_each_field_and_nothing_is_saved(client):
    organisation = make_organisation("Syndicat")
    client.force_login(make_agent("agent@example.fr", organisation))
    url = reverse("directory:edit", args=[organisation.slug])
    response = client.post(
        url,
        profile_data(
            organisation,
            name="",
            siren="123456789",
            siret="7328293200007",
            contact_email="pas-une-adresse",
            website="pas un site",
        ),
    )
    assert response.status_code == 200
    html = response.content.decode()
    for field, message in [
        ("name", "Ce champ est obligatoire."),
        ("siren", "clé de contrôle"),
        ("siret", "exactement 14 chiffres"),
        ("contact_email", "Saisissez une adresse de courriel valide."),
        ("website", "Saisissez une adresse web complète"),
    ]:
        error = re.search(rf'<p class="field__error" id="id_{field}_error">([^<]+)</p>', html)
        assert error, field
        assert message in error.group(1).replace("&#x27;", "'"), field
        control = re.search(rf'<(?:input|select|textarea)[^>]*name="{field}"[^>]*>', html).group(0)
        assert 'aria-invalid="true"' in control, field
        assert f"id_{field}_error" in control, field
    assert 'role="alert"' in html and 'href="#id_siren"' in html
    organisation.refresh_from_db()
    assert organisation.name == "Syndicat"
    assert not OrganisationChange.objects.exists()


def test_an_uploaded_logo_is_checked_and_reencoded_as_png(
    client, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Syndicat")
    client.force_login(make_agent("agent@example.fr", organisation))
    url = reverse("directory:edit", args=[organisation.slug])

    fake = SimpleUploadedFile("logo.png", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/png")
    html = client.post(url, {**profile_data(organisation), "logo": fake}).content.decode()
    assert 'id="id_logo_error"' in html

    tiny = image_upload(size=(10, 10))
    html = client.post(url, {**profile_data(organisation), "logo": tiny}).content.decode()
    assert "entre 32 et 5000 pixels" in html

    jpeg = image_upload("logo.jpg", size=(1200, 600), fmt="JPEG", content_type="image/jpeg")
    response = client.post(url, {**profile_data(organisation), "logo": jpeg})
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert organisation.logo.name.endswith(".png")
    with Image.open(organisation.logo.path) as stored:
        assert stored.format == "PNG" and stored.size == (400, 200)
    logo = client.get(organisation.logo_url)
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")
    assert organisation.logo_url in client.get(organisation.get_absolute_url()).content.decode()

    old_path = organisation.logo.path
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {**profile_data(organisation), "remove_logo": "on"})
    organisation.refresh_from_db()
    assert not organisation.logo
    assert client.get(reverse("directory:logo", args=[organisation.slug])).status_code == 404
    assert not os.path.exists(old_path)


def test_profile_service_refuses_unknown_fields_and_saves_nothing_on_error():
    organisation = make_organisation("Syndicat")
    agent = make_agent("agent@example.fr", organisation)
    with pytest.raises(ValueError):
        services.update_organisation_profile(
            organisation=organisation, by=agent, values={"is_published": False}
        )
    with pytest.raises(ValidationError):
        services.update_organisation_profile(
            organisation=organisation, by=agent, values={"name": "Nouveau", "siren": "123"}
        )
    organisation.refresh_from_db()
    assert organisation.name == "Syndicat"
    assert not OrganisationChange.objects.exists()
    assert (
        services.update_organisation_profile(
            organisation=organisation, by=agent, values={"name": "Syndicat"}
        )
        is None
    )


def test_a_curators_edit_in_the_admin_is_logged_too(client):
    organisation = make_organisation("Syndicat")
    curator = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    client.force_login(curator)
    url = reverse("admin:directory_organisation_change", args=[organisation.pk])
    assert client.get(url).status_code == 200
    data = {
        **profile_data(organisation, name="Syndicat renommé"),
        "slug": organisation.slug,
        "is_published": "on",
        **{
            f"{prefix}-{key}": value
            for prefix in ("memberships", "changes")
            for key, value in {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            }.items()
        },
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    change = OrganisationChange.objects.get()
    assert change.user == curator
    assert change.changes == {"name": ["Syndicat", "Syndicat renommé"]}


# ---------- Members and invitations ----------


def test_an_organisation_admin_invites_and_the_email_leaves_after_commit(
    client, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Syndicat")
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    client.force_login(admin)
    url = reverse("directory:members", args=[organisation.slug])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"email": "nouveau@example.fr", "role": "member"})
    assert response["Location"] == url
    assert mail.outbox[0].to == ["nouveau@example.fr"]
    assert "/compte/invitation/" in mail.outbox[0].body
    html = client.get(url).content.decode()
    assert "nouveau@example.fr (Membre)" in html

    again = client.post(url, {"email": "admin@example.fr", "role": "member"}).content.decode()
    assert 'id="id_email_error"' in again and "déjà partie de la structure" in again
    bad = client.post(url, {"email": "pas-une-adresse", "role": "chef"}).content.decode()
    assert 'id="id_email_error"' in bad and 'id="id_role_error"' in bad


def test_reinviting_an_address_replaces_its_open_invitation():
    organisation = make_organisation()
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    first = services.invite(
        organisation=organisation, email="x@example.fr", role="member", by=admin
    )
    second = services.invite(
        organisation=organisation, email="X@example.fr", role="admin", by=admin
    )
    assert list(Invitation.objects.values_list("pk", flat=True)) == [second.pk]
    assert first.token_hash != second.token_hash


def test_members_roles_change_but_an_organisation_keeps_one_admin(client):
    organisation = make_organisation()
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    member = make_agent("membre@example.fr", organisation)
    client.force_login(admin)
    own = Membership.objects.get(user=admin)
    other = Membership.objects.get(user=member)
    members_url = reverse("directory:members", args=[organisation.slug])

    response = client.post(
        reverse("directory:member_role", args=[organisation.slug, own.pk]),
        {"role": "member"},
        follow=True,
    )
    assert "au moins un administrateur" in response.content.decode()
    own.refresh_from_db()
    assert own.role == "admin"

    client.post(
        reverse("directory:member_role", args=[organisation.slug, other.pk]), {"role": "admin"}
    )
    other.refresh_from_db()
    assert other.role == "admin"
    response = client.post(reverse("directory:member_remove", args=[organisation.slug, own.pk]))
    assert response["Location"] == members_url
    assert not Membership.objects.filter(pk=own.pk).exists()


def test_an_admin_cannot_touch_members_of_another_organisation(client):
    mine = make_organisation()
    other = make_organisation()
    client.force_login(make_agent("admin@example.fr", mine, Membership.Role.ADMIN))
    stranger = Membership.objects.get(user=make_agent("x@example.fr", other))
    url = reverse("directory:member_remove", args=[mine.slug, stranger.pk])
    assert client.post(url).status_code == 404
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_revoking_an_invitation_kills_its_link(client):
    organisation = make_organisation()
    admin = make_agent("admin@example.fr", organisation, Membership.Role.ADMIN)
    invitation = services.invite(
        organisation=organisation, email="x@example.fr", role="member", by=admin
    )
    client.force_login(admin)
    url = reverse("directory:invitation_revoke", args=[organisation.slug, invitation.pk])
    assert client.post(url).status_code == 302
    assert not Invitation.objects.exists()


# ---------- Join requests ----------


def test_a_join_request_is_approved_by_a_curator_in_the_admin(
    client, django_capture_on_commit_callbacks
):
    organisation = make_organisation("Syndicat")
    curator = User.objects.create_superuser(email="curatrice@example.fr", password="x" * 16)
    person = make_user("agent@example.fr")
    client.force_login(person)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("directory:join", args=[organisation.slug]), {"message": "Chargée de mission"}
        )
    assert response["Location"] == reverse("accounts:account")
    assert mail.outbox[0].to == ["curatrice@example.fr"]
    again = client.post(reverse("directory:join", args=[organisation.slug]), {})
    assert "en cours d&#x27;examen" in again.content.decode()

    join_request = JoinRequest.objects.get()
    client.force_login(curator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:directory_joinrequest_changelist"),
            {"action": "approve", "_selected_action": [join_request.pk]},
        )
    join_request.refresh_from_db()
    assert join_request.status == "approved" and join_request.decided_by == curator
    assert Membership.objects.get(user=person).role == "member"
    assert mail.outbox[-1].to == ["agent@example.fr"]
    with pytest.raises(ValidationError, match="déjà été traitée"):
        services.refuse_join_request(join_request=join_request, by=curator)


def test_a_refused_join_request_gives_no_membership():
    organisation = make_organisation()
    curator = User.objects.create_superuser(email="c@example.fr", password="x" * 16)
    person = make_user("agent@example.fr")
    join_request = services.request_to_join(organisation=organisation, user=person)
    services.refuse_join_request(join_request=join_request, by=curator)
    assert not Membership.objects.exists()
    # A new request may follow a refused one.
    services.request_to_join(organisation=organisation, user=person)
    with pytest.raises(ValidationError, match="déjà partie"):
        make_agent("membre@example.fr", organisation)
        services.request_to_join(
            organisation=organisation, user=User.objects.get(email="membre@example.fr")
        )
