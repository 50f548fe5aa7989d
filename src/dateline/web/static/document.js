// dateline dashboard: one article, its actors, triggers, dates and places highlighted, its events beside it.
"use strict";

(function () {
  const DL = (window.DL = window.DL || {});

  function el(tag, cls, text) {
    const node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text != null) node.textContent = text;
    return node;
  }

  // Cut the text at every span's start and end; each piece is marked with the kinds covering it.
  function highlighted(text, spans) {
    const cuts = new Set([0, text.length]);
    for (const s of spans) { cuts.add(s.start); cuts.add(s.end); }
    const points = [...cuts].filter((c) => c >= 0 && c <= text.length).sort((a, b) => a - b);
    const out = document.createDocumentFragment();
    for (let i = 0; i + 1 < points.length; i++) {
      const a = points[i], b = points[i + 1];
      const covering = spans.filter((s) => s.start <= a && s.end >= b);
      const piece = text.slice(a, b);
      if (!covering.length) { out.appendChild(document.createTextNode(piece)); continue; }
      const mark = el("mark", "", piece);
      const kinds = [...new Set(covering.map((s) => s.kind))];
      mark.classList.add(...kinds);
      if (covering.every((s) => s.antecedent)) mark.classList.add("antecedent");
      const events = [...new Set(covering.flatMap((s) => s.events))];
      mark.dataset.events = events.join(" ");
      mark.title = covering.map((s) => `${s.kind}${s.role ? " (" + s.role + ")" : ""}: ${s.label ?? ""}${s.antecedent ? ", found earlier in the text" : ""}`).join("\n")
        + `\nevents: ${events.length}`;
      mark.addEventListener("click", () => focus(events));
      out.appendChild(mark);
    }
    return out;
  }

  function actor(a) {
    if (!a) return "—";
    return a.code + (a.name ? ` (${a.name})` : a.text ? ` (${a.text})` : "");
  }

  function card(e) {
    const c = el("div", "event-card");
    c.id = "event-" + e.event_id;
    c.dataset.event = e.event_id;
    const head = el("div", "codes");
    head.appendChild(el("span", "cameo q" + (e.quad_class || 0), e.cameo));
    head.appendChild(el("span", "plover", [e.plover && e.plover.event, e.plover && e.plover.mode].filter(Boolean).join(" / ")));
    head.appendChild(el("span", "modality " + (e.modality || ""), e.modality || ""));
    c.appendChild(head);
    c.appendChild(el("div", "dyad", `${actor(e.source)} → ${actor(e.target)}`));
    const rows = [
      ["date", `${e.date || "—"} (${e.date_precision || "?"}, ${e.date_basis || "?"})`],
      ["place", e.location ? [e.location.name, e.location.country].filter(Boolean).join(", ") : "—"],
      ["quad class", `${e.quad_class}, Goldstein ${e.goldstein}`],
      ["trigger", `${e.evidence ? e.evidence.trigger : ""} · rule ${e.evidence ? e.evidence.rule : ""}`],
      ["confidence", e.confidence],
    ];
    const dl = el("dl");
    for (const [k, v] of rows) { dl.appendChild(el("dt", "", k)); dl.appendChild(el("dd", "", v)); }
    c.appendChild(dl);
    c.addEventListener("mouseenter", () => focus([e.event_id]));
    c.addEventListener("click", () => focus([e.event_id], true));
    return c;
  }

  function focus(ids, remember) {
    const wanted = new Set(ids);
    for (const mark of document.querySelectorAll("#doc-text mark")) {
      const on = (mark.dataset.events || "").split(" ").some((id) => wanted.has(id));
      mark.classList.toggle("focus", on);
    }
    for (const c of document.querySelectorAll(".event-card")) c.classList.toggle("focus", wanted.has(c.dataset.event));
    if (remember && ids.length === 1) {
      const url = new URL(location.href);
      url.searchParams.set("event", ids[0]);
      history.replaceState(null, "", url);
    }
  }

  DL.showDocument = async function (docId) {
    const doc = await DL.getJSON("/api/documents/" + encodeURIComponent(docId));
    document.title = `${doc.title || doc.id} · dateline`;
    document.getElementById("document-json").href = "/api/documents/" + encodeURIComponent(doc.id);
    document.getElementById("doc-title").textContent = doc.title || doc.id;
    const dateline = doc.dateline ? [doc.dateline.place, doc.dateline.date, doc.dateline.agency].filter(Boolean).join(", ") : "";
    document.getElementById("doc-meta").textContent = [
      doc.published && `published ${doc.published}`, doc.source, dateline && `dateline: ${dateline}`,
      `${doc.events.length} event(s)`, doc.unplaced.length ? `${doc.unplaced.length} not placed in the text` : "",
    ].filter(Boolean).join(" · ");
    const article = document.getElementById("doc-text");
    article.replaceChildren(highlighted(doc.text || "", doc.spans));
    const aside = document.getElementById("doc-events");
    aside.replaceChildren(el("h3", "", "Events"));
    for (const e of doc.events) aside.appendChild(card(e));
    const wanted = new URLSearchParams(location.search).get("event");
    if (wanted && document.getElementById("event-" + wanted)) {
      focus([wanted]);
      document.getElementById("event-" + wanted).scrollIntoView({ block: "nearest" });
    }
  };
})();
