// Enhancements only: every page works without this file. The import uses the plain /static path, not the
// hashed one, because this module is itself served under a hashed name and a relative path would break.
import { initAll } from '/static/vendor/govuk-frontend.min.js';

initAll();

// Maps: where the server was given a tile server, the server-drawn SVG map becomes a Leaflet map of
// the same assets, which people can pan and zoom. Without JavaScript, or if anything fails, the SVG stays.
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = reject;
    document.head.appendChild(s);
  });
}

async function enhanceAssetMap(wrapper) {
  const css = document.createElement('link');
  css.rel = 'stylesheet';
  css.href = '/static/vendor/leaflet.css';
  document.head.appendChild(css);
  await loadScript('/static/vendor/leaflet.js');
  const response = await fetch(wrapper.dataset.geojson, { headers: { Accept: 'application/geo+json' } });
  if (!response.ok) return;
  const data = await response.json();
  const [w, s, e, n] = wrapper.dataset.bounds.split(',').map(Number);
  const holder = document.createElement('div');
  holder.className = 'app-leaflet-map';
  holder.setAttribute('role', 'region');
  holder.setAttribute('aria-label', 'Interactive map of the assets: the list has the same information');
  wrapper.querySelector('figure').hidden = true;
  wrapper.appendChild(holder);
  const L = window.L;
  const map = L.map(holder, { scrollWheelZoom: false });
  const tiles = L.tileLayer(wrapper.dataset.tileUrl, { attribution: wrapper.dataset.tileAttribution, maxZoom: 19 });
  // A tile server that fails (down, blocked, over quota) gives back the server-drawn map rather than an
  // empty grey box.
  let failures = 0;
  tiles.on('tileerror', () => {
    failures += 1;
    if (failures !== 3) return;
    map.remove();
    holder.remove();
    wrapper.querySelector('figure').hidden = false;
    wrapper.dataset.appMapFallback = 'tiles';
  });
  tiles.addTo(map);
  map.fitBounds([[s, w], [n, e]]);
  // Ward boundaries under the points, as on the server-drawn map; the map works without them.
  const boundaries = wrapper.dataset.boundaries
    && await fetch(wrapper.dataset.boundaries, { headers: { Accept: 'application/geo+json' } }).then((r) => (r.ok ? r.json() : null), () => null);
  if (boundaries) {
    L.geoJSON(boundaries, {
      style: { color: '#505a5f', weight: 1.5, fill: false, className: 'app-ward-boundary' },
      interactive: false,
    }).addTo(map);
  }
  L.geoJSON(data, {
    pointToLayer: (feature, latlng) => L.circleMarker(latlng, { radius: 7, color: '#ffffff', weight: 2, fillColor: '#1d70b8', fillOpacity: 1 }),
    onEachFeature: (feature, layer) => {
      const link = document.createElement('a');
      link.href = new URL(feature.properties.url).pathname;
      link.className = 'govuk-link';
      link.textContent = feature.properties.name;
      layer.bindPopup(link);
    },
  }).addTo(map);
}

for (const wrapper of document.querySelectorAll('[data-app-asset-map]')) {
  enhanceAssetMap(wrapper).catch(() => {
    const figure = wrapper.querySelector('figure');
    if (figure) figure.hidden = false;
  });
}

// Place questions in a consultation: with a tile server, a small map on which a click (or Enter, once the
// map is moved with the arrow keys) marks the place and fills the question's hidden lat/lon fields. The
// text field stays, for anyone who would rather type a postcode or describe the place.
let leaflet = null;
function loadLeaflet() {
  if (!leaflet) {
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = '/static/vendor/leaflet.css';
    document.head.appendChild(css);
    leaflet = loadScript('/static/vendor/leaflet.js');
  }
  return leaflet;
}

async function enhancePlaceMap(wrapper) {
  await loadLeaflet();
  const [lat, lon] = wrapper.querySelectorAll('input[type="hidden"]');
  const [w, s, e, n] = wrapper.dataset.bounds.split(',').map(Number);
  const holder = document.createElement('div');
  holder.className = 'app-leaflet-map app-leaflet-map--place';
  holder.setAttribute('role', 'region');
  holder.setAttribute('aria-label', 'Map: choose the place');
  const status = document.createElement('p');
  status.className = 'govuk-body-s';
  status.setAttribute('aria-live', 'polite');
  status.textContent = 'Or click the map to mark the place (with a keyboard: move the map with the arrow keys, then press Enter to mark its centre).';
  wrapper.append(status, holder);
  const L = window.L;
  const map = L.map(holder, { scrollWheelZoom: false });
  L.tileLayer(wrapper.dataset.tileUrl, { attribution: wrapper.dataset.tileAttribution, maxZoom: 19 }).addTo(map);
  map.fitBounds([[s, w], [n, e]]);
  let marker = null;
  const mark = (point) => {
    lat.value = point.lat.toFixed(6);
    lon.value = point.lng.toFixed(6);
    if (marker) marker.setLatLng(point);
    else marker = L.circleMarker(point, { radius: 8, color: '#ffffff', weight: 2, fillColor: '#d4351c', fillOpacity: 1 }).addTo(map);
    status.textContent = `Marked on the map at ${lat.value}, ${lon.value}. Click again to move the mark.`;
  };
  if (lat.value && lon.value) mark(L.latLng(Number(lat.value), Number(lon.value)));
  map.on('click', (event) => mark(event.latlng));
  holder.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.target !== holder) return;
    event.preventDefault();
    mark(map.getCenter());
  });
}

for (const wrapper of document.querySelectorAll('[data-app-place-map]')) {
  enhancePlaceMap(wrapper).catch(() => {});  // the text field still answers the question
}

// "Copy link" buttons (data-app-copy names the input holding the link): shown only where the clipboard
// works; without it, the link stays in a box people can select.
for (const button of document.querySelectorAll('[data-app-copy]')) {
  if (!navigator.clipboard) continue;
  const input = document.getElementById(button.dataset.appCopy);
  if (!input) continue;
  button.hidden = false;
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(input.value);
      button.textContent = 'Link copied';
    } catch {
      input.select();
    }
  });
}

// Conditional questions: with JavaScript, a question asked only after an earlier answer appears when
// that answer is given, and hides again when it is taken back (as GOV.UK's conditional reveal, across
// questions). Without JavaScript every question shows, its condition in its hint; the server ignores
// answers to questions that do not apply either way.
const conditionalQuestions = [...document.querySelectorAll('[data-app-show-when]')];
if (conditionalQuestions.length) {
  const form = conditionalQuestions[0].closest('form');
  const given = (name, value) => [...form.elements].some((el) => el.name === name && !el.closest('[hidden]') &&
    (((el.type === 'radio' || el.type === 'checkbox') && el.checked) || el.tagName === 'SELECT') && el.value === value);
  // In page order, so a question whose condition hangs on a hidden one hides too.
  const update = () => {
    for (const q of conditionalQuestions) q.hidden = !given(q.dataset.appShowWhen, q.dataset.appShowValue);
  };
  form.addEventListener('change', update);
  update();
}

// Ballots: the money or points left, kept up to date as the voter ticks or types. The server works out
// the same on "Check", so without JavaScript nothing is lost but a round trip. The wording and the
// money format follow the server's (budgeting/routes_vote.cpp, common/money.cpp).
function pounds(pence) {
  const whole = Math.trunc(pence / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = pence % 100;
  return '£' + whole + (rest ? '.' + String(rest).padStart(2, '0') : '');
}

function enhanceTally(tally) {
  const form = tally.closest('form');
  const total = Number(tally.dataset.total);
  const text = tally.querySelector('#tally-text');
  const meter = tally.querySelector('meter');
  const costs = tally.dataset.costs ? JSON.parse(tally.dataset.costs) : {};
  const update = () => {
    let used = 0;
    if (tally.dataset.appTally === 'money') {
      for (const box of form.querySelectorAll('input[name="projects"]:checked')) used += costs[box.value] || 0;
      const left = total - used;
      text.textContent = `You have chosen projects costing ${pounds(used)} of ${pounds(total)}: ` +
        (left >= 0 ? `${pounds(left)} left.` : `${pounds(-left)} too much.`);
    } else {
      for (const box of form.querySelectorAll('input[name^="points-"]')) {
        if (/^\d{1,5}$/.test(box.value)) used += Number(box.value);
      }
      const left = total - used;
      text.textContent = `You have given ${used} of your ${total} points: ` +
        (left >= 0 ? `${left} left.` : `${-left} too many.`);
    }
    meter.value = Math.min(used, total);
  };
  form.addEventListener('input', update);
  form.addEventListener('change', update);
}

for (const tally of document.querySelectorAll('[data-app-tally]')) enhanceTally(tally);
