"""Hostile files, generated on the fly: gzip bombs of a few hundred kilobytes that
unpack into hundreds of mebibytes, and snapshots proving that a refused file
changed nothing."""

import struct
import zlib

from observatories.models import (
    Building,
    BuildingDataset,
    BuildingEligibility,
    CommuneFixedStats,
    CommuneFtth,
    CommuneTechnologyStats,
    FtthDeployment,
    Street,
)
from tests.observatories.factories import DATA_DIR, SAMPLE_FIXED_STATS
from tests.observatories.mobile.files import snapshot as mobile_snapshot

MIB = 1 << 20
FIXED_HEADER = SAMPLE_FIXED_STATS.read_bytes().splitlines()[0]
BUILDINGS_HEADER = (DATA_DIR / "base_imb_21.csv").read_bytes().splitlines()[0]
ELIGIBILITY_HEADER = (
    b"imb_id;addr_code;imb_code;code_operateur;code_techno;classe_debit_montant;"
    b"classe_debit_descendant;limitation;saturation"
)


def gzip_bomb(head: bytes, fill: bytes, repeat: int) -> bytes:
    """A valid gzip of ``head`` then ``fill`` ``repeat`` times, built without
    compressing the whole: each ``fill`` is a deflate block of its own (a full
    flush resets the history), repeated as compressed bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(fill) + compressor.flush(zlib.Z_FULL_FLUSH)
    end = compressor.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(repeat):
        crc = zlib.crc32(fill, crc)
    size = len(head) + len(fill) * repeat
    gzip_header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    trailer = struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF)
    return gzip_header + start + block * repeat + end + trailer


def snapshot() -> list:
    """Every row the imports write (the test data is small)."""
    models = [
        CommuneFixedStats, CommuneTechnologyStats, FtthDeployment, CommuneFtth, Building,
        Street, BuildingEligibility, BuildingDataset,
    ]  # fmt: skip
    return [sorted(model.objects.values_list(), key=repr) for model in models] + mobile_snapshot()
