"""The stylesheet and the filter script inlined into every HTML page.

They are constants, so the page's Content-Security-Policy can allow them by hash and nothing
else; data never goes into them (the script reads what it needs from `data-` attributes).
"""

from __future__ import annotations

STYLE = """
:root {
  --paper: #faf8f4;
  --card: #fff;
  --ink: #1c1b19;
  --muted: #5f5a52;
  --rule: #d9d1c3;
  --soft: #efe9df;
  --accent: #b42318;
  --link: #1a4f8b;
  --date-col: 9.5rem;
  --rail: 3rem;
  --serif: Charter, "Bitstream Charter", "Sitka Text", Cambria, Georgia, "Liberation Serif",
    "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Liberation Sans", "DejaVu Sans", sans-serif;
  --c: #5c636a;
}
.cat-0 { --c: #1d5fa8; }
.cat-1 { --c: #b42318; }
.cat-2 { --c: #8a3ea0; }
.cat-3 { --c: #1c7c54; }
.cat-4 { --c: #a35c00; }
.cat-5 { --c: #0b7285; }
.cat-6 { --c: #5c636a; }
.cat-7 { --c: #7a6000; }
.cat-8 { --c: #c2185b; }
.cat-9 { --c: #3f51b5; }
.cat-none { --c: #8a847a; }
/* One colour per timeline when several are shown together */
.subj-0 { --s: #0b5d73; }
.subj-1 { --s: #9c2f6d; }
.subj-2 { --s: #2f6b1f; }
.subj-3 { --s: #8a4b00; }
.subj-4 { --s: #3b4aa8; }
.subj-5 { --s: #7b2d26; }
.subj-6 { --s: #00695c; }
.subj-7 { --s: #5b3f99; }

*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0;
  background: var(--paper);
  color: var(--ink);
  font: 1rem/1.55 var(--sans);
  /* Text from the data may hold a word longer than a phone is wide (an address, an id, a
     run of letters): it breaks where it must rather than widen the page. */
  overflow-wrap: anywhere;
}
a { color: var(--link); text-decoration-thickness: 1px; text-underline-offset: 2px; }
a:hover { text-decoration-thickness: 2px; }
:focus-visible { outline: 3px solid #1d5fa8; outline-offset: 2px; border-radius: 3px; }
.vh {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.skip { position: absolute; left: 1rem; top: -4rem; background: var(--ink); color: #fff;
  padding: .5rem .9rem; border-radius: 4px; z-index: 10; }
.skip:focus { top: 1rem; }
.page { max-width: 66rem; margin: 0 auto; padding: 3rem 1.75rem 4rem; }

/* The masthead */
.masthead { max-width: 44rem; margin: 0 0 2rem; }
.kicker {
  margin: 0 0 .75rem; color: var(--accent);
  font: 700 .78rem/1.2 var(--sans); letter-spacing: .14em; text-transform: uppercase;
}
h1 {
  margin: 0 0 1rem;
  font: 700 clamp(2rem, 1.2rem + 3vw, 3.15rem)/1.08 var(--serif);
  letter-spacing: -.015em;
}
.dek { margin: 0 0 1rem; font: 400 1.2rem/1.5 var(--serif); color: #3a3732; }
.meta {
  margin: 1.25rem 0 0; padding-top: .8rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: .88rem; font-variant-numeric: lining-nums;
}
.legend { display: flex; flex-wrap: wrap; gap: .5rem 2rem; margin-top: .8rem; }
.legend ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
  gap: .35rem 1.1rem; font-size: .82rem; color: var(--muted); }
.legend li { display: inline-flex; align-items: center; gap: .45rem; }
.legend-categories li { color: var(--c); font-weight: 600; }
.js .legend-categories { display: none; }
.key { display: inline-block; width: 12px; height: 12px; border-radius: 50%;
  background: var(--ink); }
.key.interval { width: 8px; height: 20px; border-radius: 4px; }
.key.vague { width: 10px; height: 20px; border-radius: 5px; background: var(--soft);
  border: 2px dashed var(--muted); }
.swatch { display: inline-block; width: .7rem; height: .7rem; border-radius: 2px;
  background: var(--c); flex: none; }

/* Filters (shown by the script) */
.filters {
  margin: 0 0 2.5rem; padding: 1.1rem 1.25rem 1rem; background: var(--card);
  border: 1px solid #e5dfd4; border-radius: 8px;
  box-shadow: 0 1px 2px rgba(60, 45, 20, .05);
}
.search label, .group legend {
  display: block; margin: 0 0 .4rem; padding: 0; color: var(--muted);
  font: 700 .72rem/1.2 var(--sans); letter-spacing: .1em; text-transform: uppercase;
}
.search input {
  width: 100%; padding: .6rem .8rem; font: 1rem/1.3 var(--sans); color: var(--ink);
  background: var(--paper); border: 1px solid #cbc2b3; border-radius: 6px;
}
.group { border: 0; margin: 1rem 0 0; padding: 0; min-width: 0; }
.chips { display: flex; flex-wrap: wrap; gap: .4rem; }
.chip {
  display: inline-flex; align-items: center; gap: .4rem; padding: .3rem .7rem;
  text-align: left;
  font: 500 .84rem/1.25 var(--sans); color: var(--ink); background: var(--card);
  border: 1px solid #cbc2b3; border-radius: 999px; cursor: pointer;
}
.chip:hover { border-color: #857c6e; }
.chip .n { color: var(--muted); font-size: .8em; font-variant-numeric: tabular-nums; }
.chip[aria-pressed="true"] { background: var(--ink); border-color: var(--ink); color: #fff; }
.chip.cat-0[aria-pressed="true"], .chip.cat-1[aria-pressed="true"],
.chip.cat-2[aria-pressed="true"], .chip.cat-3[aria-pressed="true"],
.chip.cat-4[aria-pressed="true"], .chip.cat-5[aria-pressed="true"],
.chip.cat-6[aria-pressed="true"], .chip.cat-7[aria-pressed="true"],
.chip.cat-8[aria-pressed="true"], .chip.cat-9[aria-pressed="true"] {
  background: var(--c); border-color: var(--c);
}
.chip[data-filter="subject"] .swatch { background: var(--s); }
.chip[data-filter="subject"][aria-pressed="true"] { background: var(--s); border-color: var(--s); }
.chip[aria-pressed="true"]::before { content: "\\2713"; font-weight: 700; }
.chip[aria-pressed="true"] .n { color: inherit; opacity: .85; }
.chip[aria-pressed="true"] .swatch { display: none; }
.more {
  font: 600 .84rem/1.25 var(--sans); color: var(--link); background: none; border: 0;
  padding: .3rem .4rem; cursor: pointer; text-decoration: underline; text-underline-offset: 2px;
}
.status { display: flex; align-items: center; justify-content: space-between; gap: 1rem;
  margin-top: 1rem; padding-top: .75rem; border-top: 1px solid var(--soft); }
.status p { margin: 0; font-size: .9rem; color: var(--muted); font-weight: 600; }
.clear {
  font: 600 .84rem/1.2 var(--sans); color: var(--link); background: none;
  border: 1px solid transparent; border-radius: 4px; padding: .3rem .5rem; cursor: pointer;
  text-decoration: underline; text-underline-offset: 2px;
}
.clear:disabled { color: #a39c90; text-decoration: none; cursor: default; }
.asof { margin: 1rem 0 0; }
.asof label {
  display: block; margin: 0 0 .4rem; color: var(--muted);
  font: 700 .72rem/1.2 var(--sans); letter-spacing: .1em; text-transform: uppercase;
}
.asof-row { display: flex; align-items: center; gap: .9rem; }
.asof input { flex: 1 1 auto; min-width: 0; margin: 0; accent-color: var(--ink); }
.asof output {
  flex: none; min-width: 7.5rem; font: 700 .95rem/1.2 var(--sans);
  font-variant-numeric: tabular-nums;
}
.asof-ends { margin: .35rem 0 0; color: var(--muted); font-size: .8rem; }
.reported { margin: 0 0 .3rem; color: var(--muted); font-style: italic; }

/* The timeline: a line down the rail column, a marker per event on it */
.timeline { position: relative; padding-bottom: 1rem; }
.timeline::before {
  content: ""; position: absolute; top: 1rem; bottom: 0; width: 2px; background: var(--rule);
  left: calc(var(--date-col) + var(--rail) / 2 - 1px);
}
.year > h2 {
  position: relative; display: flex; justify-content: center;
  width: var(--rail); margin: 2.25rem 0 1.25rem var(--date-col);
}
.year:first-child > h2 { margin-top: 0; }
.year > h2 span {
  overflow-wrap: normal; /* a year is wider than the rail it sits on, by design */
  padding: .42rem .8rem; border-radius: 999px; background: var(--ink); color: #fff;
  font: 700 1.05rem/1 var(--sans); letter-spacing: .04em; font-variant-numeric: lining-nums;
  box-shadow: 0 0 0 5px var(--paper);
}
.events { list-style: none; margin: 0; padding: 0; }
.event { margin: 0 0 1.15rem; }
.event > article {
  display: grid; align-items: start;
  grid-template-columns: var(--date-col) var(--rail) minmax(0, 1fr);
  grid-template-areas: "when mark card";
}
.when {
  grid-area: when; margin: 0; padding: .95rem .1rem 0 0; text-align: right;
  font: 700 .95rem/1.3 var(--sans); font-variant-numeric: lining-nums;
}
.when time { white-space: nowrap; }
.when .dash { font-weight: 400; }
.precision {
  display: block; width: max-content; margin: .3rem 0 0 auto; padding: .05rem .4rem;
  color: var(--muted); border: 1px dashed #b8ae9d; border-radius: 3px;
  font: 600 .66rem/1.4 var(--sans); letter-spacing: .08em; text-transform: uppercase;
}
.interval:not(.vague) .precision { border-style: solid; }
.mark {
  grid-area: mark; position: relative; z-index: 1;
  display: flex; justify-content: center; padding-top: 1.05rem;
}
.mark::before {
  content: ""; display: block; width: 15px; height: 15px; border-radius: 50%;
  background: var(--c); box-shadow: 0 0 0 4px var(--paper);
}
.interval .mark::before, .vague .mark::before { width: 11px; border-radius: 6px; }
.vague .mark::before {
  background: var(--paper); border: 2px dashed var(--c);
  background-image: repeating-linear-gradient(135deg, transparent 0 3px, var(--soft) 3px 5px);
}
.interval.span-1 .mark::before, .vague.span-1 .mark::before { height: 20px; }
.span-2 .mark::before { height: 28px; }
.span-3 .mark::before { height: 40px; }
.span-4 .mark::before { height: 54px; }
.span-5 .mark::before { height: 68px; }
.span-6 .mark::before { height: 84px; }
.span-7 .mark::before { height: 104px; }
.span-8 .mark::before { height: 124px; }
.open-end .mark::before {
  -webkit-mask-image: linear-gradient(#000 50%, transparent);
  mask-image: linear-gradient(#000 50%, transparent);
}
.open-start .mark::before {
  -webkit-mask-image: linear-gradient(transparent, #000 50%);
  mask-image: linear-gradient(transparent, #000 50%);
}
.fuzzy .mark::before { box-shadow: 0 0 0 4px var(--paper), 0 0 7px 3px var(--c); }
.card {
  grid-area: card; position: relative; min-width: 0;
  padding: .9rem 1.2rem 1rem; background: var(--card);
  border: 1px solid #e5dfd4; border-left: 4px solid var(--c); border-radius: 4px 8px 8px 4px;
  box-shadow: 0 1px 2px rgba(60, 45, 20, .05), 0 4px 14px -8px rgba(60, 45, 20, .18);
}
.category {
  display: flex; align-items: center; gap: .45rem; margin: 0 0 .35rem; color: var(--c);
  font: 700 .7rem/1.2 var(--sans); letter-spacing: .1em; text-transform: uppercase;
}
.category .swatch { width: .55rem; height: .55rem; }
.subject {
  display: inline-block; max-width: 100%; margin: 0 0 .4rem; padding: .1rem .55rem;
  border-radius: 3px; background: var(--s); color: #fff;
  font: 700 .72rem/1.3 var(--sans); letter-spacing: .03em; overflow-wrap: anywhere;
}
.legend-subjects li { color: var(--s); font-weight: 700; }
.legend-subjects .swatch { background: var(--s); }
.title {
  margin: 0 0 .35rem; font: 700 1.26rem/1.28 var(--serif); letter-spacing: -.005em;
}
.actors { margin: 0 0 .6rem; color: var(--muted); font-size: .87rem; }
.summary p {
  margin: 0 0 .6rem; max-width: 40rem; font: 1rem/1.6 var(--serif); color: #2d2b27;
}
.tags { list-style: none; display: flex; flex-wrap: wrap; gap: .3rem; margin: .55rem 0 0;
  padding: 0; }
.tags li {
  padding: .08rem .5rem; border-radius: 999px; background: var(--soft); color: #4b463e;
  font-size: .74rem;
}
.tags li::before { content: "#"; color: #9a9183; }
.related { margin: .6rem 0 0; font-size: .85rem; }
.related .label, .sources h4 {
  margin: 0 .4rem 0 0; color: var(--muted);
  font: 700 .68rem/1.2 var(--sans); letter-spacing: .1em; text-transform: uppercase;
}
.sources {
  margin: .75rem 0 0; padding-top: .6rem; border-top: 1px solid var(--soft);
  font-size: .84rem; line-height: 1.45;
}
.sources h4 { display: block; margin-bottom: .3rem; }
.sources ul { list-style: none; margin: 0; padding: 0; }
.sources li { margin: 0 0 .25rem; }
.source-title { font-style: normal; }
.source-meta { color: var(--muted); }
.source-meta::before { content: "\\2014\\00a0"; }
.not-a-link { color: var(--muted); }
.unsourced { color: var(--accent); font-weight: 600; }
.gap {
  margin: 1.1rem 0 0 calc(var(--date-col) + var(--rail) + .2rem);
  color: var(--muted); font-size: .78rem; font-style: italic; line-height: 1.2;
}
.filtered .gap { display: none; }
.empty { margin: 2rem 0 0 calc(var(--date-col) + var(--rail)); color: var(--muted); }
.colophon {
  margin: 3rem 0 0; padding-top: 1rem; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: .82rem;
}
.colophon p { margin: 0 0 .3rem; max-width: 44rem; }

/* Phones: the line moves to the left edge, the date sits above its card */
@media (max-width: 40rem) {
  :root { --date-col: 0rem; --rail: 1.75rem; }
  .page { padding: 1.75rem 1rem 3rem; }
  .dek { font-size: 1.08rem; }
  .filters { padding: .9rem .9rem .8rem; }
  .year > h2 { justify-content: flex-start; margin-left: -.35rem; }
  .event > article {
    grid-template-columns: var(--rail) minmax(0, 1fr);
    grid-template-areas: "mark when" "mark card";
  }
  .when { text-align: left; padding: .1rem 0 .4rem .6rem; }
  .precision { display: inline-block; margin: 0 0 0 .5rem; vertical-align: 1px; }
  .mark { grid-row: 1 / span 2; padding-top: .3rem; }
  .card { margin-left: .6rem; padding: .8rem .9rem .9rem; }
  .title { font-size: 1.15rem; }
  .gap { margin-left: calc(var(--rail) + .6rem); }
  .empty { margin-left: var(--rail); }
  .status { flex-wrap: wrap; }
}

/* Print: no controls, whole cards, addresses written out */
@media print {
  @page { margin: 1.5cm 1.3cm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  :root { --paper: #fff; --date-col: 7.5rem; --rail: 2rem; }
  html { font-size: 11px; }
  body { background: #fff; }
  .page { max-width: none; padding: 0; }
  .filters, .skip, .gap, #filter-empty { display: none !important; }
  .legend-categories { display: flex !important; }
  .masthead { margin-bottom: 1.2rem; }
  .event { margin-bottom: .7rem; }
  .card { box-shadow: none; padding: .6rem .9rem .7rem; }
  .summary p { max-width: none; }
  .event > article, .year > h2 { break-inside: avoid; page-break-inside: avoid; }
  .year > h2 { break-after: avoid; page-break-after: avoid;
    margin: 1.2rem 0 .8rem var(--date-col); }
  .sources a, .related a { color: inherit; text-decoration: none; }
  .sources a[href^="http"]::after {
    content: " <" attr(href) ">"; color: var(--muted); font-size: .85em; word-break: break-all;
  }
}
"""

SCRIPT = """
(function () {
  "use strict";
  var root = document.documentElement;
  var panel = document.getElementById("filters");
  var search = document.getElementById("filter-search");
  var status = document.getElementById("filter-count");
  var empty = document.getElementById("filter-empty");
  if (!panel || !search || !status) { return; }
  var list = function (selector) {
    return Array.prototype.slice.call(document.querySelectorAll(selector));
  };
  var buttons = list("button[data-filter]");
  var tagButtons = buttons.filter(function (button) {
    return button.getAttribute("data-filter") === "tag";
  });
  var more = document.getElementById("tag-more");
  var first = parseInt((document.getElementById("tag-chips") || root).getAttribute("data-first"),
    10) || tagButtons.length;
  var clears = list("#filter-clear, [data-clear]");
  /* "As known on": the slider steps through the days on which a source starts to count; its
     last step shows every event. The chosen day is kept as an ISO date, compared as text. */
  var asof = document.getElementById("filter-asof");
  var asofShown = document.getElementById("filter-asof-day");
  var days = [];
  if (asof) {
    try { days = JSON.parse(asof.getAttribute("data-days") || "[]"); } catch (error) { days = []; }
  }
  var asofDay = "";
  var months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
    "Dec"];
  var dayText = function (day) {
    var parts = day.split("-");
    return parseInt(parts[2], 10) + " " + months[parseInt(parts[1], 10) - 1] + " " + parts[0];
  };
  var known = function (day) { return !asofDay || (day !== "" && day <= asofDay); };
  var sources = list("li.event .sources li[data-known]").map(function (item) {
    return { item: item, known: item.getAttribute("data-known") || "" };
  });
  var sections = list("section.year");
  var events = list("li.event").map(function (item) {
    var text = Array.prototype.map.call(
      item.querySelectorAll(".title, .summary, .actors, .tags"),
      function (node) { return node.textContent; }
    ).join(" ");
    var tags = [];
    try { tags = JSON.parse(item.getAttribute("data-tags") || "[]"); } catch (error) { tags = []; }
    return {
      item: item,
      category: item.getAttribute("data-category") || "",
      subject: item.getAttribute("data-subject") || "",
      tags: tags,
      known: item.getAttribute("data-known") || "",
      text: text.replace(/\\s+/g, " ").toLowerCase()
    };
  });
  var total = events.length;
  var noun = function (n) { return n + (n === 1 ? " event" : " events"); };

  function chosen(kind) {
    return buttons.filter(function (button) {
      return button.getAttribute("data-filter") === kind &&
        button.getAttribute("aria-pressed") === "true";
    }).map(function (button) { return button.getAttribute("data-value"); });
  }

  function writeHash(tags, categories, subjects, query) {
    var params = new URLSearchParams();
    subjects.forEach(function (subject) { params.append("subject", subject); });
    tags.forEach(function (tag) { params.append("tag", tag); });
    categories.forEach(function (category) { params.append("category", category); });
    if (query) { params.set("q", query); }
    if (asofDay) { params.set("asof", asofDay); }
    var text = params.toString();
    try {
      history.replaceState(null, "", text ? "#" + text : location.pathname + location.search);
    } catch (error) { /* a page opened from disk may refuse; the filter still applies */ }
  }

  function layoutTags() {
    var open = !more || more.getAttribute("aria-expanded") === "true";
    tagButtons.forEach(function (button, index) {
      button.hidden = !open && index >= first && button.getAttribute("aria-pressed") !== "true";
    });
    if (more) { more.textContent = open ? "Fewer tags" : more.getAttribute("data-all"); }
  }

  function showAsof() {
    if (!asof) { return; }
    /* The slider sits on the last step on or before the chosen day (the first, if none is). */
    var step = days.length;
    if (asofDay) {
      step = 0;
      days.forEach(function (day, index) { if (day <= asofDay) { step = index; } });
    }
    asof.value = String(step);
    var text = asofDay ? dayText(asofDay) : asof.getAttribute("data-end") || "today";
    asof.setAttribute("aria-valuetext", text);
    if (asofShown) { asofShown.textContent = text; }
  }

  function apply(remember) {
    layoutTags();
    showAsof();
    var tags = chosen("tag");
    var categories = chosen("category");
    var subjects = chosen("subject");
    var raw = search.value.trim();
    var query = raw.replace(/\\s+/g, " ").toLowerCase();
    var shown = 0;
    events.forEach(function (event) {
      var match = (!tags.length || event.tags.some(function (tag) {
          return tags.indexOf(tag) >= 0;
        })) &&
        (!categories.length || categories.indexOf(event.category) >= 0) &&
        (!subjects.length || subjects.indexOf(event.subject) >= 0) &&
        (!query || event.text.indexOf(query) >= 0) &&
        known(event.known);
      event.item.hidden = !match;
      if (match) { shown += 1; }
    });
    sources.forEach(function (source) { source.item.hidden = !known(source.known); });
    sections.forEach(function (section) {
      section.hidden = !section.querySelector("li.event:not([hidden])");
    });
    var active = tags.length > 0 || categories.length > 0 || subjects.length > 0 ||
      query.length > 0 || asofDay !== "";
    root.classList.toggle("filtered", active);
    status.textContent = (active ? "Showing " + shown + " of " + noun(total)
      : "Showing all " + noun(total)) + (asofDay ? ", as known on " + dayText(asofDay) : "");
    if (empty) { empty.hidden = shown > 0; }
    clears.forEach(function (button) {
      if (button.id === "filter-clear") { button.disabled = !active; }
    });
    if (remember) { writeHash(tags, categories, subjects, raw); }
  }

  function readHash() {
    var hash = location.hash.slice(1);
    if (hash.indexOf("=") < 0) { return false; }
    var params = new URLSearchParams(hash);
    var wanted = {
      tag: params.getAll("tag").map(function (v) { return v.toLowerCase(); }),
      category: params.getAll("category").map(function (v) { return v.toLowerCase(); }),
      subject: params.getAll("subject").map(function (v) { return v.toLowerCase(); })
    };
    buttons.forEach(function (button) {
      var values = wanted[button.getAttribute("data-filter")] || [];
      var on = values.indexOf(button.getAttribute("data-value")) >= 0;
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
    search.value = params.get("q") || "";
    var day = params.get("asof") || "";
    asofDay = asof && /^\\d{4}-\\d{2}-\\d{2}$/.test(day) ? day : "";
    return true;
  }

  function reset() {
    buttons.forEach(function (button) { button.setAttribute("aria-pressed", "false"); });
    search.value = "";
    asofDay = "";
    apply(true);
  }

  buttons.forEach(function (button) {
    button.addEventListener("click", function () {
      var on = button.getAttribute("aria-pressed") === "true";
      button.setAttribute("aria-pressed", on ? "false" : "true");
      apply(true);
    });
  });
  if (more) {
    more.addEventListener("click", function () {
      var open = more.getAttribute("aria-expanded") === "true";
      more.setAttribute("aria-expanded", open ? "false" : "true");
      layoutTags();
    });
  }
  search.addEventListener("input", function () { apply(true); });
  if (asof) {
    asof.addEventListener("input", function () {
      var step = parseInt(asof.value, 10);
      asofDay = step < days.length ? days[step] : "";
      apply(true);
    });
  }
  clears.forEach(function (button) {
    button.addEventListener("click", function () { reset(); search.focus(); });
  });
  window.addEventListener("hashchange", function () {
    if (readHash()) { apply(false); return; }
    var target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target && target.closest("[hidden]")) {
      buttons.forEach(function (button) { button.setAttribute("aria-pressed", "false"); });
      search.value = "";
      asofDay = "";
      apply(false);
      target.scrollIntoView();
    }
  });

  root.classList.add("js");
  panel.hidden = false;
  readHash();
  apply(false);
}());
"""
