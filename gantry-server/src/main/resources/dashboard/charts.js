// The dashboard's charts: CPU, memory, requests/s, errors/s and p99 of one app or instance, drawn with
// uPlot (served from the WebJar under /dashboard/vendor/), seeded from GET /api/v1/series and extended
// live from the event stream's samples. Used by dashboard.js as window.GantryCharts.
window.GantryCharts = (function () {
  'use strict';

  const SECONDS = 600;
  const METRICS = [
    { key: 'cpu', label: 'CPU %', series: 'cpu', scale: 1 },
    { key: 'memory', label: 'Memory MiB', series: 'memory', scale: 1 / 1048576 },
    { key: 'rps', label: 'Requests/s', series: 'requests', scale: 1 },
    { key: 'errors', label: 'Errors/s', series: 'errors', scale: 1 },
    { key: 'p99', label: 'p99 ms', series: 'p99', scale: 1 },
  ];

  // One chart per metric in container for subject ("app=NAME" or "instance=ID"); get(path) reads the API.
  function make(container, subject, testid, get) {
    const charts = {};
    if (typeof uPlot === 'undefined') return charts;
    for (const m of METRICS) {
      const holder = document.createElement('div');
      holder.className = 'chart';
      holder.dataset.testid = testid + '-' + m.key;
      container.append(holder);
      const data = [[], []];
      const plot = new uPlot({
        width: 250, height: 120, title: m.label, legend: { show: false },
        scales: { x: { time: true } },
        series: [{}, { label: m.label, stroke: '#2b6cb0', width: 1.5, spanGaps: true }],
        axes: [{ size: 24, font: '10px sans-serif' }, { size: 44, font: '10px sans-serif' }],
      }, data, holder);
      charts[m.key] = { plot, data, holder };
      seed(charts[m.key], subject, m, get);
    }
    return charts;
  }

  async function seed(chart, subject, m, get) {
    const from = Date.now() - SECONDS * 1000;
    try {
      const s = await get('/api/v1/series?' + subject + '&metric=' + m.series + '&step=1s&from=' + from);
      const xs = [], ys = [];
      s.values.forEach((v, i) => {
        if (v === null && !ys.length) return; // from the first recorded second on
        xs.push(Math.floor((s.from + i * s.stepMillis) / 1000));
        ys.push(v === null ? null : v * m.scale);
      });
      // keep what the stream added while the history was on its way
      const last = xs.length ? xs[xs.length - 1] : 0;
      chart.data[0].forEach((x, i) => {
        if (x > last && chart.data[1][i] !== null) { xs.push(x); ys.push(chart.data[1][i]); }
      });
      chart.data = [xs, ys];
      draw(chart);
    } catch (e) { /* no history yet: the stream fills the chart */ }
    chart.holder.dataset.seeded = 'true';
  }

  // Sets the values of one second ({cpu, memory (bytes), rps, errors, p99}; a missing one is skipped).
  function extend(charts, second, values) {
    for (const m of METRICS) {
      const c = charts[m.key];
      const v = values[m.key];
      if (!c || v === undefined || v === null) continue;
      const [xs, ys] = c.data;
      const y = v * m.scale;
      if (xs.length && xs[xs.length - 1] === second) ys[ys.length - 1] = y;
      else { xs.push(second); ys.push(y); }
      while (xs.length > SECONDS) { xs.shift(); ys.shift(); }
      draw(c);
    }
  }

  // data-points tells how many seconds the chart holds (the browser test waits for some).
  function draw(chart) {
    chart.plot.setData(chart.data);
    chart.holder.dataset.points = String(chart.data[0].length);
  }

  function destroy(charts) {
    for (const c of Object.values(charts)) c.plot.destroy();
  }

  return { make, extend, destroy };
})();
