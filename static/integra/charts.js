/* Integra charts: ECharts drawings of figures a page passes with json_script, and the pieces every
 * chart of Integra shares (window.IntegraCharts): start-up, number formats, the choropleth scale
 * and the keyboard walk of a map. allocation_map.js builds on them; load this script first.
 *
 * Every chart repeats figures a table on the same page already shows, so a page without
 * JavaScript loses nothing; chart containers stay `hidden` until a chart is drawn in them.
 * No inline script and no eval: the page's Content-Security-Policy forbids both.
 */
(function () {
  "use strict";

  var lang = document.documentElement.lang || "pl";
  var numbers = new Intl.NumberFormat(lang);
  var calm = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  // Distinguishable for common colour-vision deficiencies and at least 3:1 against white.
  var SERIES_COLOURS = ["#15365a", "#c0392b", "#00798c", "#b7791f"];
  // Aspect of a degree of longitude to one of latitude around 52°N, so Poland is not stretched.
  var POLAND_ASPECT = 0.62;
  var CHOROPLETH = ["#e3eef9", "#9ecae1", "#4292c6", "#1b5fa3", "#0b3466"];
  var MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function format(value) {
    return value === null || value === undefined ? "—" : numbers.format(value);
  }

  /* Show the container and start a chart in it that follows the window's size. */
  function start(container) {
    container.hidden = false;
    var chart = echarts.init(container);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  /* The colour scale of a choropleth from min to max, labelled by `label` (a formatter); beside
     the map on a wide screen, under it on a phone (a side legend would cover the west coast). */
  function scale(min, max, narrow, label) {
    return {
      type: "continuous", min: min, max: max, calculable: false,
      orient: narrow ? "horizontal" : "vertical", left: narrow ? "center" : 8, bottom: 8,
      itemWidth: 14, itemHeight: narrow ? 120 : 140,
      text: [label(max), label(min)], inRange: { color: CHOROPLETH },
      textStyle: { color: "#212529" }
    };
  }

  /* A map is one focusable widget: arrow keys (and Home, End) walk its units in TERYT order, a
     live region — the element named by the container's aria-describedby — says which one is
     chosen, and Enter opens it when `options.open` is given. `options.items()` gives the units
     drawn now ({name, ...}), `options.describe(item)` the words of the live region. Returns
     {reset}, to call when the map is drawn anew. */
  function keyboard(container, chart, options) {
    var status = document.getElementById(container.getAttribute("aria-describedby"));
    var index = -1;

    function downplay() {
      var item = options.items()[index];
      if (index >= 0 && item) { chart.dispatchAction({ type: "downplay", seriesIndex: 0, name: item.name }); }
    }

    function choose(next) {
      var items = options.items();
      if (!items.length) { return; }
      downplay();
      index = (next + items.length) % items.length;
      var item = items[index];
      chart.dispatchAction({ type: "highlight", seriesIndex: 0, name: item.name });
      chart.dispatchAction({ type: "showTip", seriesIndex: 0, name: item.name });
      if (status) { status.textContent = options.describe(item); }
    }

    container.addEventListener("focus", function () { choose(index < 0 ? 0 : index); });
    container.addEventListener("blur", function () {
      downplay();
      chart.dispatchAction({ type: "hideTip" });
    });
    container.addEventListener("keydown", function (event) {
      if (event.key in MOVES) {
        choose(index + MOVES[event.key]);
      } else if (event.key === "Home" || event.key === "End") {
        choose(event.key === "Home" ? 0 : options.items().length - 1);
      } else if (event.key === "Enter" && options.open && index >= 0) {
        options.open(options.items()[index]);
      } else {
        return;
      }
      event.preventDefault();
    });
    return { reset: function () { index = -1; } };
  }

  function drawPopulation(container, data) {
    var chart = start(container);
    chart.setOption({
      animation: !calm,
      color: SERIES_COLOURS,
      tooltip: { trigger: "axis", valueFormatter: format },
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 56, bottom: 8, containLabel: true },
      xAxis: {
        type: "category", boundaryGap: false,
        data: data.rows.map(function (row) { return String(row.year); })
      },
      yAxis: { type: "value", axisLabel: { formatter: format } },
      series: data.series.map(function (series) {
        return {
          name: series.name, type: "line", symbol: "circle", symbolSize: 6,
          data: data.rows.map(function (row) { return row[series.key]; })
        };
      })
    });
  }

  function drawOutline(container, geojson) {
    var chart = start(container);
    echarts.registerMap("unit-outline", geojson);
    chart.setOption({
      animation: false,
      series: [{
        type: "map", map: "unit-outline", nameProperty: "teryt", aspectScale: POLAND_ASPECT,
        silent: true, selectedMode: false, label: { show: false },
        layoutCenter: ["50%", "50%"], layoutSize: "92%",
        itemStyle: { areaColor: "#cfe0f1", borderColor: "#15365a", borderWidth: 2 }
      }]
    });
  }

  function labelColour(value, max) {
    // Dark fills (the upper half of the scale) need light text to stay readable.
    return value !== null && max && value / max > 0.55 ? "#ffffff" : "#102a43";
  }

  function openPage(item) {
    if (item && item.url) { window.location.assign(item.url); }
  }

  function drawChoropleth(container, data) {
    var chart = start(container);
    echarts.registerMap("voivodeships", data.geojson);
    var figures = data.values.map(function (item) { return item.value || 0; });
    var min = Math.min.apply(null, figures);
    var max = Math.max.apply(null, figures);
    // On a phone the names would overlap.
    var narrow = container.clientWidth < 600;
    var items = data.values.map(function (item) {
      return Object.assign({}, item, { label: { color: labelColour(item.value, max) } });
    });
    chart.setOption({
      animation: !calm,
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var item = params.data || {};
          return echarts.format.encodeHTML(item.text || params.name) + "<br>" +
            echarts.format.encodeHTML(data.labels.population) + ": " +
            (item.value === null || item.value === undefined ? data.labels.noData : format(item.value));
        }
      },
      visualMap: scale(min, max, narrow, format),
      series: [{
        type: "map", map: "voivodeships", nameProperty: "teryt", aspectScale: POLAND_ASPECT,
        layoutCenter: ["50%", narrow ? "44%" : "50%"], layoutSize: narrow ? "84%" : "96%",
        selectedMode: false, data: items.map(function (item) {
          return { name: item.name, value: item.value, text: item.text, url: item.url, label: item.label };
        }),
        label: { show: !narrow, fontSize: 11, formatter: function (params) { return (params.data || {}).text || ""; } },
        itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
        emphasis: { itemStyle: { areaColor: "#ffd166" }, label: { color: "#102a43" } }
      }]
    });
    chart.on("click", function (params) { openPage(params.data); });
    keyboard(container, chart, {
      items: function () { return items; },
      describe: function (item) {
        return item.text + ": " + format(item.value) + ". " + data.labels.pressEnter;
      },
      open: openPage
    });
  }

  var DRAW = { population: drawPopulation, outline: drawOutline, choropleth: drawChoropleth };

  function drawAll() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("[data-chart]").forEach(function (container) {
      var draw = DRAW[container.dataset.chart];
      if (draw) { draw(container, readJson(container.dataset.source)); }
    });
  }

  window.IntegraCharts = {
    calm: calm,
    POLAND_ASPECT: POLAND_ASPECT,
    format: format,
    readJson: readJson,
    start: start,
    scale: scale,
    keyboard: keyboard
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
