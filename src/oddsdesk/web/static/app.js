/* oddsdesk dashboard behaviour: progressive enhancement over server-rendered pages.
   Live data arrives on the API's event stream (EventSource); regions are re-requested with htmx.
   No polling loop, no build step. */
(function () {
  "use strict";

  var root = document.documentElement;
  var API = JSON.parse(document.body.dataset.api || "{}");
  var BOOK_LABEL = { betpawa: "BetPawa", sportybet: "SportyBet", bet9ja: "Bet9ja" };
  var store = {
    get: function (k, d) { try { var v = localStorage.getItem("oddsdesk." + k); return v === null ? d : JSON.parse(v); } catch (e) { return d; } },
    set: function (k, v) { try { localStorage.setItem("oddsdesk." + k, JSON.stringify(v)); } catch (e) { /* private mode */ } }
  };
  function $(sel, el) { return (el || document).querySelector(sel); }
  function $$(sel, el) { return Array.prototype.slice.call((el || document).querySelectorAll(sel)); }
  function cssVar(name) { return getComputedStyle(root).getPropertyValue(name).trim(); }

  /* ---------------- toasts ---------------- */
  function toast(text, isError) {
    var box = $("#toasts"); if (!box) return;
    var el = document.createElement("div");
    el.className = "toast" + (isError ? " err" : "");
    el.textContent = text;
    box.appendChild(el);
    setTimeout(function () { el.remove(); }, isError ? 7000 : 3500);
  }

  /* ---------------- theme ---------------- */
  function effectiveTheme() {
    var t = root.dataset.theme;
    if (t === "light" || t === "dark") return t;
    return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function applyTheme(t) { root.dataset.theme = t; document.dispatchEvent(new Event("themechange")); }
  if (root.dataset.theme === "auto") root.dataset.theme = effectiveTheme();
  var themeBtn = $("#theme-toggle");
  if (themeBtn) themeBtn.addEventListener("click", function () {
    var next = effectiveTheme() === "dark" ? "light" : "dark";
    store.set("theme", next); localStorage.setItem("oddsdesk.theme", next);
    applyTheme(next);
  });

  /* ---------------- times in the browser's zone ---------------- */
  var DAY = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "2-digit", month: "short" });
  var CLOCK = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", hour12: false });
  var STAMP = new Intl.DateTimeFormat(undefined, { day: "2-digit", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  function ago(d) {
    var s = (Date.now() - d.getTime()) / 1000, f = s < 0; s = Math.abs(s);
    if (s < 45) return f ? "in a moment" : "just now";
    var t = s < 3600 ? Math.max(1, Math.round(s / 60)) + " min" : s < 86400 ? Math.round(s / 3600) + " h" : Math.round(s / 86400) + " d";
    return f ? "in " + t : t + " ago";
  }
  function shortAgo(d) {
    var s = Math.max(0, (Date.now() - d.getTime()) / 1000);
    return s < 60 ? Math.round(s) + "s" : s < 3600 ? Math.floor(s / 60) + "m" : s < 86400 ? Math.floor(s / 3600) + "h" : Math.floor(s / 86400) + "d";
  }
  function formatTimes(scope) {
    $$("time[data-fmt]", scope).forEach(function (el) {
      var d = new Date(el.getAttribute("datetime")); if (isNaN(d)) return;
      var f = el.dataset.fmt, text;
      if (f === "kickoff") text = DAY.format(d) + " " + CLOCK.format(d);
      else if (f === "kickoff-long") text = DAY.format(d) + " " + CLOCK.format(d);
      else if (f === "clock") text = CLOCK.format(d);
      else if (f === "stamp") text = STAMP.format(d);
      else if (f === "ago") text = ago(d);
      else if (f === "short") text = shortAgo(d);
      if (text) el.textContent = text;
    });
  }
  formatTimes(document);
  setInterval(function () {
    $$('time[data-fmt="ago"], time[data-fmt="short"]').forEach(function (el) {
      var d = new Date(el.getAttribute("datetime"));
      el.textContent = el.dataset.fmt === "ago" ? ago(d) : shortAgo(d);
    });
  }, 30000);

  /* ---------------- odds list: columns, sort, filters ---------------- */
  function hidden() { return store.get("hidden", []); }
  function syncColumnBoxes() {
    var h = hidden();
    $$(".columns-menu input[data-col]").forEach(function (box) { box.checked = h.indexOf(box.dataset.col) < 0; });
  }
  syncColumnBoxes();
  document.addEventListener("change", function (ev) {
    var t = ev.target;
    if (t.matches(".columns-menu input[data-col]")) {
      ev.stopPropagation();
      var h = hidden().filter(function (c) { return c !== t.dataset.col; });
      if (!t.checked) h.push(t.dataset.col);
      store.set("hidden", h);
      root.dataset.hide = h.join(" ");
      return;
    }
    if (t.id === "sort") rememberSort(t.value);
    if (t.getAttribute("form") === "filters" && window.htmx) {
      htmx.trigger($("#filters"), "submit");
    }
  }, true);
  function rememberSort(value) {
    store.set("sort", value);
    document.cookie = "od_sort=" + encodeURIComponent(value) + "; path=/; max-age=31536000; samesite=lax";
  }
  document.addEventListener("click", function (ev) {
    var link = ev.target.closest("a.sort[data-sort]");
    if (link) rememberSort(link.dataset.sort);
    // close open menus when clicking elsewhere
    $$("details.menu[open]").forEach(function (d) { if (!d.contains(ev.target)) d.open = false; });
  });
  document.addEventListener("input", function (ev) {
    var t = ev.target;
    if (t.matches(".menu-filter")) {
      var q = t.value.trim().toLowerCase();
      $$(".menu-options .check", t.closest(".menu-body")).forEach(function (row) {
        row.classList.toggle("hidden", q && row.dataset.text.indexOf(q) < 0);
      });
      ev.stopPropagation();
    }
  }, true);

  /* ---------------- match detail: tabs and quick filter ---------------- */
  /* fuzzy subsequence: every character of the query, in order ("o25" finds "over 2.5") */
  function fuzzy(query, text) {
    var q = query.replace(/[^a-z0-9+\-]/g, ""), j = 0;
    if (!q) return true;
    for (var i = 0; i < text.length && j < q.length; i++) if (text[i] === q[j]) j++;
    return j === q.length;
  }
  var marketFilter = $("#market-filter");
  function applyMarketFilter() {
    var tab = ($(".tabs .tab.on") || {}).dataset || {};
    var q = marketFilter ? marketFilter.value.trim().toLowerCase() : "";
    var onlyWorse = ($("#only-worse") || {}).checked, onlyAlerts = ($("#only-alerts") || {}).checked;
    var shown = 0, all = $$(".markets .market");
    all.forEach(function (m) {
      var ok = (!tab.tab || tab.tab === "all" || m.dataset.category === tab.tab) &&
        fuzzy(q, m.dataset.search) && (!onlyWorse || m.dataset.position === "worst") &&
        (!onlyAlerts || m.dataset.alerts);
      m.classList.toggle("hidden", !ok);
      if (ok) shown++;
    });
    var count = $("#market-count"); if (count) count.textContent = shown + " of " + all.length + " markets";
    var none = $("#no-market-match"); if (none) none.classList.toggle("hidden", shown > 0 || !all.length);
  }
  if (marketFilter) {
    marketFilter.addEventListener("input", applyMarketFilter);
    $$("#only-worse, #only-alerts").forEach(function (box) { box.addEventListener("change", applyMarketFilter); });
    $$(".tabs .tab").forEach(function (tab) {
      tab.addEventListener("click", function () {
        $$(".tabs .tab").forEach(function (t) { t.classList.toggle("on", t === tab); t.setAttribute("aria-selected", t === tab); });
        applyMarketFilter();
      });
    });
    applyMarketFilter();
  }

  /* ---------------- client-side sort and filter for data tables ---------------- */
  $$("table.sortable").forEach(function (table) {
    var heads = $$("thead tr:last-child th[data-sort-type], thead tr:first-child th[data-sort-type][rowspan]", table);
    heads.forEach(function (th) {
      th.addEventListener("click", function () {
        var row = th.parentElement, idx = 0;
        // column index of this header among the body cells
        var cells = $$("th", row); idx = cells.indexOf(th);
        if (row.previousElementSibling) {
          idx += $$("th[rowspan]", row.previousElementSibling).length;
        } else {
          idx = 0; for (var k = 0; k < cells.indexOf(th); k++) idx += cells[k].colSpan;
        }
        var asc = th.getAttribute("aria-sort") !== "ascending";
        $$("th", table).forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var num = th.dataset.sortType === "num", body = table.tBodies[0];
        var rows = $$("tr", body).filter(function (r) { return r.cells.length > 1; });
        rows.sort(function (a, b) {
          var x = a.cells[idx], y = b.cells[idx];
          var vx = x ? (x.dataset.v !== undefined ? x.dataset.v : x.textContent.trim()) : "";
          var vy = y ? (y.dataset.v !== undefined ? y.dataset.v : y.textContent.trim()) : "";
          var c = num ? (parseFloat(vx.replace(/[^0-9.\-]/g, "")) || -Infinity) - (parseFloat(vy.replace(/[^0-9.\-]/g, "")) || -Infinity) : vx.localeCompare(vy);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  });
  function filterTable(id) {
    var table = document.getElementById(id); if (!table) return;
    var q = (($('[data-filter-table="' + id + '"]') || {}).value || "").trim().toLowerCase();
    var gaps = ($('[data-only-gaps="' + id + '"]') || {}).checked;
    $$("tbody tr[data-text]", table).forEach(function (r) {
      var ok = (!q || r.dataset.text.indexOf(q) >= 0) && (!gaps || r.dataset.gap !== "0");
      r.classList.toggle("hidden", !ok);
    });
  }
  $$("[data-filter-table]").forEach(function (i) { i.addEventListener("input", function () { filterTable(i.dataset.filterTable); }); });
  $$("[data-only-gaps]").forEach(function (i) { i.addEventListener("change", function () { filterTable(i.dataset.onlyGaps); }); });

  /* ---------------- charts ---------------- */
  var BOOK_COLOR = function (book) { return cssVar("--book-" + book) || "#888"; };
  function axisStyle() {
    var muted = cssVar("--muted"), line = cssVar("--line");
    return { stroke: muted, grid: { stroke: line, width: 1 }, ticks: { stroke: line, width: 1 } };
  }
  function chartWidth(el) { return Math.max(280, el.clientWidth || el.parentElement.clientWidth || 600); }

  var history = { chart: null, data: null, view: "odds", outcome: null, books: {} };
  var dialog = $("#history");

  /* what a clicked price or overround refers to, read from its row, column and match */
  function historyTarget(btn) {
    var row = btn.closest("tr[data-book]"), t = { book: row && row.dataset.book, outcome: btn.dataset.o || null, view: btn.dataset.view || "odds" };
    var card = btn.closest(".market[data-market]");
    if (card) {
      t.event = btn.closest("[data-event]").dataset.event; t.market = card.dataset.market; t.line = card.dataset.line;
      t.title = $("h3", card).textContent;
    } else {
      var td = btn.closest("td"), key = (td.className.match(/col-([a-z0-9]+)/) || [])[1];
      var map = JSON.parse(btn.closest("table").dataset.headlines || "{}"), h = map[key] || {};
      t.event = btn.closest("tbody[data-event]").dataset.event; t.market = h.market; t.line = h.line == null ? "" : String(h.line);
      var teams = $$(".teams span", btn.closest("tbody"));
      t.title = h.label + " · " + teams.map(function (s) { return s.textContent; }).join(" v ");
    }
    return t;
  }
  function openHistory(btn) {
    if (!dialog || !window.uPlot) return;
    var ds = historyTarget(btn);
    history.view = ds.view || "odds";
    history.outcome = ds.outcome || null;
    history.focus = ds.book;
    history.books = {};
    $("#history-title").textContent = ds.title;
    $("#history-sub").textContent = "Loading…";
    $("#history-chart").innerHTML = "";
    setViewTabs();
    if (!dialog.open) dialog.showModal();
    var url = "/matches/" + ds.event + "/history?market=" + encodeURIComponent(ds.market) + (ds.line ? "&line=" + encodeURIComponent(ds.line) : "");
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error("history request failed: " + r.status); return r.json(); })
      .then(function (data) {
        history.data = data;
        data.books.forEach(function (b) { history.books[b.book] = true; });
        if (!history.outcome && data.outcomes.length) history.outcome = data.outcomes[0].key;
        var changes = data.books.map(function (b) { return b.label + " " + b.changes + " change" + (b.changes === 1 ? "" : "s"); });
        $("#history-sub").textContent = data.books.length ? changes.join(" · ") : "No history stored for this market yet.";
        renderHistory();
      })
      .catch(function (e) { $("#history-sub").textContent = e.message; });
  }
  function setViewTabs() {
    $$(".history .seg .tab").forEach(function (t) { t.classList.toggle("on", t.dataset.view === history.view); });
  }
  function chip(label, on, color, onClick) {
    var b = document.createElement("button");
    b.type = "button"; b.className = "chip" + (on ? " on" : "");
    if (color) { var i = document.createElement("i"); i.style.background = color; b.appendChild(i); }
    b.appendChild(document.createTextNode(label));
    b.addEventListener("click", onClick);
    return b;
  }
  function renderHistory() {
    var data = history.data; if (!data) return;
    var out = $("#history-outcomes"), bk = $("#history-books");
    out.innerHTML = ""; bk.innerHTML = "";
    if (history.view === "odds") data.outcomes.forEach(function (o) {
      out.appendChild(chip(o.label, o.key === history.outcome, null, function () { history.outcome = o.key; renderHistory(); }));
    });
    data.books.forEach(function (b) {
      bk.appendChild(chip(b.label, history.books[b.book], BOOK_COLOR(b.book), function () { history.books[b.book] = !history.books[b.book]; renderHistory(); }));
    });
    var el = $("#history-chart"); el.innerHTML = "";
    if (!data.x.length) return;
    var series = [{}], cols = [data.x];
    data.books.forEach(function (b) {
      if (!history.books[b.book]) return;
      var src = history.view === "odds" ? b.prices[history.outcome] : b.margin;
      if (!src) return;
      var color = BOOK_COLOR(b.book);
      series.push({ label: b.label, stroke: color, width: b.book === "betpawa" ? 2.25 : 1.75, paths: uPlot.paths.stepped({ align: 1 }), spanGaps: false, points: { show: false },
        value: function (u, v) { return v == null ? "–" : history.view === "odds" ? v.toFixed(2) : v.toFixed(2) + "%"; } });
      cols.push(src.live);
      series.push({ label: b.label + " (off)", stroke: color, width: 1.5, dash: [5, 4], paths: uPlot.paths.stepped({ align: 1 }), spanGaps: false, points: { show: false },
        value: function (u, v) { return v == null ? "" : "off"; } });
      cols.push(src.off);
    });
    var ax = axisStyle();
    history.chart = new uPlot({
      width: chartWidth(el), height: 320, series: series, cursor: { drag: { x: true, y: false } },
      legend: { live: true },
      scales: { x: { time: true } },
      axes: [Object.assign({}, ax), Object.assign({}, ax, { size: 56, values: function (u, vals) { return vals.map(function (v) { return history.view === "odds" ? v.toFixed(2) : v.toFixed(1) + "%"; }); } })]
    }, cols, el);
    /* each book's dashed "off the board" series is drawn, not listed */
    $$(".u-legend tr.u-series", el).forEach(function (tr, i) { if (i > 0 && i % 2 === 0) tr.classList.add("hidden"); });
  }
  if (dialog) {
    $$(".history .seg .tab").forEach(function (t) {
      t.addEventListener("click", function () { history.view = t.dataset.view; setViewTabs(); renderHistory(); });
    });
    dialog.addEventListener("close", function () { if (history.chart) { history.chart.destroy(); history.chart = null; } });
  }
  document.addEventListener("click", function (ev) {
    var btn = ev.target.closest("button.px, button.or");
    if (btn && btn.closest("tr[data-book]")) { ev.preventDefault(); openHistory(btn); }
  });

  function barsChart(el, labels, sets, unit) {
    if (!el || !window.uPlot) return;
    el.innerHTML = "";
    var xs = labels.map(function (_, i) { return i; });
    var ax = axisStyle();
    var series = [{ label: "Bucket", value: function (u, v) { return v == null ? "" : labels[v]; } }];
    var cols = [xs];
    sets.forEach(function (s) {
      var color = BOOK_COLOR(s.book);
      series.push({ label: s.label, stroke: color, width: 2, points: { show: true, size: 8, fill: color },
        value: function (u, v) { return v == null ? "–" : v.toFixed(2) + unit; } });
      cols.push(s.values);
    });
    new uPlot({ width: chartWidth(el), height: 260, series: series, scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } },
      axes: [Object.assign({}, ax, { values: function (u, vals) { return vals.map(function (v) { return Number.isInteger(v) ? labels[v] || "" : ""; }); } }),
        Object.assign({}, ax, { size: 56, values: function (u, vals) { return vals.map(function (v) { return v.toFixed(1) + unit; }); } })] }, cols, el);
  }
  function drawStaticCharts() {
    var bd = $("#bucket-data");
    if (bd) {
      var d = JSON.parse(bd.textContent);
      if (d) { barsChart($("#bucket-chart"), d.buckets, d.series, "%"); barsChart($("#diff-chart"), d.buckets, d.diffs, " pp"); }
    }
    var gd = $("#growth-data"), gc = $("#growth-chart");
    if (gd && gc && window.uPlot) {
      var g = JSON.parse(gd.textContent), ax = axisStyle();
      gc.innerHTML = "";
      new uPlot({ width: chartWidth(gc), height: 260, series: [{}, { label: "Size", stroke: cssVar("--accent"), width: 2, value: function (u, v) { return v == null ? "–" : (v / 1048576).toFixed(1) + " MB"; } }],
        axes: [ax, Object.assign({}, ax, { size: 64, values: function (u, vals) { return vals.map(function (v) { return (v / 1048576).toFixed(0) + " MB"; }); } })] }, [g.x, g.bytes], gc);
    }
  }
  document.addEventListener("themechange", function () { drawStaticCharts(); renderHistory(); });
  window.addEventListener("load", drawStaticCharts);

  /* ---------------- control actions through the API ---------------- */
  (function captureKey() {
    var m = location.hash.match(/key=([^&]+)/);
    if (m) { store.set("key", decodeURIComponent(m[1])); history_replace(); toast("API key saved in this browser"); }
    function history_replace() { window.history.replaceState(null, "", location.pathname + location.search); }
  })();
  function api(method, path, body) {
    var headers = { Accept: "application/json" };
    var key = store.get("key", null);
    if (key) headers["X-API-Key"] = key;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.text().then(function (t) {
          var data = null; try { data = t ? JSON.parse(t) : null; } catch (e) { data = { detail: t }; }
          if (!r.ok) {
            var msg = data && (data.detail || data.message) ? (typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail)) : r.statusText;
            if (r.status === 401 || r.status === 403) msg = "API key needed or wrong — set it on the Settings page. (" + msg + ")";
            var err = new Error(msg); err.status = r.status; err.data = data; throw err;
          }
          return data;
        });
      });
  }
  document.addEventListener("click", function (ev) {
    var start = ev.target.closest("[data-start-scrape]");
    if (start) {
      start.disabled = true;
      api("POST", API.scrape, {}).then(function (res) {
        var id = res && (res.run_id || res.id);
        toast("Scrape run #" + id + " started");
        showProgress(id, true);
      }).catch(function (e) {
        if (e.status === 409) {
          toast("A scrape is already running" + (e.data && e.data.run_id ? " (#" + e.data.run_id + ")" : ""), true);
          if (e.data && e.data.run_id) showProgress(e.data.run_id, false);
        } else toast(e.message, true);
      })
        .finally(function () { start.disabled = false; });
      return;
    }
    var ctl = ev.target.closest("[data-control]");
    if (ctl) {
      api("POST", API[ctl.dataset.control]).then(function () {
        toast("Scheduler " + (ctl.dataset.control === "pause" ? "paused" : "resumed"));
        setTimeout(function () { location.reload(); }, 400);
      }).catch(function (e) { toast(e.message, true); });
      return;
    }
    if (ev.target.closest("[data-cleanup-run]")) {
      if (confirm("Delete the rows listed in the preview? This cannot be undone.")) runCleanup();
      return;
    }
    if (ev.target.closest("[data-save-key]")) {
      var v = $("#api-key").value.trim();
      store.set("key", v || null); $("#api-key").value = "";
      keyState(); toast(v ? "API key saved in this browser" : "API key removed");
    }
  });
  function keyState() { var el = $("#key-state"); if (el) el.textContent = store.get("key", null) ? "A key is saved in this browser." : "No key saved."; }
  keyState();

  var settingsForm = $("form[data-settings]");
  if (settingsForm) settingsForm.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var f = new FormData(settingsForm), body = { enabled_books: f.getAll("enabled_books") };
    f.forEach(function (v, k) { if (k !== "enabled_books") body[k] = Number(v); });
    var note = $("[data-form-status]", settingsForm); note.textContent = "Saving…";
    api("PATCH", API.settings, body).then(function () { note.textContent = "Saved: applied at the next cycle."; toast("Settings saved"); htmx && htmx.trigger(document.body, "status-refresh"); })
      .catch(function (e) { note.textContent = ""; toast(e.message, true); });
  });

  /* the preview is a page region (a read); deleting goes through the API with the key */
  document.body.addEventListener("htmx:afterSwap", function (ev) {
    if (ev.detail.target.id !== "cleanup-result") return;
    var p = $(".cleanup-preview", ev.detail.target), btn = $("[data-cleanup-run]");
    if (btn) btn.disabled = !p || p.dataset.total === "0";
  });
  function runCleanup() {
    var p = $(".cleanup-preview"), btn = $("[data-cleanup-run]"); if (!p) return;
    btn.disabled = true;
    api("POST", API.cleanup, { retention_days: Number(p.dataset.days) }).then(function () {
      toast("Cleanup started");
      waitForCleanup(60);
    }).catch(function (e) { btn.disabled = false; toast(e.status === 409 ? "A cleanup is already running" : e.message, true); });
  }
  /* a cleanup is a one-off background job: follow it (bounded) until its record is final */
  function waitForCleanup(tries) {
    api("GET", API.cleanup + "/runs?limit=1").then(function (res) {
      if (res && res.running && tries > 0) { setTimeout(function () { waitForCleanup(tries - 1); }, 1000); return; }
      var last = res && res.items && res.items[0];
      if (last) {
        var total = 0;
        Object.keys(last.counts || {}).forEach(function (k) { if (k !== "partitions_dropped" && typeof last.counts[k] === "number") total += last.counts[k]; });
        toast("Cleanup " + last.status + ": " + total.toLocaleString() + " rows deleted", last.status === "failed");
      }
      htmx.ajax("GET", "/settings", { target: "#cleanup-runs", select: "#cleanup-runs", swap: "outerHTML" });
      htmx.trigger($("form[hx-get='/settings/cleanup-preview']"), "submit");
    }).catch(function (e) { toast(e.message, true); });
  }

  /* ---------------- live: one EventSource for the page ---------------- */
  var progress = { run: null, total: 0, done: 0, books: {}, started: null };
  function showProgress(runId, fresh) {
    var panel = $("#progress");
    if (!panel) { if (fresh) location.href = "/runs/" + runId; return; }
    panel.classList.remove("hidden", "done", "failed");
    if (String(progress.run) !== String(runId) || fresh) {
      progress = { run: runId, total: 0, done: 0, books: {}, started: Date.now() };
      $("#progress-log").innerHTML = "";
      $("#progress-bar").style.width = "0%";
      $("#progress-count").textContent = "Starting…";
      $$(".pbook [data-k]").forEach(function (s) { s.textContent = s.dataset.k === "discovered" ? "–" : "0"; });
    }
    var a = $("#progress-run"); a.textContent = "#" + runId; a.href = "/runs/" + runId;
    $("#progress-state").textContent = "running"; $("#progress-state").className = "badge badge-running";
  }
  function logLine(text, err) {
    var log = $("#progress-log"); if (!log) return;
    var li = document.createElement("li"); li.textContent = text; if (err) li.className = "err";
    log.insertBefore(li, log.firstChild);
    while (log.children.length > 60) log.removeChild(log.lastChild);
  }
  function bookStat(book, key, value, add) {
    var el = $('.pbook[data-book="' + book + '"] [data-k="' + key + '"]'); if (!el) return;
    el.textContent = add ? (parseInt(el.textContent, 10) || 0) + value : value;
  }
  /* a run's final record reaches the database through the writer a moment after run_finished */
  function afterRun() {
    if (!window.htmx) return;
    htmx.trigger(document.body, "status-refresh");
    if ($("#runs-table")) htmx.ajax("GET", location.pathname + location.search, { target: "#runs-table", select: "#runs-table", swap: "outerHTML" });
    if ($("#run-detail")) htmx.ajax("GET", location.pathname, { target: "#run-detail", select: "#run-detail", swap: "outerHTML" });
  }
  function onProgress(msg) {
    if (msg.type === "run_finished") setTimeout(afterRun, 1500);
    var panel = $("#progress");
    var runPage = $("#run-detail");
    if (runPage && String(runPage.dataset.run) !== String(msg.run_id)) panel = null;
    if (msg.type === "run_started") {
      if (panel) { showProgress(msg.run_id, true); logLine("Run #" + msg.run_id + " started (" + msg.trigger + ")"); }
      htmx && htmx.trigger(document.body, "status-refresh");
      return;
    }
    if (!panel) return;
    if (String(progress.run) !== String(msg.run_id)) showProgress(msg.run_id, false);
    if (msg.type === "discovery") {
      bookStat(msg.book, "discovered", msg.count == null ? "failed" : msg.count.toLocaleString());
      logLine((BOOK_LABEL[msg.book] || msg.book) + ": " + (msg.count == null ? "discovery failed — " + msg.error : msg.count + " events listed"), msg.count == null);
    } else if (msg.type === "events_queued") {
      progress.total = msg.total;
      $("#progress-count").textContent = "0 / " + msg.total.toLocaleString() + " matches";
    } else if (msg.type === "event_done") {
      progress.done = msg.index; progress.total = msg.total || progress.total;
      var pct = progress.total ? Math.round(100 * msg.index / progress.total) : 0;
      $("#progress-bar").style.width = pct + "%";
      $("#progress-count").textContent = msg.index.toLocaleString() + " / " + progress.total.toLocaleString() + " matches (" + pct + "%)";
      $("#progress-last").textContent = msg.name;
      Object.keys(msg.books || {}).forEach(function (b) {
        var r = msg.books[b]; if (r === "absent") return;
        bookStat(b, r === "ok" ? "ok" : "failed", 1, true);
      });
    } else if (msg.type === "error") {
      logLine((msg.book ? (BOOK_LABEL[msg.book] || msg.book) + ": " : "") + msg.kind + " — " + msg.message, true);
    } else if (msg.type === "run_finished") {
      panel.classList.add(msg.status === "failed" ? "failed" : "done");
      $("#progress-bar").style.width = "100%";
      $("#progress-state").textContent = msg.status;
      $("#progress-state").className = "badge badge-" + msg.status;
      logLine("Run #" + msg.run_id + " finished: " + msg.status + " in " + msg.seconds.toFixed(1) + " s", msg.status === "failed");
    }
    var el = $("#progress-elapsed"); if (el && progress.started) el.textContent = Math.round((Date.now() - progress.started) / 1000) + " s";
  }

  /* price buttons keyed by match, book, column and outcome: to flash the ones that changed */
  function priceMap(region) {
    var out = {};
    $$("button.px[data-o]", region).forEach(function (b) {
      var m = b.closest("[data-event]"), r = b.closest("tr[data-book]"), col = b.closest(".market") ? b.closest(".market").dataset.market + b.closest(".market").dataset.line : b.closest("td").className;
      out[m.dataset.event + "|" + r.dataset.book + "|" + col + "|" + b.dataset.o] = [b.textContent, b];
    });
    return out;
  }
  var pendingRefresh = null, lastRefresh = 0;
  function onOddsChanged(ids) {
    var region = $("#results") || $("#markets");
    if (!region || !window.htmx) return;
    var visible = region.id === "results" ? (region.dataset.eventIds || "").trim().split(/\s+/) : [region.dataset.event];
    var hit = ids.some(function (id) { return visible.indexOf(String(id)) >= 0; });
    if (!hit && region.id === "markets") return;
    if (!hit && region.id === "results" && visible.length >= 20) return;
    if (pendingRefresh) return;
    var wait = Math.max(0, 4000 - (Date.now() - lastRefresh));
    pendingRefresh = setTimeout(function () {
      pendingRefresh = null; lastRefresh = Date.now();
      if (document.querySelector("details.menu[open]") || (dialog && dialog.open)) return;
      var before = priceMap(region);
      htmx.ajax("GET", location.pathname + location.search, { target: "#" + region.id, select: "#" + region.id, swap: "outerHTML" }).then(function () {
        var now = $("#" + region.id); if (!now) return;
        var after = priceMap(now);
        Object.keys(after).forEach(function (k) { if (before[k] && before[k][0] !== after[k][0]) after[k][1].classList.add("flash"); });
        if (marketFilter) applyMarketFilter();
      });
    }, wait);
  }

  var live = $("#live");
  function connect() {
    if (!window.EventSource || !API.stream) return;
    var es = new EventSource(API.stream);
    es.onopen = function () { live && (live.dataset.state = "open"); };
    es.onerror = function () { live && (live.dataset.state = es.readyState === 2 ? "error" : "connecting"); };
    function handle(ev) {
      var msg; try { msg = JSON.parse(ev.data); } catch (e) { return; }
      var type = msg.type || ev.type;
      msg.type = type;
      if (type === "odds_changed") onOddsChanged(msg.event_ids || []);
      else onProgress(msg);
    }
    ["message", "run_started", "discovery", "events_queued", "event_done", "error", "odds_changed", "run_finished"].forEach(function (name) {
      es.addEventListener(name, function (ev) { if (ev.data) handle(ev); });
    });
  }
  connect();

  document.body.addEventListener("htmx:afterSwap", function (ev) { formatTimes(ev.detail.target || document); });
  document.body.addEventListener("htmx:responseError", function (ev) { toast("Could not load: " + ev.detail.xhr.status, true); });
})();
