// The race page's glue: the setup form, the live race (cards with maps, one loss chart) and the repeat
// over seeds (progress, statistics, distribution, seed table), kept live over the race socket. Maps
// are painted once per animation frame, from the latest frame only; curve points are taken from
// every frame (the server sends each one once).
//
// What the student built outlives the tab's moments: the setup is in the URL's hash (race-link.js),
// so a link reproduces the race; the last finished repeat is kept in sessionStorage
// (race-saved-result.js) and shown again after a reload or a reconnect, for the same race only; a
// hidden tab pauses the live race (and resumes it on return, if it was the page that paused it),
// while a repeat over seeds — a job the student asked for — runs on.

import { connect } from './race-socket.js';
import { create as createSetup, CONTESTANT_COLORS, FormProblem } from './race-setup.js';
import { create as createChart } from './race-chart.js';
import { create as createDistribution, formatEpochs } from './race-distribution.js';
import { create as createHeatmap } from './heatmap.js';
import { outputScale } from './scales.js';
import { encode as encodeLink, decode as decodeLink, describeProblems } from './race-link.js';
import * as savedResult from './race-saved-result.js';

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
  $('messages').dataset.kind = recent.some((m) => m.kind === 'error' || m.kind === 'link') ? 'error' : 'info';
  $('messages').hidden = recent.length === 0;
}
function say(text, kind = 'error') {
  const last = recent[recent.length - 1];
  if (last && last.text === text) return;
  recent.push({ text, kind });
  if (recent.length > 3) recent.shift();
  showMessages();
}
/** Clears the messages; a link's problems stay until dismissed (a race set right after must not hide them). */
function clearMessages(all = false) {
  const kept = all ? [] : recent.filter((m) => m.kind === 'link');
  recent.length = 0;
  recent.push(...kept);
  showMessages();
}
$('dismiss-message').addEventListener('click', () => clearMessages(true));

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
let repeatRace = null; // the JSON of the race the last repeat was asked for
let wantedLiveSeed = null; // a live seed to restore (from a link, or the one before a reconnect)
let pausedByHiding = false; // the liveId of the live race the page paused when the tab was hidden, else false
let lostRepeat = false; // the socket dropped while a repeat was going (the server stopped it)
let linkedSetup = null; // the form's fields as last sent in a race: what the link carries

const setup = createSetup($('race-form'), { onChange: () => applyRace() });
const chart = createChart($('race-chart'));
const distribution = createDistribution($('distribution'), { onPick: (seed) => watchSeed(seed) });

/**
 * Sends the form's race; false when the form has a value that cannot be sent. A `restore` (the
 * page opening, a reconnect, a new hash) also brings the live race back to the seed it was on.
 */
function applyRace({ restore = false } = {}) {
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
  pausedByHiding = false;
  setText($('setup-state'), 'Setting up…');
  socket.send('race', race);
  // A new race starts its live race on the first seed; a restored one goes back to its seed.
  if (!restore || wantedLiveSeed === race.base.seed) wantedLiveSeed = null;
  if (wantedLiveSeed != null) socket.send('seed', wantedLiveSeed);
  linkedSetup = setup.readSetup();
  writeLink();
  return true;
}

// ------------------------------------------------------------------ the link (URL hash)

/** The live race's seed as the link should carry it: the one being restored, else the server's. */
function liveSeedForLink() {
  if (wantedLiveSeed != null) return wantedLiveSeed;
  return liveState && !awaitingRace ? liveState.seed : null;
}

/** Puts the setup of the race last set into the URL (no new history entry) and the link field. */
function writeLink() {
  if (!linkedSetup) return;
  const fields = { ...linkedSetup };
  const seed = liveSeedForLink();
  if (seed != null) fields.liveSeed = seed;
  const hash = `#${encodeLink(fields)}`;
  if (window.location.hash !== hash) {
    window.history.replaceState(window.history.state, '', hash);
    setText($('copy-state'), ''); // a confirmation was about the link before
  }
  $('race-link').value = window.location.href;
}

/**
 * Fills the form from the URL's hash: a link is the whole setup, so a field it lacks or gets wrong
 * takes its default (a wrong one is named in the banner). Without a hash the form stays as it is.
 */
function readLink() {
  const defaults = { ...setup.defaults(), valuesFor: setup.defaultValues, liveSeed: 'the first seed' };
  const { setup: fromLink, problems } = decodeLink(window.location.hash, setup.choices(), defaults);
  if (window.location.hash.replace(/^#/, '') !== '') {
    const whole = { ...setup.defaults(), ...fromLink };
    if (!fromLink.values) whole.values = setup.defaultValues(whole.setting);
    setup.applySetup(whole);
  }
  wantedLiveSeed = fromLink.liveSeed !== undefined ? Number(fromLink.liveSeed) : null;
  if (wantedLiveSeed != null) $('live-seed').value = fromLink.liveSeed;
  recent.splice(0, recent.length, ...recent.filter((m) => m.kind !== 'link'));
  if (problems.length) say(describeProblems(problems), 'link');
  else showMessages();
  $('race-link').value = window.location.href;
}

function copied(text) {
  setText($('copy-state'), text);
}

async function copyLink() {
  writeLink();
  const field = $('race-link');
  if (!field.value) field.value = window.location.href;
  const link = field.value;
  try {
    if (!navigator.clipboard || !navigator.clipboard.writeText) throw new Error('no clipboard');
    await navigator.clipboard.writeText(link);
    copied('Link copied to the clipboard.');
    return;
  } catch (e) {
    // No clipboard API (an insecure origin, an old browser) or no permission: the field instead.
  }
  field.focus();
  field.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch (e) {
    done = false;
  }
  copied(done ? 'Link copied to the clipboard.'
    : 'The link is selected in the field: press Ctrl+C (⌘C on a Mac) to copy it.');
}
$('copy-link').addEventListener('click', copyLink);
$('race-link').addEventListener('focus', () => $('race-link').select());

// A link opened in this tab, or a hash typed in the address bar (replaceState fires no hashchange).
window.addEventListener('hashchange', () => {
  readLink();
  if (socket && socket.isOpen() && limits) applyRace({ restore: true });
});

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
    delete document.body.dataset.repeat;
    setText($('repeat-state'), lostRepeat ? 'The connection dropped and the repeat over seeds stopped with it:'
      + ' run it again.' : 'Not run yet for this race');
    lostRepeat = false;
    if (repeatAfterRace) {
      repeatAfterRace = false;
      sendRepeat();
    } else {
      // This very race ran over its seeds earlier in this tab: show that, without running it again.
      const stored = savedResult.load(lastSentRace);
      if (stored) showStoredResult(stored);
    }
  } else {
    wantedLiveSeed = null; // the seed a restore asked for is in place (or was refused)
  }
  writeLink();
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
  pausedByHiding = false;
  $('live-seed').value = String(seed);
  socket.send('seed', seed);
  socket.send('play');
  $('live-title').scrollIntoView({ behavior: 'smooth', block: 'start' });
  $('live-play').focus({ preventScroll: true });
}

$('live-play').addEventListener('click', () => {
  pausedByHiding = false;
  const state = $('live-play').dataset.state;
  if (state === 'finished') {
    socket.send('reset');
    socket.send('play');
  } else {
    socket.send(state === 'running' ? 'pause' : 'play');
  }
});
$('live-reset').addEventListener('click', () => {
  pausedByHiding = false;
  socket.send('reset');
});
function loadSeed() {
  const raw = $('live-seed').value.trim();
  const seed = raw === '' ? NaN : Number(raw);
  if (!Number.isInteger(seed) || seed < 0) {
    $('live-seed').setAttribute('aria-invalid', 'true');
    say('Seed must be a whole number, 0 or more, e.g. 1.');
    return;
  }
  $('live-seed').removeAttribute('aria-invalid');
  pausedByHiding = false;
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

// ------------------------------------------------------------------ a hidden tab

// Nobody watches a hidden tab's live race, and it would keep the server's workers busy for nothing:
// pause it, and play it again on return only if the page (not the student) paused it. A repeat
// over seeds is a job the student asked for: it runs on, and its progress is there on return.
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') {
    if (liveState && liveState.running && !awaitingRace && socket.send('pause')) {
      pausedByHiding = liveState.liveId;
      document.body.dataset.pausedByHiding = 'true';
    }
    return;
  }
  const resume = pausedByHiding !== false && liveState && liveState.liveId === pausedByHiding
    && !liveState.running && !liveState.finished;
  pausedByHiding = false;
  delete document.body.dataset.pausedByHiding;
  if (resume) socket.send('play');
});

// ------------------------------------------------------------------ the repeat over seeds

/** Asks the server to repeat the race last set over its seeds. */
function sendRepeat() {
  if (socket.send('repeat')) repeatRace = lastSentRace;
}

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
    sendRepeat();
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
  if (result.job !== currentJob || !repeatRace) return;
  // Kept for the race it was asked for, which a newer race (already sent) may have replaced.
  const bytes = savedResult.save(repeatRace, result);
  document.body.dataset.savedResultBytes = String(bytes);
  if (repeatRace !== lastSentRace || awaitingRace) return;
  showResult(result, 0);
  $('repeat-results').removeAttribute('data-restored');
  $('restored-note').hidden = true;
  document.body.dataset.resultJob = String(result.job);
}

function showResult(result, reference) {
  lastResult = result;
  const select = $('ratio-reference');
  select.replaceChildren(...result.contestants.map((c, i) => new Option(c.name, String(i))));
  select.value = String(reference < result.contestants.length ? reference : 0);
  renderResult();
  $('repeat-results').hidden = false;
  delete $('repeat-results').dataset.stale;
}

const clock = (time) => new Date(time).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** A repeat of this race from earlier in this tab, shown as such: nothing runs on the server. */
function showStoredResult({ result, savedAt, reference }) {
  showResult(result, reference);
  const at = clock(savedAt || Date.now());
  $('repeat-results').dataset.restored = 'true';
  const runs = result.contestants.length * result.seeds;
  setText($('restored-note'), `These results are from earlier in this tab (${at}): this race's`
    + ` ${runs} runs, kept in the tab so that a reload does not lose them — nothing was run again.`
    + ` “Run over ${result.seeds} seed${result.seeds === 1 ? '' : 's'}” runs it again on the server.`);
  $('restored-note').hidden = false;
  $('repeat-progress').max = Math.max(1, runs);
  $('repeat-progress').value = runs;
  setText($('repeat-state'), `Results from earlier in this tab (${at}): ${runs} runs`);
  document.body.dataset.repeat = 'restored';
}

$('ratio-reference').addEventListener('change', () => {
  renderResult();
  if (lastResult) savedResult.saveReference(lastSentRace, Number($('ratio-reference').value) || 0);
});

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

readLink();
socket = connect({
  hello(hello) {
    limits = hello.limits;
    setup.setServer(hello.presets, limits);
    names = [];
    liveId = -1;
    socket.send('speed', Number($('live-speed').value));
    applyRace({ restore: true });
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
    if (error.command === 'seed') wantedLiveSeed = null;
    const control = setup.markInvalid(error.field);
    say(error.message + (control && control.labels && control.labels[0] ? ` (${control.labels[0].textContent})` : ''));
  },
  status(status) {
    setText($('connection-status'), STATUS_TEXT[status] || status);
    if (status !== 'open' && document.body.dataset.connected === 'true') {
      // The server's race session went with the socket: the next one restores the race and its
      // live seed; a repeat that was going is lost (a finished one is kept in the tab).
      document.body.dataset.connected = 'false';
      if (liveState && !awaitingRace && wantedLiveSeed == null) wantedLiveSeed = liveState.seed;
      const repeat = document.body.dataset.repeat;
      lostRepeat = repeat === 'queued' || repeat === 'running';
      pausedByHiding = false;
    }
  },
  problem: (message) => say(message),
});
