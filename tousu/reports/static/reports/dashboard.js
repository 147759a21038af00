/* The reports dashboard: charts drawn by the locally served ECharts from the figures the
   page embeds (#report-data); clicking a bar opens the list of its cases. */
(function () {
  "use strict";
  var node = document.getElementById("report-data");
  if (!node || !window.echarts) { return; }
  var data = JSON.parse(node.textContent);
  var colours = ["#0b4f8a", "#d9822b", "#1d6b33", "#8a96a3"];
  var font = { fontFamily: "Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, Microsoft YaHei, sans-serif" };

  function drill(dimension, value) {
    window.location.href = data.drill + "&dimension=" + encodeURIComponent(dimension) + "&value=" + encodeURIComponent(value);
  }
  function pct(v) { return v === null || v === undefined ? null : Math.round(v * 1000) / 10; }
  function draw(id, option, onClick) {
    var el = document.getElementById(id);
    if (!el) { return; }
    var chart = window.echarts.init(el, null, { renderer: "svg" });
    option.color = colours;
    option.textStyle = font;
    option.animation = false;
    option.tooltip = option.tooltip || { trigger: "axis" };
    option.grid = option.grid || { left: 48, right: 48, top: 36, bottom: 64 };
    chart.setOption(option);
    if (onClick) {
      chart.on("click", function (p) { if (p.componentType === "series" && p.seriesType === "bar") { onClick(p); } });
    }
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function bars(items, name) {
    return { type: "bar", name: name, data: items.map(function (i) { return i.cases; }), label: { show: true, position: "top" } };
  }
  var rotate = { rotate: 30, interval: 0 };

  draw("chart-trend", {
    xAxis: { type: "category", data: data.trend.map(function (p) { return p.month; }), axisLabel: rotate },
    yAxis: { type: "value" },
    series: [{ type: "bar", name: "受理 Received", data: data.trend.map(function (p) { return p.received; }), label: { show: true, position: "top" } }]
  }, function (p) { drill("month", data.trend[p.dataIndex].month); });

  draw("chart-category", {
    legend: { top: 0 },
    xAxis: { type: "category", data: data.pareto.map(function (r) { return r.label; }), axisLabel: rotate },
    yAxis: [{ type: "value" }, { type: "value", max: 100, axisLabel: { formatter: "{value}%" } }],
    series: [
      bars(data.pareto, "件数 Cases"),
      { type: "line", name: "累计 Cumulative %", yAxisIndex: 1, data: data.pareto.map(function (r) { return pct(r.cumulative); }) }
    ]
  }, function (p) { drill("category", data.pareto[p.dataIndex].code); });

  var rates = [["response", "响应率 Response"], ["resolution", "解决率 Resolution"], ["satisfaction", "满意率 Satisfaction"]];
  draw("chart-departments", {
    legend: { top: 0 },
    xAxis: { type: "category", data: data.departments.map(function (d) { return d.name || "—"; }), axisLabel: rotate },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: rates.map(function (r) {
      return { type: "bar", name: r[1], data: data.departments.map(function (d) { return pct(d.rates[r[0]].value); }) };
    })
  }, function (p) { drill("department", data.departments[p.dataIndex].code); });

  var o = data.outcomes;
  var outcomes = [["resolved", "已办结"], ["closed", "已结案"], ["open", "未结"], ["to_be_improved", "待改进"], ["set_out", "转办/无效/撤回"], ["reopened", "重新处理"]];
  draw("chart-outcomes", {
    xAxis: { type: "category", data: outcomes.map(function (x) { return x[1]; }), axisLabel: rotate },
    yAxis: { type: "value" },
    series: [{ type: "bar", name: "件数", data: outcomes.map(function (x) { return o[x[0]]; }), label: { show: true, position: "top" } }]
  }, function (p) { drill("outcome", outcomes[p.dataIndex][0]); });

  draw("chart-channel", {
    xAxis: { type: "category", data: data.by.channel.map(function (r) { return r.label; }), axisLabel: rotate },
    yAxis: { type: "value" },
    series: [bars(data.by.channel, "件数")]
  }, function (p) { drill("channel", data.by.channel[p.dataIndex].code); });

  draw("chart-clocks", {
    xAxis: { type: "category", data: data.clocks.map(function (c) { return c.label; }), axisLabel: rotate },
    yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
    series: [{ type: "bar", name: "按时 %", data: data.clocks.map(function (c) { return pct(c.rate.value); }), label: { show: true, position: "top" } }]
  });
}());
