// The live race's loss chart: one test-loss curve per contestant over the lock-step epochs, on a log
// scale (the losses span decades), with the target as a dashed line. uPlot, served by the server.
// Renderer: create(root) → update(data) → destroy(); redraws at most four times a second.

import { loadUPlot } from './losschart.js';

const REDRAW_MS = 250;
const MAX_POINTS = 6000; // beyond this every other point is dropped (the server already thins past 2,000 epochs)

export function create(root) {
  const holder = document.createElement('div');
  holder.className = 'chart-holder';
  root.replaceChildren(holder);
  let chart = null;
  let destroyed = false;
  let names = [];
  let colors = [];
  let target = NaN;
  let timer = 0;
  let lastDraw = 0;
  let xs = [];
  let ys = []; // per contestant

  function height(width) {
    return Math.max(180, Math.min(260, Math.round(width * 0.36)));
  }

  function options(width) {
    const axis = { stroke: '#3d444d', grid: { stroke: '#e6e8eb', width: 1 }, ticks: { stroke: '#d0d4d9', width: 1 },
      font: '11px system-ui, sans-serif' };
    return {
      width,
      height: height(width),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 6 } },
      scales: { x: { time: false }, y: { distr: 3, log: 10 } },
      axes: [
        { ...axis, label: 'epoch', labelSize: 18, size: 34 },
        { ...axis, label: 'test loss', labelSize: 18, size: 52, values: (u, ticks) => ticks.map((t) => (t == null ? '' : String(+t.toPrecision(2)))) },
      ],
      series: [
        { label: 'epoch' },
        ...names.map((name, i) => ({ label: name, stroke: colors[i], width: 2, spanGaps: true, points: { show: false } })),
        { label: 'target', stroke: '#57606a', width: 1, dash: [6, 4], points: { show: false } },
      ],
    };
  }

  function data() {
    const targetLine = xs.map(() => (target > 0 ? target : null));
    return [xs, ...ys, targetLine];
  }

  function width() {
    return Math.max(200, Math.floor(root.clientWidth || 400));
  }

  function rebuild() {
    if (!window.uPlot || destroyed) return;
    if (chart) chart.destroy();
    chart = new window.uPlot(options(width()), data(), holder);
    lastDraw = performance.now();
  }

  loadUPlot().then(rebuild, () => { root.dataset.unavailable = 'true'; });

  const resizeObserver = new ResizeObserver(() => {
    if (!chart) return;
    const w = width();
    if (chart.width !== w) chart.setSize({ width: w, height: height(w) });
  });
  resizeObserver.observe(root);

  function draw() {
    timer = 0;
    root.dataset.points = String(xs.length);
    root.dataset.curves = String(ys.filter((series) => series.some((v) => v != null)).length);
    if (!chart || destroyed) return;
    chart.setData(data());
    lastDraw = performance.now();
  }

  function scheduleDraw() {
    if (timer) return;
    timer = setTimeout(draw, Math.max(0, REDRAW_MS - (performance.now() - lastDraw)));
  }

  function thin() {
    const keep = (a) => a.filter((_, i) => i % 2 === 0);
    xs = keep(xs);
    ys = ys.map(keep);
  }

  return {
    /**
     * data: { contestants: {names, colors, target} } (a new race: clears the curves)
     *     | { reset: true } | { points: {epochs: [], losses: [[per contestant]]} }
     */
    update(update) {
      if (update.contestants) {
        names = update.contestants.names.slice();
        colors = update.contestants.colors.slice();
        target = update.contestants.target;
        xs = [];
        ys = names.map(() => []);
        rebuild();
        draw();
      }
      if (update.reset) {
        xs = [];
        ys = names.map(() => []);
        scheduleDraw();
      }
      if (update.points) {
        const { epochs, losses } = update.points;
        for (let i = 0; i < epochs.length; i++) {
          xs.push(epochs[i]);
          for (let c = 0; c < ys.length; c++) {
            const v = losses[c] ? losses[c][i] : NaN;
            ys[c].push(Number.isFinite(v) && v > 0 ? v : null);
          }
        }
        if (xs.length > MAX_POINTS) thin();
        if (epochs.length) scheduleDraw();
      }
    },
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      resizeObserver.disconnect();
      if (chart) chart.destroy();
      root.replaceChildren();
    },
  };
}
