#!/usr/bin/env python3
"""Builds assets/map/moscow_1934.json, the city view of Moscow, from the hand-traced
lon/lat in tools/map/data/moscow_1934.json, projected like the regions' map.

usage: build_city.py [--data PATH] [--map PATH] [--out PATH]
"""
import argparse
import json
from pathlib import Path

import pyproj

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AREAS = ("town", "woods", "square", "building")
LINES = ("river", "wall", "ring", "road")
# Room round everything drawn, km: the extent the city view is drawn within.
MARGIN_KM = 1.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=str(HERE / "data" / "moscow_1934.json"))
    ap.add_argument("--map", default=str(ROOT / "assets" / "map" / "ussr_1934.json"))
    ap.add_argument("--out", default=str(ROOT / "assets" / "map" / "moscow_1934.json"))
    args = ap.parse_args()
    data = json.loads(Path(args.data).read_text(encoding="utf-8"))
    projection = json.loads(Path(args.map).read_text(encoding="utf-8"))["projection"]
    to_map = pyproj.Transformer.from_crs("EPSG:4326", pyproj.CRS.from_proj4(projection), always_xy=True)

    def xy(lonlat):
        x, y = to_map.transform(lonlat[0], lonlat[1])
        return [round(x, 3), round(y, 3)]

    areas, lines, towers = [], [], []
    for item in data["items"]:
        pts = [xy(p) for p in item["points"]]
        kind = item["kind"]
        if kind in AREAS:
            areas.append({"id": item["id"], "kind": kind, "name": item["name"], "ring": pts})
        elif kind in LINES:
            closed = item.get("closed", False) or kind == "wall"
            if closed:
                pts = pts + [pts[0]]
            lines.append({"id": item["id"], "kind": kind, "name": item["name"], "points": pts})
            if kind == "wall":
                towers.extend(pts[:-1])
        else:
            raise SystemExit(f"{args.data}: item `{item['id']}` has the unknown kind `{kind}`")
    sites = [{"id": k, "pos": xy(v)} for k, v in sorted(data["sites"].items())]
    every = [p for a in areas for p in a["ring"]] + [p for line in lines for p in line["points"]]
    every += [s["pos"] for s in sites]
    extent = [
        round(min(p[0] for p in every) - MARGIN_KM, 3),
        round(min(p[1] for p in every) - MARGIN_KM, 3),
        round(max(p[0] for p in every) + MARGIN_KM, 3),
        round(max(p[1] for p in every) + MARGIN_KM, 3),
    ]
    out = ['{"format":1,', f'"projection":{json.dumps(projection)},', f'"extent":{json.dumps(extent)},']
    for key, items in (("areas", areas), ("lines", lines)):
        out.append(f'"{key}":[')
        out.append(",\n".join(json.dumps(i, separators=(",", ":")) for i in items))
        out.append("],")
    out.append(f'"towers":{json.dumps(towers, separators=(",", ":"))},')
    out.append('"sites":[')
    out.append(",\n".join(json.dumps(s, separators=(",", ":")) for s in sites))
    out.append("]}")
    Path(args.out).write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{args.out}: {len(areas)} areas, {len(lines)} lines, {len(towers)} towers, {len(sites)} sites")


if __name__ == "__main__":
    main()
