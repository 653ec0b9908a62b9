// The instruments under the network: dead and duplicate neurons, each layer's gradient size and dead
// fraction over epochs (uPlot), a histogram of what a layer outputs, and the training points as two
// neurons of a hidden layer see them. Renderer: create(root, callbacks) → update(data) → destroy(); it
// binds the page's elements by id, paints once per animation frame, and reports through callbacks.

import { loadUPlot } from './losschart.js';
import { pointColour } from './heatmap.js';
import { DIVERGING_CSS, divergingIndex } from './colors.js';

const MAX_POINTS = 1000; // per series; beyond it the history is thinned by half
// one colour per layer (Okabe–Ito-like, each ≥ 3:1 against white); the output layer is drawn in ink
const LAYER_COLOURS = ['#0b62a4', '#c24e00', '#00795c', '#a8457a', '#6a4fc2', '#7a6300', '#0f6f82', '#a63d40'];
const OUTPUT_COLOUR = '#1f2328';
const MUTED = '#57606a';

const fmtNumber = (v) => (Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0)
  ? v.toExponential(0) : String(+v.toPrecision(2))).replace('-', '−');
const percent = (v) => `${(v * 100).toFixed(v > 0 && v < 0.1 ? 1 : 0)}%`;

export function create(root, callbacks = {}) {
  const { onBreakSymmetry, onHiddenSpace, onShiftBiases, onSetBiases } = callbacks;
  const $ = (id) => root.querySelector(`#${id}`);
  const deadTotal = $('dead-total');
  const distinctText = $('distinct-per-layer');
  const breakButton = $('break-symmetry');
  const gradientRoot = $('gradient-chart');
  const gradientMeasure = $('gradient-measure');
  const tableBody = $('layer-table-body');
  const deadRoot = $('dead-chart');
  const histogramSelect = $('histogram-layer');
  const histogramCanvas = $('histogram');
  const saturated = $('saturated');
  const hiddenLayer = $('hidden-layer');
  const hiddenA = $('hidden-a');
  const hiddenB = $('hidden-b');
  const hiddenCanvas = $('hidden-space');

  let layerSizes = null; // from the state: inputs … output
  let task = 'classification';
  let insight = null; // the latest insight event
  let space = null; // the latest hiddenSpace event for the current choice
  let sentKey = 'null'; // the hiddenSpace request last reported
  let shownLayer = ''; // the hidden-space layer the neuron selects were last set up for
  let rafId = 0;
  const dirty = { numbers: false, charts: false, histogram: false, space: false };

  // ---------------------------------------------------------------- charts over epochs

  let seriesCount = 0; // layers in the charts (hidden … output)
  const epochs = [];
  let gradients = []; // per layer: gradient norm (null where not positive: log scale)
  let ratios = []; // per layer: update-to-weight ratio η‖∂L/∂W‖/‖W‖ (null where not positive)
  let deadFractions = []; // per layer: dead / neurons
  const charts = { gradient: null, dead: null };
  const legends = [legend(gradientRoot), legend(deadRoot)];

  function legend(chartRoot) {
    const list = document.createElement('ul');
    list.className = 'instrument-legend';
    chartRoot.after(list);
    return list;
  }

  const layerLabel = (i, count) => (i === count - 1 ? 'Output' : `Layer ${i + 1}`);
  const layerColour = (i, count) => (i === count - 1 ? OUTPUT_COLOUR : LAYER_COLOURS[i % LAYER_COLOURS.length]);

  function chartOptions(kind, width) {
    const axis = { stroke: '#3d444d', grid: { stroke: '#e6e8eb', width: 1 }, ticks: { stroke: '#d0d4d9', width: 1 },
      font: '11px system-ui, sans-serif' };
    const series = [{ label: 'epoch' }];
    for (let i = 0; i < seriesCount; i++) {
      series.push({ label: layerLabel(i, seriesCount), stroke: layerColour(i, seriesCount), width: 1.5,
        dash: i === seriesCount - 1 ? [5, 3] : undefined, spanGaps: true });
    }
    const y = kind === 'gradient'
      ? { distr: 3, log: 10 }
      : { range: [0, 1] };
    const values = kind === 'gradient'
      ? (u, ticks) => ticks.map((t) => (t == null ? '' : fmtNumber(t)))
      : (u, ticks) => ticks.map((t) => Math.round(t * 100) + '%');
    // a log scale: one line per decade (or per few decades), not uPlot's minor lines
    const splits = kind === 'gradient' ? (u, i, min, max) => {
      if (!(min > 0 && max > 0)) return [];
      const lo = Math.floor(Math.log10(min));
      const hi = Math.ceil(Math.log10(max));
      const step = Math.max(1, Math.ceil((hi - lo) / 4));
      const out = [];
      for (let e = lo; e <= hi; e += step) out.push(10 ** e);
      return out;
    } : undefined;
    return {
      width,
      height: 140,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: { x: { time: false }, y },
      axes: [{ ...axis, size: 30 }, { ...axis, size: 48, values, splits,
        filter: kind === 'gradient' ? (u, ticks) => ticks : undefined }],
      series,
    };
  }

  const chartWidth = (el) => Math.max(160, Math.floor(el.clientWidth || 300));

  function buildCharts() {
    if (!window.uPlot) return;
    for (const [kind, el] of [['gradient', gradientRoot], ['dead', deadRoot]]) {
      if (charts[kind]) charts[kind].destroy();
      el.replaceChildren();
      charts[kind] = new window.uPlot(chartOptions(kind, chartWidth(el)), chartData(kind), el);
    }
    legends.forEach((list) => {
      list.replaceChildren(...Array.from({ length: seriesCount }, (_, i) => {
        const item = document.createElement('li');
        const swatch = document.createElement('span');
        swatch.className = 'legend-line' + (i === seriesCount - 1 ? ' dashed' : '');
        swatch.style.borderColor = layerColour(i, seriesCount);
        item.append(swatch, layerLabel(i, seriesCount));
        return item;
      }));
    });
  }

  const showRatios = () => gradientMeasure && gradientMeasure.value === 'ratio';
  const chartData = (kind) => [epochs,
    ...(kind === 'gradient' ? (showRatios() ? ratios : gradients) : deadFractions)];

  function clearHistory() {
    epochs.length = 0;
    gradients = Array.from({ length: seriesCount }, () => []);
    ratios = Array.from({ length: seriesCount }, () => []);
    deadFractions = Array.from({ length: seriesCount }, () => []);
  }

  function thin() {
    for (const series of [epochs, ...gradients, ...ratios, ...deadFractions]) {
      let k = 0;
      for (let i = 0; i < series.length; i += 2) series[k++] = series[i];
      series.length = k;
    }
  }

  function record(event) {
    const layers = event.layers;
    if (layers.length !== seriesCount) {
      seriesCount = layers.length;
      clearHistory();
      buildCharts();
    }
    const last = epochs.length ? epochs[epochs.length - 1] : -Infinity;
    if (event.epoch < last) clearHistory(); // a reset
    else if (event.epoch === last) { // the same epoch again (a command while paused): replace
      epochs.pop();
      gradients.forEach((s) => s.pop());
      ratios.forEach((s) => s.pop());
      deadFractions.forEach((s) => s.pop());
    }
    if (epochs.length >= 2 * MAX_POINTS) thin();
    epochs.push(event.epoch);
    layers.forEach((l, i) => {
      gradients[i].push(l.gradientNorm > 0 ? l.gradientNorm : null);
      ratios[i].push(l.updateRatio > 0 ? l.updateRatio : null);
      deadFractions[i].push(l.neurons > 0 ? l.deadCount / l.neurons : null);
    });
    dirty.charts = true;
  }

  loadUPlot().then(() => { buildCharts(); schedule(); }, () => {
    gradientRoot.dataset.unavailable = 'true';
    deadRoot.dataset.unavailable = 'true';
  });

  // ---------------------------------------------------------------- selects

  function hiddenCount() {
    if (layerSizes) return Math.max(0, layerSizes.length - 2);
    return insight ? Math.max(0, insight.layers.length - 1) : 0;
  }

  function neuronsOf(l) {
    if (layerSizes) return layerSizes[l] || 0;
    const layer = insight && insight.layers.find((x) => x.layer === l);
    return layer ? layer.neurons : 0;
  }

  /** Replaces a select's options when they changed; keeps the value if it is still there. */
  function setOptions(select, options, fallback) {
    const key = options.map((o) => o.join('\u0001')).join('\u0002');
    if (select.dataset.key !== key) {
      const value = select.value;
      select.dataset.key = key;
      select.replaceChildren(...options.map(([v, text]) => new Option(text, v)));
      select.value = options.some(([v]) => v === value) ? value : fallback;
    }
  }

  function syncSelects() {
    const hidden = hiddenCount();
    const layerOptions = [];
    for (let l = 1; l <= hidden; l++) layerOptions.push([String(l), `Hidden layer ${l}`]);
    setOptions(histogramSelect, layerOptions.concat([[String(hidden + 1), 'Output']]), '1');
    setOptions(hiddenLayer, [['', 'Off']].concat(layerOptions.map(([v]) => [v, v])), '');
    const l = Number(hiddenLayer.value);
    const n = hiddenLayer.value ? neuronsOf(l) : 0;
    const neuronOptions = Array.from({ length: Math.max(1, n) }, (_, i) => [String(i), String(i + 1)]);
    setOptions(hiddenA, neuronOptions, '0');
    setOptions(hiddenB, neuronOptions, String(Math.min(1, neuronOptions.length - 1)));
    if (hiddenLayer.value !== shownLayer) { // a new layer: two different neurons to start with
      shownLayer = hiddenLayer.value;
      if (hiddenA.value === hiddenB.value && n > 1) hiddenB.value = String((Number(hiddenA.value) + 1) % n);
    }
    hiddenA.disabled = hiddenB.disabled = !hiddenLayer.value;
    requestSpace();
  }

  function currentRequest() {
    if (!hiddenLayer.value) return null;
    return { layer: Number(hiddenLayer.value), a: Number(hiddenA.value), b: Number(hiddenB.value) };
  }

  function requestSpace(force = false) {
    const request = currentRequest();
    const key = JSON.stringify(request);
    if (!force && key === sentKey) return;
    sentKey = key;
    if (space && (!request || space.layer !== request.layer || space.a !== request.a || space.b !== request.b)) {
      space = null;
    }
    dirty.space = true;
    schedule();
    if (onHiddenSpace) onHiddenSpace(request);
  }

  function onHistogramChange() {
    dirty.histogram = true;
    schedule();
  }
  function onHiddenChange(event) {
    if (event.target === hiddenLayer) syncSelects();
    else requestSpace();
  }
  function onBreak() {
    if (onBreakSymmetry) onBreakSymmetry();
  }
  histogramSelect.addEventListener('change', onHistogramChange);
  hiddenLayer.addEventListener('change', onHiddenChange);
  hiddenA.addEventListener('change', onHiddenChange);
  hiddenB.addEventListener('change', onHiddenChange);
  breakButton.addEventListener('click', onBreak);
  const biasDown = $('bias-down');
  const biasReset = $('bias-reset');
  if (biasDown) biasDown.addEventListener('click', () => onShiftBiases && onShiftBiases(-1));
  if (biasReset) biasReset.addEventListener('click', () => onSetBiases && onSetBiases(0.1));
  if (gradientMeasure) {
    gradientMeasure.addEventListener('change', () => {
      gradientRoot.setAttribute('aria-label', showRatios()
        ? "Chart over epochs of each layer's update-to-weight ratio, on a logarithmic scale"
        : "Chart over epochs of each layer's gradient norm, on a logarithmic scale");
      dirty.charts = true;
      schedule();
    });
  }

  // ---------------------------------------------------------------- painting

  function schedule() {
    if (!rafId) rafId = requestAnimationFrame(paint);
  }

  function paint() {
    rafId = 0;
    if (dirty.numbers) { dirty.numbers = false; paintNumbers(); }
    if (dirty.charts) {
      dirty.charts = false;
      if (charts.gradient) charts.gradient.setData(chartData('gradient'));
      if (charts.dead) charts.dead.setData(chartData('dead'));
      root.dataset.points = String(epochs.length);
    }
    if (dirty.histogram) { dirty.histogram = false; paintHistogram(); }
    if (dirty.space) { dirty.space = false; paintSpace(); }
  }

  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  function paintNumbers() {
    if (!insight) return;
    const hidden = insight.layers.slice(0, -1);
    setText(deadTotal, String(hidden.reduce((sum, l) => sum + l.deadCount, 0)));
    setText(distinctText, hidden.length ? hidden.map((l) => String(l.distinct)).join(', ') : '—');
    const copies = hidden.filter((l) => l.exactCopies).map((l) => l.layer);
    distinctText.title = copies.length ? `Exact copies in hidden layer ${copies.join(', ')}` : '';
    root.dataset.exactCopies = String(copies.length > 0);
    paintTable();
  }

  /** One row per layer: the numbers behind the charts, as they are now. */
  function paintTable() {
    if (!tableBody) return;
    const cell = (v) => (v == null || !Number.isFinite(v) ? '—' : fmtNumber(v));
    const rows = insight.layers.map((l, i) => {
      const row = document.createElement('tr');
      const head = document.createElement('th');
      head.scope = 'row';
      head.textContent = layerLabel(i, insight.layers.length);
      row.append(head);
      for (const text of [`${l.deadCount} of ${l.neurons}`,
        l.exactCopies ? `${l.distinct} (exact copies)` : String(l.distinct),
        cell(l.maxSimilarity), cell(l.gradientNorm), cell(l.updateRatio),
        l.saturatedFraction == null ? '—' : percent(l.saturatedFraction)]) {
        const td = document.createElement('td');
        td.textContent = text;
        row.append(td);
      }
      return row;
    });
    tableBody.replaceChildren(...rows);
  }

  /** Sizes a canvas to its CSS box at the device's pixel ratio; returns {ctx, w, h, ratio}. */
  function fit(canvas) {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round((canvas.clientWidth || 300) * ratio));
    const h = Math.max(1, Math.round((canvas.clientHeight || 150) * ratio));
    if (canvas.width !== w || canvas.height !== h) { canvas.width = w; canvas.height = h; }
    const ctx = canvas.getContext('2d');
    ctx.clearRect(0, 0, w, h);
    ctx.font = `${11 * ratio}px system-ui, sans-serif`;
    return { ctx, w, h, ratio };
  }

  function layerName(l) {
    return insight && l === insight.layers.length ? 'the output layer' : `hidden layer ${l}`;
  }

  function paintHistogram() {
    const { ctx, w, h, ratio } = fit(histogramCanvas);
    const l = Number(histogramSelect.value);
    const layer = insight && insight.layers.find((x) => x.layer === l);
    const hist = layer && layer.histogram;
    if (!hist || !hist.counts.length) {
      setText(saturated, 'Saturated: —');
      histogramCanvas.setAttribute('aria-label', `Histogram of ${layerName(l)}'s outputs: no data yet`);
      return;
    }
    const { lo, hi, counts } = hist;
    const pad = { left: 6 * ratio, right: 6 * ratio, top: 14 * ratio, bottom: 18 * ratio };
    const plotW = w - pad.left - pad.right;
    const plotH = h - pad.top - pad.bottom;
    const max = Math.max(1, ...counts.filter((c) => c === c));
    const barW = plotW / counts.length;
    const scale = l === insight.layers.length ? Math.max(Math.abs(lo), Math.abs(hi)) || 1 : 1;
    ctx.lineWidth = ratio;
    ctx.strokeStyle = 'rgba(0,0,0,0.35)';
    counts.forEach((c, i) => {
      if (!(c > 0)) return;
      const centre = lo + ((i + 0.5) / counts.length) * (hi - lo);
      const bh = (c / max) * plotH;
      const x = pad.left + i * barW;
      ctx.fillStyle = DIVERGING_CSS[divergingIndex(centre, -scale, scale)];
      ctx.fillRect(x + ratio / 2, pad.top + plotH - bh, Math.max(ratio, barW - ratio), bh);
      ctx.strokeRect(x + ratio / 2, pad.top + plotH - bh, Math.max(ratio, barW - ratio), bh);
    });
    ctx.strokeStyle = MUTED;
    ctx.beginPath();
    ctx.moveTo(pad.left, pad.top + plotH + ratio / 2);
    ctx.lineTo(pad.left + plotW, pad.top + plotH + ratio / 2);
    ctx.stroke();
    ctx.fillStyle = MUTED;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(fmtNumber(lo), pad.left, pad.top + plotH + 4 * ratio);
    ctx.textAlign = 'right';
    ctx.fillText(fmtNumber(hi), pad.left + plotW, pad.top + plotH + 4 * ratio);
    if (lo < 0 && hi > 0) {
      ctx.textAlign = 'center';
      ctx.fillText('0', pad.left + (-lo / (hi - lo)) * plotW, pad.top + plotH + 4 * ratio);
    }
    ctx.textAlign = 'left';
    ctx.fillText(`${max} points`, pad.left, 1 * ratio);
    const sat = layer.saturatedFraction;
    setText(saturated, sat == null ? 'Saturated: — (no flat ends for this activation)'
      : `Saturated: ${percent(sat)} of outputs`);
    const total = counts.reduce((a, c) => a + (c > 0 ? c : 0), 0);
    histogramCanvas.setAttribute('aria-label', `Histogram of ${layerName(l)}'s ${total} outputs from `
      + `${fmtNumber(lo)} to ${fmtNumber(hi)}${sat == null ? '' : `; ${percent(sat)} saturated`}`);
  }

  function paintSpace() {
    const { ctx, w, h, ratio } = fit(hiddenCanvas);
    const request = currentRequest();
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    if (!request || !space) {
      const text = request ? 'Waiting for the server…' : 'Choose a layer above.';
      ctx.fillText(text, w / 2, h / 2);
      hiddenCanvas.setAttribute('aria-label', `Scatter of the training points by two neurons' outputs: ${text}`);
      return;
    }
    const { x, y, labels } = space;
    const pad = { left: 46 * ratio, right: 8 * ratio, top: 8 * ratio, bottom: 20 * ratio };
    const range = (v) => {
      let lo = Infinity, hi = -Infinity;
      for (const a of v) if (a === a) { if (a < lo) lo = a; if (a > hi) hi = a; }
      if (!(lo <= hi)) return [-1, 1];
      const m = (hi - lo) * 0.05 || 0.5;
      return [lo - m, hi + m];
    };
    const [x0, x1] = range(x);
    const [y0, y1] = range(y);
    const plotW = w - pad.left - pad.right;
    const plotH = h - pad.top - pad.bottom;
    ctx.strokeStyle = '#d0d4d9';
    ctx.lineWidth = ratio;
    ctx.strokeRect(pad.left, pad.top, plotW, plotH);
    ctx.fillStyle = MUTED;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(fmtNumber(x0), pad.left, pad.top + plotH + 4 * ratio);
    ctx.textAlign = 'right';
    ctx.fillText(fmtNumber(x1), pad.left + plotW, pad.top + plotH + 4 * ratio);
    ctx.textAlign = 'center';
    ctx.fillText(`neuron ${request.a + 1} →`, pad.left + plotW / 2, pad.top + plotH + 4 * ratio);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'top';
    ctx.fillText(fmtNumber(y1), pad.left - 4 * ratio, pad.top);
    ctx.textBaseline = 'bottom';
    ctx.fillText(fmtNumber(y0), pad.left - 4 * ratio, pad.top + plotH);
    ctx.save();
    ctx.translate(pad.left - 8 * ratio, pad.top + plotH / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`neuron ${request.b + 1} →`, 0, 0);
    ctx.restore();
    // points grouped by colour: one path per colour
    const groups = new Map();
    for (let i = 0; i < x.length; i++) {
      if (!(x[i] === x[i] && y[i] === y[i])) continue;
      const colour = pointColour(labels[i], task);
      let group = groups.get(colour);
      if (!group) groups.set(colour, (group = []));
      group.push(i);
    }
    const radius = 2.5 * ratio;
    ctx.strokeStyle = 'rgba(0,0,0,0.35)';
    for (const [colour, indices] of groups) {
      ctx.beginPath();
      for (const i of indices) {
        const px = pad.left + ((x[i] - x0) / (x1 - x0)) * plotW;
        const py = pad.top + plotH - ((y[i] - y0) / (y1 - y0)) * plotH;
        ctx.moveTo(px + radius, py);
        ctx.arc(px, py, radius, 0, 2 * Math.PI);
      }
      ctx.fillStyle = colour;
      ctx.fill();
      ctx.stroke();
    }
    hiddenCanvas.setAttribute('aria-label', `Scatter of ${x.length} training points: hidden layer ${request.layer}, `
      + `neuron ${request.a + 1} across (${fmtNumber(x0)} to ${fmtNumber(x1)}) and neuron ${request.b + 1} up `
      + `(${fmtNumber(y0)} to ${fmtNumber(y1)})`);
  }

  const resizeObserver = new ResizeObserver(() => {
    for (const [chart, el] of [[charts.gradient, gradientRoot], [charts.dead, deadRoot]]) {
      if (chart && chart.width !== chartWidth(el)) chart.setSize({ width: chartWidth(el), height: 140 });
    }
    dirty.histogram = dirty.space = true;
    schedule();
  });
  resizeObserver.observe(root);

  return {
    /**
     * data: { structure: {layerSizes}, task, insight (wire's insight event), hiddenSpace (wire's
     * hiddenSpace event), reset: true } — any subset.
     */
    update(data) {
      if (data.task) {
        if (data.task !== task) dirty.space = true;
        task = data.task;
      }
      if (data.reset) { clearHistory(); dirty.charts = true; }
      if (data.structure && data.structure.layerSizes) {
        const sizes = data.structure.layerSizes;
        if (!layerSizes || sizes.join() !== layerSizes.join()) {
          layerSizes = sizes.slice();
          syncSelects();
        }
      }
      if (data.insight) {
        insight = data.insight;
        record(insight);
        if (!layerSizes) syncSelects();
        dirty.numbers = dirty.histogram = true;
      }
      if (data.hiddenSpace) {
        const request = currentRequest();
        const s = data.hiddenSpace;
        if (request && s.layer === request.layer && s.a === request.a && s.b === request.b) {
          space = s;
          dirty.space = true;
        }
      }
      schedule();
    },
    /** The hidden-space choice ({layer, a, b} or null), to send again after a new session. */
    hiddenSpaceRequest: currentRequest,
    destroy() {
      if (rafId) cancelAnimationFrame(rafId);
      resizeObserver.disconnect();
      histogramSelect.removeEventListener('change', onHistogramChange);
      hiddenLayer.removeEventListener('change', onHiddenChange);
      hiddenA.removeEventListener('change', onHiddenChange);
      hiddenB.removeEventListener('change', onHiddenChange);
      breakButton.removeEventListener('click', onBreak);
      for (const chart of Object.values(charts)) if (chart) chart.destroy();
      legends.forEach((list) => list.remove());
    },
  };
}
