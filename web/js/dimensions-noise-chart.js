// The noise-feature chart of the dimensions page: final test loss against the number of noise features d,
// drawn with uPlot from the server's WebJar. The x axis is asinh-scaled (logarithmic for large d, yet d = 0
// has a place) with a tick at every d measured; the y axis is logarithmic. The median test loss is a line
// with points, the seeds' smallest to largest a band; the median training loss is dashed.
// Renderer: create(root) → update(rows) → destroy(); rows as dimensions-noise-jobs.js gives them.

import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { formatNumber } from './dimensions-format.js';

const ACCENT = '#0b62a4';
const ORANGE = '#c46a00';
const AXIS = { stroke: '#3d444d', grid: { stroke: '#e6e8eb', width: 1 }, ticks: { stroke: '#d0d4d9', width: 1 },
  font: '11px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };
const HEIGHT = 230;

/** A loss for a log axis: null where there is none (all runs diverged) or it is not positive. */
const positive = (v) => (typeof v === 'number' && v > 0 ? v : null);
const shown = (u, v) => (v == null ? '—' : formatNumber(v, 3));

export function create(root) {
  let chart = null;
  let data = null;
  let ds = [];

  const size = () => ({ width: Math.max(200, Math.floor(root.clientWidth || 320)), height: HEIGHT });

  function build() {
    if (chart) chart.destroy();
    chart = new uPlot({
      ...size(),
      scales: {
        x: { time: false, distr: 4, asinh: 1, range: (u, min, max) => [Math.max(0, min - 0.5), max * 1.15 + 0.5] },
        y: {
          distr: 3,
          log: 10,
          range: (u, min, max) => [Math.pow(10, Math.floor(Math.log10(min || 1e-3))),
            Math.pow(10, Math.ceil(Math.log10(Math.max(max || 1, (min || 1e-3) * 10))))],
        },
      },
      axes: [
        // every d measured is a tick (an asinh axis would otherwise keep only powers of ten)
        { ...AXIS, label: 'noise features d', labelSize: 18, size: 30, splits: () => ds, filter: (u, splits) => splits,
          values: (u, ticks) => ticks.map(String) },
        { ...AXIS, label: 'final loss', labelSize: 18, size: 56,
          values: (u, ticks) => ticks.map((t) => (Math.abs(Math.log10(t) % 1) < 1e-9 ? formatNumber(t, 1) : '')) },
      ],
      series: [
        { label: 'd' },
        { label: 'smallest test loss', stroke: 'rgba(11,98,164,0.45)', width: 1, value: shown },
        { label: 'median test loss', stroke: ACCENT, width: 2.5, points: { show: true, size: 7, fill: ACCENT }, value: shown },
        { label: 'largest test loss', stroke: 'rgba(11,98,164,0.45)', width: 1, value: shown },
        { label: 'median training loss', stroke: ORANGE, width: 2, dash: [6, 4], points: { show: true, size: 5 }, value: shown },
      ],
      bands: [{ series: [3, 1], fill: 'rgba(11,98,164,0.14)' }],
      legend: { show: true, live: false }, // the numbers are in the table beside it
      cursor: { drag: { x: false, y: false }, points: { size: 7 } },
    }, data, root);
  }

  const resize = new ResizeObserver(() => {
    if (!chart) return;
    const next = size();
    if (next.width !== chart.width) chart.setSize(next);
  });
  resize.observe(root);

  return {
    /** rows: one per d, ascending, each with testLoss {min, median, max} and trainLoss {median}. */
    update(rows) {
      ds = rows.map((r) => r.d);
      data = [ds,
        rows.map((r) => positive(r.testLoss.min)),
        rows.map((r) => positive(r.testLoss.median)),
        rows.map((r) => positive(r.testLoss.max)),
        rows.map((r) => positive(r.trainLoss.median))];
      if (!chart) root.replaceChildren(); // the placeholder text
      build(); // the ticks are the d values measured: a new list needs new axes
      root.dataset.points = String(ds.length);
    },
    destroy() {
      resize.disconnect();
      if (chart) chart.destroy();
      chart = null;
    },
  };
}
