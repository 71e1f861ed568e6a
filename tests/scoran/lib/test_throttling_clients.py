"""Who the per-client counters count (sign-in, sign-up, password reset, reports)."""

import pytest
from django.test import RequestFactory

from scoran.lib.throttling import client_key


@pytest.mark.parametrize(
    ("address", "counted"),
    [
        ("192.0.2.7", "192.0.2.7"),
        ("::ffff:192.0.2.7", "192.0.2.7"),  # IPv4 written in IPv6
        ("2a01:cb00:1:2::1", "2a01:cb00:1:2::/64"),
        ("2a01:cb00:1:2:ffff:ffff:ffff:ffff", "2a01:cb00:1:2::/64"),  # same subscriber
        ("2a01:cb00:1:3::1", "2a01:cb00:1:3::/64"),  # another one
        ("fe80::1%eth0", "fe80::/64"),
        ("", ""),
        ("pas une adresse", "pas une adresse"),
    ],
)
def test_ipv6_clients_are_counted_by_their_64_network(address, counted):
    assert client_key(RequestFactory().get("/", REMOTE_ADDR=address)) == counted


def test_behind_the_proxy_the_address_it_appended_is_counted(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1, 2a01:cb00:1:2::9"
    )
    assert client_key(request) == "2a01:cb00:1:2::/64"
