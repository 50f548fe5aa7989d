// dateline dashboard: the timeline, the map and the actor network, drawn as plain SVG.
"use strict";

const DL = (window.DL = window.DL || {});
const SVG = "http://www.w3.org/2000/svg";

DL.QUADS = [
  { key: "q1", name: "verbal cooperation", colour: "#7fbf7b" },
  { key: "q2", name: "material cooperation", colour: "#1b7837" },
  { key: "q3", name: "verbal conflict", colour: "#f4a582" },
  { key: "q4", name: "material conflict", colour: "#b2182b" },
];

DL.svg = function (tag, attrs, parent) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
  if (parent) parent.appendChild(node);
  return node;
};

function tip(node, text) {
  DL.svg("title", {}, node).textContent = text;
}

function empty(box, text) {
  box.replaceChildren();
  const p = document.createElement("p");
  p.className = "empty";
  p.textContent = text;
  box.appendChild(p);
}

function legend(svg, x, y) {
  DL.QUADS.forEach((quad, i) => {
    const g = DL.svg("g", { transform: `translate(${x + i * 170},${y})`, class: "legend-item" }, svg);
    DL.svg("rect", { width: 12, height: 12, fill: quad.colour }, g);
    DL.svg("text", { x: 16, y: 11, class: "label" }, g).textContent = `${quad.key.slice(1)} ${quad.name}`;
  });
}

// Stacked bars, one per period; clicking a bar filters to its period.
DL.drawTimeline = function (box, data, onPick) {
  const items = data.items || [];
  if (!items.length) return empty(box, "No dated events match at this interval.");
  const W = 900, H = 230, left = 36, bottom = 40, top = 28;
  const svg = DL.svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "timeline" });
  const max = Math.max(1, ...items.map((d) => d.total));
  const step = (W - left - 8) / items.length;
  const bar = Math.max(1, step * 0.8);
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  DL.svg("line", { x1: left, x2: W - 4, y1: y(0), y2: y(0), class: "axis" }, svg);
  DL.svg("text", { x: left - 6, y: y(max) + 4, class: "tick", "text-anchor": "end" }, svg).textContent = max;
  DL.svg("text", { x: left - 6, y: y(0) + 4, class: "tick", "text-anchor": "end" }, svg).textContent = 0;
  const every = Math.max(1, Math.ceil(items.length / 12));
  items.forEach((d, i) => {
    const x = left + i * step + (step - bar) / 2;
    const g = DL.svg("g", { class: "period", "data-period": d.period }, svg);
    let base = 0;
    for (const quad of DL.QUADS) {
      const v = d[quad.key] || 0;
      if (!v) continue;
      DL.svg("rect", { x, y: y(base + v), width: bar, height: y(base) - y(base + v), fill: quad.colour, class: "bar" }, g);
      base += v;
    }
    DL.svg("rect", { x: left + i * step, y: top, width: step, height: H - top - bottom, class: "hit" }, g);
    tip(g, `${d.period}: ${d.total} event(s)` + DL.QUADS.map((q) => (d[q.key] ? `\n${q.name}: ${d[q.key]}` : "")).join(""));
    g.addEventListener("click", () => onPick(d.period));
    if (i % every === 0) {
      DL.svg("text", { x: x + bar / 2, y: H - bottom + 14, class: "tick", "text-anchor": "middle" }, svg).textContent = d.period;
    }
  });
  legend(svg, left, 4);
  box.replaceChildren(svg);
};

// An equirectangular world (Natural Earth outlines) with one circle per place.
DL.drawMap = function (box, world, places, onPick) {
  const S = 2.5, lat0 = 84, lat1 = -58;
  const px = (lon) => (lon + 180) * S;
  const py = (lat) => (lat0 - lat) * S;
  const svg = DL.svg("svg", { viewBox: `0 0 ${360 * S} ${(lat0 - lat1) * S}`, role: "img", "aria-label": "map" });
  DL.svg("rect", { width: 360 * S, height: (lat0 - lat1) * S, class: "sea" }, svg);
  const land = DL.svg("g", { class: "land" }, svg);
  for (const country of world.countries || []) {
    const d = country.rings.map((ring) => "M" + ring.map(([lon, lat]) => `${px(lon).toFixed(1)},${py(lat).toFixed(1)}`).join("L") + "Z").join("");
    tip(DL.svg("path", { d, "data-country": country.iso3 }, land), country.name);
  }
  const max = Math.max(1, ...places.map((p) => p.count));
  for (const place of places) {
    const dominant = DL.QUADS.reduce((a, b) => ((place[b.key] || 0) > (place[a.key] || 0) ? b : a));
    const c = DL.svg("circle", {
      cx: px(place.lon), cy: py(place.lat), r: 3 + 9 * Math.sqrt(place.count / max),
      fill: dominant.colour, class: "place", "data-country": place.country || "",
    }, svg);
    tip(c, `${place.name || place.country}: ${place.count} event(s)` + DL.QUADS.map((q) => (place[q.key] ? `\n${q.name}: ${place[q.key]}` : "")).join(""));
    c.addEventListener("click", () => onPick(place.country));
  }
  if (!places.length) DL.svg("text", { x: 20, y: 30, class: "label" }, svg).textContent = "No event places match.";
  box.replaceChildren(svg);
};

function goldsteinColour(g) {
  if (g == null) return "#888";
  if (g > 0.5) return "#1b7837";
  if (g < -0.5) return "#b2182b";
  return "#888";
}

// Nodes on a circle, biggest first; edges source → target, width by count.
DL.drawNetwork = function (box, net, onPick) {
  const nodes = (net.nodes || []).slice(0, 40);
  if (!nodes.length) return empty(box, "No actor pairs match.");
  const W = 640, H = 520, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 70;
  const svg = DL.svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": "actor network" });
  const defs = DL.svg("defs", {}, svg);
  const marker = DL.svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto-start-reverse" }, defs);
  DL.svg("path", { d: "M0,0L10,5L0,10z", fill: "#555" }, marker);
  const at = new Map();
  const max = Math.max(1, ...nodes.map((n) => n.count));
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    at.set(n.id, { x: cx + R * Math.cos(a), y: cy + R * Math.sin(a), r: 5 + 12 * Math.sqrt(n.count / max), a });
  });
  const edges = DL.svg("g", { class: "edges" }, svg);
  const maxEdge = Math.max(1, ...(net.edges || []).map((e) => e.count));
  for (const e of net.edges || []) {
    const s = at.get(e.source), t = at.get(e.target);
    if (!s || !t) continue;
    const g = DL.svg("g", { class: "edge" }, edges);
    if (s === t) {
      DL.svg("circle", { cx: s.x + s.r * Math.cos(s.a) * 1.6, cy: s.y + s.r * Math.sin(s.a) * 1.6, r: s.r * 0.8, fill: "none", stroke: goldsteinColour(e.goldstein), "stroke-width": 1 + 4 * (e.count / maxEdge) }, g);
    } else {
      const dx = t.x - s.x, dy = t.y - s.y, len = Math.hypot(dx, dy) || 1;
      DL.svg("line", {
        x1: s.x + (dx / len) * s.r, y1: s.y + (dy / len) * s.r, x2: t.x - (dx / len) * (t.r + 2), y2: t.y - (dy / len) * (t.r + 2),
        stroke: goldsteinColour(e.goldstein), "stroke-width": 1 + 4 * (e.count / maxEdge), "marker-end": "url(#arrow)",
      }, g);
    }
    tip(g, `${e.source} → ${e.target}: ${e.count} event(s), mean Goldstein ${e.goldstein}`);
  }
  for (const n of nodes) {
    const p = at.get(n.id);
    const g = DL.svg("g", { class: "node", "data-actor": n.id }, svg);
    DL.svg("circle", { cx: p.x, cy: p.y, r: p.r }, g);
    const cos = Math.cos(p.a), sin = Math.sin(p.a);
    const anchor = Math.abs(cos) < 0.3 ? "middle" : cos > 0 ? "start" : "end";
    const lift = anchor === "middle" ? (sin < 0 ? -4 : 12) : 4;
    DL.svg("text", { x: p.x + cos * (p.r + 4), y: p.y + sin * (p.r + 4) + lift, "text-anchor": anchor, class: "label" }, g).textContent = n.id;
    tip(g, `${n.id}: ${n.count} event(s)`);
    g.addEventListener("click", () => onPick(n.id));
  }
  box.replaceChildren(svg);
};
