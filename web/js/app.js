// Glue: the socket's events go to the controls and the renderers; the renderers paint once per
// animation frame, with the latest frame only. Shows the epoch, the measured speed, the state, a banner
// when training diverged and, in an aria-live region, every problem the server or the page reports.

import { connect } from './socket.js';
import { splitWeights } from './wire.js';
import { create as createDiagram, inputLabel, inputTitle } from './diagram.js';
import { create as createHeatmap } from './heatmap.js';
import { create as createLossChart } from './losschart.js';
import { create as createInstruments } from './instruments.js';
import { create as createControls } from './controls.js';
import { create as createStepper } from './stepper.js';
import { readUrl, writeUrl, withDefaults, sameConfig } from './url-state.js';
import { neuronScale, outputScale } from './scales.js';
import { DIVERGING_GRADIENT, DIVERGING_CSS, classCss } from './colors.js';

const $ = (id) => document.getElementById(id);

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

const formatLoss = (v) => (Number.isFinite(v) ? (v !== 0 && Math.abs(v) < 0.001 ? v.toExponential(2) : v.toFixed(3)) : '—');
const formatPercent = (v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : '—');
const formatCount = (v) => Math.floor(v).toLocaleString('en-US');

// ------------------------------------------------------------------ state

const fromUrl = readUrl();
let desired = fromUrl.config ? withDefaults(fromUrl.config) : null; // a config the server should adopt
let adopting = null; // {config, retries}: a link's config being sent, until the server runs it
let view = { showTestData: !!fromUrl.view.showTestData, discretize: !!fromUrl.view.discretize };
let limits = null;
let state = null;
let lastConfig = null;
let points = null;
let pending = { model: false, history: false, landscape: false };
let frames = 0;
let firstFrameAt = NaN; // ms after navigation start: the first frame painted
let lastFrame = null; // for the measured speed when the server sends none
let measuredSpeed = NaN;
let needsFrame = false;
let pointsDirty = false;
let mapDirty = false;
let shownFrame = null; // the frame on screen, to repaint its map when a view setting changes
let rafId = 0;
let pendingInsight = null; // the newest insight event not yet painted
const NUMBERS_MS = 250;
let lastNumbers = 0;
let numbersTimer = 0;
let pendingNumbers = null;

// ------------------------------------------------------------------ messages

const messages = $('messages');
const messageText = $('message-text');
const recent = []; // the last few messages, newest last: {text, kind}
function showMessages() {
  setText(messageText, recent.map((m) => m.text).join('\n'));
  messages.dataset.kind = recent.some((m) => m.kind === 'error') ? 'error' : 'info';
  messages.hidden = recent.length === 0;
}
function say(text, kind = 'error') {
  const last = recent[recent.length - 1];
  if (last && last.text === text) return;
  recent.push({ text, kind });
  if (recent.length > 3) recent.shift();
  showMessages();
}
function retract(text) {
  const i = recent.findIndex((m) => m.text === text);
  if (i < 0) return;
  recent.splice(i, 1);
  showMessages();
}
$('dismiss-message').addEventListener('click', () => {
  recent.length = 0;
  showMessages();
});
for (const problem of fromUrl.problems) say(problem);

// ------------------------------------------------------------------ renderers and controls

const diagram = createDiagram($('network'), {
  onSelect: (selection) => send('select', selection ? selection.layer : null, selection ? selection.neuron : null),
  onAddNeuron: (l) => controls.addNeuron(l),
  onRemoveNeuron: (l) => controls.removeNeuron(l),
  onLayerActivation: (l, id) => controls.setLayerActivation(l, id),
  // in step-through mode a click on a link puts that weight in focus
  onLinkClick: (l, j, i) => stepper.focusWeight(l, j, i),
});
const heatmap = createHeatmap($('output-map'), {
  onPick: (x, y) => (stepper.active() ? stepper.pick(x, y, controls.clickLabel())
    : send('addPoint', x, y, controls.clickLabel())),
});
const chart = createLossChart($('loss-chart'));
const instruments = createInstruments($('instruments'), {
  onBreakSymmetry: () => send('breakSymmetry'),
  onShiftBiases: (shift) => send('shiftBiases', shift),
  onSetBiases: (value) => send('setBiases', value),
  onHiddenSpace: (request) => {
    if (request) send('hiddenSpace', request.layer, request.a, request.b);
    else socket.send('hiddenSpace', null); // turning it off needs no message when offline
  },
});

const controls = createControls(document, {
  configure: (config) => send('configure', config),
  play: () => send('play'),
  pause: () => send('pause'),
  step: (unit) => send('step', unit),
  reset: () => send('reset'),
  newSeed: () => send('newSeed'),
  speed: (eps) => send('speed', eps),
  addPoint: (x, y, label) => send('addPoint', x, y, label),
  uploadPoints: (format, text) => send('uploadPoints', format, text),
  importModel: (model) => send('importModel', model),
  exportModel: () => { pending.model = send('exportModel'); },
  exportHistory: () => { pending.history = send('exportHistory'); },
  copyLink,
  view: (v) => {
    view = v;
    pointsDirty = true;
    mapDirty = true; // discretize: repaint the last map now, even while paused
    schedule();
    if (lastConfig) showLink(writeUrl(lastConfig, view));
  },
  problem: (text) => say(text),
  retract,
});
controls.setView(view);

$('show-output').addEventListener('click', () => send('select', null, null));
$('open-landscape').addEventListener('click', openLandscape);

// Step-through backpropagation: pauses the run, then traces one sample at a time (stepper.js).
const stepper = createStepper({
  enter: () => { if (state && state.running) send('pause'); },
  exit: () => {},
  trace: (what) => send('trace', what),
  apply: (traceId) => send('applyTrace', traceId),
  annotate: (notes) => diagram.annotate(notes),
  trainCount: () => (points ? points.train.length : 0),
});

// A link pasted into this tab's address bar changes only the hash: apply it as a new experiment.
// (replaceState, which the page itself uses, fires no hashchange.)
window.addEventListener('hashchange', () => {
  const next = readUrl();
  for (const problem of next.problems) say(problem);
  if (next.view.showTestData !== undefined || next.view.discretize !== undefined) {
    view = { showTestData: !!next.view.showTestData, discretize: !!next.view.discretize };
    controls.setView(view);
    pointsDirty = true;
    mapDirty = true;
    schedule();
  }
  if (!next.config) return;
  const target = withDefaults(next.config);
  if (lastConfig && sameConfig(target, lastConfig)) return;
  adopting = { config: target, retries: 0 };
  send('configure', target);
});
$('diverged-reset').addEventListener('click', () => send('reset'));
// Back to this page from another (the learning-rate page's landscape, say): a page the browser restores
// from its back-forward cache had its socket closed when it was put away, without an onclose, and shows
// the state of then. Loading it afresh resumes the session with the tab's token.
window.addEventListener('pageshow', (event) => {
  if (event.persisted) window.location.reload();
});

// ------------------------------------------------------------------ socket

const socket = connect({
  hello(h) {
    if (h.protocol !== 1) {
      say(`The server speaks protocol ${h.protocol}, this page protocol 1. Reload the page to get the matching version.`);
    }
    limits = h.limits || null;
    controls.setLimits(limits);
    document.body.dataset.connected = 'true';
    // The config the server should run: the link's on the first visit, ours again after a lost session.
    const target = desired || (!h.resumed ? lastConfig : null);
    desired = null;
    if (target && h.config && !sameConfig(target, h.config)) {
      if (target.data && target.data.dataset === 'custom') {
        say('This experiment used uploaded points, which are not part of its link; upload them again.');
      } else {
        adopting = { config: target, retries: 0 };
        socket.send('configure', target);
      }
    }
    const space = instruments.hiddenSpaceRequest();
    if (space && !h.resumed) socket.send('hiddenSpace', space.layer, space.a, space.b); // a new session
    if (h.resumed) {
      pending.history = false;
      socket.send('exportHistory'); // fills the loss chart with the run so far
    }
    openHandedModel();
  },
  state: onState,
  data(d) {
    points = { train: d.train || [], test: d.test || [], task: d.task };
    const labels = [...new Set(points.train.concat(points.test).map((p) => p[2]))].sort((a, b) => a - b);
    controls.setPointLabels(d.task, labels.length <= 16 ? labels : [], d.classCount);
    pointsDirty = true;
    schedule();
  },
  history(h) {
    if (pending.history) {
      pending.history = false;
      download(historyCsv(h), 'text/csv', `${fileStem()}-history.csv`);
    } else {
      chart.update({ history: h });
    }
  },
  model(m) {
    if (pending.landscape) {
      pending.landscape = false;
      handToLandscape(m.model);
      return;
    }
    if (!pending.model) return;
    pending.model = false;
    download(JSON.stringify(m.model, null, 2) + '\n', 'application/json', `${fileStem()}-model.json`);
  },
  error(e) {
    if (e.command === 'exportModel') pending.landscape = false; // refused (diverged): nothing to hand over
    if (e.command === 'configure' && adopting && retryWithout(e.field, e.message)) return;
    const id = e.command === 'configure' || e.field ? controls.refused(configField(e.field)) : null;
    say(e.message || 'The server refused that command.');
    if (id) messages.dataset.field = id;
  },
  insight(i) {
    pendingInsight = i; // painted with the next animation frame, the newest only
    schedule();
  },
  hiddenSpace(h) {
    instruments.update({ hiddenSpace: h });
  },
  trace: (t) => stepper.update(t),
  frame() {
    needsFrame = true;
    schedule();
  },
  status(status, delay) {
    const text = status === 'open' ? 'Connected'
      : status === 'connecting' ? 'Connecting…'
        : status === 'closed' ? 'Disconnected'
          : `Connection lost; reconnecting${delay ? ` in ${Math.max(1, Math.round(delay / 1000))} s` : ''}…`;
    setText($('connection-status'), text);
    document.body.dataset.connection = status;
    if (status !== 'open') setText($('run-state'), status === 'connecting' ? 'Connecting' : 'Offline');
  },
  problem: (text) => say(text),
});

// A trained network another page handed over (the learning-rate page's "open in playground" puts its
// model file in sessionStorage and links here with the run's config): imported once, after that
// config, through the same importModel command as a model file the student picks.
function openHandedModel() {
  let text = null;
  try {
    text = window.sessionStorage.getItem('layerlab.openModel');
    if (text !== null) window.sessionStorage.removeItem('layerlab.openModel');
  } catch (e) {
    return; // storage disabled: nothing can have been handed over
  }
  if (text === null) return;
  let model;
  try {
    model = JSON.parse(text);
  } catch (e) {
    say(`The network handed over by the other page could not be read (${e.message}).`);
    return;
  }
  socket.send('importModel', model);
  say('Opened the trained network from the learning-rate page: press play to train it further.', 'info');
}

// "Loss landscape": the learning-rate page draws the loss around this network's current weights. It
// pauses first (so the network found on return is the one drawn), asks for the model through the
// ordinary exportModel command, hands it over in sessionStorage and opens that page in this tab; on
// the way back the socket resumes this session with its token.
const LANDSCAPE_MODEL_KEY = 'layerlab.landscapeModel';

function openLandscape() {
  if (!state) {
    say('Not connected to the server yet; the network cannot be handed over. It reconnects by itself.');
    return;
  }
  if (state.diverged) {
    say('Training diverged, so the weights are not numbers any more and have no landscape. Press reset first.');
    return;
  }
  if (lastConfig && lastConfig.data && lastConfig.data.dataset === 'custom') {
    say('The loss landscape is measured on a built-in data set, which the learning-rate page generates from the'
      + ' config; this network trains on points you uploaded or added, which only the playground holds. Choose a'
      + ' built-in data set to draw its landscape.');
    return;
  }
  if (state.running && !send('pause')) return;
  pending.landscape = send('exportModel');
}

function handToLandscape(model) {
  const handed = {
    model,
    config: lastConfig,
    epoch: state ? Math.floor(state.epoch || 0) : 0,
    returnTo: window.location.pathname + window.location.hash,
  };
  try {
    window.sessionStorage.setItem(LANDSCAPE_MODEL_KEY, JSON.stringify(handed));
  } catch (e) {
    say('This browser does not allow session storage, so the network cannot be handed to the landscape page.');
    return;
  }
  window.location.href = '/learning-rate#landscape';
}

// An error names a field of the configure message (`config.training.learningRate`) or of the config.
const configField = (field) => (field ? field.replace(/^config\./, '') : field);

// A link's config the server refused: drop the field it names (the default takes its place) and
// try again, so that one bad value in a link does not lose the rest of it.
function retryWithout(field, message) {
  field = configField(field);
  const path = field ? field.replace(/\[\d+\].*$/, '').split('.') : null;
  let parent = adopting.config;
  for (let i = 0; path && i < path.length - 1; i++) parent = parent && parent[path[i]];
  const last = path && path[path.length - 1];
  if (!parent || !last || !(last in parent) || ++adopting.retries > 8) {
    adopting = null;
    return false;
  }
  delete parent[last];
  say(`The link's ${field} was refused (${message}); the default is used instead.`);
  socket.send('configure', adopting.config);
  return true;
}

function send(name, ...args) {
  if (socket.send(name, ...args)) return true;
  say('Not connected to the server; the command was not sent. It reconnects by itself.');
  return false;
}

function onState(s) {
  const previous = state;
  if (adopting && sameConfig(adopting.config, s.config)) adopting = null;
  state = s;
  lastConfig = s.config;
  controls.sync(s.config, s);
  controls.setRunning(!!s.running);
  stepper.setNames(s.activations, (s.featureIds || []).map((id, n) => inputLabel(id, n)));
  if (s.running && previous && !previous.running) stepper.exit(false); // training again: the trace is stale
  else if (previous && (String(s.layerSizes) !== String(previous.layerSizes)
    || String(s.activations) !== String(previous.activations) || s.epoch < previous.epoch)) stepper.refresh();
  diagram.update({
    structure: { layerSizes: s.layerSizes, activations: s.activations, featureIds: s.featureIds, limits },
    selected: s.selected || null,
  });
  chart.update({ task: s.task });
  instruments.update({ structure: { layerSizes: s.layerSizes }, task: s.task });
  if (!previous || s.epoch < previous.epoch) chart.update({ reset: true });
  if (previous && s.epoch < previous.epoch) instruments.update({ reset: true });
  setText($('epoch'), formatCount(s.epoch || 0));
  setText($('run-state'), s.diverged ? 'Diverged' : s.running ? 'Running' : 'Paused');
  document.body.dataset.running = String(!!s.running);
  const banner = $('diverged-banner');
  if (s.diverged) {
    const epoch = s.divergedAtEpoch != null ? formatCount(s.divergedAtEpoch) : formatCount(s.epoch || 0);
    setText($('diverged-text'), `Training diverged at epoch ${epoch} — a weight became infinite. `
      + 'Lower the learning rate and press reset.');
  }
  if (banner.hidden === !!s.diverged) banner.hidden = !s.diverged;
  const selected = s.selected;
  setText($('map-title'), selected ? `${neuronTitle(selected)}` : 'Network output');
  $('show-output').hidden = !selected;
  showLegend();
  showLink(writeUrl(s.config, view));
}

function neuronTitle({ layer, neuron }) {
  const last = state.layerSizes.length - 1;
  if (layer === 0) return inputTitle(state.featureIds[neuron], neuron);
  if (layer === last) return `Output neuron ${neuron + 1}`;
  return `Hidden layer ${layer}, neuron ${neuron + 1}`;
}

function mapScale() {
  const acts = state.activations || [];
  const selected = state.selected;
  if (selected) return neuronScale(selected.layer, state.layerSizes.length, acts[selected.layer], -1, 1, selected.neuron);
  return outputScale(acts[acts.length - 1]);
}

function showLegend() {
  const legend = $('legend');
  const acts = state.activations || [];
  const softmax = !state.selected && acts[acts.length - 1] === 'softmax';
  const key = softmax ? `classes:${state.classCount}` : JSON.stringify(mapScale());
  if (legend.dataset.key === key) return;
  legend.dataset.key = key;
  legend.replaceChildren();
  if (softmax) {
    for (let k = 0; k < (state.classCount || 3); k++) {
      const item = document.createElement('span');
      item.className = 'legend-class';
      const swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = classCss(k);
      item.append(swatch, `class ${k + 1}`);
      legend.append(item);
    }
    return;
  }
  const scale = mapScale();
  const min = document.createElement('span');
  min.textContent = scale.kind === 'diverging' && state.selected && state.selected.layer === 0 ? 'low' : String(scale.min).replace('-', '−');
  const bar = document.createElement('span');
  bar.className = 'legend-bar';
  bar.style.background = scale.kind === 'class'
    ? `linear-gradient(to right, ${DIVERGING_CSS[128]}, ${classCss(scale.k || 0)})` : DIVERGING_GRADIENT;
  const max = document.createElement('span');
  max.textContent = scale.kind === 'diverging' && state.selected && state.selected.layer === 0 ? 'high' : String(scale.max);
  legend.append(min, bar, max);
}

// ------------------------------------------------------------------ painting: one rAF, latest frame

function schedule() {
  if (!rafId) rafId = requestAnimationFrame(paint);
}

function paint() {
  rafId = 0;
  if (needsFrame) {
    needsFrame = false;
    const frame = socket.takeFrame();
    if (frame && state) paintFrame(frame);
  }
  if (mapDirty) {
    mapDirty = false;
    if (shownFrame && state) paintMap(shownFrame);
  }
  if (pointsDirty) {
    pointsDirty = false;
    heatmap.update({ points, showTest: view.showTestData });
  }
  if (pendingInsight) {
    const insight = pendingInsight;
    pendingInsight = null;
    diagram.update({ insight: insight.layers });
    instruments.update({ insight });
  }
}

function paintFrame(frame) {
  frames++;
  if (frames === 1) firstFrameAt = performance.now();
  const m = frame.metrics;
  setText($('epoch'), formatCount(frame.epoch));
  // Metrics come in some frames only (a few a second): keep the newest until it is shown.
  const waiting = pendingNumbers && pendingNumbers.metrics;
  pendingNumbers = { metrics: m || waiting || null, eps: speed(frame, m) };
  // the epoch counter follows every frame; the other numbers change a few times a second (readable,
  // and every changed text costs a layout)
  if (performance.now() - lastNumbers >= NUMBERS_MS || !(state && state.running)) showNumbers();
  else if (!numbersTimer) numbersTimer = setTimeout(showNumbers, NUMBERS_MS);
  if (m) {
    chart.update({ point: { epoch: frame.epoch, trainLoss: m.trainLoss, testLoss: m.testLoss,
      trainAccuracy: m.trainAccuracy, testAccuracy: m.testAccuracy } });
  }
  diagram.update({
    thumbnails: frame.thumbnails,
    layers: splitWeights(frame.weights, state.layerSizes),
    weights: frame.weights,
  });
  shownFrame = frame;
  paintMap(frame);
  if (pointsDirty) {
    pointsDirty = false;
    heatmap.update({ points, showTest: view.showTestData });
  }
  document.body.dataset.frames = String(frames);
}

function paintMap(frame) {
  const selected = state.selected;
  if (selected && frame.selected && frame.selected.layer === selected.layer && frame.selected.neuron === selected.neuron) {
    const s = frame.selected;
    heatmap.update({ map: { resolution: s.resolution, channels: [{ lo: s.lo, hi: s.hi, map: s.map }] },
      scale: selectedScale(s), discretize: false });
  } else if (!selected && frame.output) {
    heatmap.update({ map: frame.output, scale: mapScale(), discretize: view.discretize });
  }
}

function showNumbers() {
  clearTimeout(numbersTimer);
  numbersTimer = 0;
  lastNumbers = performance.now();
  if (!pendingNumbers) return;
  const { metrics: m, eps } = pendingNumbers;
  pendingNumbers = null;
  if (m) {
    setText($('train-loss'), formatLoss(m.trainLoss));
    setText($('test-loss'), formatLoss(m.testLoss));
    setText($('train-accuracy'), formatPercent(m.trainAccuracy));
    setText($('test-accuracy'), formatPercent(m.testAccuracy));
  }
  setText($('eps'), formatCount(eps));
}

function selectedScale(s) {
  return neuronScale(s.layer, state.layerSizes.length, (state.activations || [])[s.layer], s.lo, s.hi, s.neuron);
}

function speed(frame, metrics) {
  if (metrics && Number.isFinite(metrics.epochsPerSecond)) return metrics.epochsPerSecond;
  if (lastFrame && frame.serverTimeMs > lastFrame.time) {
    const now = ((frame.epoch - lastFrame.epoch) * 1000) / (frame.serverTimeMs - lastFrame.time);
    measuredSpeed = Number.isFinite(measuredSpeed) ? 0.8 * measuredSpeed + 0.2 * now : now;
  }
  lastFrame = { epoch: frame.epoch, time: frame.serverTimeMs };
  return Number.isFinite(measuredSpeed) && state && state.running ? Math.max(0, measuredSpeed) : 0;
}

// ------------------------------------------------------------------ files and links

function fileStem() {
  const c = lastConfig;
  const epoch = state ? Math.floor(state.epoch || 0) : 0;
  return c ? `layerlab-${c.data.dataset}-seed${c.seed}-epoch${epoch}` : 'layerlab';
}

function historyCsv(h) {
  const columns = ['epoch', 'trainLoss', 'testLoss', 'trainAccuracy', 'testAccuracy'];
  const rows = [columns.join(',')];
  const n = (h.epoch || []).length;
  for (let i = 0; i < n; i++) {
    rows.push(columns.map((c) => {
      const v = h[c] ? h[c][i] : null;
      return typeof v === 'number' && Number.isFinite(v) ? String(v) : '';
    }).join(','));
  }
  return rows.join('\n') + '\n';
}

function download(text, type, name) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
  say(`Saved ${name}.`, 'info');
}

function showLink(href) {
  const field = $('share-url');
  if (field && field.value !== href) field.value = href;
}

function copyLink() {
  const href = window.location.href;
  const field = $('share-url');
  const fallback = () => {
    field.focus();
    field.select();
    say('Select-all is done: press Ctrl+C (⌘C) to copy the link.', 'info');
  };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(href).then(() => say('Link copied: it opens this experiment with the same data and weights.', 'info'), fallback);
  } else {
    fallback();
  }
}

// for tests and the curious: the live objects, read-only use
window.layerlab = {
  get state() { return state; },
  get frames() { return frames; },
  get firstFrameAt() { return firstFrameAt; },
  diagram,
  chart,
  instruments,
};
