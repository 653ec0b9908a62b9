// Every control of the playground, live. The markup is the server's (PlaygroundPage: native, labelled
// form elements); this module binds it. A change builds the next experiment config from the current one
// (never from every control's displayed value, so a value a control cannot show exactly — a URL's
// trainFraction of 0.33 — survives other changes), keeps output and loss coupled to the data, and hands
// it to `actions.configure`. The server's `state` then brings the canonical config back through sync().

import { FEATURE_LABELS, HIDDEN_ACTIVATIONS } from './diagram.js';
import { defaultSamples } from './url-state.js';

export const DATASET_TASK = {
  circle: 'classification', xor: 'classification', gauss: 'classification', spiral: 'classification',
  moons: 'classification', checkerboard: 'classification', plane: 'regression', multigauss: 'regression',
  spiral3: 'multiclass',
};
export const FEATURE_IDS = Object.keys(FEATURE_LABELS);

// A config field path (as the server's errors name it) → the id of the control that sets it.
const FIELD_CONTROLS = {
  seed: 'seed', 'data.dataset': 'dataset', 'data.samples': 'samples', 'data.noise': 'noise',
  'data.trainFraction': 'train-fraction', 'data.shuffle': 'shuffle', noiseFeatures: 'noise-features',
  'network.activation': 'activation',
  'network.leakySlope': 'leaky-slope', 'network.eluAlpha': 'elu-alpha', 'network.output': 'output-activation',
  'network.loss': 'loss', 'network.init': 'init', 'network.initConstant': 'init-constant',
  'training.learningRate': 'learning-rate', 'training.batchSize': 'batch-size',
  'training.regularization': 'regularization', 'training.regularizationRate': 'regularization-rate',
  'training.optimizer': 'optimizer', 'training.momentum': 'momentum', 'training.beta1': 'beta1',
  'training.beta2': 'beta2',
};

const clone = (o) => JSON.parse(JSON.stringify(o));

/** The output activation the server picks when the config leaves it out. */
export function automaticOutput(task) {
  return task === 'multiclass' ? 'softmax' : task === 'regression' ? 'linear' : 'tanh';
}

/** Drops an output or loss that no longer suits the task (back to the automatic choice). */
export function coupleOutputAndLoss(config, task) {
  const network = config.network || (config.network = {});
  if (network.output === 'softmax' && task !== 'multiclass') delete network.output;
  const output = network.output || automaticOutput(task);
  if (network.loss === 'crossentropy' && output !== 'softmax') delete network.loss;
  if (network.loss === 'bce' && (output !== 'sigmoid' || task === 'regression')) delete network.loss;
  if (network.loss === 'squared' && output === 'softmax') delete network.loss;
  if (Array.isArray(network.activations)) {
    const hidden = network.hidden || [];
    while (network.activations.length < hidden.length) network.activations.push(network.activation || 'tanh');
    network.activations.length = hidden.length;
    if (hidden.length === 0) delete network.activations;
  }
  return config;
}

export function create(doc, actions) {
  const $ = (id) => doc.getElementById(id);
  let config = null; // what the server last confirmed, or what we last asked for
  let confirmed = null; // what the server last confirmed
  let task = 'classification';
  let limits = { maxHiddenLayers: 10, maxNeuronsPerLayer: 64 };
  let running = false;
  const invalid = new Set();
  const complaints = new Map(); // control id → the message shown about its value

  // ---------------------------------------------------------------- config changes

  function change(mutate) {
    if (!config) {
      actions.problem('Not connected to the server yet; the change was not sent.');
      return;
    }
    const next = clone(config);
    const nextTask = mutate(next) || task;
    coupleOutputAndLoss(next, nextTask);
    if (JSON.stringify(next) === JSON.stringify(config)) return; // nothing changed (e.g. at a limit)
    config = next;
    actions.configure(next);
  }

  const onChange = (id, handler, event = 'change') => {
    const element = $(id);
    if (element) element.addEventListener(event, () => handler(element));
  };

  // a number field: checked against its own min/max before anything is sent
  function numberField(id, apply, { integer = false } = {}) {
    onChange(id, (input) => {
      const value = Number(input.value);
      const min = input.min === '' ? -Infinity : Number(input.min);
      const max = input.max === '' ? Infinity : Number(input.max);
      const label = labelText(input);
      if (input.value.trim() === '' || !Number.isFinite(value) || value < min || value > max
          || (integer && !Number.isInteger(value))) {
        const text = `${label} must be ${integer ? 'a whole number' : 'a number'} from ${input.min} to ${input.max}; `
          + `“${input.value}” was not sent.`;
        if (complaints.has(input.id)) actions.retract(complaints.get(input.id));
        complaints.set(input.id, text);
        actions.problem(text);
        input.setAttribute('aria-invalid', 'true');
        invalid.add(input.id);
        return;
      }
      input.removeAttribute('aria-invalid');
      if (complaints.has(input.id)) { // the field is right again: its complaint goes
        actions.retract(complaints.get(input.id));
        complaints.delete(input.id);
      }
      change((c) => apply(c, value));
    });
  }

  function labelText(element) {
    const label = element.labels && element.labels[0];
    return (label ? label.textContent : element.getAttribute('aria-label') || element.id).replace(/\s+/g, ' ').trim();
  }

  // data
  onChange('dataset', (select) => change((c) => {
    const id = select.value;
    if (id === 'custom') return task;
    c.data.dataset = id;
    c.data.samples = defaultSamples(id);
    return DATASET_TASK[id];
  }));
  onChange('noise', (range) => showRange(range), 'input');
  onChange('noise', (range) => change((c) => { c.data.noise = Number(range.value); }));
  onChange('train-fraction', (range) => showRange(range), 'input');
  onChange('train-fraction', (range) => change((c) => { c.data.trainFraction = Number(range.value) / 100; }));
  numberField('samples', (c, v) => { c.data.samples = v; }, { integer: true });
  onChange('shuffle', (select) => change((c) => { c.data.shuffle = select.value; }));
  numberField('seed', (c, v) => { c.seed = v; }, { integer: true });
  for (const id of FEATURE_IDS) {
    onChange(`feature-${id}`, (box) => {
      const checked = FEATURE_IDS.filter((f) => $(`feature-${f}`).checked);
      if (checked.length === 0) {
        box.checked = true;
        actions.problem('The network needs at least one input feature.');
        return;
      }
      change((c) => {
        const current = c.features || ['x1', 'x2'];
        const canonical = current.every((f, i) => i === 0 || FEATURE_IDS.indexOf(current[i - 1]) < FEATURE_IDS.indexOf(f));
        c.features = canonical ? checked
          : current.filter((f) => checked.includes(f)).concat(checked.filter((f) => !current.includes(f)));
      });
    });
  }

  // noise inputs beside the features (docs/dimensions.md)
  numberField('noise-features', (c, v) => { c.noiseFeatures = v; }, { integer: true });

  // network
  onChange('activation', (select) => change((c) => {
    c.network.activation = select.value;
    delete c.network.activations;
  }));
  onChange('output-activation', (select) => change((c) => {
    if (select.value === 'auto') delete c.network.output;
    else c.network.output = select.value;
  }));
  onChange('loss', (select) => change((c) => {
    if (select.value === 'auto') delete c.network.loss;
    else c.network.loss = select.value;
  }));
  onChange('init', (select) => change((c) => { c.network.init = select.value; }));
  numberField('init-constant', (c, v) => { c.network.initConstant = v; });
  numberField('leaky-slope', (c, v) => { c.network.leakySlope = v; });
  numberField('elu-alpha', (c, v) => { c.network.eluAlpha = v; });
  onChange('add-layer', () => addLayer(), 'click');
  onChange('remove-layer', () => removeLayer(), 'click');

  function addLayer() {
    change((c) => {
      const hidden = c.network.hidden || (c.network.hidden = []);
      if (hidden.length >= limits.maxHiddenLayers) return;
      hidden.push(2);
      if (Array.isArray(c.network.activations)) c.network.activations.push(c.network.activation || 'tanh');
    });
  }

  function removeLayer() {
    change((c) => {
      const hidden = c.network.hidden || [];
      if (hidden.length === 0) return;
      hidden.pop();
      if (Array.isArray(c.network.activations)) c.network.activations.pop();
    });
  }

  // training
  onChange('learning-rate', (select) => change((c) => { c.training.learningRate = Number(select.value); }));
  onChange('regularization', (select) => change((c) => { c.training.regularization = select.value; }));
  onChange('regularization-rate', (select) => change((c) => { c.training.regularizationRate = Number(select.value); }));
  numberField('batch-size', (c, v) => { c.training.batchSize = v; }, { integer: true });
  onChange('optimizer', (select) => change((c) => { c.training.optimizer = select.value; }));
  numberField('momentum', (c, v) => { c.training.momentum = v; });
  numberField('beta1', (c, v) => { c.training.beta1 = v; });
  numberField('beta2', (c, v) => { c.training.beta2 = v; });

  // running
  onChange('play-pause', () => (running ? actions.pause() : actions.play()), 'click');
  onChange('step-epoch', () => actions.step('epoch'), 'click');
  onChange('step-batch', () => actions.step('batch'), 'click');
  onChange('reset', () => actions.reset(), 'click');
  onChange('new-seed', () => actions.newSeed(), 'click');
  onChange('speed', (select) => actions.speed(Number(select.value)));

  // view
  const view = () => ({ showTestData: $('show-test-data').checked, discretize: $('discretize').checked });
  onChange('show-test-data', () => actions.view(view()));
  onChange('discretize', () => actions.view(view()));

  // points
  onChange('add-point', () => {
    const x = Number($('add-point-x').value);
    const y = Number($('add-point-y').value);
    if (!(Math.abs(x) <= 6 && Math.abs(y) <= 6)) {
      actions.problem('A point needs x and y from −6 to 6.');
      return;
    }
    actions.addPoint(x, y, clickLabel());
  }, 'click');
  onChange('upload-points', (input) => readFile(input, (text, name) => {
    const trimmed = text.trimStart();
    const format = /\.json$/i.test(name) || trimmed.startsWith('[') || trimmed.startsWith('{') ? 'json' : 'csv';
    actions.uploadPoints(format, text);
  }));
  onChange('import-model', (input) => readFile(input, (text) => {
    let model;
    try {
      model = JSON.parse(text);
    } catch (e) {
      actions.problem(`That model file is not valid JSON (${e.message}).`);
      return;
    }
    actions.importModel(model);
  }));
  onChange('export-model', () => actions.exportModel(), 'click');
  onChange('export-history', () => actions.exportHistory(), 'click');
  onChange('copy-link', () => actions.copyLink(), 'click');

  function readFile(input, use) {
    const file = input.files && input.files[0];
    if (!file) return;
    if (file.size > 2 * 1024 * 1024) {
      actions.problem(`${file.name} is larger than the 2 MB the server accepts.`);
      input.value = '';
      return;
    }
    file.text().then((text) => {
      use(text, file.name);
      input.value = ''; // choosing the same file again fires change again
    }, (e) => actions.problem(`${file.name} could not be read: ${e.message}.`));
  }

  // Space plays and pauses, unless a control has the focus (where Space already means something)
  function onKey(event) {
    if (event.key !== ' ' || event.ctrlKey || event.metaKey || event.altKey) return;
    const t = event.target;
    if (t && t.closest && t.closest('input, select, textarea, button, a, summary, [contenteditable], [tabindex]')) return;
    event.preventDefault();
    running ? actions.pause() : actions.play();
  }
  doc.addEventListener('keydown', onKey);

  // ---------------------------------------------------------------- showing the config

  function showRange(range) {
    const out = $(`${range.id}-value`);
    if (out) out.textContent = range.id === 'train-fraction' ? `${range.value}%` : range.value;
  }

  // sets a control's value unless the user is typing in it
  function setValue(id, value) {
    const element = $(id);
    if (!element) return;
    const text = String(value);
    if (element.tagName === 'SELECT') {
      ensureOption(element, text);
      if (element.value !== text) element.value = text;
      return;
    }
    if (doc.activeElement === element && element.type !== 'range') return;
    if (element.value !== text) element.value = text;
  }

  // a select shows any value, even one its list lacks (e.g. a learning rate from a link)
  function ensureOption(select, value) {
    for (const option of select.options) if (option.value === value) return;
    const option = new Option(value, value);
    option.dataset.extra = 'true';
    select.add(option);
  }

  // a button that becomes disabled while focused hands the focus to its partner (no focus lost to <body>)
  function setDisabled(element, disabled, partner) {
    if (!element || element.disabled === disabled) return;
    const hadFocus = doc.activeElement === element;
    element.disabled = disabled;
    if (hadFocus && disabled && partner && !partner.disabled) partner.focus();
  }

  function show(id, visible) {
    const element = $(id);
    const wrapper = element && (element.closest('.field') || element);
    if (wrapper && wrapper.hidden === visible) wrapper.hidden = !visible;
  }

  function sync(newConfig, state) {
    config = clone(newConfig);
    confirmed = clone(newConfig);
    if (state && state.task) task = state.task;
    for (const id of invalid) {
      const element = $(id);
      if (element) element.removeAttribute('aria-invalid');
    }
    invalid.clear();
    const c = config;
    setValue('seed', c.seed);
    const dataset = $('dataset');
    const customOption = dataset && dataset.querySelector('option[value="custom"]');
    if (customOption) customOption.disabled = c.data.dataset !== 'custom';
    setValue('dataset', c.data.dataset);
    setValue('noise', c.data.noise);
    showRange($('noise'));
    setValue('train-fraction', Math.round(c.data.trainFraction * 100));
    const fraction = $('train-fraction-value');
    if (fraction) fraction.textContent = `${+(c.data.trainFraction * 100).toFixed(1)}%`;
    setValue('samples', c.data.samples);
    setValue('shuffle', c.data.shuffle);
    const custom = c.data.dataset === 'custom';
    for (const id of ['noise', 'samples']) {
      const element = $(id);
      if (element) element.disabled = custom;
    }
    for (const id of FEATURE_IDS) {
      const box = $(`feature-${id}`);
      if (box) box.checked = c.features.includes(id);
    }
    setValue('noise-features', c.noiseFeatures || 0);
    const n = c.network;
    const hidden = n.hidden || [];
    const perLayer = Array.isArray(n.activations);
    const activation = $('activation');
    if (activation) {
      let mixed = activation.querySelector('option[value="mixed"]');
      if (perLayer && !mixed) {
        mixed = new Option('Per layer', 'mixed');
        mixed.disabled = true;
        activation.add(mixed);
      }
      if (mixed) mixed.hidden = !perLayer;
      activation.value = perLayer ? 'mixed' : n.activation;
    }
    syncOutputAndLoss(n);
    setValue('init', n.init);
    setValue('init-constant', n.initConstant);
    show('init-constant', n.init === 'identical');
    setValue('leaky-slope', n.leakySlope);
    setValue('elu-alpha', n.eluAlpha);
    const used = new Set(perLayer ? n.activations : [n.activation]);
    if (n.output) used.add(n.output);
    show('leaky-slope', used.has('leakyrelu'));
    show('elu-alpha', used.has('elu'));
    const count = $('hidden-layer-count');
    if (count) count.textContent = `${hidden.length} hidden layer${hidden.length === 1 ? '' : 's'}`;
    setDisabled($('add-layer'), hidden.length >= limits.maxHiddenLayers, $('remove-layer'));
    setDisabled($('remove-layer'), hidden.length === 0, $('add-layer'));
    const t = c.training;
    setValue('learning-rate', t.learningRate);
    setValue('regularization', t.regularization);
    setValue('regularization-rate', t.regularizationRate);
    const rate = $('regularization-rate');
    if (rate) rate.disabled = t.regularization === 'none';
    setValue('batch-size', t.batchSize);
    setValue('optimizer', t.optimizer);
    setValue('momentum', t.momentum);
    setValue('beta1', t.beta1);
    setValue('beta2', t.beta2);
    show('momentum', t.optimizer === 'momentum');
    show('beta1', t.optimizer === 'adam');
    show('beta2', t.optimizer === 'adam');
    const problem = $('problem-type');
    if (problem) {
      const classes = state && state.classCount;
      problem.textContent = task === 'regression' ? 'Regression'
        : task === 'multiclass' ? `Classification, ${classes || 3} classes` : 'Classification, 2 classes';
    }
    if (state && state.speed !== undefined) setValue('speed', state.speed);
  }

  function syncOutputAndLoss(n) {
    const output = $('output-activation');
    const loss = $('loss');
    const effective = n.output || automaticOutput(task);
    if (output) {
      for (const option of output.options) {
        if (option.value === 'softmax') option.disabled = task !== 'multiclass';
        if (option.value === 'auto') option.textContent = `Automatic (${effective === 'softmax' ? 'Softmax' : effective})`;
      }
      output.value = n.output || 'auto';
    }
    if (loss) {
      for (const option of loss.options) {
        if (option.value === 'bce') option.disabled = effective !== 'sigmoid' || task === 'regression';
        if (option.value === 'crossentropy') option.disabled = effective !== 'softmax';
        if (option.value === 'squared') option.disabled = effective === 'softmax';
        if (option.value === 'auto') {
          option.textContent = `Automatic (${effective === 'softmax' ? 'cross-entropy' : 'squared error'})`;
        }
      }
      loss.value = n.loss || 'auto';
    }
  }

  // what a click on the plane adds: built from the task and the labels the data uses
  function setPointLabels(newTask, labels, classCount) {
    const select = $('click-label');
    if (!select) return;
    const previous = select.value;
    const options = [];
    if (newTask === 'multiclass') {
      const count = classCount || Math.max(3, ...labels.map((l) => l + 1));
      for (let k = 0; k < count; k++) options.push([String(k), `class ${k + 1}`]);
    } else if (newTask === 'regression') {
      for (const v of [1, 0.5, 0, -0.5, -1]) options.push([String(v), `value ${v}`]);
    } else {
      const zeroOne = labels.length > 0 && labels.every((l) => l === 0 || l === 1);
      options.push(['1', 'blue (+1)'], [zeroOne ? '0' : '-1', zeroOne ? 'orange (0)' : 'orange (−1)']);
    }
    const key = JSON.stringify(options);
    if (select.dataset.key !== key) {
      select.dataset.key = key;
      select.replaceChildren(...options.map(([value, text]) => new Option(text, value)));
      if (options.some(([value]) => value === previous)) select.value = previous;
    }
  }

  function clickLabel() {
    const select = $('click-label');
    return select ? Number(select.value) : 1;
  }

  return {
    sync,
    /** The server refused a change: show its config again, mark the control it names. */
    refused(field) {
      if (confirmed) sync(confirmed, null);
      const id = controlFor(field);
      const element = id && $(id);
      if (element) {
        element.setAttribute('aria-invalid', 'true');
        invalid.add(id);
      }
      return id;
    },
    setLimits(newLimits) {
      if (newLimits) limits = Object.assign({}, limits, newLimits);
    },
    setRunning(isRunning) {
      running = isRunning;
      const button = $('play-pause');
      if (!button) return;
      const label = isRunning ? 'Pause' : 'Play';
      button.dataset.state = isRunning ? 'running' : 'paused';
      if (button.getAttribute('aria-label') !== label) {
        button.setAttribute('aria-label', label);
        button.title = `${label} (Space)`;
      }
    },
    setPointLabels,
    clickLabel,
    view,
    setView(v) {
      if (v.showTestData !== undefined) $('show-test-data').checked = v.showTestData;
      if (v.discretize !== undefined) $('discretize').checked = v.discretize;
    },
    addNeuron(l) {
      change((c) => {
        if (c.network.hidden[l - 1] < limits.maxNeuronsPerLayer) c.network.hidden[l - 1]++;
      });
    },
    removeNeuron(l) {
      change((c) => {
        if (c.network.hidden[l - 1] > 1) c.network.hidden[l - 1]--;
      });
    },
    setLayerActivation(l, id) {
      change((c) => {
        const n = c.network;
        if (!Array.isArray(n.activations)) n.activations = n.hidden.map(() => n.activation);
        n.activations[l - 1] = id;
        if (n.activations.every((a) => a === id)) {
          n.activation = id;
          delete n.activations;
        }
      });
    },
    /** Re-sends the current config (after a fresh session). */
    current() {
      return config && clone(config);
    },
    destroy() {
      doc.removeEventListener('keydown', onKey);
    },
  };
}

function controlFor(field) {
  if (!field) return null;
  if (FIELD_CONTROLS[field]) return FIELD_CONTROLS[field];
  if (field.startsWith('features')) return 'feature-x1';
  if (field.startsWith('network.hidden')) return 'add-layer';
  const layer = /^network\.activations\[(\d+)\]/.exec(field);
  if (layer) return `layer-activation-${Number(layer[1]) + 1}`;
  if (field.startsWith('data')) return 'dataset';
  return null;
}

export { HIDDEN_ACTIVATIONS };
