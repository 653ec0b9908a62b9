// The race page's glue: the setup form, the live race (cards with maps, one loss chart) and the repeat
// over seeds (progress, statistics, distribution, seed table), kept live over the race socket. Maps
// are painted once per animation frame, from the latest frame only; curve points are taken from
// every frame (the server sends each one once).

import { connect } from './race-socket.js';
import { create as createSetup, CONTESTANT_COLORS, FormProblem } from './race-setup.js';
import { create as createChart } from './race-chart.js';
import { create as createDistribution, formatEpochs } from './race-distribution.js';
import { create as createHeatmap } from './heatmap.js';
import { outputScale } from './scales.js';

const $ = (id) => document.getElementById(id);

function setText(element, text) {
  if (element && element.textContent !== text) element.textContent = text;
}

const formatLoss = (v) => (Number.isFinite(v) ? (v !== 0 && Math.abs(v) < 0.001 ? v.toExponential(2) : v.toFixed(4)) : '—');
const formatSeconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const formatRatio = (v) => (v == null || !Number.isFinite(v) ? '—' : v.toFixed(2));

// ------------------------------------------------------------------ messages

const recent = [];
function showMessages() {
  setText($('message-text'), recent.map((m) => m.text).join('\n'));
  $('messages').dataset.kind = recent.some((m) => m.kind === 'error') ? 'error' : 'info';
  $('messages').hidden = recent.length === 0;
}
function say(text, kind = 'error') {
  const last = recent[recent.length - 1];
  if (last && last.text === text) return;
  recent.push({ text, kind });
  if (recent.length > 3) recent.shift();
  showMessages();
}
function clearMessages() {
  recent.length = 0;
  showMessages();
}
$('dismiss-message').addEventListener('click', clearMessages);

// ------------------------------------------------------------------ state

let socket = null;
let limits = null;
let liveId = -1;
let liveState = null;
let names = []; // the live race's contestants, by name
let cards = []; // {root, heatmap, status, loss, output}
let points = null; // {sets, of}
let pendingMaps = []; // per contestant: the newest map not yet painted
let pendingAcks = [];
let rafId = 0;
let lastSentRace = null; // the JSON of the last race sent
let awaitingRace = false;
let repeatAfterRace = false;
let currentJob = 0;
let lastResult = null;

const setup = createSetup($('race-form'), { onChange: () => applyRace() });
const chart = createChart($('race-chart'));
const distribution = createDistribution($('distribution'), { onPick: (seed) => watchSeed(seed) });

/** Sends the form's race; false when the form has a value that cannot be sent. */
function applyRace() {
  let race;
  setup.clearInvalid();
  try {
    race = setup.raceDocument();
  } catch (e) {
    if (e instanceof FormProblem) {
      setup.markInvalid(e);
      say(e.message);
    }
    return false;
  }
  clearMessages();
  lastSentRace = JSON.stringify(race);
  awaitingRace = true;
  setText($('setup-state'), 'Setting up…');
  socket.send('race', race);
  return true;
}

// ------------------------------------------------------------------ the live race

function buildCards(contestants) {
  for (const card of cards) card.heatmap.destroy();
  const root = $('contestant-cards');
  root.replaceChildren();
  root.dataset.count = String(contestants.length);
  root.style.setProperty('--count', String(contestants.length));
  cards = contestants.map((c, i) => {
    const card = document.createElement('article');
    card.className = 'contestant-card';
    card.dataset.index = String(i);
    card.style.setProperty('--contestant', CONTESTANT_COLORS[i]);
    const title = document.createElement('h3');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const rank = document.createElement('span');
    rank.className = 'card-rank';
    title.append(swatch, document.createTextNode(c.name), rank);
    title.id = `card-title-${i}`;
    const map = document.createElement('div');
    map.className = 'heatmap';
    map.id = `map-${i}`;
    map.setAttribute('role', 'img');
    map.setAttribute('aria-label', `${c.name}: the network's output over the plane, with the training points`);
    const status = document.createElement('p');
    status.className = 'card-status';
    status.id = `status-${i}`;
    const loss = document.createElement('p');
    loss.className = 'card-loss';
    loss.innerHTML = `Test loss <span id="loss-${i}" class="loss-value">—</span>`;
    card.setAttribute('aria-labelledby', title.id);
    card.append(title, map, status, loss);
    root.appendChild(card);
    const heatmap = createHeatmap(map);
    if (points) heatmap.update({ points: pointsFor(i) });
    return { root: card, heatmap, status, rank, loss: loss.querySelector('span'), output: c.output };
  });
  pendingMaps = contestants.map(() => null);
  names = contestants.map((c) => c.name);
  const legend = $('race-chart-legend');
  legend.replaceChildren(...contestants.map((c, i) => {
    const item = document.createElement('span');
    item.className = 'legend-item';
    item.innerHTML = `<span class="legend-line" style="border-color:${CONTESTANT_COLORS[i]}"></span>`;
    item.append(document.createTextNode(c.name));
    return item;
  }), Object.assign(document.createElement('span'), { className: 'legend-item', innerHTML:
    '<span class="legend-line dashed" style="border-color:#57606a"></span>target' }));
}

function pointsFor(i) {
  const set = points.sets[points.of[i]] || [];
  return { train: set, test: [], task: 'classification' };
}

function showStatus(i, status, epochsTrained, reachedAt, testLoss) {
  const card = cards[i];
  if (!card) return;
  let text;
  if (status === 'reached') text = `Reached the target at epoch ${reachedAt}`;
  else if (status === 'diverged') text = `Diverged at epoch ${epochsTrained}: not reached`;
  else if (status === 'not-reached') text = `Not reached in ${epochsTrained} epochs`;
  else text = epochsTrained > 0 ? `Racing… epoch ${epochsTrained}` : 'At the start';
  setText(card.status, text);
  card.root.dataset.status = status;
  card.root.dataset.reachedAt = reachedAt == null ? '' : String(reachedAt);
  card.root.dataset.epochsTrained = String(epochsTrained);
  setText(card.loss, formatLoss(testLoss));
}

const ORDINALS = ['1st', '2nd', '3rd', '4th'];

/** The finishing order: who reached the target first (ties share a place). */
function showRanks() {
  const reached = cards.map((card) => (card.root.dataset.status === 'reached' ? Number(card.root.dataset.reachedAt) : null));
  cards.forEach((card, i) => {
    const at = reached[i];
    const place = at == null ? null : reached.filter((other) => other != null && other < at).length;
    setText(card.rank, place == null ? '' : ORDINALS[place]);
    card.root.dataset.place = place == null ? '' : String(place + 1);
  });
}

function showLive(state) {
  const running = state.running;
  const play = $('live-play');
  play.dataset.state = state.finished ? 'finished' : running ? 'running' : 'paused';
  setText(play, state.finished ? 'Replay' : running ? 'Pause' : 'Play');
  setText($('live-epoch'), String(state.epoch));
  const reached = state.contestants.filter((c) => c.status === 'reached').length;
  setText($('live-state'), state.finished ? `Finished: ${reached} of ${state.contestants.length} reached the target`
    : running ? 'Racing' : state.epoch === 0 ? 'Ready: press Play' : 'Paused');
  document.body.dataset.running = String(running);
  document.body.dataset.finished = String(state.finished);
  if (document.activeElement !== $('live-seed')) $('live-seed').value = String(state.seed);
  $('live-speed').value = String(state.speed);
}

function onRaceState(state) {
  liveState = state;
  if (awaitingRace) {
    awaitingRace = false;
    setText($('setup-state'), '');
    // A new race: the figures of the old one no longer apply (its repeat, if any, was cancelled).
    $('repeat-results').hidden = true;
    lastResult = null;
    $('repeat-progress').value = 0;
    $('repeat-cancel').disabled = true;
    setText($('repeat-state'), 'Not run yet for this race');
    if (repeatAfterRace) {
      repeatAfterRace = false;
      socket.send('repeat');
    }
  }
  if (!state.race) return;
  const stateNames = state.contestants.map((c) => c.name);
  const newRace = stateNames.join('\u0000') !== names.join('\u0000')
    || cards.some((card, i) => card.output !== state.contestants[i].output);
  if (newRace) {
    buildCards(state.contestants);
    chart.update({ contestants: { names: stateNames, colors: CONTESTANT_COLORS, target: state.race.target } });
  }
  if (state.liveId !== liveId) {
    liveId = state.liveId;
    if (!newRace) chart.update({ contestants: { names: stateNames, colors: CONTESTANT_COLORS, target: state.race.target } });
  }
  state.contestants.forEach((c, i) => showStatus(i, c.status, c.epochsTrained, c.reachedAt, c.testLoss));
  showRanks();
  showLive(state);
  setText($('repeat-run'), `Run over ${state.race.seeds} seed${state.race.seeds === 1 ? '' : 's'}`);
  document.body.dataset.liveId = String(state.liveId);
}

function onFrame(frame) {
  pendingAcks.push(frame.seq);
  if (frame.liveId !== liveId || !liveState) {
    schedulePaint();
    return;
  }
  chart.update({ points: frame.curve });
  frame.contestants.forEach((c, i) => {
    if (c.map) pendingMaps[i] = c.map;
    showStatus(i, c.status, c.epochsTrained, c.reachedAt, c.testLoss);
  });
  showRanks();
  setText($('live-epoch'), String(frame.epoch));
  schedulePaint();
}

function schedulePaint() {
  if (!rafId) rafId = requestAnimationFrame(paint);
}

function paint() {
  rafId = 0;
  pendingMaps.forEach((map, i) => {
    if (!map || !cards[i]) return;
    cards[i].heatmap.update({ map, scale: outputScale(cards[i].output), discretize: false });
    pendingMaps[i] = null;
  });
  for (const seq of pendingAcks) socket.send('ack', seq);
  pendingAcks = [];
}

function watchSeed(seed) {
  $('live-seed').value = String(seed);
  socket.send('seed', seed);
  socket.send('play');
  $('live-title').scrollIntoView({ behavior: 'smooth', block: 'start' });
  $('live-play').focus({ preventScroll: true });
}

$('live-play').addEventListener('click', () => {
  const state = $('live-play').dataset.state;
  if (state === 'finished') {
    socket.send('reset');
    socket.send('play');
  } else {
    socket.send(state === 'running' ? 'pause' : 'play');
  }
});
$('live-reset').addEventListener('click', () => socket.send('reset'));
function loadSeed() {
  const raw = $('live-seed').value.trim();
  const seed = raw === '' ? NaN : Number(raw);
  if (!Number.isInteger(seed) || seed < 0) {
    $('live-seed').setAttribute('aria-invalid', 'true');
    say('Seed must be a whole number, 0 or more, e.g. 1.');
    return;
  }
  $('live-seed').removeAttribute('aria-invalid');
  socket.send('seed', seed);
}
$('live-load-seed').addEventListener('click', loadSeed);
$('live-seed').addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    event.preventDefault();
    loadSeed();
  }
});
$('live-speed').addEventListener('change', () => socket.send('speed', Number($('live-speed').value)));

// ------------------------------------------------------------------ the repeat over seeds

$('repeat-run').addEventListener('click', () => {
  let race;
  try {
    race = JSON.stringify(setup.raceDocument());
  } catch (e) {
    applyRace(); // reports the problem
    return;
  }
  if (race !== lastSentRace || awaitingRace) {
    repeatAfterRace = true;
    if (race !== lastSentRace && !applyRace()) repeatAfterRace = false;
  } else {
    socket.send('repeat');
  }
  setText($('repeat-state'), 'Starting…');
});
$('repeat-cancel').addEventListener('click', () => socket.send('cancel'));

function onProgress(progress) {
  if (progress.job < currentJob) return;
  currentJob = progress.job;
  const bar = $('repeat-progress');
  bar.max = Math.max(1, progress.total);
  bar.value = progress.done;
  const active = progress.state === 'queued' || progress.state === 'running';
  $('repeat-cancel').disabled = !active;
  document.body.dataset.repeat = progress.state;
  let text;
  if (progress.state === 'queued') {
    const ahead = progress.queuePosition - 1;
    text = `Queued: the server is busy with other races${ahead > 0 ? ` (${ahead} waiting ahead of this one)` : ''};`
      + ' this one starts as soon as a slot frees up';
  } else if (progress.state === 'running') {
    text = `Running: ${progress.done} / ${progress.total} runs · ${formatSeconds(progress.elapsedMs)}`;
  } else if (progress.state === 'done') {
    text = `Done: ${progress.total} runs in ${formatSeconds(progress.elapsedMs)}`;
  } else {
    text = `Cancelled after ${progress.done} / ${progress.total} runs`;
  }
  setText($('repeat-state'), text);
  if (active) $('repeat-results').dataset.stale = 'true';
}

function onResult(result) {
  if (result.job !== currentJob) return;
  lastResult = result;
  const reference = $('ratio-reference');
  reference.replaceChildren(...result.contestants.map((c, i) => new Option(c.name, String(i))));
  reference.value = '0';
  renderResult();
  $('repeat-results').hidden = false;
  delete $('repeat-results').dataset.stale;
  document.body.dataset.resultJob = String(result.job);
}

$('ratio-reference').addEventListener('change', renderResult);

function renderResult() {
  const result = lastResult;
  if (!result) return;
  const ref = Number($('ratio-reference').value) || 0;
  const refMedian = result.contestants[ref].median;
  const last = result.firstSeed + result.seeds - 1;
  setText($('stats-caption'), `Epochs to reach test loss ≤ ${result.target}, over ${result.seeds} seeds`
    + ` (${result.firstSeed}–${last}); at most ${result.maxEpochs} epochs. Lower is faster.`);
  const body = $('stats-body');
  body.replaceChildren(...result.contestants.map((c, i) => {
    const row = document.createElement('tr');
    row.dataset.index = String(i);
    const name = document.createElement('th');
    name.scope = 'row';
    name.innerHTML = `<span class="swatch" aria-hidden="true" style="background:${CONTESTANT_COLORS[i]}"></span>`;
    name.append(document.createTextNode(c.name));
    const ratio = c.median != null && refMedian != null && refMedian !== 0 ? c.median / refMedian : null;
    row.append(name,
      cell('median', formatEpochs(c.median), c.median),
      cell('q1', formatEpochs(c.q1), c.q1),
      cell('q3', formatEpochs(c.q3), c.q3),
      cell('not-reached', `${c.notReached} / ${c.runs.length}`, c.notReached),
      cell('ratio', formatRatio(ratio), ratio));
    return row;
  }));
  const fastest = result.contestants.reduce((best, c) => (c.median != null && (best == null || c.median < best.median) ? c : best), null);
  setText($('result-summary'), `${result.contestants.length * result.seeds} runs in ${formatSeconds(result.elapsedMs)} on the server.`
    + (fastest ? ` Fastest median: ${fastest.name} (${formatEpochs(fastest.median)} epochs).` : ' No contestant reached the target on most seeds.')
    + ` Ratio = median ÷ median of ${result.contestants[ref].name}; “—” when a median is “never”.`);
  distribution.update({
    contestants: result.contestants.map((c, i) => ({ ...c, color: CONTESTANT_COLORS[i] })),
    maxEpochs: result.maxEpochs,
    label: `Epochs to target for each of ${result.seeds} seeds, per contestant, with median and quartiles; `
      + result.contestants.map((c) => `${c.name}: median ${formatEpochs(c.median)}, ${c.notReached} never`).join('; '),
  });
  setText($('distribution-caption'), 'Each dot is one seed (click one to watch it in the live race); the box spans'
    + ' Q1 to Q3, the line is the median, the top row holds the runs that never reached the target.');
  renderSeedTable(result);
}

function cell(kind, text, value) {
  const td = document.createElement('td');
  td.dataset.kind = kind;
  td.dataset.value = value == null ? 'never' : String(value);
  td.textContent = text;
  return td;
}

function renderSeedTable(result) {
  const head = $('seed-head');
  const th = (text) => Object.assign(document.createElement('th'), { scope: 'col', textContent: text });
  head.replaceChildren(th('Seed'), ...result.contestants.map((c) => th(c.name)), th('Live race'));
  const rows = [];
  for (let s = 0; s < result.seeds; s++) {
    const seed = result.firstSeed + s;
    const row = document.createElement('tr');
    row.append(Object.assign(document.createElement('th'), { scope: 'row', textContent: String(seed) }));
    for (const c of result.contestants) {
      const run = c.runs[s];
      row.append(cell('epochs', formatEpochs(run.epochsToTarget), run.epochsToTarget));
    }
    const td = document.createElement('td');
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'text-button small';
    button.textContent = 'Watch';
    button.setAttribute('aria-label', `Watch seed ${seed} in the live race`);
    button.addEventListener('click', () => watchSeed(seed));
    td.append(button);
    row.append(td);
    rows.push(row);
  }
  $('seed-body').replaceChildren(...rows);
}

// ------------------------------------------------------------------ connection

const STATUS_TEXT = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…', closed: 'Disconnected' };

socket = connect({
  hello(hello) {
    limits = hello.limits;
    setup.setServer(hello.presets, limits);
    names = [];
    liveId = -1;
    socket.send('speed', Number($('live-speed').value));
    applyRace();
    document.body.dataset.connected = 'true';
  },
  raceState: onRaceState,
  points(event) {
    points = { sets: event.sets, of: event.of };
    cards.forEach((card, i) => card.heatmap.update({ points: pointsFor(i) }));
  },
  frame: onFrame,
  progress: onProgress,
  result: onResult,
  error(error) {
    if (error.command === 'race') {
      awaitingRace = false;
      repeatAfterRace = false;
      lastSentRace = null;
      setText($('setup-state'), 'Not set up: see the message above.');
    }
    if (error.command === 'repeat') setText($('repeat-state'), 'Not started: see the message above.');
    const control = setup.markInvalid(error.field);
    say(error.message + (control && control.labels && control.labels[0] ? ` (${control.labels[0].textContent})` : ''));
  },
  status(status) {
    setText($('connection-status'), STATUS_TEXT[status] || status);
    if (status !== 'open') document.body.dataset.connected = 'false';
  },
  problem: (message) => say(message),
});
