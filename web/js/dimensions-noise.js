// The dimensions page's noise-feature experiment: reads its form, measures on the server (Measure; a second
// press starts over, Cancel stops) as a job on the learning-rate page's job runner (lr-jobs.js; the job is
// training.NoiseFeatureExperiment, its result that class's JSON), shows the progress, then the table, the
// chart and sentences that quote the measured numbers. Nothing here is typed in: every figure comes from
// the live result.

import { startJob } from './lr-jobs.js';
import { create as createChart } from './dimensions-noise-chart.js';
import { formatNumber } from './dimensions-format.js';

const $ = (id) => document.getElementById(id);

// the number fields (whole numbers within their min and max); a request field the server names in an
// error → the control to mark
const NUMBERS = ['noise-points', 'noise-seeds', 'noise-epochs', 'noise-seed'];
const FIELD_CONTROL = {
  noiseFeatures: 'noise-ds', seeds: 'noise-seeds', epochs: 'noise-epochs', 'config.seed': 'noise-seed',
  'config.data.samples': 'noise-points',
};
const MAX_D = 50;

const loss = (v) => (v == null ? '—' : formatNumber(v, 3));
const percent = (v) => (v == null ? '—' : `${Number((100 * v).toFixed(1))}%`);
const features = (d) => (d === 0 ? 'no noise features' : d === 1 ? '1 noise feature' : `${d} noise features`);

export function start() {
  const section = document.querySelector('.dim-noise');
  const status = $('noise-status');
  const bar = $('noise-progress');
  const measureButton = $('noise-measure');
  const cancelButton = $('noise-cancel');
  const chart = createChart($('noise-chart'));
  let job = null;

  function say(text, kind = 'info') {
    status.textContent = text;
    status.dataset.kind = kind;
  }

  function busy(on) {
    section.dataset.state = on ? 'measuring' : section.dataset.state;
    cancelButton.hidden = !on;
    bar.hidden = !on;
    $('noise-results').setAttribute('aria-busy', String(on));
    if (on) bar.value = 0;
  }

  function mark(id, bad) {
    if (bad) $(id).setAttribute('aria-invalid', 'true');
    else $(id).removeAttribute('aria-invalid');
  }

  /** The d values typed, sorted, each once; or a sentence saying what is wrong. */
  function readDs() {
    const text = $('noise-ds').value;
    const parts = text.split(/[\s,;]+/).filter((p) => p !== '');
    const values = parts.map(Number);
    if (!parts.length || values.some((v) => !Number.isInteger(v) || v < 0 || v > MAX_D)) {
      return { problem: `Noise features d must be whole numbers from 0 to ${MAX_D}, separated by commas; got “${text}”.` };
    }
    return { ds: [...new Set(values)].sort((a, b) => a - b) };
  }

  /** The request, or null after marking every control that is wrong. */
  function readRequest() {
    const problems = [];
    const { ds, problem } = readDs();
    mark('noise-ds', !!problem);
    if (problem) problems.push(problem);
    const values = {};
    for (const id of NUMBERS) {
      const input = $(id);
      const text = input.value.trim();
      const value = Number(text);
      const min = Number(input.min);
      const max = Number(input.max);
      const bad = text === '' || !Number.isInteger(value) || value < min || value > max;
      mark(id, bad);
      if (bad) problems.push(`${input.labels[0].textContent} must be a whole number from ${min} to ${max}; got “${input.value}”.`);
      else values[id] = value;
    }
    if (problems.length) {
      say(problems.join(' '), 'error');
      section.dataset.state = 'error';
      return null;
    }
    $('noise-ds').value = ds.join(', ');
    return {
      config: { seed: values['noise-seed'], data: { samples: values['noise-points'] } },
      noiseFeatures: ds,
      seeds: values['noise-seeds'],
      epochs: values['noise-epochs'],
    };
  }

  function measure() {
    const request = readRequest();
    if (!request) return;
    if (job) job.cancel();
    busy(true);
    const runs = request.noiseFeatures.length * request.seeds;
    say(`Sending ${runs} runs (${request.noiseFeatures.length} values of d × ${request.seeds} seeds, ${request.epochs} epochs each)…`);
    const mine = startJob('noise', request, (s) => {
      if (job !== mine) return;
      bar.value = s.progress || 0;
      say(s.state === 'queued'
        ? `Waiting for a free worker: place ${s.position} in the queue.`
        : `Measuring: ${Math.round((s.progress || 0) * 100)}% of ${runs} runs.`);
    });
    job = mine;
    const started = performance.now();
    mine.done.then((result) => {
      if (job !== mine) return;
      job = null;
      busy(false);
      show(result, performance.now() - started);
    }, (error) => {
      if (job !== mine) return;
      job = null;
      busy(false);
      section.dataset.state = error.field === 'cancelled' ? 'idle' : 'error';
      const id = FIELD_CONTROL[error.field] || (error.field && error.field.startsWith('noiseFeatures') ? 'noise-ds' : null);
      if (id) mark(id, true);
      say(error.field === 'cancelled' ? 'Cancelled.'
        : `The server refused: ${error.message}${/[.!?]$/.test(error.message) ? '' : '.'}`,
      error.field === 'cancelled' ? 'info' : 'error');
    });
  }

  // ---------------------------------------------------------------- a result

  function show(result, millis) {
    const request = result.noise;
    const rows = result.rows.map((r) => ({ ...r, d: r.noiseFeatures, runs: r.runs.length }));
    const config = request.config;
    const trainPoints = Math.round(config.data.samples * config.data.trainFraction);
    const first = config.seed;
    const last = config.seed + request.seeds - 1;
    fillTable(rows);
    $('noise-caption').textContent = `Final losses after ${request.epochs} epochs, seeds ${first} to ${last}, `
      + `${config.data.samples} points (${trainPoints} for training)`;
    chart.update(rows);
    describe(rows, trainPoints);
    showNetwork(config);
    const runs = rows.reduce((n, r) => n + r.runs, 0);
    say(`Measured ${runs} runs (${rows.length} values of d × ${request.seeds} seeds × ${request.epochs} epochs) `
      + `in ${(millis / 1000).toFixed(1)} s.`);
    section.dataset.state = 'ready';
    section.dataset.measured = `${request.noiseFeatures.join(',')}|${config.data.samples}|${request.seeds}|${request.epochs}|${config.seed}`;
  }

  function fillTable(rows) {
    $('noise-body').replaceChildren(...rows.map((r) => {
      const row = document.createElement('tr');
      row.dataset.d = String(r.d);
      const head = document.createElement('th');
      head.scope = 'row';
      head.textContent = String(r.d);
      row.appendChild(head);
      for (const text of [loss(r.testLoss.median), `${loss(r.testLoss.min)} – ${loss(r.testLoss.max)}`,
        loss(r.trainLoss.median), percent(r.testAccuracy.median), `${r.diverged} of ${r.runs}`]) {
        const cell = document.createElement('td');
        cell.textContent = text;
        row.appendChild(cell);
      }
      return row;
    }));
  }

  /** Sentences from the numbers: how the median test loss moves with d, and where the network stops generalising. */
  function describe(rows, trainPoints) {
    const base = rows[0];
    const sentences = [];
    if (rows.length === 1) {
      sentences.push(`With ${features(base.d)} the median test loss is ${loss(base.testLoss.median)}`
        + ` and the median test accuracy ${percent(base.testAccuracy.median)}.`);
    } else {
      const lastRow = rows[rows.length - 1];
      const verb = lastRow.testLoss.median > base.testLoss.median ? 'rises' : 'falls';
      const steps = rows.slice(1).map((r, i) => `${loss(r.testLoss.median)} with ${i === 0 ? features(r.d) : r.d}`);
      const list = steps.length === 1 ? steps[0] : `${steps.slice(0, -1).join(', ')} and ${steps[steps.length - 1]}`;
      sentences.push(`The median test loss ${verb} from ${loss(base.testLoss.median)} with ${features(base.d)} to ${list}.`);
      // the first d whose median test accuracy is 10 points or more below the first row's
      const lost = rows.find((r) => r.testAccuracy.median != null && base.testAccuracy.median != null
        && r.testAccuracy.median <= base.testAccuracy.median - 0.1);
      if (lost) {
        const fits = lost.trainLoss.median != null && lost.trainLoss.median < lost.testLoss.median / 2;
        sentences.push(`With ${features(lost.d)} the median test accuracy is ${percent(lost.testAccuracy.median)}`
          + ` (${percent(base.testAccuracy.median)} with ${features(base.d)})`
          + (fits ? `, while the median training loss, ${loss(lost.trainLoss.median)}, is well below the test loss:`
            + ` the network fits the noise of its ${trainPoints} training points.` : '.'));
      } else if (base.testAccuracy.median != null) {
        sentences.push(`At every d measured the median test accuracy stays within 10 points of ${percent(base.testAccuracy.median)}:`
          + ' try more noise features, fewer points or fewer epochs.');
      }
    }
    const diverged = rows.reduce((n, r) => n + r.diverged, 0);
    if (diverged) sentences.push(`${diverged} run${diverged === 1 ? '' : 's'} diverged and ${diverged === 1 ? 'is' : 'are'} left out of the medians.`);
    $('noise-summary').textContent = sentences.join(' ');
  }

  function showNetwork(config) {
    const net = config.network;
    // x1 → x₁, x1sq → x₁², sinx2 → sin x₂: the playground's names, written as the intro writes them
    const inputs = (config.features || []).map((f) => f.replace(/x([12])/g, (m, k) => `x${'₀₁₂'[k]}`)
      .replace('sq', '²').replace(/^sin/, 'sin ')).join(' and ');
    $('noise-network').textContent = `${config.data.dataset}, inputs ${inputs}, hidden layers of `
      + `${net.hidden.join(' and ')} ${net.activation} neurons, learning rate ${config.training.learningRate}, `
      + `batch ${config.training.batchSize}`;
  }

  // ---------------------------------------------------------------- events

  $('noise-form').addEventListener('submit', (event) => {
    event.preventDefault();
    measure();
  });
  cancelButton.addEventListener('click', () => {
    if (job) job.cancel();
    measureButton.focus();
  });
  section.dataset.state = 'idle';
}
