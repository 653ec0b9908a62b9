// The race's setup form: a preset (exactly the server's default race) or a race the student builds —
// the shared network, the setting under test and 2–4 values of it — plus the finish line (target,
// max epochs, seeds). Turns the form into a race document (docs/protocol.md, "Races") and points at
// the control a server error names. Knows nothing of the socket.

/** One colour per contestant, the same on its card, its curve and its dots (Okabe–Ito, colour-blind safe). */
export const CONTESTANT_COLORS = ['#8e44ad', '#009e73', '#d55e00', '#1f2328'];

const VALUES = {
  activation: [['sigmoid', 'Sigmoid'], ['tanh', 'Tanh'], ['relu', 'ReLU'], ['leakyrelu', 'Leaky ReLU'],
    ['elu', 'ELU'], ['softplus', 'Softplus'], ['linear', 'Linear'], ['sine', 'Sine']],
  init: [['playground', 'TF Playground (±0.5)'], ['xavier', 'Xavier'], ['he', 'He'], ['zero', 'Zero'],
    ['identical', 'Identical']],
  optimizer: [['sgd', 'SGD'], ['momentum', 'Momentum'], ['adam', 'Adam']],
  learningRate: ['0.001', '0.003', '0.01', '0.03', '0.1', '0.3', '1', '3'].map((v) => [v, v]),
  depth: [['0', '0 (inputs straight to the output)'], ['1', '1'], ['2', '2'], ['3', '3'], ['4', '4'], ['5', '5'],
    ['6', '6']],
};
const DEFAULT_VALUES = {
  activation: ['sigmoid', 'tanh', 'relu', 'leakyrelu'],
  init: ['playground', 'xavier', 'he', 'zero'],
  optimizer: ['sgd', 'momentum', 'adam', 'sgd'],
  learningRate: ['0.01', '0.03', '0.1', '0.3'],
  depth: ['1', '2', '3', '4'],
};
const DEFAULT_COUNT = { activation: 4, init: 4, optimizer: 3, learningRate: 4, depth: 4 };
/** The base field each setting replaces (disabled while it is under test). */
const BASE_FIELD = { activation: 'base-activation', init: 'base-init', optimizer: 'base-optimizer',
  learningRate: 'base-learning-rate', depth: 'hidden-layers' };
const ALL_FEATURES = ['x1', 'x2', 'x1sq', 'x2sq', 'x1x2', 'sinx1', 'sinx2'];
/** The link's key (race-link.js) → the form control it sets; the contestants' values come apart. */
const LINK_CONTROLS = { race: 'race-preset', dataset: 'dataset', features: 'features', hidden: 'hidden-layers',
  width: 'width', activation: 'base-activation', init: 'base-init', optimizer: 'base-optimizer',
  lr: 'base-learning-rate', batchSize: 'batch-size', setting: 'setting', target: 'target', maxEpochs: 'max-epochs',
  seeds: 'seeds', firstSeed: 'first-seed' };
const LINK_KEY = Object.fromEntries(Object.entries(LINK_CONTROLS).map(([key, id]) => [id, key]));
const FINISH_LINE = ['target', 'max-epochs', 'seeds', 'first-seed'];
const FEATURE_LABELS = { x1: 'x₁', x2: 'x₂', x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂' };

const $ = (id) => document.getElementById(id);

/** A form value that cannot be sent; `control` is the id of the control to fix. */
export class FormProblem extends Error {
  constructor(message, control) {
    super(message);
    this.control = control;
  }
}

/** A readable line about a race document: who races, on what. */
export function describeRace(race) {
  if (!race) return '';
  const base = race.base || {};
  const names = (race.contestants || []).map((c) => c.name).join(' vs ');
  const network = base.network || {};
  const training = base.training || {};
  const hidden = (network.hidden || []).length ? network.hidden.join('-') : 'none';
  const features = (base.features || []).map((f) => FEATURE_LABELS[f] || f).join(' ');
  return `${names} · ${(base.data || {}).dataset} data · inputs ${features} · hidden ${hidden} · `
    + `${network.activation} · learning rate ${training.learningRate} · batch ${training.batchSize} · `
    + `${String(training.optimizer || 'sgd').toUpperCase()} · target ${race.target}, at most ${race.maxEpochs} epochs`;
}

export function create(form, { onChange }) {
  let presets = {};
  let limits = null;
  const contestantSelects = [0, 1, 2, 3].map((i) => $(`contestant-${i}`));
  const rows = [...form.querySelectorAll('.contestant-row')];

  form.querySelectorAll('.contestant-swatch').forEach((swatch) => {
    swatch.style.background = CONTESTANT_COLORS[Number(swatch.dataset.index)];
  });

  function isCustom() {
    return $('race-preset').value === 'custom';
  }

  function fillValues(setting, keep) {
    const values = VALUES[setting];
    contestantSelects.forEach((select, i) => {
      const previous = keep ? select.value : null;
      select.replaceChildren(...values.map(([value, label]) => new Option(label, value)));
      const wanted = previous && values.some(([v]) => v === previous) ? previous : DEFAULT_VALUES[setting][i];
      select.value = wanted;
    });
  }

  function showSetting() {
    const setting = $('setting').value;
    for (const [name, id] of Object.entries(BASE_FIELD)) {
      $(id).disabled = name === setting;
      $(id).title = name === setting ? 'This is the setting under test: each contestant sets its own.' : '';
    }
    const depth = setting === 'depth';
    $('hidden-layers').closest('.field').hidden = depth;
    $('hidden-layers-hint').hidden = depth;
    $('width').closest('.field').hidden = !depth;
    const count = Number($('contestant-count').value);
    rows.forEach((row, i) => { row.hidden = i >= count; });
  }

  // The finish line follows the preset chosen, but the server's presets (hello, again after every
  // reconnect) must not overwrite what the student or a link set.
  let finishLineSet = false;

  function showMode(fillFinishLine) {
    const custom = isCustom();
    $('custom-base').hidden = !custom;
    $('custom-contestants').hidden = !custom;
    if (!custom && fillFinishLine) {
      const race = presets[$('race-preset').value];
      if (race) {
        $('target').value = race.target;
        $('max-epochs').value = race.maxEpochs;
        $('seeds').value = race.seeds;
        $('first-seed').value = race.base.seed;
      }
    }
    showSummary();
  }

  function showSummary() {
    let text;
    try {
      text = describeRace(document_());
    } catch (e) {
      text = e.message;
    }
    $('preset-summary').textContent = text;
  }

  // A blank or unreadable number is stopped here: sent as null, the server would quietly take its
  // default. Everything else (ranges, whole numbers) is the server's to judge, in its own words.
  const NUMBER_HINTS = {
    'target': 'Target test loss must be a number above 0, e.g. 0.05.',
    'max-epochs': 'Max epochs must be a whole number, e.g. 2000.',
    'seeds': 'Seeds K must be a whole number, e.g. 20.',
    'first-seed': 'First seed must be a whole number, e.g. 1.',
    'batch-size': 'Batch size must be a whole number, e.g. 10.',
    'width': 'Neurons per hidden layer must be a whole number, e.g. 4.',
  };
  const number = (id) => {
    const raw = $(id).value.trim();
    const value = raw === '' ? NaN : Number(raw);
    if (!Number.isFinite(value)) throw new FormProblem(NUMBER_HINTS[id] || `${id} must be a number.`, id);
    return value;
  };

  function hiddenLayers() {
    const raw = $('hidden-layers').value.trim();
    if (raw === '') return [];
    return raw.split(/[\s,;]+/).filter((s) => s !== '').map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  }

  function customBase() {
    return {
      seed: number('first-seed'),
      data: { dataset: $('dataset').value },
      features: $('features').value === 'all' ? ALL_FEATURES.slice() : ['x1', 'x2'],
      network: {
        hidden: hiddenLayers(),
        activation: $('base-activation').value,
        init: $('base-init').value,
      },
      training: {
        learningRate: Number($('base-learning-rate').value),
        batchSize: number('batch-size'),
        optimizer: $('base-optimizer').value,
      },
    };
  }

  function contestant(setting, value) {
    switch (setting) {
      case 'activation': return { name: value, overrides: { network: { activation: value } } };
      case 'init': return { name: value, overrides: { network: { init: value } } };
      case 'optimizer': return { name: value, overrides: { training: { optimizer: value } } };
      case 'learningRate': return { name: `η ${value}`, overrides: { training: { learningRate: Number(value) } } };
      default: {
        const depth = Number(value);
        const width = number('width');
        return { name: `${depth} hidden layer${depth === 1 ? '' : 's'}`,
          overrides: { network: { hidden: new Array(depth).fill(width) } } };
      }
    }
  }

  /** The race document the form describes (a deep copy of the preset, or the custom race). */
  function document_() {
    let race;
    if (isCustom()) {
      const setting = $('setting').value;
      const count = Number($('contestant-count').value);
      const contestants = [];
      const seen = new Map();
      for (let i = 0; i < count; i++) {
        const c = contestant(setting, contestantSelects[i].value);
        // The same setting twice is a fair question (do identical networks tie?); names must differ.
        const n = (seen.get(c.name) || 0) + 1;
        seen.set(c.name, n);
        if (n > 1) c.name = `${c.name} (${n})`;
        contestants.push(c);
      }
      race = { base: customBase(), contestants, evalEvery: 1 };
    } else {
      const preset = presets[$('race-preset').value];
      if (!preset) throw new Error('Waiting for the server…');
      race = JSON.parse(JSON.stringify(preset));
      race.base.seed = number('first-seed');
    }
    race.target = number('target');
    race.maxEpochs = number('max-epochs');
    race.seeds = number('seeds');
    return race;
  }

  /** The form control a server error's field names ("race.contestants[2].overrides…" → contestant 3). */
  function controlFor(field) {
    if (!field) return null;
    const contestantMatch = /^race\.contestants\[(\d+)\]/.exec(field);
    if (contestantMatch) return isCustom() ? contestantSelects[Number(contestantMatch[1])] : $('race-preset');
    const rules = [
      ['race.target', 'target'], ['race.maxEpochs', 'max-epochs'], ['race.seeds', 'seeds'],
      ['race.base.seed', 'first-seed'], ['race.base.data', 'dataset'], ['race.base.features', 'features'],
      ['race.base.network.hidden', $('setting').value === 'depth' ? 'width' : 'hidden-layers'],
      ['race.base.network.activation', 'base-activation'], ['race.base.network.init', 'base-init'],
      ['race.base.training.learningRate', 'base-learning-rate'], ['race.base.training.batchSize', 'batch-size'],
      ['race.base.training.optimizer', 'base-optimizer'], ['seed', 'live-seed'], ['epochsPerSecond', 'live-speed'],
    ];
    for (const [prefix, id] of rules) {
      if (field === prefix || field.startsWith(`${prefix}.`) || field.startsWith(`${prefix}[`)) {
        const control = $(id);
        return control && !control.closest('[hidden]') ? control : $('race-preset');
      }
    }
    return field.startsWith('race') ? $('race-preset') : null;
  }

  function clearInvalid() {
    form.querySelectorAll('[aria-invalid="true"]').forEach((el) => el.removeAttribute('aria-invalid'));
    $('live-seed').removeAttribute('aria-invalid');
  }

  function markInvalid(field) {
    const control = field instanceof FormProblem ? $(field.control) : controlFor(field);
    if (control) control.setAttribute('aria-invalid', 'true');
    return control;
  }

  form.addEventListener('change', (event) => {
    if (event.target.id === 'setting') {
      $('contestant-count').value = String(DEFAULT_COUNT[event.target.value]);
      fillValues(event.target.value, false);
    }
    if (event.target.id === 'race-preset') showMode(true);
    if (FINISH_LINE.includes(event.target.id)) finishLineSet = true;
    showSetting();
    showSummary();
    onChange();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onChange();
  });

  fillValues($('setting').value, false);
  showSetting();
  showMode(false);

  // ---- the setup as the link carries it (race-link.js): form values as text, by link key

  const selectValues = (id) => [...$(id).options].map((o) => o.value);
  const choices = {
    race: selectValues('race-preset'), dataset: selectValues('dataset'), activation: selectValues('base-activation'),
    init: selectValues('base-init'), optimizer: selectValues('base-optimizer'), lr: selectValues('base-learning-rate'),
    setting: selectValues('setting'),
    values: Object.fromEntries(Object.entries(VALUES).map(([setting, values]) => [setting, values.map(([v]) => v)])),
  };

  function readSetup() {
    const setup = {};
    for (const [key, id] of Object.entries(LINK_CONTROLS)) setup[key] = $(id).value.trim();
    setup.values = contestantSelects.slice(0, Number($('contestant-count').value)).map((select) => select.value);
    return setup;
  }

  // What the page's markup shows (not what the browser may have restored into the form on a
  // reload): the fallback for a value a link gets wrong.
  const defaultValues = (setting) => DEFAULT_VALUES[setting].slice(0, DEFAULT_COUNT[setting]);
  const markupValue = (control) => (control instanceof HTMLSelectElement
    ? ([...control.options].find((o) => o.defaultSelected) || control.options[0]).value
    : control.defaultValue).trim();
  const defaults = Object.fromEntries(Object.entries(LINK_CONTROLS).map(([key, id]) => [key, markupValue($(id))]));
  defaults.values = defaultValues(defaults.setting);

  /** Fills the form from a setup read by race-link.decode (only the fields it has). */
  function applySetup(setup) {
    for (const [key, id] of Object.entries(LINK_CONTROLS)) {
      if (setup[key] !== undefined && key !== 'setting') $(id).value = setup[key];
    }
    if (setup.setting !== undefined && setup.setting !== $('setting').value) {
      $('setting').value = setup.setting;
      $('contestant-count').value = String(DEFAULT_COUNT[setup.setting]);
      fillValues(setup.setting, false);
    }
    if (setup.values) {
      $('contestant-count').value = String(setup.values.length);
      setup.values.forEach((value, i) => { contestantSelects[i].value = value; });
    }
    if (FINISH_LINE.some((id) => setup[LINK_KEY[id]] !== undefined)) finishLineSet = true;
    clearInvalid();
    showSetting();
    showMode(false);
  }

  return {
    /** The form as the link carries it ({race, dataset, …, values: [...], target, …}: text). */
    readSetup,
    applySetup,
    /** What each select offers, for reading a link. */
    choices: () => choices,
    /** The form's values as the page opens, by link key. */
    defaults: () => ({ ...defaults, values: defaults.values.slice() }),
    /** The contestants a setting starts with. */
    defaultValues,
    /** The server's presets (exactly its default races) and limits, from hello. */
    setServer(serverPresets, serverLimits) {
      presets = serverPresets || {};
      limits = serverLimits;
      if (limits) {
        $('max-epochs').max = String(limits.maxEpochs);
        $('seeds').max = String(limits.maxSeeds);
      }
      showMode(!finishLineSet);
    },
    /** The race document, or throws an Error saying what is missing. */
    raceDocument: document_,
    seeds: () => Number($('seeds').value),
    markInvalid,
    clearInvalid,
    describe: describeRace,
  };
}
