/* Integra indicator dashboards: two bar charts drawn from the figures the page's tables show
 * (passed with json_script as #indicator-chart-config) — the progress towards each target, and
 * the indicator chosen in #unit-indicator for each unit below the area (a bar opens the unit's
 * dashboard). Start-up and number formats come from charts.js (window.IntegraCharts). No inline
 * script and no eval: the Content-Security-Policy forbids both.
 */
(function () {
  "use strict";

  var BAR_COLOUR = "#15365a";

  function bars(chart, names, values, label) {
    chart.setOption({
      animation: !window.IntegraCharts.calm,
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: window.IntegraCharts.format },
      xAxis: { type: "value", name: label, nameLocation: "middle", nameGap: 24 },
      yAxis: { type: "category", inverse: true, data: names, axisLabel: { width: 180, overflow: "truncate" } },
      series: [{ type: "bar", data: values, itemStyle: { color: BAR_COLOUR } }]
    }, true);
  }

  function draw() {
    if (typeof echarts === "undefined" || !window.IntegraCharts) { return; }
    var config = window.IntegraCharts.readJson("indicator-chart-config");
    var targets = document.getElementById("targets-chart");
    if (targets && config.targets.length) {
      var chart = window.IntegraCharts.start(targets);
      targets.style.height = Math.max(160, 28 * config.targets.length) + "px";
      chart.resize();
      bars(chart, config.targets.map(function (t) { return t.name; }),
           config.targets.map(function (t) { return t.percent; }), config.labels.percent);
    }
    var units = document.getElementById("units-chart");
    var select = document.getElementById("unit-indicator");
    if (units && select && config.units.length) {
      var unitChart = window.IntegraCharts.start(units);
      units.style.height = Math.max(200, 24 * config.units.length) + "px";
      unitChart.resize();
      var redraw = function () {
        var code = select.value;
        var indicator = config.indicators.filter(function (i) { return i.code === code; })[0] || {};
        bars(unitChart, config.units.map(function (u) { return u.name; }),
             config.units.map(function (u) { return u.values[code]; }), indicator.unit || "");
      };
      select.addEventListener("change", redraw);
      unitChart.on("click", function (params) {
        var unit = config.units[params.dataIndex];
        if (unit) { window.location.assign(unit.href); }
      });
      redraw();
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
