/* Integra allocation map: a choropleth of a programme's published allocation (per gmina or per
 * voivodeship, EUR or EUR per inhabitant) and a bar chart of the voivodeships.
 *
 * The page's form (#map-switches) holds the switches; htmx swaps the table below when one
 * changes, and this script redraws the charts. The GeoJSON comes from the page's JSON address,
 * once per level. Start-up, the colour scale and the keyboard walk come from charts.js
 * (window.IntegraCharts), loaded before this script. No inline script and no eval: the
 * Content-Security-Policy forbids both.
 */
(function () {
  "use strict";

  var charts = window.IntegraCharts;
  var lang = document.documentElement.lang || "pl";
  var money = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  var numbers = new Intl.NumberFormat(lang);
  var BAR_COLOUR = "#15365a";
  var MEASURE_KEYS = {
    amount: "amount_eur", per_inhabitant: "eur_per_inhabitant", committed: "committed_percent",
    paid: "paid_percent", reached: "reached_per_1000"
  };
  var BAR_KEYS = {
    amount: "amount", per_inhabitant: "perInhabitant", committed: "committed", paid: "paid",
    reached: "reached"
  };
  var decimals = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  /* How a figure of each measure reads: euros, a percentage, a rate per 1,000 or a count. */
  function formatter(measure) {
    if (measure === "amount" || measure === "per_inhabitant") { return euros; }
    return function (value) {
      if (value === null || value === undefined) { return "—"; }
      if (measure === "committed" || measure === "paid") { return decimals.format(value) + "\u00a0%"; }
      return decimals.format(value);
    };
  }

  /* The figure of one unit's properties (or bar) for the measure; the contracts of the chosen
     target group come from the per-group counts. */
  function figure(source, measure, group, keys) {
    if (measure === "group") {
      var counts = source.contracts_by_group || source.groups || {};
      return counts[group] || 0;
    }
    return toNumber(source[keys[measure]]);
  }

  function toNumber(value) {
    return value === null || value === undefined || value === "" ? null : Number(value);
  }

  function euros(value) {
    return value === null || value === undefined ? "—" : money.format(value) + "\u00a0EUR";
  }

  function chosen(form, name) {
    var input = form.querySelector("input[name='" + name + "']:checked");
    return input ? input.value : null;
  }

  function AllocationMap(container, config) {
    this.container = container;
    this.config = config;
    this.chart = charts.start(container);
    this.cache = {};
    this.items = [];
    this.ticket = 0;
    this.keys = this.enableKeyboard();
  }

  AllocationMap.prototype.load = function (level) {
    if (!this.cache[level]) {
      var url = this.config.dataUrl + "?level=" + encodeURIComponent(level);
      this.cache[level] = fetch(url, {
        credentials: "same-origin", headers: { Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) { throw new Error("allocation map data: " + response.status); }
        return response.json();
      });
      var name = "allocation-" + level;
      this.cache[level] = this.cache[level].then(function (data) {
        echarts.registerMap(name, { type: "FeatureCollection", features: data.features });
        return data;
      });
    }
    return this.cache[level];
  };

  AllocationMap.prototype.show = function (level, measure, group) {
    var self = this;
    // A quick second switch must not be overwritten by the first one's slower answer.
    var ticket = ++this.ticket;
    return this.load(level).then(function (data) {
      if (ticket !== self.ticket) { return false; }
      self.draw(level, measure, group, data);
      return true;
    });
  };

  AllocationMap.prototype.draw = function (level, measure, group, data) {
    var labels = this.config.labels;
    var format = formatter(measure);
    this.measure = measure;
    this.format = format;
    this.items = data.features.map(function (feature) {
      var p = feature.properties;
      return {
        name: p.teryt, value: figure(p, measure, group, MEASURE_KEYS), text: p.name,
        amount: toNumber(p.amount_eur), perInhabitant: toNumber(p.eur_per_inhabitant),
        population: p.population
      };
    });
    this.keys.reset();
    if (!this.items.length) {
      // No unit of this level has an outline: the note above the table says so.
      this.chart.clear();
      document.getElementById("map-legend").hidden = true;
      return;
    }
    var figures = this.items.map(function (item) { return item.value || 0; });
    var min = figures.length ? Math.min.apply(null, figures) : 0;
    var max = figures.length ? Math.max.apply(null, figures) : 0;
    var narrow = this.container.clientWidth < 600;
    var scale = Object.assign(charts.scale(min, max, narrow, format), {
      max: max === min ? min + 1 : max,
      // The scale is drawn as the page's own legend below the map (showLegend), never over it.
      show: false
    });
    showLegend(scale, labels[measure], min, max, format);
    this.chart.setOption({
      animation: !charts.calm,
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var item = params.data || {};
          var enc = echarts.format.encodeHTML;
          return enc(item.text || params.name) + "<br>" +
            (measure === "amount" || measure === "per_inhabitant" ? ""
              : enc(labels[measure]) + ": " + format(item.value) + "<br>") +
            enc(labels.amount) + ": " + euros(item.amount) + "<br>" +
            enc(labels.per_inhabitant) + ": " + euros(item.perInhabitant) + "<br>" +
            enc(labels.population) + ": " +
            (item.population === null || item.population === undefined
              ? enc(labels.noData) : numbers.format(item.population));
        }
      },
      visualMap: scale,
      series: [{
        type: "map", map: "allocation-" + level, nameProperty: "teryt",
        aspectScale: charts.POLAND_ASPECT, layoutCenter: ["50%", "50%"], layoutSize: "96%",
        selectedMode: false, label: { show: false },
        itemStyle: { borderColor: "#ffffff", borderWidth: level === "gmina" ? 0.3 : 1 },
        emphasis: { itemStyle: { areaColor: "#ffd166" }, label: { show: false } },
        data: this.items
      }]
    }, { notMerge: true });
  };

  /* The colour scale below the map (#map-legend): the figure's name, the lowest and the highest
     figure either side of a bar of the scale's colours. */
  function showLegend(scale, title, min, max, format) {
    var legend = document.getElementById("map-legend");
    if (!legend) { return; }
    document.getElementById("map-legend-title").textContent = title;
    document.getElementById("map-legend-min").textContent = format(min);
    document.getElementById("map-legend-max").textContent = format(max);
    legend.querySelector(".map-legend-bar").style.backgroundImage =
      "linear-gradient(to right, " + scale.inRange.color.join(", ") + ")";
    legend.hidden = false;
  }

  /* The map is one focusable widget (charts.js): arrow keys walk the units in TERYT order and a
     live region says which one is chosen and its figures. */
  AllocationMap.prototype.enableKeyboard = function () {
    var self = this;
    var labels = this.config.labels;
    return charts.keyboard(this.container, this.chart, {
      items: function () { return self.items; },
      describe: function (item) {
        var chosen = self.measure && self.measure !== "amount" && self.measure !== "per_inhabitant"
          ? ", " + labels[self.measure] + " " + self.format(item.value) : "";
        return item.text + ": " + labels.amount + " " + euros(item.amount) +
          ", " + labels.per_inhabitant + " " + euros(item.perInhabitant) + chosen + ".";
      }
    });
  };

  function drawBars(chart, config, measure, group) {
    var format = formatter(measure);
    var bars = config.bars.slice().reverse();  // ECharts draws the first category at the bottom.
    chart.setOption({
      animation: !charts.calm,
      color: [BAR_COLOUR],
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: format },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: function (v) { return numbers.format(v); } } },
      yAxis: { type: "category", data: bars.map(function (bar) { return bar.name; }) },
      series: [{
        type: "bar", name: config.labels[measure],
        data: bars.map(function (bar) { return figure(bar, measure, group, BAR_KEYS); })
      }]
    }, { notMerge: true });
  }

  function init() {
    var form = document.getElementById("map-switches");
    var mapContainer = document.getElementById("allocation-map");
    var barContainer = document.getElementById("allocation-bars");
    var source = document.getElementById("map-config");
    if (typeof echarts === "undefined" || !charts || !form || !mapContainer || !source) { return; }
    var config = JSON.parse(source.textContent);
    var map = new AllocationMap(mapContainer, config);
    var bars = barContainer ? charts.start(barContainer) : null;

    function update() {
      var level = chosen(form, "level") || "gmina";
      var measure = chosen(form, "measure") || "amount";
      var select = form.querySelector("select[name='group']");
      var group = select ? select.value : "";
      if (bars) { drawBars(bars, config, measure, group); }
      map.show(level, measure, group).then(function (drawn) {
        // What is drawn, for people's tools and the browser tests alike.
        if (drawn) { mapContainer.dataset.drawn = level + "/" + measure; }
      }).catch(function (error) { console.error(error); });
    }

    form.addEventListener("change", update);
    update();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
