// The sweep's chart: final loss against learning rate on log–log axes (uPlot), one dot per seed, the
// median joined by a line, the loss before training as a dashed line, and every diverged run as a red
// × in a band above the plot, counted — never dropped. Renderer: create(root) → update(data) → destroy().

import { loadUPlot } from './losschart.js';
import { formatLoss, formatRate } from './lr-format.js';

const SEED_COLOURS = ['#0b62a4', '#f59322', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#e69f00', '#785ef0',
  '#6e7781', '#aa4499'];
const INK = '#1f2328';
const DIVERGED = '#b3261e';
const BAND = 30; // px above the plot for the diverged runs

/** Tick labels on a log axis: the powers of ten as typed (0.001, 1, 10), the ticks between unlabelled. */
const decades = (u, ticks) => ticks.map((t) => {
  const e = Math.log10(t);
  return Math.abs(e - Math.round(e)) < 1e-9 ? formatRate(10 ** Math.round(e)) : '';
});

const positive = (v) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : null);

export function create(root) {
  let chart = null;
  let destroyed = false;
  let current = null; // { rates: [...] from the result, loss: 'test' | 'train' }
  let diverged = []; // per rate: how many runs diverged
  const holder = document.createElement('div');
  const placeholder = document.createElement('p');
  placeholder.className = 'lr-placeholder';
  placeholder.textContent = 'Run the sweep to see the final loss against the learning rate.';
  holder.append(placeholder);
  root.replaceChildren(holder);

  const width = () => Math.max(300, Math.floor(root.clientWidth || 600));
  const height = (w) => Math.max(240, Math.min(340, Math.round(w * 0.42)));

  function series(seeds) {
    const list = [{ label: 'rate', value: (u, v) => (v == null ? '—' : formatRate(v)) },
      { label: 'median', stroke: INK, width: 2, value: (u, v) => formatLoss(v), points: { show: true, size: 5 } }];
    for (let k = 0; k < seeds; k++) {
      const colour = SEED_COLOURS[k % SEED_COLOURS.length];
      list.push({ label: `seed ${k + 1}`, stroke: colour, width: 0, paths: () => null,
        points: { show: true, size: 7, fill: colour, stroke: colour }, value: (u, v) => formatLoss(v) });
    }
    list.push({ label: 'before training', stroke: '#8c959f', width: 1.5, dash: [6, 4], points: { show: false },
      value: (u, v) => formatLoss(v) });
    return list;
  }

  function data() {
    const { rates, loss } = current;
    const key = loss === 'train' ? 'finalTrainLoss' : 'finalTestLoss';
    const median = loss === 'train' ? 'medianTrainLoss' : 'medianTestLoss';
    const seeds = Math.max(0, ...rates.map((r) => r.runs.length));
    const columns = [rates.map((r) => r.rate), rates.map((r) => positive(r[median]))];
    for (let k = 0; k < seeds; k++) {
      columns.push(rates.map((r) => (r.runs[k] && !r.runs[k].diverged ? positive(r.runs[k][key]) : null)));
    }
    columns.push(rates.map((r) => positive(r.medianInitialTrainLoss)));
    diverged = rates.map((r) => r.runs.filter((run) => run.diverged).length);
    return { columns, seeds };
  }

  function drawDiverged(u) {
    const ctx = u.ctx;
    const ratio = window.devicePixelRatio || 1;
    const bandTop = u.bbox.top - (BAND + 4) * ratio;
    const bandHeight = (BAND - 6) * ratio;
    const middle = bandTop + bandHeight / 2;
    const any = diverged.some((n) => n > 0);
    ctx.save();
    if (any) {
      ctx.fillStyle = 'rgba(179, 38, 30, 0.07)';
      ctx.fillRect(u.bbox.left, bandTop, u.bbox.width, bandHeight);
    }
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    ctx.fillStyle = any ? DIVERGED : '#57606a';
    ctx.fillText(any ? 'diverged (NaN/∞):' : 'no run diverged', u.bbox.left + 4 * ratio, middle);
    ctx.strokeStyle = DIVERGED;
    ctx.lineWidth = 2.5 * ratio;
    const xs = u.data[0];
    for (let i = 0; i < xs.length; i++) {
      if (!diverged[i]) continue;
      const cx = u.valToPos(xs[i], 'x', true);
      const s = 5 * ratio;
      ctx.beginPath();
      ctx.moveTo(cx - s, middle - s);
      ctx.lineTo(cx + s, middle + s);
      ctx.moveTo(cx + s, middle - s);
      ctx.lineTo(cx - s, middle + s);
      ctx.stroke();
      ctx.fillText(String(diverged[i]), cx + s + 2 * ratio, middle - s);
    }
    ctx.restore();
  }

  function rebuild() {
    if (!window.uPlot || destroyed || !current) return;
    if (chart) chart.destroy();
    holder.replaceChildren();
    const { columns, seeds } = data();
    const axis = { stroke: '#3d444d', grid: { stroke: '#e6e8eb', width: 1 }, ticks: { stroke: '#d0d4d9', width: 1 },
      font: '11px system-ui, sans-serif' };
    const w = width();
    chart = new window.uPlot({
      width: w,
      height: height(w),
      padding: [BAND + 8, 12, 0, 0],
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: false, distr: 3, log: 10 },
        y: { distr: 3, log: 10 },
      },
      axes: [
        { ...axis, label: 'learning rate η (log)', labelSize: 18, size: 36, values: decades },
        { ...axis, label: `final ${current.loss === 'train' ? 'training' : 'test'} loss (log)`, labelSize: 18, size: 58,
          values: decades },
      ],
      series: series(seeds),
      hooks: { draw: [drawDiverged] },
    }, columns, holder);
    root.dataset.rates = String(columns[0].length);
  }

  loadUPlot().then(rebuild, () => { root.dataset.unavailable = 'true'; });
  const resizeObserver = new ResizeObserver(() => {
    if (chart && chart.width !== width()) chart.setSize({ width: width(), height: height(width()) });
  });
  resizeObserver.observe(root);

  return {
    /** data: { rates: the result's rates (each with runs and medians), loss: 'test' | 'train' } */
    update(update) {
      current = { ...(current || {}), ...update };
      if (current.rates) rebuild();
    },
    destroy() {
      destroyed = true;
      resizeObserver.disconnect();
      if (chart) chart.destroy();
      root.replaceChildren();
    },
  };
}
