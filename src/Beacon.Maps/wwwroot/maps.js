// The one map (一张图) on MapLibre GL JS, bundled (no CDN). Divisions are the always-available base; a tile layer is
// optional; each module's layer is a GeoJSON source: points (clustered when dense) or division areas filled by colour.
const base = new URL('.', import.meta.url);
let libPromise;

async function lib() {
    if (!libPromise) {
        libPromise = import(new URL('lib/maplibre-gl/maplibre-gl.js', base).href).then(m => {
            m.setWorkerUrl(new URL('lib/maplibre-gl/maplibre-gl-worker.js', base).href);
            return m;
        });
    }
    return libPromise;
}

const escapeHtml = s => String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

export async function create(element, options, dotnet) {
    const maplibregl = await lib();
    const style = {
        version: 8,
        sources: {
            divisions: { type: 'geojson', data: new URL('divisions.geojson', base).href, promoteId: 'code' },
        },
        layers: [
            { id: 'background', type: 'background', paint: { 'background-color': '#eef3f8' } },
        ],
    };
    if (options.tileUrl) {
        style.sources.tiles = { type: 'raster', tiles: [options.tileUrl], tileSize: 256, attribution: options.tileAttribution || '' };
        style.layers.push({ id: 'tiles', type: 'raster', source: 'tiles', layout: { visibility: options.tilesOn ? 'visible' : 'none' } });
    }
    style.layers.push(
        { id: 'division-fill', type: 'fill', source: 'divisions', filter: ['==', ['get', 'level'], 'county'], paint: { 'fill-color': '#ffffff', 'fill-opacity': options.tileUrl && options.tilesOn ? 0 : 0.7 } },
        { id: 'division-line', type: 'line', source: 'divisions', filter: ['==', ['get', 'level'], 'county'], paint: { 'line-color': '#8c9bab', 'line-width': 0.8 } },
        { id: 'prefecture-line', type: 'line', source: 'divisions', filter: ['==', ['get', 'level'], 'prefecture'], paint: { 'line-color': '#3d5a80', 'line-width': 1.6 } },
        { id: 'division-focus', type: 'line', source: 'divisions', filter: ['in', ['get', 'code'], ['literal', options.focusCodes || (options.focusCode ? [options.focusCode] : [])]], paint: { 'line-color': '#0958d9', 'line-width': 3 } },
    );
    const map = new maplibregl.Map({
        container: element,
        style,
        bounds: options.bounds,
        fitBoundsOptions: { padding: 20 },
        attributionControl: { compact: true },
        preserveDrawingBuffer: true,
    });
    map.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    map.addControl(new maplibregl.ScaleControl({ unit: 'metric' }), 'bottom-right');
    map.addControl(new maplibregl.FullscreenControl({ container: element.closest('[data-map-frame]') || element }), 'top-right');
    const state = { map, maplibregl, layers: {}, popup: null, dotnet, loaded: false, pending: [], mode: null, draft: [] };
    element.__beaconMap = state;
    state.element = element;
    window.beaconMap = state;

    const coords = element.parentElement.querySelector('[data-map-coords]');
    map.on('mousemove', e => { if (coords) coords.textContent = `${e.lngLat.lng.toFixed(4)}°E, ${e.lngLat.lat.toFixed(4)}°N`; });
    map.on('click', e => onClick(state, e));
    await new Promise(resolve => map.once('load', resolve));
    state.loaded = true;
    element.setAttribute('data-map-ready', 'true');
    return true;
}

function get(element) { return element && element.__beaconMap; }

function onClick(state, e) {
    const { map } = state;
    if (state.mode === 'circle') {
        // Centre first, then a point on the edge: the radius is the great-circle distance between them.
        state.draft.push([e.lngLat.lng, e.lngLat.lat]);
        if (state.draft.length === 1) {
            setDraftData(state, { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: state.draft[0] }, properties: {} }] });
            return;
        }
        const [[lon, lat], [lon2, lat2]] = state.draft;
        const km = distanceKm(lat, lon, lat2, lon2);
        state.circle = [lat, lon, km];
        setDraftData(state, { type: 'FeatureCollection', features: [circleFeature(lat, lon, km)] });
        state.mode = null;
        state.map.getCanvas().style.cursor = '';
        state.dotnet?.invokeMethodAsync('OnCircleDrawn', Number(lat.toFixed(5)), Number(lon.toFixed(5)), Number(km.toFixed(3)));
        return;
    }
    if (state.mode === 'locate') {
        const division = map.queryRenderedFeatures(e.point, { layers: ['division-fill'] })[0];
        showPointOn(state, e.lngLat.lat, e.lngLat.lng);
        state.dotnet?.invokeMethodAsync('OnLocationPicked', Number(e.lngLat.lat.toFixed(6)), Number(e.lngLat.lng.toFixed(6)), division ? division.properties.code : null);
        return;
    }
    if (state.mode === 'draw') {
        state.draft.push([e.lngLat.lng, e.lngLat.lat]);
        drawDraft(state);
        state.dotnet?.invokeMethodAsync('OnDraftChanged', state.draft.map(p => [Number(p[1].toFixed(5)), Number(p[0].toFixed(5))]));
        return;
    }
    const pointLayers = Object.values(state.layers).filter(l => l.kind === 'Points').flatMap(l => [l.pointId, l.clusterId]);
    const areaLayers = Object.values(state.layers).filter(l => l.kind === 'Areas').map(l => l.fillId);
    const hits = map.queryRenderedFeatures(e.point, { layers: [...pointLayers, ...areaLayers].filter(id => map.getLayer(id)) });
    if (hits.length === 0) {
        const division = map.queryRenderedFeatures(e.point, { layers: ['division-fill'] })[0];
        if (division && state.mode === 'pick') {
            state.dotnet?.invokeMethodAsync('OnDivisionPicked', division.properties.code);
        }
        return;
    }
    const hit = hits[0];
    if (hit.properties.cluster) {
        const source = map.getSource(hit.source);
        source.getClusterExpansionZoom(hit.properties.cluster_id).then(zoom => map.easeTo({ center: hit.geometry.coordinates, zoom }));
        return;
    }
    const layer = Object.values(state.layers).find(l => l.pointId === hit.layer.id || l.fillId === hit.layer.id);
    const feature = layer.kind === 'Areas'
        ? layer.items.find(i => i.divisionCode === hit.properties.code)
        : layer.items.find(i => i.id === hit.properties.id);
    if (feature) {
        openCard(state, feature, layer.kind === 'Areas' ? [e.lngLat.lng, e.lngLat.lat] : [feature.longitude, feature.latitude]);
        state.dotnet?.invokeMethodAsync('OnSelected', feature.id);
    }
}

function openCard(state, f, at) {
    state.popup?.remove();
    const html = `<div class="beacon-map-card" data-testid="map-card">
        <div class="beacon-map-card-title"><i style="background:${escapeHtml(f.colour)}"></i>${escapeHtml(f.title)}</div>
        <div class="beacon-map-card-meta">${escapeHtml(f.when)}${f.divisionName ? ' · ' + escapeHtml(f.divisionName) : ''}${f.isDrill ? ' · ' + escapeHtml(f.drillLabel) : ''}</div>
        <a href="${escapeHtml(f.href)}" data-testid="map-card-link">${escapeHtml(f.openLabel)}</a></div>`;
    state.popup = new state.maplibregl.Popup({ closeButton: true, maxWidth: '320px' }).setLngLat(at).setHTML(html).addTo(state.map);
}

// items: [{ id, title, longitude, latitude, divisionCode, divisionName, colour, href, when, isDrill, ... }]
export function setLayer(element, key, kind, items, visible) {
    const state = get(element);
    if (!state) return;
    const { map } = state;
    const sourceId = `layer-${key}`;
    let layer = state.layers[key];
    if (!layer) {
        layer = state.layers[key] = { key, kind, sourceId, pointId: `points-${key}`, clusterId: `clusters-${key}`, fillId: `area-${key}`, items: [] };
        if (kind === 'Areas') {
            map.addLayer({ id: layer.fillId, type: 'fill', source: 'divisions', filter: ['in', ['get', 'code'], ['literal', []]], paint: { 'fill-color': '#8c8c8c', 'fill-opacity': 0.45 } }, 'division-line');
        } else {
            map.addSource(sourceId, { type: 'geojson', data: { type: 'FeatureCollection', features: [] }, cluster: true, clusterRadius: 40, clusterMaxZoom: 11 });
            map.addLayer({ id: layer.clusterId, type: 'circle', source: sourceId, filter: ['has', 'point_count'],
                paint: { 'circle-color': '#3d5a80', 'circle-opacity': 0.8, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2,
                    'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 100, 22, 1000, 28] } });
            map.addLayer({ id: layer.pointId, type: 'circle', source: sourceId, filter: ['!', ['has', 'point_count']],
                paint: { 'circle-color': ['get', 'colour'], 'circle-radius': 8, 'circle-stroke-width': ['case', ['get', 'isDrill'], 3, 1.5],
                    'circle-stroke-color': ['case', ['get', 'isDrill'], '#722ed1', '#ffffff'] } });
        }
    }
    layer.items = items;
    if (kind === 'Areas') {
        const codes = [...new Set(items.map(i => i.divisionCode).filter(Boolean))];
        const match = ['match', ['get', 'code']];
        // Where several warnings cover one division, it takes the colour of the most severe of them.
        const severity = c => { const at = ['#cf1322', '#fa8c16', '#fadb14', '#1677ff'].indexOf(c); return at < 0 ? 9 : at; };
        for (const code of codes) {
            match.push(code, items.filter(i => i.divisionCode === code).map(i => i.colour).sort((a, b) => severity(a) - severity(b))[0]);
        }
        match.push('#8c8c8c');
        map.setFilter(layer.fillId, ['in', ['get', 'code'], ['literal', codes]]);
        map.setPaintProperty(layer.fillId, 'fill-color', codes.length ? match : '#8c8c8c');
    } else {
        map.getSource(sourceId).setData({
            type: 'FeatureCollection',
            features: items.map(i => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [i.longitude, i.latitude] },
                properties: { id: i.id, colour: i.colour, isDrill: !!i.isDrill, title: i.title } })),
        });
    }
    setVisible(element, key, visible);
    element.setAttribute(`data-layer-${key}`, String(items.length));
}

export function setVisible(element, key, visible) {
    const state = get(element);
    if (!state) return;
    const v = visible ? 'visible' : 'none';
    if (key === 'tiles' || key === 'divisions') {
        const ids = key === 'tiles' ? ['tiles'] : ['division-line', 'prefecture-line'];
        for (const id of ids) if (state.map.getLayer(id)) state.map.setLayoutProperty(id, 'visibility', v);
        if (key === 'tiles' && state.map.getLayer('division-fill')) state.map.setPaintProperty('division-fill', 'fill-opacity', visible ? 0 : 0.7);
        return;
    }
    const layer = state.layers[key];
    if (!layer) return;
    for (const id of [layer.pointId, layer.clusterId, layer.fillId]) if (state.map.getLayer(id)) state.map.setLayoutProperty(id, 'visibility', v);
}

export function focus(element, key, id) {
    const state = get(element);
    const layer = state?.layers[key];
    const f = layer?.items.find(i => i.id === id);
    if (!f) return;
    state.map.flyTo({ center: [f.longitude, f.latitude], zoom: Math.max(state.map.getZoom(), 9), duration: 0 });
    openCard(state, f, [f.longitude, f.latitude]);
}

export function fit(element, bounds) {
    const state = get(element);
    state?.map.fitBounds(bounds, { padding: 20, duration: 0 });
}

// Drawing on the warning form: click to add vertices; the page reads them back as CAP "lat,lon" pairs.
export function startDrawing(element) {
    const state = get(element);
    if (!state) return;
    state.mode = 'draw';
    state.draft = [];
    drawDraft(state);
    state.map.getCanvas().style.cursor = 'crosshair';
}

export function stopDrawing(element) {
    const state = get(element);
    if (!state) return;
    state.mode = null;
    state.map.getCanvas().style.cursor = '';
}

export function showShapes(element, polygons, circles) {
    const state = get(element);
    if (!state) return;
    state.draft = [];
    const features = polygons.map(p => ({ type: 'Feature', geometry: { type: 'Polygon', coordinates: [p.map(([lat, lon]) => [lon, lat])] }, properties: {} }))
        .concat((circles || []).map(([lat, lon, km]) => circleFeature(lat, lon, km)));
    setDraftData(state, { type: 'FeatureCollection', features });
}

// Drawing a CAP <circle> on the warning form: click the centre, then a point on the edge.
export function startCircle(element) {
    const state = get(element);
    if (!state) return;
    state.mode = 'circle';
    state.draft = [];
    state.circle = null;
    drawDraft(state);
    state.map.getCanvas().style.cursor = 'crosshair';
}

// Picking a place on the incident form: every click moves the marker and reports the point and its county.
export function startLocating(element) {
    const state = get(element);
    if (!state) return;
    state.mode = 'locate';
    state.map.getCanvas().style.cursor = 'crosshair';
}

// One place (an incident's, a warning's centre) on a small map, centred on it.
export function showPoint(element, lat, lon, zoom) {
    const state = get(element);
    if (!state) return;
    showPointOn(state, lat, lon);
    state.map.jumpTo({ center: [lon, lat], zoom: zoom ?? Math.max(state.map.getZoom(), 8) });
}

function showPointOn(state, lat, lon) {
    state.point = [lon, lat];
    state.element?.setAttribute('data-place', `${lat.toFixed(6)},${lon.toFixed(6)}`);
    const data = { type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: {} }] };
    if (!state.map.getSource('place')) {
        state.map.addSource('place', { type: 'geojson', data });
        state.map.addLayer({ id: 'place', type: 'circle', source: 'place', paint: { 'circle-color': '#cf1322', 'circle-radius': 7, 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 2 } });
    } else {
        state.map.getSource('place').setData(data);
    }
}

// Great-circle distance on the mean Earth radius, as the server computes it.
function distanceKm(lat1, lon1, lat2, lon2) {
    const r = d => d * Math.PI / 180;
    const h = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

// A circle as a 64-sided polygon of points at the radius from the centre.
function circleFeature(lat, lon, km) {
    const r = d => d * Math.PI / 180, deg = x => x * 180 / Math.PI;
    const d = km / 6371.0088, f = r(lat), l = r(lon);
    const ring = [];
    for (let i = 0; i <= 64; i++) {
        const b = 2 * Math.PI * i / 64;
        const f2 = Math.asin(Math.sin(f) * Math.cos(d) + Math.cos(f) * Math.sin(d) * Math.cos(b));
        const l2 = l + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(f), Math.cos(d) - Math.sin(f) * Math.sin(f2));
        ring.push([deg(l2), deg(f2)]);
    }
    return { type: 'Feature', geometry: { type: 'Polygon', coordinates: [ring] }, properties: {} };
}

function drawDraft(state) {
    const ring = state.draft.length >= 3 ? [...state.draft, state.draft[0]] : state.draft;
    setDraftData(state, { type: 'FeatureCollection', features: state.draft.length ? [
        { type: 'Feature', geometry: state.draft.length >= 3 ? { type: 'Polygon', coordinates: [ring] } : { type: 'LineString', coordinates: ring.length > 1 ? ring : [ring[0], ring[0]] }, properties: {} },
    ] : [] });
}

function setDraftData(state, data) {
    const { map } = state;
    if (!map.getSource('draft')) {
        map.addSource('draft', { type: 'geojson', data });
        map.addLayer({ id: 'draft-fill', type: 'fill', source: 'draft', filter: ['==', ['geometry-type'], 'Polygon'], paint: { 'fill-color': '#fa541c', 'fill-opacity': 0.3 } });
        map.addLayer({ id: 'draft-line', type: 'line', source: 'draft', filter: ['!=', ['geometry-type'], 'Point'], paint: { 'line-color': '#fa541c', 'line-width': 2 } });
        map.addLayer({ id: 'draft-point', type: 'circle', source: 'draft', filter: ['==', ['geometry-type'], 'Point'], paint: { 'circle-color': '#fa541c', 'circle-radius': 5 } });
    } else {
        map.getSource('draft').setData(data);
    }
}

export function dispose(element) {
    const state = get(element);
    if (!state) return;
    state.popup?.remove();
    state.map.remove();
    element.__beaconMap = null;
    if (window.beaconMap === state) window.beaconMap = null;
}
