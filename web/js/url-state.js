// The whole experiment config in the page's URL, TensorFlow Playground style:
//   #seed=42&dataset=spiral&noise=10&features=x1,x2&hidden=8,8&activation=relu&lr=0.03&...
// Every config field (docs/config.md) has a key, so copying the URL and opening it elsewhere gives the
// same data and the same initial weights. Two view settings ride along (showTestData, discretize).
// Pure functions plus readUrl/writeUrl; the app decides when to call them.

const int = 'int', num = 'num', str = 'str', list = 'list', ints = 'ints', bool = 'bool';

// hash key → [path in the config, type]; the order is the order written.
const FIELDS = [
  ['seed', ['seed'], int],
  ['dataset', ['data', 'dataset'], str],
  ['samples', ['data', 'samples'], int],
  ['noise', ['data', 'noise'], num],
  ['trainFraction', ['data', 'trainFraction'], num],
  ['shuffle', ['data', 'shuffle'], str],
  ['features', ['features'], list],
  ['noiseFeatures', ['noiseFeatures'], int],
  ['hidden', ['network', 'hidden'], ints],
  ['activation', ['network', 'activation'], str],
  ['activations', ['network', 'activations'], list],
  ['leakySlope', ['network', 'leakySlope'], num],
  ['eluAlpha', ['network', 'eluAlpha'], num],
  ['output', ['network', 'output'], str],
  ['loss', ['network', 'loss'], str],
  ['init', ['network', 'init'], str],
  ['initConstant', ['network', 'initConstant'], num],
  ['lr', ['training', 'learningRate'], num],
  ['batchSize', ['training', 'batchSize'], int],
  ['regularization', ['training', 'regularization'], str],
  ['regularizationRate', ['training', 'regularizationRate'], num],
  ['optimizer', ['training', 'optimizer'], str],
  ['momentum', ['training', 'momentum'], num],
  ['beta1', ['training', 'beta1'], num],
  ['beta2', ['training', 'beta2'], num],
];
const VIEW_FIELDS = [['showTestData', bool], ['discretize', bool]];

/** The documented defaults (docs/config.md); `{}` means exactly this. */
export function defaultConfig(dataset = 'circle') {
  return {
    seed: 1,
    data: { dataset, samples: defaultSamples(dataset), noise: 0, trainFraction: 0.5, shuffle: 'once' },
    features: ['x1', 'x2'],
    noiseFeatures: 0,
    network: { hidden: [4, 2], activation: 'tanh', leakySlope: 0.1, eluAlpha: 1, init: 'playground', initConstant: 0.5 },
    training: { learningRate: 0.03, batchSize: 10, regularization: 'none', regularizationRate: 0, optimizer: 'sgd',
      momentum: 0.9, beta1: 0.9, beta2: 0.999 },
  };
}

/** TF Playground's point counts: 1200 for the regression sets, 500 otherwise. */
export const defaultSamples = (dataset) => (dataset === 'plane' || dataset === 'multigauss' ? 1200 : 500);

const get = (object, path) => path.reduce((o, k) => (o == null ? undefined : o[k]), object);
function set(object, path, value) {
  let o = object;
  for (let i = 0; i < path.length - 1; i++) o = o[path[i]] || (o[path[i]] = {});
  o[path[path.length - 1]] = value;
}

const encodeList = (values) => values.map((v) => encodeURIComponent(String(v))).join(',');

/** The hash (without '#') for a config and the view settings. */
export function configToHash(config, view = {}) {
  const parts = [];
  for (const [key, path, type] of FIELDS) {
    const value = get(config, path);
    if (value === undefined || value === null) continue;
    const text = type === list || type === ints ? encodeList(value) : encodeURIComponent(String(value));
    parts.push(`${key}=${text}`);
  }
  for (const [key] of VIEW_FIELDS) {
    if (view[key] !== undefined) parts.push(`${key}=${view[key] ? 'true' : 'false'}`);
  }
  return parts.join('&');
}

/**
 * Reads a hash. Returns { config: a partial config (only the fields present) or null when the hash names
 * none, view: {showTestData?, discretize?}, problems: [sentences about keys or values it could not read] }.
 */
export function hashToState(hash) {
  const text = (hash || '').replace(/^#/, '');
  const problems = [];
  const view = {};
  let config = null;
  if (!text) return { config, view, problems };
  const byKey = new Map(FIELDS.map((f) => [f[0], f]));
  const viewKeys = new Map(VIEW_FIELDS);
  for (const part of text.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decodeSafe(eq < 0 ? part : part.slice(0, eq));
    const raw = eq < 0 ? '' : part.slice(eq + 1);
    if (viewKeys.has(key)) {
      view[key] = raw === 'true' || raw === '1';
      continue;
    }
    const field = byKey.get(key);
    if (!field) {
      problems.push(`The link's setting “${key}” is not known here; it was ignored.`);
      continue;
    }
    const [, path, type] = field;
    const value = parseValue(raw, type);
    if (value === undefined) {
      problems.push(`The link's ${key}=${decodeSafe(raw)} is not a valid value; the default is used.`);
      continue;
    }
    if (!config) config = {};
    set(config, path, value);
  }
  return { config, view, problems };
}

function decodeSafe(text) {
  try {
    return decodeURIComponent(text);
  } catch (e) {
    return text;
  }
}

function parseValue(raw, type) {
  const text = decodeSafe(raw);
  switch (type) {
    case int:
    case num: {
      if (text.trim() === '') return undefined;
      const n = Number(text);
      if (!Number.isFinite(n)) return undefined;
      return n;
    }
    case str: return text === '' ? undefined : text;
    case list: return raw === '' ? [] : raw.split(',').map(decodeSafe);
    case ints: {
      if (raw === '') return [];
      const values = raw.split(',').map((v) => Number(decodeSafe(v)));
      return values.every(Number.isFinite) ? values : undefined;
    }
    default: return undefined;
  }
}

/** A partial config completed with the documented defaults (the way the server reads `{}`). */
export function withDefaults(partial) {
  const dataset = get(partial, ['data', 'dataset']) || 'circle';
  const full = defaultConfig(dataset);
  for (const [, path] of FIELDS) {
    const value = get(partial, path);
    if (value !== undefined && value !== null) set(full, path, Array.isArray(value) ? value.slice() : value);
  }
  return full;
}

const CASE_INSENSITIVE = new Set(['activation', 'output', 'loss', 'init', 'regularization', 'optimizer']);

/** Whether two configs describe the same experiment (after defaults; ids compared as the server reads them). */
export function sameConfig(a, b) {
  return canonical(withDefaults(a)) === canonical(withDefaults(b));
}

function canonical(config) {
  const values = FIELDS.map(([key, path]) => {
    let v = get(config, path);
    if (typeof v === 'string' && CASE_INSENSITIVE.has(key)) v = v.toLowerCase().replace(/[-_]/g, '');
    if (key === 'activations' && Array.isArray(v)) v = v.map((s) => String(s).toLowerCase().replace(/[-_]/g, ''));
    return v === undefined ? null : v;
  });
  return JSON.stringify(values);
}

/** The state in the current URL. */
export function readUrl() {
  return hashToState(window.location.hash);
}

/** Puts the config (and view settings) into the URL without a new history entry. */
export function writeUrl(config, view) {
  const hash = '#' + configToHash(config, view);
  if (window.location.hash !== hash) {
    window.history.replaceState(window.history.state, '', hash);
  }
  return window.location.href;
}
