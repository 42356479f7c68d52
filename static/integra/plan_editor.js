/* The Action Plan's forms (loaded with the page's nonce; no inline script anywhere):
   - after a refused save, the summary of errors at the top takes the focus, so the clerk (and a
     screen reader) starts from the list of what to correct;
   - a form with data-confirm asks before it is sent ("Submit to the region");
   - in the editor: "Add a row" appended by htmx is counted and focused; target groups follow the
     service type; "the whole year" ticks the four quarters; the goals offered are those of the
     strategy chosen; the allocation panel is recomputed as costs are typed. */
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.getElementById("form-errors");
    if (!summary) return;
    if (!summary.hasAttribute("tabindex")) summary.setAttribute("tabindex", "-1");
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) event.preventDefault();
  });

  var form = document.getElementById("plan-form");
  if (!form) {
    focusSummary();
    return;
  }

  var types = JSON.parse(form.getAttribute("data-types") || "{}");
  var rate = parseFloat(form.getAttribute("data-rate") || "");
  var lang = document.documentElement.lang || "pl";
  var format = new Intl.NumberFormat(lang, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
    useGrouping: "always",
  });

  function field(row, suffix) {
    return row.querySelector('[name$="-' + suffix + '"]');
  }

  /* The amount typed the Polish way ("40 000,50", "40000,50"); NaN when the server would refuse it. */
  function amount(text) {
    var cleaned = (text || "").replace(/[\s\u00a0]/g, "");
    if (!cleaned) return 0;
    if (/\.\d{3}(?!\d)/.test(cleaned) || (cleaned.match(/[.,]/g) || []).length > 1) return NaN;
    if (!/^\d+([.,]\d{1,2})?$/.test(cleaned)) return NaN;
    return parseFloat(cleaned.replace(",", "."));
  }

  function typeOf(row) {
    var select = field(row, "service_type");
    return select && types[select.value];
  }

  /* Target groups follow the type: its only group ticked and fixed, or its groups to choose from. */
  function followType(row, changed) {
    var type = typeOf(row);
    var boxes = row.querySelectorAll("[data-groups] input[type=checkbox]");
    var hint = row.querySelector("[data-groups-hint]");
    var served = type ? type.groups.map(String) : null;
    boxes.forEach(function (box) {
      if (!served) {
        box.disabled = false;
        return;
      }
      var serves = served.indexOf(box.value) !== -1;
      box.disabled = !serves || served.length === 1;
      if (!serves) box.checked = false;
      else if (served.length === 1 || changed) box.checked = true;
    });
    if (hint) hint.hidden = !(served && served.length === 1);
  }

  function syncWholeYear(row) {
    var quarters = row.querySelectorAll("[data-quarters] input[type=checkbox]");
    var whole = field(row, "whole_year");
    if (!whole || !quarters.length) return;
    whole.checked = Array.prototype.every.call(quarters, function (box) { return box.checked; });
  }

  function offerGoals() {
    var strategy = document.getElementById("id_strategy");
    var chosen = strategy ? strategy.value : "";
    form.querySelectorAll('select[name$="-goal"] option[data-strategy]').forEach(function (option) {
      var offered = !chosen || option.getAttribute("data-strategy") === chosen;
      option.hidden = !offered;
      option.disabled = !offered;
      if (!offered && option.selected) option.parentNode.value = "";
    });
  }

  function recompute() {
    if (!rate) return;
    var lines = {};
    var groups = {};
    form.querySelectorAll("[data-service-row]").forEach(function (row) {
      var remove = field(row, "DELETE");
      var type = typeOf(row);
      if ((remove && remove.checked) || !type) return;
      var cost = amount((field(row, "planned_cost_pln") || {}).value);
      if (isNaN(cost)) return;
      var eur = Math.round((cost / rate) * 100) / 100;
      lines[type.line] = (lines[type.line] || 0) + eur;
      var chosen = Array.prototype.filter
        .call(row.querySelectorAll("[data-groups] input[type=checkbox]"), function (box) {
          return box.checked;
        })
        .map(function (box) { return box.value; });
      if (!chosen.length && type.groups.length === 1) chosen = [String(type.groups[0])];
      var share = chosen.length ? Math.round((eur / chosen.length) * 100) / 100 : 0;
      chosen.forEach(function (group, index) {
        var part = index === chosen.length - 1 ? eur - share * (chosen.length - 1) : share;
        groups[group] = (groups[group] || 0) + part;
      });
    });
    document.querySelectorAll("#allocation-lines [data-line]").forEach(function (body) {
      var here = lines[body.getAttribute("data-line")] || 0;
      body.querySelector("[data-here]").textContent = format.format(here);
      var allocation = body.getAttribute("data-allocation");
      if (allocation === "") return;
      var left = parseFloat(allocation) - parseFloat(body.getAttribute("data-elsewhere")) - here;
      var cell = body.querySelector("[data-left]");
      cell.textContent = format.format(left);
      cell.classList.toggle("text-danger", left < 0);
    });
    document.querySelectorAll("#allocation-groups [data-group]").forEach(function (row) {
      row.querySelector("[data-here]").textContent = format.format(
        groups[row.getAttribute("data-group")] || 0
      );
    });
  }

  form.addEventListener("change", function (event) {
    var target = event.target;
    var row = target.closest("[data-service-row]");
    if (target.id === "id_strategy") offerGoals();
    if (row && /-service_type$/.test(target.name)) followType(row, true);
    if (row && /-whole_year$/.test(target.name)) {
      row.querySelectorAll("[data-quarters] input[type=checkbox]").forEach(function (box) {
        box.checked = target.checked;
      });
    }
    if (row && /-quarters$/.test(target.name)) syncWholeYear(row);
    recompute();
  });
  form.addEventListener("input", function (event) {
    if (/-planned_cost_pln$/.test(event.target.name || "")) recompute();
  });

  /* htmx appended the next row: count it, set it up and put the focus in its first field
     (the page stays where it is; the browser brings the new row into view). */
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!event.detail || event.detail.target.id !== "service-rows") return;
    var total = document.getElementById("id_services-TOTAL_FORMS");
    var rows = form.querySelectorAll("[data-service-row]");
    total.value = String(rows.length);
    var row = rows[rows.length - 1];
    followType(row, false);
    offerGoals();
    var first = row.querySelector("input:not([type=hidden]), select, textarea");
    if (first) first.focus();
  });

  form.querySelectorAll("[data-service-row]").forEach(function (row) {
    followType(row, false);
    syncWholeYear(row);
  });
  offerGoals();
  focusSummary();
})();
