// The learning-rate page: one network picked in a form, three experiments run as jobs on the server
// (minima over seeds, a learning-rate sweep, a loss landscape), their results drawn by the renderers
// and stated in numbers. "Open in playground" hands a seed's trained network to the playground page
// through sessionStorage ('layerlab.openModel'), with the experiment's config in the link; the
// playground's "Loss landscape" hands its current network here the same way ('layerlab.landscapeModel').

import { startJob } from './lr-jobs.js';
import { formatLoss, formatRate, formatPercent, formatCoordinate } from './lr-format.js';
import { create as createStrip } from './lr-strip.js';
import { create as createSweepChart } from './lr-sweep-chart.js';
import { create as createContour, BAND_RGB, BANDS } from './contour.js';
import { configToHash } from './url-state.js';

const $ = (id) => document.getElementById(id);
const FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
export const OPEN_MODEL_KEY = 'layerlab.openModel';
/** {model: model file, config: the playground's config, epoch, returnTo: the playground's path and hash} */
export const LANDSCAPE_MODEL_KEY = 'layerlab.landscapeModel';

const PRESETS = {
  w1: { dataset: 'circle', noise: 0, features: ['x1', 'x2'], hidden: [4, 2], activation: 'tanh', learningRate: 0.03,
    batchSize: 10 },
  w2: { dataset: 'spiral', noise: 0, features: FEATURES, hidden: [8, 8, 8, 8, 8, 8], activation: 'relu', output: 'tanh',
    learningRate: 0.03, batchSize: 10 },
};

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

// ------------------------------------------------------------------ the network form

let presetOutput = null; // W2 fixes a tanh output; a custom network lets the server choose

function applyPreset(name) {
  const preset = PRESETS[name];
  if (!preset) return;
  $('dataset').value = preset.dataset;
  $('noise').value = String(preset.noise);
  for (const id of FEATURES) $(`feature-${id}`).checked = preset.features.includes(id);
  $('hidden').value = preset.hidden.join(', ');
  $('activation').value = preset.activation;
  $('learning-rate').value = String(preset.learningRate);
  $('batch-size').value = String(preset.batchSize);
  $('land-rate').value = String(preset.learningRate);
  presetOutput = preset.output || null;
  describeNetwork();
}

/** The form's config, or throws {message, id} naming the control to fix. */
function readConfig() {
  const features = FEATURES.filter((id) => $(`feature-${id}`).checked);
  if (!features.length) throw { message: 'Choose at least one input feature.', id: 'feature-x1' };
  const hiddenText = $('hidden').value.trim();
  const hidden = hiddenText === '' ? [] : hiddenText.split(/[\s,]+/).filter(Boolean).map(Number);
  if (hidden.some((h) => !Number.isInteger(h) || h < 1)) {
    throw { message: 'Hidden layers: whole numbers of neurons separated by commas, e.g. 8, 8.', id: 'hidden' };
  }
  const network = { hidden, activation: $('activation').value };
  if (presetOutput && $('preset').value !== 'custom') network.output = presetOutput;
  return {
    seed: wholeNumber('seed', 'First seed'),
    data: { dataset: $('dataset').value, noise: number('noise', 'Noise') },
    features,
    network,
    training: { learningRate: Number($('learning-rate').value), batchSize: wholeNumber('batch-size', 'Batch size') },
  };
}

function number(id, name) {
  const text = $(id).value.trim();
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw { message: `${name}: enter a number.`, id };
  return value;
}

function wholeNumber(id, name) {
  const value = number(id, name);
  if (!Number.isInteger(value)) throw { message: `${name}: enter a whole number.`, id };
  return value;
}

function describeNetwork() {
  try {
    const c = readConfig();
    const sizes = [c.features.length, ...c.network.hidden, c.data.dataset === 'spiral3' ? 3 : 1];
    setText($('network-summary'), `${c.data.dataset}, ${c.features.length} input${c.features.length > 1 ? 's' : ''};`
      + ` layers ${sizes.join('-')} ${c.network.activation}; learning rate ${formatRate(c.training.learningRate)},`
      + ` batch ${c.training.batchSize}; ${$('epochs').value} epochs per run.`);
  } catch (e) {
    setText($('network-summary'), e.message);
  }
}

for (const id of ['dataset', 'noise', 'hidden', 'activation', 'learning-rate', 'batch-size', 'epochs', 'seed', 'vary',
  ...FEATURES.map((f) => `feature-${f}`)]) {
  $(id).addEventListener('change', () => {
    if (id !== 'epochs' && id !== 'seed' && id !== 'vary' && id !== 'learning-rate' && id !== 'batch-size') {
      $('preset').value = 'custom';
    }
    if (id === 'learning-rate') $('land-rate').value = $('learning-rate').value;
    describeNetwork();
  });
}
$('preset').addEventListener('change', () => applyPreset($('preset').value));

// ------------------------------------------------------------------ running a job

/** Where a field the server names lives in the form. */
function controlFor(field, part) {
  if (!field) return null;
  const f = field.replace(/^config\./, '');
  if (f.startsWith('network.hidden')) return 'hidden';
  if (f.startsWith('features')) return 'feature-x1';
  const map = {
    seeds: part === 'sweep' ? 'sweep-seeds' : 'minima-seeds',
    epochs: part === 'land' && playground ? 'land-train-on' : 'epochs', vary: 'vary', minRate: 'sweep-min', maxRate: 'sweep-max', perDecade: 'sweep-per-decade',
    radius: 'land-radius', resolution: 'land-resolution', directionSeed: 'land-direction-seed', directions: 'land-directions',
    'training.learningRate': part === 'land' ? 'land-rate' : 'learning-rate', 'training.batchSize': 'batch-size',
    'data.dataset': 'dataset', 'data.noise': 'noise', 'network.activation': 'activation', 'network.output': 'activation',
  };
  if (f === 'seed') return part === 'land' && !field.startsWith('config.') ? 'land-seed' : 'seed';
  return map[f] || null;
}

function clearInvalid() {
  for (const element of document.querySelectorAll('[aria-invalid="true"]')) element.removeAttribute('aria-invalid');
}

/**
 * Runs one part's job: part is 'minima', 'sweep' or 'land'; build() gives the request (or throws
 * {message, id}); show(result) draws it.
 */
function runner(part, kind, build, show) {
  const runButton = $(`${part}-run`);
  const cancelButton = $(`${part}-cancel`);
  const bar = $(`${part}-progress`);
  const status = $(`${part}-status`);
  let job = null;

  function busy(on) {
    runButton.disabled = on;
    cancelButton.hidden = !on;
    bar.hidden = !on;
    document.body.dataset[`${part}State`] = on ? 'running' : 'idle';
  }

  async function run() {
    clearInvalid();
    let request;
    try {
      request = build();
    } catch (e) {
      status.dataset.kind = 'error';
      setText(status, e.message || String(e));
      if (e.id) $(e.id).setAttribute('aria-invalid', 'true');
      return;
    }
    if (job) job.cancel();
    busy(true);
    bar.value = 0;
    status.dataset.kind = 'info';
    setText(status, 'Sending…');
    const mine = startJob(kind, request, (s) => {
      bar.value = s.progress || 0;
      setText(status, s.state === 'queued' ? `Waiting for the server: ${s.position} job${s.position === 1 ? '' : 's'}`
        + ' ahead in the queue.' : `Running: ${Math.round((s.progress || 0) * 100)}%`);
    });
    job = mine;
    try {
      const result = await mine.done;
      if (job !== mine) return;
      setText(status, 'Done.');
      show(result, request);
    } catch (e) {
      if (job !== mine) return;
      status.dataset.kind = e.field === 'cancelled' ? 'info' : 'error';
      setText(status, e.message);
      const id = controlFor(e.field, part);
      if (id && $(id)) $(id).setAttribute('aria-invalid', 'true');
    } finally {
      if (job === mine) {
        job = null;
        busy(false);
      }
    }
  }

  runButton.addEventListener('click', run);
  cancelButton.addEventListener('click', () => {
    if (job) job.cancel();
  });
  return { run };
}

const results = { minima: null, sweep: null, landscape: null };

// ------------------------------------------------------------------ minima

const strip = createStrip($('minima-chart'), { onPick: (seed) => selectSeed(seed) });
let selectedSeed = null;

const minima = runner('minima', 'minima', () => ({
  config: readConfig(),
  seeds: wholeNumber('minima-seeds', 'Seeds'),
  epochs: wholeNumber('epochs', 'Epochs'),
  vary: $('vary').value,
}), showMinima);

function showMinima(result) {
  results.minima = result;
  const runs = result.runs.map((r) => ({ seed: r.seed, train: r.finalTrainLoss, test: r.finalTestLoss,
    diverged: r.diverged }));
  selectedSeed = null;
  strip.update({ runs, selected: null });
  $('minima-open').disabled = true;
  $('minima-landscape').disabled = true;
  setText($('minima-readout'), 'Click a dot, or focus the plot and use the arrow keys, to pick a seed.');
  const s = result.summary;
  const summary = $('minima-summary');
  summary.replaceChildren();
  const line = (label, spread, prefix) => {
    const p = document.createElement('span');
    p.className = 'lr-spread';
    p.append(`${label}: min `, value(`${prefix}-min`, spread.min), ', median ', value(`${prefix}-median`, spread.median),
      ', max ', value(`${prefix}-max`, spread.max));
    if (spread.min > 0 && spread.max > 0) p.append(` — the worst seed ends ${ratio(spread.max / spread.min)} the best.`);
    else p.append('.');
    return p;
  };
  const n = result.runs.length;
  summary.append(line(`Final test loss over ${n} seed${n === 1 ? '' : 's'}`, s.testLoss, 'minima-test'), ' ',
    line('Final training loss', s.trainLoss, 'minima-train'), ' ');
  const diverged = document.createElement('span');
  diverged.append('Diverged: ', value('minima-diverged', s.diverged, String(s.diverged)), ` of ${n}.`);
  summary.append(diverged);

  const body = $('minima-table-body');
  body.replaceChildren();
  for (const r of result.runs) {
    const row = document.createElement('tr');
    row.dataset.seed = String(r.seed);
    const seedCell = document.createElement('th');
    seedCell.scope = 'row';
    seedCell.textContent = String(r.seed);
    row.append(seedCell, cell(r.finalTrainLoss, r.diverged), cell(r.finalTestLoss, r.diverged),
      textCell(r.diverged ? '—' : formatPercent(r.finalTestAccuracy)));
    const actions = document.createElement('td');
    const open = button('Playground', `Open seed ${r.seed}'s trained network in the playground`, 'open-seed');
    open.disabled = r.diverged || !r.model;
    open.addEventListener('click', () => openInPlayground(result, r));
    const land = button('Landscape', `Draw the loss landscape around seed ${r.seed}'s trained weights`, 'landscape-seed');
    land.disabled = r.diverged;
    land.addEventListener('click', () => landscapeFor(r.seed, result.minima.config.training.learningRate));
    actions.append(open, ' ', land);
    row.append(actions);
    row.addEventListener('click', (event) => {
      if (event.target.tagName !== 'BUTTON') selectSeed(r.seed);
    });
    body.append(row);
  }
  $('minima-chart').setAttribute('aria-label', `Final loss of each of ${n} seeds: test loss from `
    + `${formatLoss(s.testLoss.min)} to ${formatLoss(s.testLoss.max)}, median ${formatLoss(s.testLoss.median)}.`
    + ' Arrow keys move between seeds.');
}

function ratio(r) {
  if (!Number.isFinite(r)) return 'far above';
  return r < 1.05 ? 'about level with' : `${r < 10 ? r.toFixed(1) : Math.round(r)}× above`;
}

function value(id, v, text) {
  const span = document.createElement('span');
  span.id = id;
  span.className = 'lr-number';
  span.dataset.value = v == null ? '' : String(v);
  span.textContent = text !== undefined ? text : formatLoss(v == null ? NaN : v);
  return span;
}

function cell(v, diverged) {
  const td = document.createElement('td');
  td.className = 'lr-number';
  td.dataset.value = v == null ? '' : String(v);
  td.textContent = diverged ? 'diverged' : formatLoss(v == null ? NaN : v);
  return td;
}

function textCell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

function button(text, label, className) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `text-button small ${className}`;
  b.textContent = text;
  b.setAttribute('aria-label', label);
  return b;
}

$('minima-open').addEventListener('click', () => {
  const r = results.minima && results.minima.runs.find((x) => x.seed === selectedSeed);
  if (r && r.model) openInPlayground(results.minima, r);
});
$('minima-landscape').addEventListener('click', () => {
  if (results.minima && selectedSeed !== null) landscapeFor(selectedSeed, results.minima.minima.config.training.learningRate);
});

function selectSeed(seed) {
  selectedSeed = seed;
  strip.update({ selected: seed });
  for (const row of $('minima-table-body').children) row.classList.toggle('selected', row.dataset.seed === String(seed));
  const r = results.minima && results.minima.runs.find((x) => x.seed === seed);
  $('minima-open').disabled = !r || r.diverged || !r.model;
  $('minima-landscape').disabled = !r || r.diverged;
  if (r) {
    $('minima-open').setAttribute('aria-label', `Open seed ${seed}'s trained network in the playground`);
    $('minima-landscape').setAttribute('aria-label', `Draw the loss landscape around seed ${seed}'s trained weights`);
    setText($('minima-readout'), r.diverged ? `Seed ${seed} diverged at epoch ${r.divergedAtEpoch}.`
      : `Seed ${seed}: test loss ${formatLoss(r.finalTestLoss)}, training loss ${formatLoss(r.finalTrainLoss)}.`);
  }
}

$('minima-chart').addEventListener('keydown', (event) => {
  const runs = results.minima ? results.minima.runs : [];
  if (!runs.length) return;
  const index = runs.findIndex((r) => r.seed === selectedSeed);
  let next = null;
  if (event.key === 'ArrowRight' || event.key === 'ArrowDown') next = runs[Math.min(runs.length - 1, index + 1)];
  else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') next = runs[Math.max(0, index < 0 ? 0 : index - 1)];
  else if (event.key === 'Home') next = runs[0];
  else if (event.key === 'End') next = runs[runs.length - 1];
  if (!next) return;
  event.preventDefault();
  selectSeed(next.seed);
});

/** The playground opens with the run's data (its config, data seed) and imports the run's network. */
function openInPlayground(result, run) {
  const config = JSON.parse(JSON.stringify(result.minima.config));
  config.seed = run.dataSeed;
  try {
    window.sessionStorage.setItem(OPEN_MODEL_KEY, JSON.stringify(run.model));
  } catch (e) {
    setText($('minima-status'), 'This browser does not allow session storage, so the network cannot be handed over.');
    return;
  }
  window.location.href = `/#${configToHash(config)}`;
}

// ------------------------------------------------------------------ sweep

const sweepChart = createSweepChart($('sweep-chart'));

const sweep = runner('sweep', 'sweep', () => ({
  config: readConfig(),
  minRate: number('sweep-min', 'Smallest rate'),
  maxRate: number('sweep-max', 'Largest rate'),
  perDecade: wholeNumber('sweep-per-decade', 'Rates per ×10'),
  seeds: wholeNumber('sweep-seeds', 'Seeds per rate'),
  epochs: wholeNumber('epochs', 'Epochs'),
  vary: $('vary').value,
}), showSweep);

$('sweep-loss').addEventListener('change', () => {
  if (results.sweep) showSweep(results.sweep);
});

function showSweep(result) {
  results.sweep = result;
  const loss = $('sweep-loss').value;
  sweepChart.update({ rates: result.rates, loss });
  const v = result.summary[loss];
  const kind = loss === 'train' ? 'training' : 'test';
  const verdict = $('sweep-verdict');
  verdict.replaceChildren();
  const sentence = (...parts) => {
    const span = document.createElement('span');
    span.append(...parts);
    verdict.append(span, ' ');
  };
  if (v.bestRate == null) {
    sentence('Every rate diverged.');
  } else {
    sentence(`Lowest median final ${kind} loss at η = `, value('sweep-best-rate', v.bestRate, formatRate(v.bestRate)),
      ' (', value('sweep-best-loss', v.bestMedian), ').');
    sentence(`Within ${result.summary.goodFactor}× of it: η from `, value('sweep-good-from', v.goodFrom, formatRate(v.goodFrom)),
      ' to ', value('sweep-good-to', v.goodTo, formatRate(v.goodTo)), '.');
  }
  if (v.firstWorseRate != null) {
    sentence(`From η = ${formatRate(v.firstWorseRate)} the median run ends no better than it started (the dashed line):`
      + ' the steps are too large to settle in any minimum.');
  }
  const total = result.summary.runs;
  if (result.summary.diverged === 0) {
    sentence('No run diverged (', value('sweep-diverged', 0, '0'), ` of ${total}).`);
  } else {
    sentence('Runs diverge (a weight became NaN or ∞) from η = ', formatRate(v.firstDivergedRate),
      v.allDivergedRate != null ? `, all of them from η = ${formatRate(v.allDivergedRate)}` : '', ': ',
      value('sweep-diverged', result.summary.diverged, String(result.summary.diverged)), ` of ${total} runs.`);
  }

  const body = $('sweep-table-body');
  body.replaceChildren();
  const key = loss === 'train' ? 'finalTrainLoss' : 'finalTestLoss';
  const medianKey = loss === 'train' ? 'medianTrainLoss' : 'medianTestLoss';
  for (const p of result.rates) {
    const row = document.createElement('tr');
    row.dataset.rate = String(p.rate);
    const rateCell = document.createElement('th');
    rateCell.scope = 'row';
    rateCell.textContent = formatRate(p.rate);
    const each = document.createElement('td');
    each.className = 'lr-seeds';
    each.textContent = p.runs.map((r) => (r.diverged ? `diverged@${r.divergedAtEpoch}` : formatLoss(r[key]))).join(', ');
    const median = cell(p[medianKey], p[medianKey] == null && p.diverged * 2 >= p.runs.length);
    const actions = document.createElement('td');
    const land = button('Landscape', `Draw the loss landscape of a run at learning rate ${formatRate(p.rate)}`,
      'landscape-rate');
    land.disabled = p.diverged === p.runs.length;
    land.addEventListener('click', () => {
      const firstFine = p.runs.find((r) => !r.diverged);
      landscapeFor(firstFine ? firstFine.seed : p.runs[0].seed, p.rate);
    });
    actions.append(land);
    row.append(rateCell, median, each, textCell(`${p.diverged}/${p.runs.length}`), actions);
    body.append(row);
  }
}

// ------------------------------------------------------------------ landscape

const contour = createContour($('land-canvas'), { onCursor: showCursor });
const legend = $('land-legend');

let playground = null; // the network the playground handed over, while it is the landscape's run

const landscape = runner('land', 'landscape', () => {
  if (playground) return playgroundRequest();
  const config = readConfig();
  config.training.learningRate = number('land-rate', 'Run\'s learning rate');
  return {
    config,
    seed: wholeNumber('land-seed', 'Run\'s seed'),
    vary: $('vary').value,
    epochs: wholeNumber('epochs', 'Epochs'),
    directions: $('land-directions').value,
    directionSeed: wholeNumber('land-direction-seed', 'Direction seed'),
    radius: number('land-radius', 'Radius'),
    resolution: wholeNumber('land-resolution', 'Grid'),
  };
}, showLandscape);

/** The landscape around the playground's network: its config and weights, trained on for N epochs (0: none). */
function playgroundRequest() {
  const config = JSON.parse(JSON.stringify(playground.config));
  config.training = { ...(config.training || {}), learningRate: number('land-rate', 'Run\'s learning rate') };
  const epochs = wholeNumber('land-train-on', 'Train on');
  if (epochs < 0) throw { message: 'Train on: 0 epochs (the plane through your network) or more.', id: 'land-train-on' };
  return {
    config,
    model: playground.model,
    epochs,
    directions: $('land-directions').value,
    directionSeed: wholeNumber('land-direction-seed', 'Direction seed'),
    radius: number('land-radius', 'Radius'),
    resolution: wholeNumber('land-resolution', 'Grid'),
  };
}

/** The handed-over network, taken out of sessionStorage (once), or null. */
function takeHandedNetwork() {
  let text = null;
  try {
    text = window.sessionStorage.getItem(LANDSCAPE_MODEL_KEY);
    if (text !== null) window.sessionStorage.removeItem(LANDSCAPE_MODEL_KEY);
  } catch (e) {
    return null; // storage disabled: nothing can have been handed over
  }
  if (text === null) return null;
  try {
    const handed = JSON.parse(text);
    if (!handed || typeof handed.model !== 'object' || !handed.model || typeof handed.config !== 'object'
      || !handed.config || !Array.isArray(handed.model.layerSizes) || !Array.isArray(handed.model.layers)) {
      throw new Error('it has no model file and config');
    }
    return handed;
  } catch (e) {
    $('land-status').dataset.kind = 'error';
    setText($('land-status'), `The network handed over by the playground could not be read (${e.message}).`);
    return null;
  }
}

/** "circle, 2-4-2-1 tanh, epoch 120": the data set, the layer sizes and activations, the epoch. */
function describeHanded(handed) {
  const layers = handed.model.layers;
  const hidden = [...new Set(layers.slice(0, -1).map((l) => l.activation))];
  const output = layers.length ? layers[layers.length - 1].activation : '';
  const activations = hidden.length ? `${hidden.join('/')}${output && !hidden.includes(output) ? `, ${output} output` : ''}`
    : `${output} output`;
  const dataset = (handed.config.data && handed.config.data.dataset) || 'circle';
  const epoch = Number.isFinite(handed.epoch) ? Math.floor(handed.epoch).toLocaleString('en-US') : '?';
  return `${dataset}, ${handed.model.layerSizes.join('-')} ${activations}, epoch ${epoch}`;
}

/** The playground's network becomes the landscape's run (instead of a seed of the form's network). */
function usePlayground(handed) {
  playground = handed;
  const title = $('land-source-text');
  const strong = document.createElement('strong');
  strong.textContent = 'Your playground network';
  title.replaceChildren(strong, ` — ${describeHanded(handed)}`);
  $('land-source').hidden = false;
  $('land-seed-field').hidden = true;
  $('land-train-on').value = '0';
  const rate = handed.config.training && handed.config.training.learningRate;
  if (Number.isFinite(rate)) $('land-rate').value = String(rate);
  const back = typeof handed.returnTo === 'string' && /^\/(#.*)?$/.test(handed.returnTo) ? handed.returnTo : '/';
  $('land-back').setAttribute('href', back);
  offerDirections();
}

/** Back to a seed of the form's network. */
function forgetPlayground() {
  if (!playground) return;
  playground = null;
  $('land-source').hidden = true;
  $('land-seed-field').hidden = false;
  $('land-rate').value = $('learning-rate').value; // the form's network again
  offerDirections();
}

/**
 * Principal directions need a path: from the playground's network with 0 epochs there is none, so
 * the choice is disabled and the hint says why.
 */
function offerDirections() {
  const select = $('land-directions');
  const trainOn = Number($('land-train-on').value);
  const noPath = !!playground && !(trainOn >= 1);
  const pca = select.querySelector('option[value="pca"]');
  pca.disabled = noPath;
  if (noPath && select.value === 'pca') select.value = 'random';
  const hint = $('land-directions-hint');
  setText(hint, noPath ? 'Principal directions need a training path: train on for at least 1 epoch.' : '');
  hint.hidden = !noPath;
  if (noPath) select.setAttribute('aria-describedby', 'land-directions-hint');
  else select.removeAttribute('aria-describedby');
}

$('land-train-on').addEventListener('input', offerDirections);
$('land-train-on').addEventListener('change', offerDirections);
$('land-forget').addEventListener('click', () => {
  forgetPlayground();
  $('land-run').focus();
});

function landscapeFor(seed, rate) {
  forgetPlayground();
  $('land-seed').value = String(seed);
  $('land-rate').value = String(rate);
  $('landscape-heading').scrollIntoView({ behavior: 'smooth', block: 'start' });
  $('land-run').focus({ preventScroll: true });
  landscape.run();
}

function showLandscape(result, request) {
  const fromPlayground = !!(request && request.model);
  results.landscape = result;
  contour.update({ landscape: result });
  paintLegend();
  const centre = $('land-centre');
  centre.dataset.value = String(result.centreLoss);
  setText(centre, formatLoss(result.centreLoss));
  setText($('land-range'), `${formatLoss(result.minLoss)} – ${formatLoss(result.maxLoss)}`);
  const fit = result.path.residualFraction == null ? NaN : 1 - result.path.residualFraction;
  const fitElement = $('land-fit');
  fitElement.dataset.value = String(fit);
  setText(fitElement, formatPercent(fit));
  const radius = result.landscape.radius;
  const outside = result.path.alpha.some((a, t) => Math.abs(a) > radius || Math.abs(result.path.beta[t]) > radius);
  const notes = [];
  const epochs = result.landscape.epochs;
  const centreName = fromPlayground && epochs === 0 ? 'your network\'s weights' : 'the trained weights';
  // from the playground with epochs to train on, the centre is where the copy ends, not the student's network
  setText($('land-centre-label'), fromPlayground && epochs === 0 ? 'Loss at your network\'s weights (centre)'
    : fromPlayground ? `Loss after ${epochs} more epoch${epochs === 1 ? '' : 's'} (centre)`
      : 'Loss at the trained weights (centre)');
  if (fromPlayground) {
    notes.push(epochs === 0 ? 'No path: the plane goes through your playground network\'s weights as they are now'
      + ' (the red +). Train on for some epochs to see where training goes from here.'
      : `The path starts at your playground network (the larger dot) and ends at the centre, after ${epochs} more`
      + ` epoch${epochs === 1 ? '' : 's'} of training on.`);
  }
  if (epochs === 0) {
    if (Math.abs(result.cosine) > 0.3) {
      notes.push(`In a network this small the two random directions are not close to orthogonal (cosine`
        + ` ${result.cosine.toFixed(2)}), so the map is a little sheared.`);
    }
  } else if (result.landscape.directions === 'pca') {
    const [first, second] = result.pcaShares;
    notes.push(`Principal directions: the plane holds ${formatPercent(fit)} of the path's squared distance from the`
      + ` trained weights (first direction ${formatPercent(first)}, second ${formatPercent(second)}), so the drawn`
      + ' path is close to the real one.');
  } else {
    notes.push(`Random directions: the plane holds only ${formatPercent(fit)} of the path's squared distance from the`
      + ' trained weights; the rest runs off the plane, so the drawn path is its shadow, not the way training went.'
      + ' In many dimensions two random directions are almost orthogonal to the path (Li et al. 2018); the'
      + ' principal directions show it far better.');
    if (Math.abs(result.cosine) > 0.3) {
      notes.push(`In a network this small the two random directions are not close to orthogonal (cosine`
        + ` ${result.cosine.toFixed(2)}), so the map is a little sheared.`);
    }
  }
  if (result.minLoss != null && result.minLoss < result.centreLoss * 0.999) {
    notes.push(`Somewhere on the plane the loss is lower (${formatLoss(result.minLoss)}) than at ${centreName}`
      + ` (${formatLoss(result.centreLoss)}): ${epochs === 0 ? 'along these directions there is still downhill to go'
        : `after ${epochs} ${fromPlayground ? 'more ' : ''}epochs training had not yet reached the bottom along these`
        + ' directions'}.`);
  }
  if (outside) notes.push('Part of the path lies outside the square drawn; “Fit the radius to the path” widens it.');
  setText($('land-note'), notes.join(' '));
  const reach = Math.max(...result.path.alpha.map(Math.abs), ...result.path.beta.map(Math.abs));
  $('land-fit-radius').disabled = !(reach > 0); // a path of one point (0 epochs) has no reach
  setText($('land-readout'), 'Move over the map, or focus it and use the arrow keys, to read the loss at a point.');
  const around = fromPlayground ? 'your playground network' : `the run with seed ${result.landscape.seed}`;
  $('land-canvas').setAttribute('aria-label', `Loss landscape around ${around}:`
    + ` loss ${formatLoss(result.centreLoss)} at the centre, ${formatLoss(result.minLoss)} to`
    + ` ${formatLoss(result.maxLoss)} over the plane. Arrow keys move a cross-hair.`);
}

function showCursor({ i, j }) {
  const r = results.landscape;
  if (!r) return;
  const n = r.resolution;
  const loss = r.losses[j * n + i];
  setText($('land-readout'), `α = ${formatCoordinate(r.alphas[i])}, β = ${formatCoordinate(r.alphas[j])}: loss `
    + `${loss == null ? 'not a number' : formatLoss(loss)}`);
}

function paintLegend() {
  const range = contour.range();
  if (!range) return;
  const ratio = window.devicePixelRatio || 1;
  const width = Math.max(120, Math.floor(legend.clientWidth || 240));
  legend.width = Math.round(width * ratio);
  legend.height = Math.round(12 * ratio);
  const ctx = legend.getContext('2d');
  for (let b = 0; b < BANDS; b++) {
    const [r, g, bl] = BAND_RGB[b];
    ctx.fillStyle = `rgb(${r},${g},${bl})`;
    ctx.fillRect(Math.floor((b / BANDS) * legend.width), 0, Math.ceil(legend.width / BANDS), legend.height);
  }
  setText($('land-legend-low'), formatLoss(10 ** range[0]));
  setText($('land-legend-high'), formatLoss(10 ** range[1]));
}

$('land-fit-radius').addEventListener('click', () => {
  const r = results.landscape;
  if (!r) return;
  const reach = Math.max(...r.path.alpha.map(Math.abs), ...r.path.beta.map(Math.abs));
  if (!(reach > 0)) return;
  const radius = Number((reach * 1.15).toPrecision(2));
  $('land-radius').value = String(Math.min(100, Math.max(0.01, radius)));
  landscape.run();
});

// ------------------------------------------------------------------ start

applyPreset($('preset').value === 'custom' ? 'w1' : $('preset').value);
// the playground's "Loss landscape" opened this page: draw the landscape around its network at once
const handed = takeHandedNetwork();
if (handed) {
  usePlayground(handed);
  $('land-run').focus({ preventScroll: true });
  landscape.run();
}
document.body.dataset.ready = 'true';

// for tests and the curious: the latest results, read-only use
window.layerlab = {
  get minima() { return results.minima; },
  get sweep() { return results.sweep; },
  get landscape() { return results.landscape; },
  get playground() { return playground; },
  runMinima: () => minima.run(),
  runSweep: () => sweep.run(),
};
