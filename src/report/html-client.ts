/**
 * The page script of report.html (plain browser JS, inlined after uPlot). It draws each chart spec
 * of `#perf-data` when its place scrolls near the screen (IntersectionObserver), then, once the
 * page has loaded, the rest one at a time in idle time (charts in a folded section wait until it
 * is opened); `data-charts-ready` is set when every chart is drawn. What it drew is recorded on
 * `window.__perfCharts` (id, points, series, non-null values) so a browser test can check every
 * chart has data.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('perf-data').textContent);
  window.__perfCharts = [];
  window.__perfChartErrors = [];
  function pctLabel(x) {
    if (x >= 6) return 'max';
    var p = 100 * (1 - Math.pow(10, -x));
    return (p >= 99 ? String(parseFloat(p.toFixed(4))) : String(Math.round(p))) + '%';
  }
  function draw(spec) {
    var el = document.getElementById(spec.id);
    if (!el) return;
    var width = Math.max(320, Math.min(el.clientWidth || 560, 900));
    var hasY2 = spec.series.some(function (s) { return s.scale === 'y2'; });
    var axes = [
      { label: spec.xLabel, values: spec.xKind === 'percentile' ? function (u, vals) { return vals.map(pctLabel); } : undefined },
      { label: spec.yLabel }
    ];
    if (hasY2) axes.push({ scale: 'y2', side: 1, label: spec.y2Label || '', grid: { show: false } });
    var scales = { x: { time: false } };
    if (hasY2) scales.y2 = { auto: true };
    var series = [{ label: spec.xKind === 'percentile' ? 'percentile' : spec.xLabel, value: spec.xKind === 'percentile' ? function (u, v) { return v == null ? '-' : pctLabel(v); } : undefined }];
    var nonNull = 0;
    spec.series.forEach(function (s) {
      s.values.forEach(function (v) { if (v !== null && v !== undefined) nonNull++; });
      series.push({
        label: s.label,
        stroke: s.color,
        width: 1.5,
        scale: s.scale || 'y',
        dash: s.dash ? [6, 4] : undefined,
        points: { show: spec.xKind !== 'time' || spec.x.length < 3 }
      });
    });
    var opts = { width: width, height: 240, scales: scales, axes: axes, series: series, legend: { live: true } };
    var u = new uPlot(opts, [spec.x].concat(spec.series.map(function (s) { return s.values; })), el);
    window.__perfCharts.push({ id: spec.id, points: spec.x.length, series: spec.series.length, nonNull: nonNull, width: u.width });
  }
  var byId = {};
  var left = data.charts.length;
  data.charts.forEach(function (spec) { byId[spec.id] = spec; });
  function drawOnce(id) {
    var spec = byId[id];
    if (!spec) return;
    delete byId[id];
    try { draw(spec); } catch (err) {
      window.__perfChartErrors.push(spec.id + ': ' + (err && err.message));
      console.error('chart ' + spec.id + ' failed: ' + (err && err.message));
    }
    left--;
    if (left === 0) document.documentElement.setAttribute('data-charts-ready', String(window.__perfCharts.length));
  }
  if (left === 0) document.documentElement.setAttribute('data-charts-ready', '0');
  var observer = typeof IntersectionObserver === 'function' ? new IntersectionObserver(function (entries) {
    entries.forEach(function (e) {
      if (e.isIntersecting) { observer.unobserve(e.target); drawOnce(e.target.id); }
    });
  }, { rootMargin: '400px 0px' }) : null;
  data.charts.forEach(function (spec) {
    var el = document.getElementById(spec.id);
    if (observer && el) observer.observe(el); else drawOnce(spec.id);
  });
  var later = window.requestIdleCallback
    ? function (fn) { window.requestIdleCallback(fn, { timeout: 1000 }); }
    : function (fn) { setTimeout(function () { fn({ didTimeout: true, timeRemaining: function () { return 0; } }); }, 16); };
  function drawIdle(deadline) {
    var ids = Object.keys(byId);
    for (var i = 0; i < ids.length; i++) {
      var el = document.getElementById(ids[i]);
      if (!el || el.offsetParent === null) continue;
      if (observer) observer.unobserve(el);
      drawOnce(ids[i]);
      if (deadline.didTimeout || deadline.timeRemaining() < 8) break;
    }
    var rest = Object.keys(byId).filter(function (id) { var el = document.getElementById(id); return el && el.offsetParent !== null; });
    if (rest.length) later(drawIdle);
  }
  if (document.readyState === 'complete') later(drawIdle);
  else window.addEventListener('load', function () { later(drawIdle); });
  document.addEventListener('toggle', function () { if (Object.keys(byId).length) later(drawIdle); }, true);
  function openFolded(id) {
    for (var el = id ? document.getElementById(id) : null; el; el = el.parentElement) if (el.tagName === 'DETAILS') el.open = true;
  }
  document.addEventListener('click', function (e) {
    var a = e.target && e.target.closest ? e.target.closest('a[href^="#"]') : null;
    if (a) openFolded(decodeURIComponent(a.getAttribute('href').slice(1)));
  });
  window.addEventListener('hashchange', function () { openFolded(decodeURIComponent(location.hash.slice(1))); });
  if (location.hash) openFolded(decodeURIComponent(location.hash.slice(1)));
})();
`;
