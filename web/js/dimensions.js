// The dimensions page: reads its controls (and the URL's hash, so a link reproduces a view), asks the server
// for the measurements (GET /api/dimensions), and hands them to the three charts, the histogram, the
// numbers of the chosen d and the table, with sentences that quote the live numbers. The newest request
// wins: a change while one is in flight aborts it.

import { create as createChart } from './dimensions-charts.js';
import { create as createHistogram } from './dimensions-histogram.js';
import { formatRatio, formatNumber, formatPower, formatShare } from './dimensions-format.js';
import { start as startNoiseExperiment } from './dimensions-noise.js';

const $ = (id) => document.getElementById(id);

// control id → [hash key, query parameter of /api/dimensions or null]
const CONTROLS = [['points', 'n'], ['d-min', 'from'], ['d-max', 'to'], ['seed', 'seed'], ['per-unit', 'n1']];
// a parameter the server names in an error → the control to mark
const FIELD_CONTROL = { n: 'points', dims: 'd-max', seed: 'seed', n1: 'per-unit' };
const MANTISSAS = [1, 2, 3, 5];
const PREFERRED_D = [10, 100];

/** 1, 2, 3, 5, 10, 20, 30, 50, … within [min, max], with min and max themselves. */
export function dimensionSeries(min, max) {
  const values = new Set([min, max]);
  for (let power = 1; power <= 1000; power *= 10) {
    for (const m of MANTISSAS) {
      const d = m * power;
      if (d >= min && d <= max) values.add(d);
    }
  }
  return [...values].sort((a, b) => a - b);
}

const charts = {
  ratio: createChart($('chart-ratio'), 'ratio'),
  ball: createChart($('chart-ball'), 'ball'),
  samples: createChart($('chart-samples'), 'samples'),
};
const histogram = createHistogram($('histogram'));
const status = $('dim-status');
let result = null;
let inFlight = null;
let chosen = null;

function setText(id, text) {
  const element = $(id);
  if (element && element.textContent !== text) element.textContent = text;
}

function say(text, kind = 'info') {
  status.textContent = text;
  status.dataset.kind = kind;
}

// ---------------------------------------------------------------- controls and the URL

function readHash() {
  const params = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  for (const [id, key] of CONTROLS) {
    const value = params.get(key);
    if (value !== null && value.trim() !== '') $(id).value = value;
  }
}

function writeHash(values) {
  const hash = '#' + CONTROLS.map(([id, key]) => `${key}=${values[id]}`).join('&');
  if (window.location.hash !== hash) window.history.replaceState(window.history.state, '', hash);
}

/** The controls' values, or null after marking the ones that are not whole numbers in their range. */
function readControls() {
  const values = {};
  const problems = [];
  for (const [id] of CONTROLS) {
    const input = $(id);
    const text = input.value.trim();
    const value = Number(text);
    const min = Number(input.min);
    const max = Number(input.max);
    const label = input.labels[0].textContent;
    if (text === '' || !Number.isInteger(value) || value < min || value > max) {
      problems.push(`${label} must be a whole number from ${min} to ${max}; got “${input.value}”.`);
      input.setAttribute('aria-invalid', 'true');
    } else {
      input.removeAttribute('aria-invalid');
      values[id] = value;
    }
  }
  if (!problems.length && values['d-min'] > values['d-max']) {
    problems.push(`Smallest d (${values['d-min']}) must not be larger than largest d (${values['d-max']}).`);
    $('d-min').setAttribute('aria-invalid', 'true');
  }
  if (problems.length) {
    say(problems.join(' '), 'error');
    return null;
  }
  return values;
}

function measure() {
  const values = readControls();
  if (!values) return;
  const dims = dimensionSeries(values['d-min'], values['d-max']);
  setText('dims-used', dims.join(', '));
  writeHash(values);
  const query = new URLSearchParams({ n: values.points, dims: dims.join(','), seed: values.seed, n1: values['per-unit'] });
  if (inFlight) inFlight.abort();
  const controller = new AbortController();
  inFlight = controller;
  document.body.dataset.state = 'measuring';
  say(`Measuring ${dims.length} dimension${dims.length === 1 ? '' : 's'} with ${values.points} points each…`);
  fetch(`/api/dimensions?${query}`, { signal: controller.signal })
    .then((response) => response.json().then((body) => ({ ok: response.ok, body })))
    .then(({ ok, body }) => {
      if (inFlight !== controller) return;
      inFlight = null;
      if (!ok) {
        refused(body);
        return;
      }
      show(body);
    })
    .catch((error) => {
      if (error.name === 'AbortError' || inFlight !== controller) return;
      inFlight = null;
      document.body.dataset.state = 'error';
      say(`The server could not be reached (${error.message}); change a value to try again.`, 'error');
    });
}

function refused(body) {
  document.body.dataset.state = 'error';
  const id = FIELD_CONTROL[body.field];
  if (id) $(id).setAttribute('aria-invalid', 'true');
  say(`The server refused: ${body.error || 'unknown error'}.`, 'error');
}

// ---------------------------------------------------------------- showing a result

function show(body) {
  result = body;
  const measures = body.measures;
  charts.ratio.update(measures);
  charts.ball.update(measures);
  charts.samples.update(measures);
  fillChoices(measures);
  showChosen();
  fillTable(measures);
  describe(measures);
  const dims = measures.length;
  say(`Measured ${dims} dimension${dims === 1 ? '' : 's'} with ${body.n} points each in ${Math.round(body.millis)} ms: `
    + `n(n − 1)/2 · Σd = ${formatNumber(body.work)} coordinate differences (the server's limit is `
    + `${formatNumber(body.maxWork)}).`);
  document.body.dataset.state = 'ready';
  document.body.dataset.measured = `${body.n}|${body.dims.join(',')}|${body.seed}|${body.n1}`;
}

function fillChoices(measures) {
  const select = $('chosen-d');
  const ds = measures.map((m) => m.d);
  if (!ds.includes(chosen)) chosen = PREFERRED_D.find((d) => ds.includes(d)) ?? ds[Math.floor(ds.length / 2)];
  const key = ds.join(',');
  if (select.dataset.key !== key) {
    select.dataset.key = key;
    select.replaceChildren(...ds.map((d) => new Option(`d = ${d}`, String(d))));
  }
  select.value = String(chosen);
}

const byD = (d) => result.measures.find((m) => m.d === d);

function showChosen() {
  if (!result) return;
  const m = byD(chosen);
  const smallest = result.measures[0];
  histogram.update({
    bins: m.histogram,
    reference: smallest.d !== m.d ? smallest.histogram : null,
    label: `d = ${m.d}`,
    referenceLabel: `d = ${smallest.d}`,
  });
  setText('chosen-ratio', `${formatRatio(m.ratioMedian)}×`);
  setText('chosen-quartiles', `${formatRatio(m.ratioQ1)}× to ${formatRatio(m.ratioQ3)}×`);
  setText('chosen-contrast', formatRatio(m.contrastMedian));
  setText('chosen-nearest', formatNumber(m.nearestMedian, 4));
  setText('chosen-farthest', formatNumber(m.farthestMedian, 4));
  setText('chosen-mean', formatNumber(m.meanDistanceOverSqrtD, 4));
  setText('chosen-cv', formatNumber(m.distanceCv, 3));
  setText('chosen-ball', formatShare(m.log10BallFraction));
  setText('chosen-ball-mc', monteCarlo(m));
  setText('chosen-grid', formatPower(m.log10GridSamples));
  setText('chosen-nn', formatPower(m.log10SamplesSameNearest));
  const low = Math.max(0, m.meanDistanceOverSqrtD - 2 * m.distanceStd / Math.sqrt(m.d));
  const high = Math.min(1, m.meanDistanceOverSqrtD + 2 * m.distanceStd / Math.sqrt(m.d));
  setText('text-histogram', `At d = ${m.d} the ${pairs(result.n)} pairwise distances average `
    + `${formatNumber(m.meanDistanceOverSqrtD, 3)} of the diagonal (1/√6 ≈ 0.408 in the limit) and most lie between `
    + `${formatNumber(low, 2)} and ${formatNumber(high, 2)} of it: their spread (std ÷ mean) is `
    + `${formatNumber(m.distanceCv, 2)}${m.d === smallest.d ? '' : `, against ${formatNumber(smallest.distanceCv, 2)} at d = ${smallest.d}`}. `
    + 'The standard deviation stays near 0.24 while the mean grows like 0.408·√d, so relative differences vanish.');
  document.body.dataset.chosen = String(m.d);
}

const pairs = (n) => (n * (n - 1) / 2).toLocaleString('en-US');

function monteCarlo(m) {
  if (m.pointsInBall === 0) return `none of ${result.n}`;
  const share = formatNumber(m.monteCarloFraction, 3);
  return `${m.pointsInBall} of ${result.n} = ${share} ± ${formatNumber(m.monteCarloStdError, 2)}`;
}

function fillTable(measures) {
  const rows = measures.map((m) => {
    const row = document.createElement('tr');
    row.dataset.d = String(m.d);
    const head = document.createElement('th');
    head.scope = 'row';
    head.textContent = String(m.d);
    row.appendChild(head);
    for (const text of [`${formatRatio(m.ratioMedian)}×`, `${formatRatio(m.ratioQ1)} – ${formatRatio(m.ratioQ3)}`,
      formatNumber(m.meanDistanceOverSqrtD, 4), formatNumber(m.distanceCv, 3), formatShare(m.log10BallFraction),
      m.pointsInBall === 0 ? '0' : `${m.pointsInBall} (${formatNumber(m.monteCarloFraction, 3)})`,
      formatPower(m.log10GridSamples), formatPower(m.log10SamplesSameNearest)]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.appendChild(cell);
    }
    return row;
  });
  $('numbers-body').replaceChildren(...rows);
}

// sentences under the charts, quoting the smallest and the largest d measured
function describe(measures) {
  const first = measures[0];
  const last = measures[measures.length - 1];
  const n = result.n;
  setText('text-ratio', first === last
    ? `At d = ${first.d} a point's farthest neighbour is ${formatRatio(first.ratioMedian)}× farther than its nearest (median over ${n} points).`
    : `At d = ${first.d} a point's farthest neighbour is ${formatRatio(first.ratioMedian)}× farther than its nearest; `
      + `at d = ${last.d} it is only ${formatRatio(last.ratioMedian)}× farther (medians over ${n} points). `
      + 'When "nearest" is hardly nearer than "farthest", nearest-neighbour methods and distance-based '
      + 'similarity lose their meaning.');
  const lastInside = [...measures].reverse().find((m) => m.pointsInBall > 0);
  setText('text-ball', `The ball fills ${formatShare(first.log10BallFraction)} of the cube at d = ${first.d} and `
    + `${formatShare(last.log10BallFraction)} at d = ${last.d}: almost all of a high-dimensional cube lies in its corners. `
    + (lastInside
      ? `Of the ${n} sampled points, ${lastInside.pointsInBall} fell inside at d = ${lastInside.d}`
        + `${lastInside === last ? '' : ', none at any larger d measured'}.`
      : `None of the ${n} sampled points fell inside at any d measured.`));
  const perUnit = result.n1;
  setText('text-samples', `Keeping ${perUnit} points per unit length takes ${perUnit}ᵈ grid points: `
    + `${formatPower(first.log10GridSamples)} at d = ${first.d}, ${formatPower(last.log10GridSamples)} at d = ${last.d} `
    + '(the observable universe holds about 10⁸⁰ atoms). Random points that keep the nearest neighbour as close as '
    + `in 1-D (1/(2n₁) = ${formatNumber(1 / (2 * perUnit), 3)}) need ${formatPower(last.log10SamplesSameNearest)} at d = ${last.d}.`);
}

// ---------------------------------------------------------------- events

readHash();
for (const [id] of CONTROLS) $(id).addEventListener('change', measure);
$('dim-form').addEventListener('submit', (event) => {
  event.preventDefault();
  measure();
});
$('chosen-d').addEventListener('change', (event) => {
  chosen = Number(event.target.value);
  showChosen();
});
window.addEventListener('hashchange', () => {
  readHash();
  measure();
});
measure();
startNoiseExperiment();
