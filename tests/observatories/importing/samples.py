"""One published sample file per format the pipeline knows, in the order they can
be imported (buildings before their eligibility)."""

from observatories.importing.formats import FORMATS
from tests.directory.places.test_places import complete_small_region
from tests.observatories.factories import DATA_DIR
from tests.observatories.mobile import files as mobile
from tests.observatories.open_data import files as open_data
from tests.portal.funding.conftest import EXPORT as AIDES_TERRITOIRES_EXPORT
from tests.portal.watch.conftest import EXPORT as WATCH_EXPORT

SAMPLES = {
    "mci_commune_debit_filaire": DATA_DIR / "commune_debit_filaire.csv",
    "mci_commune_meilleure_techno_thd": DATA_DIR / "commune_meilleure_techno_thd.csv",
    "arcep_deploiements_ftth": DATA_DIR / "obs-hd-thd-deploiement.xlsx",
    "mci_base_imb": DATA_DIR / "base_imb_21.csv",
    "mci_actuel": DATA_DIR / "actuel_21.csv.gz",
    "arcep_couverture_mobile_communes": mobile.COVERAGE,
    "arcep_sites_mobiles": mobile.SITES,
    "arcep_couverture_ciblee": mobile.TARGETED,
    "anfr_observatoire_hebdomadaire": mobile.ANFR,
    "opendatafrance_observatoire": open_data.JUNE,
    "mediation_numerique": DATA_DIR / "lieux-mediation-numerique.csv",
    "aides_territoires": AIDES_TERRITOIRES_EXPORT,
    "rss": WATCH_EXPORT,
}
# Formats whose scheduled source is an API with its own download (a token, pages):
# fetched in their own tests (tests/portal/funding/test_fetching.py).
API_FORMATS = {fmt.key for fmt in FORMATS if fmt.download is not None}


def every_format_has_a_sample() -> bool:
    return {fmt.key for fmt in FORMATS} == set(SAMPLES)


def prepare(settings) -> None:
    """What the samples need of the test region, beyond ``small_region``."""
    complete_small_region()  # places find their commune by postcode too
    settings.IMPORT_MAX_REJECT_RATE = 0.5  # the places sample has one bad row of five
