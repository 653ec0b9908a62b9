// Step-through backpropagation: one sample's forward pass, error, backward pass and update, stage by
// stage, with the real numbers of the chain rule (from the server's `trace` event, see wire.js).

const $ = (id) => document.getElementById(id);
const f4 = (v) => (Number.isFinite(v) ? String(+v.toPrecision(4)).replace(/-/g, '−') : '—');
const f8 = (v) => (Number.isFinite(v) ? v.toPrecision(8).replace(/-/g, '−') : '—');
const par = (v) => (v < 0 ? `(${f4(v)})` : f4(v));
const mean = (a) => (a.length ? a.reduce((s, v) => s + Math.abs(v), 0) / a.length : NaN);

/** handlers: { enter(), exit(), trace({split, index} | {x, y, label}), apply(traceId), trainCount() } */
export function create(handlers) {
  const panel = $('step-panel');
  const body = $('step-body');
  const stageEl = $('step-stage');
  const live = $('step-live');
  const focusSelect = $('focus-weight');
  const focusBox = $('weight-focus');
  let trace = null;
  let stage = 0;
  let sample = 0;
  let applied = false;
  let names = { acts: [], inputs: [] };
  let last = null; // the last traced sample or point
  const request = (what) => {
    last = what;
    handlers.trace(what);
  };

  const L = () => (trace ? trace.layers.length - 1 : 0);
  const stageCount = () => 2 * L() + 2;
  const layerName = (l) => (l === 0 ? 'inputs' : l === L() ? 'the output layer' : `hidden layer ${l}`);
  const neuron = (l, i) => (l === 0 ? names.inputs[i] || `input ${i + 1}` : `neuron ${i + 1}`);
  function stageName(s) {
    const n = L();
    if (s < n) return `Forward: layer ${s + 1}`;
    if (s === n) return 'The error';
    if (s <= 2 * n) return `Backward: layer ${2 * n + 1 - s}`;
    return 'The update';
  }

  function table(caption, heads, rows) {
    return `<table class="step-table"><caption>${caption}</caption><thead><tr>${heads.map((h) => `<th scope="col">${h}</th>`).join('')}`
      + `</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c, i) => (i ? `<td>${c}</td>` : `<th scope="row">${c}</th>`)).join('')}</tr>`).join('')}</tbody></table>`;
  }
  const weightButton = (l, j, i, text) => `<button type="button" class="link-button" data-w="${l},${j},${i}" `
    + `title="Show this weight in focus">${text}</button>`;

  function forward(l) {
    const t = trace.layers[l];
    const x = trace.layers[l - 1].output;
    const act = names.acts[l] || 'f';
    const rows = t.netInput.map((net, j) => {
      const terms = (t.weights[j] || []).map((w, i) => `${par(w)}·${par(x[i])}`).join(' + ');
      return [`Neuron ${j + 1}`, `${terms} + ${par(t.biases[j])} = <b>${f4(net)}</b>`,
        `${act}(${f4(net)}) = <b>${f4(t.output[j])}</b>`];
    });
    return `<p>Each neuron adds its inputs (${l === 1 ? 'the features' : `the outputs of ${layerName(l - 1)}`}: ${x.map(f4).join(', ')}), each times its weight, `
      + `plus its bias, then applies its activation ${act}.</p>`
      + table(`Forward pass through ${layerName(l)}`, ['Neuron', 'net = Σ w·x + b', 'out = f(net)'], rows);
  }

  function error() {
    const t = trace.layers[L()];
    const rows = t.output.map((o, j) => [`Output ${j + 1}`, f4(o), f4(trace.targets[j]), f4(t.errorByOutput[j])]);
    return `<p>The sample at (${f4(trace.point.x)}, ${f4(trace.point.y)}) has label ${f4(trace.point.label)}. `
      + `The loss compares the output with the target: <b>E = ${f8(trace.loss)}</b>. `
      + 'Its slope ∂E/∂out says how the loss changes when an output changes; the backward pass starts from it.</p>'
      + table('Output, target and the error', ['Neuron', 'out', 'target', '∂E/∂out'], rows);
  }

  function backward(l) {
    const t = trace.layers[l];
    const x = trace.layers[l - 1].output;
    const next = trace.layers[l + 1];
    const rows = t.delta.map((d, j) => {
      const e = t.errorByOutput[j];
      const source = next
        ? `${next.delta.map((dk, k) => `${par((next.weights[k] || [])[j])}·${par(dk)}`).join(' + ')} = ${f4(e)}`
        : `${f4(e)} (from the loss)`;
      const a = t.activationDerivative;
      const dText = a ? `${f4(e)} × ${f4(a[j])} = <b>${f4(d)}</b>` : `<b>${f4(d)}</b> (softmax with cross-entropy: out − target)`;
      return [`Neuron ${j + 1}`, source, a ? f4(a[j]) : '—', dText];
    });
    const wrows = [];
    t.delta.forEach((d, j) => (t.weightGradient[j] || []).forEach((g, i) => wrows.push([
      weightButton(l, j, i, `${neuron(l - 1, i)} → neuron ${j + 1}`), `${par(d)} × ${par(x[i])}`, `<b>${f4(g)}</b>`])));
    return `<p>δ = ∂E/∂out × ∂out/∂net. ${next ? `∂E/∂out is not computed again: it reuses the δ of ${layerName(l + 1)}, `
      + 'Σ<sub>k</sub> w<sub>kj</sub>·δ<sub>k</sub> over the neurons k to the right.' : 'At the output, ∂E/∂out comes from the loss.'}</p>`
      + table(`δ of ${layerName(l)}`, ['Neuron', '∂E/∂out', '∂out/∂net', 'δ'], rows)
      + table(`∂E/∂w = δ · input, into ${layerName(l)}`, ['Weight', 'δ × input', '∂E/∂w'], wrows) + vanishing();
  }

  function update() {
    const eta = trace.learningRate;
    const rows = [];
    for (let l = 1; l <= L(); l++) {
      const t = trace.layers[l];
      t.weights.forEach((row, j) => row.forEach((w, i) => rows.push([weightButton(l, j, i, `layer ${l}: ${neuron(l - 1, i)} → neuron ${j + 1}`),
        `${f4(w)} − ${f4(eta)}·${par(t.weightGradient[j][i])}`, `<b>${f4((t.updatedWeights[j] || [])[i])}</b>`])));
      t.biases.forEach((b, j) => rows.push([`layer ${l}: bias of neuron ${j + 1}`, `${f4(b)} − ${f4(eta)}·${par(t.biasGradient[j])}`,
        `<b>${f4(t.updatedBiases[j])}</b>`]));
    }
    const better = trace.lossAfter < trace.loss;
    return `<p>Every weight moves against its gradient: w − η·∂E/∂w, with η = ${f4(eta)}. On this sample the loss `
      + `goes from <b>${f8(trace.loss)}</b> to <b>${f8(trace.lossAfter)}</b> (${better ? 'lower' : 'not lower: the step was too large'}).</p>`
      + table('The update', ['Weight', 'w − η·∂E/∂w', 'new w'], rows) + vanishing();
  }

  function vanishing() {
    const m = trace.layers.map((t, l) => (l ? mean(t.delta) : NaN));
    let run = 0;
    let best = 0;
    for (let l = L() - 1; l >= 1; l--) {
      run = m[l] < m[l + 1] / 4 ? run + 1 : 0;
      if (run > best) best = run;
    }
    if (best < 2) return '';
    const chain = [];
    for (let l = L(); l >= 1; l--) chain.push(`${f4(m[l])} (${l === L() ? 'output' : `layer ${l}`})`);
    return `<p class="step-warning" role="note"><b>Vanishing gradient.</b> The mean |δ| shrinks layer after layer: `
      + `${chain.join(' → ')}. Each layer's δ is the next one's, times its weights and times the slope ∂out/∂net `
      + '(at most ¼ for the sigmoid, and small wherever a neuron saturates), so the early layers learn slowly.</p>';
  }

  function renderFocus() {
    const v = focusSelect.value;
    focusBox.hidden = !v || !trace;
    if (focusBox.hidden) return;
    const [l, j, i] = v.split(',').map(Number);
    const t = trace.layers[l];
    const x = trace.layers[l - 1].output[i];
    const a = t.activationDerivative;
    const g = (t.weightGradient[j] || [])[i];
    const n = (t.numericWeightGradient[j] || [])[i];
    const factor = (sym, val, meaning) => `<li><span class="sym">${sym}</span> = <b>${f8(val)}</b><br><span class="hint">${meaning}</span></li>`;
    $('focus-title').textContent = `Weight in focus: layer ${l}, from ${neuron(l - 1, i)} to neuron ${j + 1} (w = ${f4(t.weights[j][i])})`;
    $('focus-factors').innerHTML = a
      ? factor('∂E/∂out<sub>j</sub>', t.errorByOutput[j], 'how the loss changes with this neuron’s output')
        + factor('∂out<sub>j</sub>/∂net<sub>j</sub>', a[j], 'the slope of the activation at its net input')
        + factor('∂net<sub>j</sub>/∂w<sub>ji</sub> = out<sub>i</sub>', x, 'the input arriving through this weight')
      : factor('δ<sub>j</sub> = out − target', t.delta[j], 'softmax with cross-entropy: both factors in one')
        + factor('∂net<sub>j</sub>/∂w<sub>ji</sub> = out<sub>i</sub>', x, 'the input arriving through this weight');
    $('focus-gradient').textContent = Number.isFinite(g) ? g.toPrecision(8) : '—';
    $('focus-numeric').textContent = Number.isFinite(n) ? n.toPrecision(8) : '—';
    const rel = Math.abs(g - n) / Math.max(1e-12, Math.abs(g) + Math.abs(n));
    $('focus-agree').textContent = Number.isFinite(rel)
      ? `Relative difference ${rel.toExponential(1)}: ${rel < 1e-4 ? 'the chain rule and the finite difference agree' : 'they differ'}.` : '';
  }

  function fillFocusOptions() {
    const keep = focusSelect.value;
    const opts = ['<option value="">None</option>'];
    for (let l = 1; l <= L(); l++) {
      trace.layers[l].weights.forEach((row, j) => row.forEach((_, i) => opts.push(
        `<option value="${l},${j},${i}">layer ${l}: from ${neuron(l - 1, i)} to neuron ${j + 1}</option>`)));
    }
    const html = opts.join('');
    if (focusSelect.dataset.html !== html) {
      focusSelect.dataset.html = html;
      focusSelect.innerHTML = html;
      focusSelect.value = keep;
      if (focusSelect.value !== keep) focusSelect.value = '';
    }
  }

  function render(announce) {
    if (!trace) {
      stageEl.textContent = 'Tracing…';
      return;
    }
    stage = Math.max(0, Math.min(stage, stageCount() - 1));
    const n = L();
    const name = stageName(stage);
    stageEl.textContent = name;
    $('step-count').textContent = `Stage ${stage + 1} of ${stageCount()} · sample ${trace.point.x != null ? `(${f4(trace.point.x)}, ${f4(trace.point.y)})` : ''} · epoch ${f4(trace.epoch)}`;
    body.innerHTML = stage < n ? forward(stage + 1) : stage === n ? error() : stage <= 2 * n ? backward(2 * n + 1 - stage) : update();
    $('step-back').disabled = stage === 0;
    $('step-next').disabled = stage === stageCount() - 1;
    $('apply-update').hidden = stage !== stageCount() - 1;
    renderFocus();
    if (handlers.annotate) handlers.annotate(diagramNotes(n));
    if (announce) live.textContent = `Stage ${stage + 1} of ${stageCount()}: ${name}.`;
  }

  /**
   * The numbers this stage writes on the diagram, per layer and neuron: net → out for the layers
   * the forward pass has reached, then δ for the layers the backward pass has reached.
   */
  function diagramNotes(n) {
    const notes = trace.layers.map((layer) => layer.output.map(() => ''));
    const forwardReached = stage < n ? stage + 1 : n;
    for (let l = 1; l <= forwardReached; l++) {
      const layer = trace.layers[l];
      layer.output.forEach((out, j) => { notes[l][j] = `${f4(layer.netInput[j])}→${f4(out)}`; });
    }
    if (stage > n) {
      const lowest = stage <= 2 * n ? 2 * n + 1 - stage : 1;
      for (let l = n; l >= lowest; l--) {
        trace.layers[l].delta.forEach((d, j) => { notes[l][j] = `δ ${f4(d)}`; });
      }
    }
    return notes;
  }

  function go(delta) {
    const next = Math.max(0, Math.min(stage + delta, stageCount() - 1));
    if (next === stage || !trace) return;
    stage = next;
    render(true);
  }

  function exit(refocus = true) {
    if (panel.hidden) return;
    panel.hidden = true;
    trace = null;
    if (handlers.annotate) handlers.annotate(null);
    $('step-through').setAttribute('aria-expanded', 'false');
    handlers.exit && handlers.exit();
    if (refocus === true) $('step-through').focus();
  }

  $('step-through').addEventListener('click', () => {
    if (!panel.hidden) {
      panel.focus();
      return;
    }
    panel.hidden = false;
    $('step-through').setAttribute('aria-expanded', 'true');
    stage = 0;
    trace = null;
    handlers.enter && handlers.enter();
    request({ split: 'train', index: sample });
    render(false);
    live.textContent = 'Step-through mode: tracing one training sample.';
    panel.focus();
  });
  $('step-next').addEventListener('click', () => go(1));
  $('step-back').addEventListener('click', () => go(-1));
  $('step-exit').addEventListener('click', () => exit());
  $('next-sample').addEventListener('click', () => {
    const count = handlers.trainCount();
    sample = count > 0 ? (sample + 1) % count : sample + 1;
    applied = false;
    request({ split: 'train', index: sample });
  });
  $('apply-update').addEventListener('click', () => {
    if (!trace) return;
    applied = true;
    handlers.apply(trace.traceId);
    live.textContent = 'Update applied; tracing the same sample again.';
  });
  focusSelect.addEventListener('change', renderFocus);
  body.addEventListener('click', (e) => {
    const b = e.target.closest('[data-w]');
    if (!b) return;
    focusSelect.value = b.dataset.w;
    renderFocus();
    focusBox.scrollIntoView({ block: 'nearest' });
  });
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      exit();
      return;
    }
    if (e.target.closest('select, input, textarea') || e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'ArrowRight') go(1);
    else if (e.key === 'ArrowLeft') go(-1);
    else return;
    e.preventDefault();
  });

  return {
    active: () => !panel.hidden,
    /** A link of the diagram was clicked: put its weight (layer l, into neuron j, from neuron i) in focus. */
    focusWeight(l, j, i) {
      if (panel.hidden) return false;
      const value = `${l},${j},${i}`;
      focusSelect.value = value;
      if (focusSelect.value !== value) return false;
      renderFocus();
      focusBox.scrollIntoView({ block: 'nearest' });
      return true;
    },
    /** A point picked on the plane: trace it. */
    pick(x, y, label) {
      applied = false;
      request({ x, y, label });
    },
    /** The network changed (not by applyTrace): trace the same sample again. */
    refresh() {
      if (!panel.hidden && last) request(last);
    },
    /** activations per layer (layer 0 none), input names. */
    setNames(acts, inputs) {
      names = { acts: acts || [], inputs: inputs || [] };
    },
    update(t) {
      if (panel.hidden) return;
      const sameShape = trace && trace.layers.length === t.layers.length;
      trace = t;
      if (!applied || !sameShape) stage = 0;
      applied = false;
      fillFocusOptions();
      render(true);
      live.textContent = `${live.textContent} Loss on this sample ${f8(t.loss)}.`;
    },
    exit,
  };
}
