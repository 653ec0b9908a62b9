// The dimensions page's three charts against d (log x), drawn with uPlot from the server's WebJar.
// Renderer: create(root, kind) → update(measures) → destroy(); kind is
//   'ratio'   farthest ÷ nearest neighbour: median line, the quartiles as a band (log y, down to 1);
//   'ball'    log10 of the ball's share of the cube: exact line, Monte-Carlo dots where points fell inside;
//   'samples' log10 of the points a density needs: grid n₁ᵈ, random points keeping the nearest distance.
// The y axes of 'ball' and 'samples' are in log10 units (10⁻¹¹⁸⁷ is no double), labelled as powers of ten.

import uPlot from '/webjars/uplot/1.6.30/dist/uPlot.esm.js';
import { powerTick, formatRatio, formatPower } from './dimensions-format.js';

const INK = '#1f2328';
const ACCENT = '#0b62a4';
const ORANGE = '#c46a00';
const AXIS = { stroke: '#3d444d', grid: { stroke: '#e6e8eb', width: 1 }, ticks: { stroke: '#d0d4d9', width: 1 },
  font: '11px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };

const xAxis = { ...AXIS, label: 'dimension d', labelSize: 18, size: 30,
  values: (u, ticks) => ticks.map((t) => (Math.log10(t) % 1 === 0 ? String(t) : '')) };
const xScale = { time: false, distr: 3, log: 10 };

function spec(kind) {
  if (kind === 'ratio') {
    return {
      scales: { x: xScale, y: { distr: 3, log: 10, range: (u, min, max) => [1, Math.pow(10, Math.ceil(Math.log10(Math.max(max, 2))))] } },
      axes: [xAxis, { ...AXIS, label: 'farthest ÷ nearest', labelSize: 18, size: 52,
        values: (u, ticks) => ticks.map((t) => (Math.abs(Math.log10(t) % 1) < 1e-9 ? Math.round(t).toLocaleString('en-US') : '')) }],
      series: [
        { label: 'd' },
        { label: 'lower quartile', stroke: 'rgba(11,98,164,0.45)', width: 1, value: (u, v) => formatRatio(v) },
        { label: 'median', stroke: ACCENT, width: 2.5, points: { show: true, size: 6, fill: ACCENT },
          value: (u, v) => formatRatio(v) },
        { label: 'upper quartile', stroke: 'rgba(11,98,164,0.45)', width: 1, value: (u, v) => formatRatio(v) },
      ],
      bands: [{ series: [3, 1], fill: 'rgba(11,98,164,0.14)' }],
      rows: (m) => [m.ratioQ1, m.ratioMedian, m.ratioQ3],
    };
  }
  if (kind === 'ball') {
    return {
      scales: { x: xScale, y: { range: (u, min, max) => [Math.min(-1, Math.floor(min * 1.05)), 0.5] } },
      axes: [xAxis, { ...AXIS, label: 'share of the cube', labelSize: 18, size: 58, values: (u, ticks) => ticks.map(powerTick) }],
      series: [
        { label: 'd' },
        { label: 'exact', stroke: INK, width: 2, value: (u, v) => (v == null ? '—' : formatPower(v)) },
        { label: 'sampled points inside', stroke: ORANGE, width: 0, paths: () => null,
          points: { show: true, size: 8, stroke: ORANGE, fill: '#ffffff', width: 2 },
          value: (u, v, s, i) => (i == null ? '—' : v == null ? 'none' : formatPower(v)) },
      ],
      rows: (m) => [m.log10BallFraction, m.pointsInBall > 0 ? Math.log10(m.monteCarloFraction) : null],
    };
  }
  return {
    scales: { x: xScale, y: { range: (u, min, max) => [0, Math.max(1, Math.ceil(max * 1.05))] } },
    axes: [xAxis, { ...AXIS, label: 'points needed', labelSize: 18, size: 58, values: (u, ticks) => ticks.map(powerTick) }],
    series: [
      { label: 'd' },
      { label: 'grid, n₁ per unit length', stroke: INK, width: 2, value: (u, v) => (v == null ? '—' : formatPower(v)) },
      { label: 'random, same nearest distance', stroke: ORANGE, width: 2, dash: [6, 4],
        value: (u, v) => (v == null ? '—' : formatPower(v)) },
    ],
    rows: (m) => [m.log10GridSamples, m.log10SamplesSameNearest],
  };
}

export function create(root, kind) {
  const { rows, ...chartSpec } = spec(kind);
  let chart = null;
  let data = null;

  const size = () => ({ width: Math.max(200, Math.floor(root.clientWidth || 320)), height: 230 });

  function build() {
    if (chart) chart.destroy();
    chart = new uPlot({ ...size(), ...chartSpec, legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false }, points: { size: 7 } } }, data, root);
  }

  const resize = new ResizeObserver(() => {
    if (!chart) return;
    const next = size();
    if (next.width !== chart.width) chart.setSize(next);
  });
  resize.observe(root);

  return {
    /** measures: the server's per-d objects, ascending in d. */
    update(measures) {
      const columns = [measures.map((m) => m.d)];
      const width = chartSpec.series.length - 1;
      for (let s = 0; s < width; s++) columns.push([]);
      for (const m of measures) {
        const values = rows(m);
        for (let s = 0; s < width; s++) columns[s + 1].push(values[s]);
      }
      data = columns;
      // a new x range (another list of d) rebuilds; same length just sets the data
      if (!chart || chart.data[0].length !== columns[0].length) build();
      else chart.setData(data);
      root.dataset.points = String(columns[0].length);
    },
    destroy() {
      resize.disconnect();
      if (chart) chart.destroy();
      chart = null;
    },
  };
}
