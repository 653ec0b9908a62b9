// The race page's setup in its URL, so that a link reproduces the race (and, races being
// deterministic for a seed, its numbers):
//   #race=custom&dataset=circle&features=x1,x2&hidden=4,2&width=4&activation=tanh&init=playground
//    &optimizer=sgd&lr=0.03&batchSize=10&setting=learningRate&values=0.01,0.03,0.1,0.3
//    &target=0.05&maxEpochs=2000&seeds=20&firstSeed=1&liveSeed=3
// A preset race (circle, spiral) needs only race, the finish line and the live seed; the custom
// race's fields ride along anyway, so the form comes back exactly as it was. Keys are the
// playground's where they mean the same (dataset, hidden, activation, init, optimizer, lr,
// batchSize). Pure functions: race-setup.js reads and fills the form, race-app.js decides when.
//
// Reading a link is forgiving: a key it does not know is ignored, a value out of range falls back
// to that field's default, and every such problem is a sentence naming the field, the value and
// what is allowed. The server checks the race again when the page sends it.

/** The largest seed a browser keeps exact (2^53 − 1), as the server allows. */
export const MAX_SEED = 9007199254740991;

/**
 * The server's default limits (protocol.RaceLimits, engine.NetworkLimits, training batch size); a
 * server with smaller ones still refuses a larger race in its own words when the page sends it.
 */
export const LIMITS = { maxEpochs: 20000, maxSeeds: 100, maxHiddenLayers: 10, maxNeuronsPerLayer: 64, maxBatchSize: 1000 };

const ALL_FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];

// hash key → { label (as the form names it), kind }; the order is the order written.
const FIELDS = [
  ['race', { label: 'Race', kind: 'choice' }],
  ['dataset', { label: 'Data', kind: 'choice' }],
  ['features', { label: 'Inputs', kind: 'features' }],
  ['hidden', { label: 'Hidden layers', kind: 'hidden' }],
  ['width', { label: 'Neurons per hidden layer', kind: 'int', min: 1, max: 'maxNeuronsPerLayer' }],
  ['activation', { label: 'Activation', kind: 'choice' }],
  ['init', { label: 'Initialisation', kind: 'choice' }],
  ['optimizer', { label: 'Optimizer', kind: 'choice' }],
  ['lr', { label: 'Learning rate', kind: 'choice', numeric: true }],
  ['batchSize', { label: 'Batch size', kind: 'int', min: 1, max: 'maxBatchSize' }],
  ['setting', { label: 'Setting under test', kind: 'choice' }],
  ['values', { label: 'Contestants', kind: 'values' }],
  ['target', { label: 'Target test loss', kind: 'target' }],
  ['maxEpochs', { label: 'Max epochs', kind: 'int', min: 1, max: 'maxEpochs' }],
  ['seeds', { label: 'Seeds K', kind: 'int', min: 1, max: 'maxSeeds' }],
  ['firstSeed', { label: 'First seed', kind: 'int', min: 0, max: MAX_SEED }],
  ['liveSeed', { label: 'Live race seed', kind: 'int', min: 0, max: MAX_SEED }],
];
const BY_KEY = new Map(FIELDS);

/**
 * The hash (without '#') for a setup: { race, dataset, features ('x1x2' | 'all'), hidden (text,
 * e.g. "4, 2"), width, activation, init, optimizer, lr, batchSize, setting, values: [...], target,
 * maxEpochs, seeds, firstSeed, liveSeed } — strings as the form holds them; absent fields are left out.
 */
export function encode(setup) {
  const parts = [];
  for (const [key] of FIELDS) {
    let value = setup[key];
    if (value === undefined || value === null) continue;
    if (key === 'features') value = value === 'all' ? 'all' : 'x1,x2';
    else if (key === 'hidden') value = splitList(String(value)).join(',');
    else if (key === 'values') value = value.map(String).join(',');
    else value = String(value).trim();
    parts.push(`${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`);
  }
  return parts.join('&');
}

/**
 * Reads a hash against what the form offers. `choices`: { race, dataset, activation, init,
 * optimizer, lr, setting: [values], values: { setting: [values] } }; `defaults`: { field: the
 * form's default, for the messages; valuesFor(setting): the contestants a setting starts with }.
 * Returns { setup: the fields that were valid (as encode takes them), problems: [{ field,
 * message }] }. Never throws.
 */
export function decode(hash, choices, defaults = {}, limits = LIMITS) {
  const text = String(hash || '').replace(/^#/, '');
  const setup = {};
  const problems = [];
  if (!text.trim()) return { setup, problems };
  const raw = new Map();
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeSafe(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? null : decodeSafe(part.slice(eq + 1));
    if (!BY_KEY.has(key)) {
      problems.push({ field: key, message: `The link's “${shorten(key)}” is not a race setting; it was ignored.` });
      continue;
    }
    raw.set(key, value);
  }
  const defaultOf = (key) => (key === 'values' && defaults.valuesFor
    ? defaults.valuesFor(setup.setting || defaults.setting) : defaults[key]);
  const fallback = (key) => (defaultOf(key) === undefined ? '' : ` The default (${show(defaultOf(key))}) is used.`);
  const refuse = (key, value, allowed) => {
    const { label } = BY_KEY.get(key);
    const shown = value === null ? `“${key}” has no value` : `${key}=${shorten(value)} is not allowed`;
    problems.push({ field: key, message: `The link's ${shown}: ${label} must be ${allowed}.${fallback(key)}` });
  };

  for (const [key, spec] of FIELDS) {
    if (!raw.has(key) || key === 'values') continue;
    const value = raw.get(key);
    const read = readValue(key, spec, value, choices, limits);
    if (read.ok) setup[key] = read.value;
    else refuse(key, value, read.allowed);
  }
  // The contestants' values depend on the setting under test (the link's, if valid, else the form's).
  if (raw.has('values')) {
    const setting = setup.setting || defaults.setting || 'activation';
    const allowed = (choices.values && choices.values[setting]) || [];
    const value = raw.get('values');
    const items = value === null ? [] : value.split(',').map((v) => v.trim());
    const matched = items.map((v) => match(v, allowed, setting === 'learningRate' || setting === 'depth'));
    if (items.length >= 2 && items.length <= 4 && matched.every((v) => v !== undefined)) {
      setup.values = matched;
    } else {
      refuse('values', value, `2 to 4 values of ${setting}, separated by commas, each one of ${allowed.join(', ')}`);
    }
  }
  return { setup, problems };
}

function readValue(key, spec, value, choices, limits) {
  const bound = (b) => (typeof b === 'string' ? limits[b] : b);
  switch (spec.kind) {
    case 'choice': {
      const allowed = choices[key] || [];
      const found = value === null ? undefined : match(value.trim(), allowed, spec.numeric);
      return found !== undefined ? { ok: true, value: found } : { ok: false, allowed: `one of ${allowed.join(', ')}` };
    }
    case 'int': {
      const min = bound(spec.min);
      const max = bound(spec.max);
      const n = value === null || value.trim() === '' ? NaN : Number(value);
      return Number.isInteger(n) && n >= min && n <= max ? { ok: true, value: String(n) }
        : { ok: false, allowed: `a whole number in [${min}, ${max}]` };
    }
    case 'target': {
      const n = value === null || value.trim() === '' ? NaN : Number(value);
      return Number.isFinite(n) && n > 0 ? { ok: true, value: String(n) }
        : { ok: false, allowed: 'a number above 0, e.g. 0.05' };
    }
    case 'features': {
      const v = value === null ? '' : value.replace(/\s/g, '');
      if (v === 'all' || v === ALL_FEATURES.join(',')) return { ok: true, value: 'all' };
      if (v === 'x1,x2' || v === 'x1x2') return { ok: true, value: 'x1x2' };
      return { ok: false, allowed: '“x1,x2” or “all” (all seven features)' };
    }
    case 'hidden': {
      const allowed = `0 to ${limits.maxHiddenLayers} layer sizes separated by commas, each a whole number in`
        + ` [1, ${limits.maxNeuronsPerLayer}], e.g. 4,2 (empty for none)`;
      if (value === null) return { ok: false, allowed };
      const sizes = splitList(value).map(Number);
      const ok = sizes.length <= limits.maxHiddenLayers
        && sizes.every((n) => Number.isInteger(n) && n >= 1 && n <= limits.maxNeuronsPerLayer);
      return ok ? { ok: true, value: sizes.join(', ') } : { ok: false, allowed };
    }
    default:
      return { ok: false, allowed: 'known' };
  }
}

/** The allowed value `text` names (numbers compared as numbers: 0.030 is 0.03), or undefined. */
function match(text, allowed, numeric) {
  if (allowed.includes(text)) return text;
  if (numeric && text !== '' && Number.isFinite(Number(text))) {
    return allowed.find((a) => Number(a) === Number(text));
  }
  return undefined;
}

function splitList(text) {
  return text.split(/[\s,;]+/).filter((s) => s !== '');
}

function decodeSafe(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    return text;
  }
}

const shorten = (text) => (text.length > 40 ? `${text.slice(0, 40)}…` : text);
const show = (value) => (Array.isArray(value) ? value.join(', ') : value === '' ? 'none' : String(value));

/** One sentence per problem, for the page's message banner. */
export function describeProblems(problems) {
  if (!problems.length) return '';
  return ['This link could not be used exactly as it is:', ...problems.map((p) => `• ${p.message}`)].join('\n');
}
