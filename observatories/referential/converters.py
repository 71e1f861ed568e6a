"""Path converters that accept only well-formed codes, shared by every page keyed by
one: anything else (a NUL byte, a code of the wrong shape) is a 404 from the URL
resolver, never a query the database refuses.

Registered once, on import (``<commune:code>``, ``<siren:siren>``,
``<department:code>``, ``<building:imb_id>``).
"""

from django.urls import register_converter


class CodeConverter:
    regex = ""

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class CommuneCodeConverter(CodeConverter):
    """An INSEE commune code: 5 digits, or Corsica's 2A/2B and 3 digits."""

    regex = "[0-9]{5}|2[AB][0-9]{3}"


class SirenConverter(CodeConverter):
    regex = "[0-9]{9}"


class DepartmentCodeConverter(CodeConverter):
    """Two digits, Corsica's 2A/2B, or 97x/98x overseas (as ``INSEE_DEPARTMENT``)."""

    regex = "[0-9]{2}|2[AB]|9[78][0-9]"


class BuildingIdConverter(CodeConverter):
    """An Arcep building id (``IMB/21231/X/0001``): the importer takes any text of 1 to
    64 characters (``building_rows``), so all but control characters, slashes included."""

    regex = "[^\\x00-\\x1f\\x7f]{1,64}"


register_converter(CommuneCodeConverter, "commune")
register_converter(SirenConverter, "siren")
register_converter(DepartmentCodeConverter, "department")
register_converter(BuildingIdConverter, "building")
