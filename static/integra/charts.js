/* Integra charts: ECharts drawings of figures a page passes with json_script.
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

  function readJson(id) {
    return JSON.parse(document.getElementById(id).textContent);
  }

  function format(value) {
    return value === null || value === undefined ? "—" : numbers.format(value);
  }

  function start(container) {
    container.hidden = false;
    var chart = echarts.init(container);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
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

  function drawChoropleth(container, data) {
    var chart = start(container);
    echarts.registerMap("voivodeships", data.geojson);
    var figures = data.values.map(function (item) { return item.value || 0; });
    var min = Math.min.apply(null, figures);
    var max = Math.max.apply(null, figures);
    // On a phone the names would overlap and a side legend would cover the west coast.
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
      visualMap: {
        type: "continuous", min: min, max: max, calculable: false,
        orient: narrow ? "horizontal" : "vertical", left: narrow ? "center" : 8, bottom: 8,
        itemWidth: 14, itemHeight: narrow ? 120 : 140,
        text: [format(max), format(min)], inRange: { color: CHOROPLETH },
        textStyle: { color: "#212529" }
      },
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
    chart.on("click", function (params) {
      if (params.data && params.data.url) { window.location.assign(params.data.url); }
    });
    enableKeyboard(container, chart, items, data.labels);
  }

  /* The map is one focusable widget: arrow keys walk the voivodeships in TERYT order (which is
     alphabetical), Enter opens the chosen one, and a live region says which one is chosen. */
  function enableKeyboard(container, chart, items, labels) {
    var status = document.getElementById(container.getAttribute("aria-describedby"));
    var index = -1;

    function choose(next) {
      if (index >= 0) { chart.dispatchAction({ type: "downplay", seriesIndex: 0, name: items[index].name }); }
      index = (next + items.length) % items.length;
      var item = items[index];
      chart.dispatchAction({ type: "highlight", seriesIndex: 0, name: item.name });
      chart.dispatchAction({ type: "showTip", seriesIndex: 0, name: item.name });
      if (status) {
        status.textContent = item.text + ": " + format(item.value) + ". " + labels.pressEnter;
      }
    }

    container.addEventListener("focus", function () { choose(index < 0 ? 0 : index); });
    container.addEventListener("blur", function () {
      if (index >= 0) { chart.dispatchAction({ type: "downplay", seriesIndex: 0, name: items[index].name }); }
      chart.dispatchAction({ type: "hideTip" });
    });
    container.addEventListener("keydown", function (event) {
      var moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
      if (event.key in moves) {
        choose(index + moves[event.key]);
      } else if (event.key === "Home" || event.key === "End") {
        choose(event.key === "Home" ? 0 : items.length - 1);
      } else if (event.key === "Enter" && index >= 0) {
        window.location.assign(items[index].url);
      } else {
        return;
      }
      event.preventDefault();
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

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
