// dateline dashboard: filters in the query string, the overview, and the page's routing.
// Everything it shows comes from the JSON API of the same server; nothing is loaded from elsewhere.
"use strict";

(function () {
  const DL = (window.DL = window.DL || {});
  const FILTERS = ["actor", "dyad", "cameo", "quad_class", "modality", "country", "source", "q", "since", "until"];
  let world = null;
  let nextEvents = null;

  DL.getJSON = async function (url) {
    const response = await fetch(url, { headers: { Accept: "application/json" } });
    if (!response.ok) {
      let detail = response.statusText;
      try { detail = JSON.stringify((await response.json()).detail); } catch (e) { /* not JSON */ }
      throw new Error(`${response.status} ${detail}`);
    }
    return response.json();
  };

  function filters() {
    const here = new URLSearchParams(location.search);
    const out = new URLSearchParams();
    for (const name of FILTERS) if (here.get(name)) out.set(name, here.get(name));
    return out;
  }

  function api(path, extra) {
    const query = filters();
    for (const [k, v] of Object.entries(extra || {})) query.set(k, v);
    const qs = query.toString();
    return path + (qs ? "?" + qs : "");
  }

  // Change the query string (keeping the rest), then redraw: every view can be shared by its URL.
  function go(changes, path) {
    const query = new URLSearchParams(location.search);
    for (const [k, v] of Object.entries(changes)) {
      if (v === "" || v == null) query.delete(k); else query.set(k, v);
    }
    query.delete("event");
    const qs = query.toString();
    history.pushState(null, "", (path || location.pathname) + (qs ? "?" + qs : ""));
    render();
  }
  DL.go = go;

  function fillForm() {
    const form = document.getElementById("filters");
    const here = new URLSearchParams(location.search);
    for (const name of FILTERS) form.elements[name].value = here.get(name) || "";
    document.getElementById("interval").value = here.get("interval") || "month";
  }

  function showError(error) {
    const box = document.getElementById("error");
    box.textContent = `Could not load: ${error.message}`;
    box.hidden = false;
  }

  function cell(row, text, cls) {
    const td = document.createElement("td");
    if (cls) td.className = cls;
    td.textContent = text == null ? "" : String(text);
    row.appendChild(td);
    return td;
  }

  function eventRow(e) {
    const tr = document.createElement("tr");
    tr.dataset.event = e.event_id;
    cell(tr, e.date, "date");
    cell(tr, e.source ? e.source.code : "", "actor");
    const code = cell(tr, "", "code");
    const badge = document.createElement("span");
    badge.className = "cameo q" + (e.quad_class || 0);
    badge.textContent = e.cameo;
    code.appendChild(badge);
    code.appendChild(document.createTextNode(" " + (e.plover ? [e.plover.event, e.plover.mode].filter(Boolean).join("/") : "")));
    cell(tr, e.target ? e.target.code : "", "actor");
    cell(tr, e.modality, "modality " + e.modality);
    cell(tr, e.location ? e.location.name || e.location.country : "", "place");
    const ev = cell(tr, "", "evidence");
    const link = document.createElement("a");
    const keep = filters();
    keep.set("event", e.event_id);
    link.href = `/documents/${encodeURIComponent(e.doc_id)}?${keep}`;
    const text = (e.evidence && e.evidence.text ? e.evidence.text : "").trim();
    link.textContent = text.length > 160 ? text.slice(0, 159) + "…" : text;
    ev.appendChild(link);
    return tr;
  }

  async function loadEvents(url, append) {
    const page = await DL.getJSON(url);
    const body = document.querySelector("#events tbody");
    if (!append) body.replaceChildren();
    for (const e of page.items) body.appendChild(eventRow(e));
    document.getElementById("events-total").textContent = `${page.total} matching`;
    nextEvents = page.next;
    document.getElementById("more").hidden = !nextEvents;
  }

  function periodRange(period, interval) {
    if (interval === "week") {
      const end = new Date(period + "T00:00:00Z");
      end.setUTCDate(end.getUTCDate() + 6);
      return { since: period, until: end.toISOString().slice(0, 10) };
    }
    return { since: period, until: period };
  }

  async function showOverview() {
    document.title = "dateline";
    const interval = new URLSearchParams(location.search).get("interval") || "month";
    document.getElementById("events-json").href = api("/api/events");
    world = world || (await DL.getJSON("/static/world.json"));
    const [timeline, places, network] = await Promise.all([
      DL.getJSON(api("/api/timeline", { interval })),
      DL.getJSON(api("/api/places")),
      DL.getJSON(api("/api/network", { limit: 120 })),
      loadEvents(api("/api/events", { limit: 50 }), false),
    ]);
    DL.drawTimeline(document.getElementById("timeline"), timeline, (period) => go(periodRange(period, interval)));
    document.getElementById("timeline-note").textContent = timeline.coarser
      ? `${timeline.coarser} event(s) dated less precisely than a ${interval}, or not dated, are not shown.` : "";
    DL.drawMap(document.getElementById("map"), world, places.items, (country) => go({ country }));
    DL.drawNetwork(document.getElementById("network"), network, (actor) => go({ actor }));
  }

  async function render() {
    fillForm();
    document.getElementById("error").hidden = true;
    document.body.dataset.ready = "";
    const match = location.pathname.match(/^\/documents\/(.+)$/);
    document.getElementById("overview").hidden = !!match;
    document.getElementById("document").hidden = !match;
    try {
      if (match) await DL.showDocument(decodeURIComponent(match[1]));
      else await showOverview();
      document.body.dataset.ready = match ? "document" : "overview";
    } catch (error) {
      showError(error);
      document.body.dataset.ready = "error";
    }
  }

  function start() {
    const form = document.getElementById("filters");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const changes = {};
      for (const name of FILTERS) changes[name] = form.elements[name].value.trim();
      go(changes, "/");
    });
    document.getElementById("clear").addEventListener("click", () => {
      history.pushState(null, "", "/");
      render();
    });
    document.getElementById("interval").addEventListener("change", (event) => go({ interval: event.target.value }));
    document.getElementById("more").addEventListener("click", () => nextEvents && loadEvents(nextEvents, true).catch(showError));
    document.getElementById("back").addEventListener("click", (event) => {
      event.preventDefault();
      go({}, "/");
    });
    window.addEventListener("popstate", render);
    render();
  }

  start();
})();
