"""Every web address the site shows as a link is http or https: the models' fields
(``scoran.lib.fields.WebAddressField``: admin, agents' forms, ``full_clean``) and the
forms that declare their own field. ``ftp:``, ``javascript:``, ``data:`` and
``file:`` addresses are refused with a French message."""

import pytest
from django.apps import apps
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models

from directory.places.admin import PlaceForm
from portal.funding.agent_forms import FundingForm
from portal.resources.forms import VersionForm
from scoran.lib.fields import WebAddressField, WebAddressFormField, validate_web_address

PROJECT_APPS = ("strategy", "observatories", "directory", "portal")
# Not a link shown to visitors: the address a curator gives for a scheduled
# download, checked by the sources' own rule (http or https, tested there).
NOT_LINKS = {"observatories.DataSource.url"}
REFUSED = ["ftp://example.fr/fichier", "javascript:alert(1)", "data:text/html,x", "file:///etc"]


def url_fields():
    for model in apps.get_models():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for field in model._meta.get_fields():
            base = field.base_field if isinstance(field, ArrayField) else field
            if isinstance(base, models.URLField):
                yield f"{model._meta.label}.{field.name}", base


def test_every_link_field_of_the_models_is_a_web_address_field():
    found = dict(url_fields())
    assert len(found) > 10  # the catalogue is read, not empty
    others = sorted(name for name, field in found.items() if not isinstance(field, WebAddressField))
    assert others == sorted(NOT_LINKS)


@pytest.mark.parametrize("address", REFUSED)
def test_each_link_field_refuses_what_is_not_http_in_french(address):
    for name, field in url_fields():
        if name in NOT_LINKS:
            continue
        with pytest.raises(ValidationError) as refused:
            field.clean(address, None)
        assert refused.value.messages == [validate_web_address.message], name
        assert field.clean("https://example.fr/page", None) == "https://example.fr/page"


@pytest.mark.parametrize(
    ("form", "name"),
    [
        (VersionForm, "external_url"),
        (FundingForm, "application_url"),
        (FundingForm, "information_url"),
        (PlaceForm, "appointment_url"),
        (PlaceForm, "accessibility_url"),
    ],
)
def test_the_forms_own_link_fields_refuse_ftp_and_keep_https_by_default(form, name):
    field = form.base_fields[name]
    assert isinstance(field, WebAddressFormField)
    with pytest.raises(ValidationError) as refused:
        field.clean("ftp://example.fr/fichier")
    assert refused.value.messages == [validate_web_address.message]
    assert field.clean("example.fr/aide") == "https://example.fr/aide"
