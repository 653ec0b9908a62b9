// The network diagram: every neuron (inputs and outputs included) as a thumbnail of its map, the links
// between layers coloured by the weight's sign and thickened by its size, each neuron's bias as a small
// square at its lower left. Hover or keyboard focus shows the numbers; a click (or Enter) selects a
// neuron. Per hidden layer: + / − buttons and its activation. Renderer: create(root) → update(data) →
// destroy(); it never talks to the socket — it reports through the callbacks it is given.

import { fillByteTable, fillClassTable, DIVERGING_CSS, divergingIndex } from './colors.js';
import { neuronScale } from './scales.js';

export const FEATURE_LABELS = {
  x1: 'X₁', x2: 'X₂', x1sq: 'X₁²', x2sq: 'X₂²', x1x2: 'X₁X₂', sinx1: 'sin(X₁)', sinx2: 'sin(X₂)',
};
export const HIDDEN_ACTIVATIONS = ['tanh', 'sigmoid', 'relu', 'leakyrelu', 'elu', 'softplus', 'linear', 'sine'];
export const ACTIVATION_LABELS = {
  tanh: 'Tanh', sigmoid: 'Sigmoid', relu: 'ReLU', leakyrelu: 'Leaky ReLU', elu: 'ELU', softplus: 'Softplus',
  linear: 'Linear', sine: 'Sine', softmax: 'Softmax',
};

const SHORT_LABELS = { leakyrelu: 'Leaky', softplus: 'Softplus' };

// Noise inputs (config noiseFeatures) arrive as input ids noise1 … noise<d>. Up to COMPACT_NOISE of them are
// drawn as neurons labelled N₁ …; more as a compact column of thin strips under one label, "d noise".
const NOISE_ID = /^noise(\d+)$/;
const COMPACT_NOISE = 4;
const SUBSCRIPT = '₀₁₂₃₄₅₆₇₈₉';
const isNoise = (id) => NOISE_ID.test(id || '');

/**
 * The label of input neuron n whose id is `id`: X₁, sin(X₂), N₃ (noise input 3), or "input n". The one
 * name of an input everywhere — the diagram, its tooltips, the map's title, the step-through panel.
 */
export function inputLabel(id, n) {
  const noise = NOISE_ID.exec(id || '');
  if (noise) return 'N' + noise[1].split('').map((c) => SUBSCRIPT[Number(c)]).join('');
  return FEATURE_LABELS[id] || id || `input ${n + 1}`;
}

/** An input neuron as a title or an accessible name: "Input X₁", "Input N₃ (noise, held at 0 on the map)". */
export function inputTitle(id, n) {
  return `Input ${inputLabel(id, n)}${isNoise(id) ? ' (noise, held at 0 on the map)' : ''}`;
}

// Link magnitude levels: links are drawn in buckets (one path and one stroke per bucket), so a frame
// costs a few strokes whatever the number of links.
const LEVELS = [0.02, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.8, 1, 1.5, 2, 3, 4, 5];
const BUCKETS = 2 * (LEVELS.length + 1);
// Links redraw at most 10 times a second, and as straight lines in large networks: without a GPU a
// browser rasterises every curve on the main thread (W2's 441 curves cost ~10 ms, lines ~4 ms).
const LINK_INTERVAL_MS = 100;
const MAX_CURVED_LINKS = 160;

const fmt = (v) => (v === v ? (Math.abs(v) >= 1000 || (Math.abs(v) < 0.001 && v !== 0) ? v.toExponential(2) : v.toFixed(3)) : '—')
  .replace('-', '−');

export function create(root, callbacks = {}) {
  const { onSelect, onAddNeuron, onRemoveNeuron, onLayerActivation, onLinkClick } = callbacks;
  root.classList.add('diagram');
  const body = document.createElement('div');
  body.className = 'diagram-body';
  // Two canvases for the whole diagram, not one per neuron: the links (redrawn at most 10 times a
  // second) and, above them, every thumbnail (each frame). A canvas per neuron would cost the browser
  // a texture and a commit each per frame.
  const linkCanvas = document.createElement('canvas');
  linkCanvas.className = 'diagram-links';
  linkCanvas.setAttribute('aria-hidden', 'true');
  const nodeCanvas = document.createElement('canvas');
  nodeCanvas.className = 'diagram-nodes';
  nodeCanvas.setAttribute('aria-hidden', 'true');
  // the thumbnails side by side, top to bottom, each with a one-pixel border copied from its edge so
  // that smoothing never blends in a neighbour
  const atlas = document.createElement('canvas');
  const atlasContext = atlas.getContext('2d');
  let atlasImage = null;
  let atlasPixels = null;
  let lastThumbnails = null;
  const columns = document.createElement('div');
  columns.className = 'diagram-columns';
  const tooltip = document.createElement('div');
  tooltip.className = 'diagram-tooltip';
  tooltip.id = 'neuron-tooltip';
  tooltip.setAttribute('role', 'tooltip');
  tooltip.hidden = true;
  body.append(linkCanvas, nodeCanvas, columns);
  root.replaceChildren(body, tooltip);
  const linkContext = linkCanvas.getContext('2d');
  const nodeContext = nodeCanvas.getContext('2d');

  let structureKey = '';
  let layerSizes = [];
  let activations = [];
  let featureIds = [];
  let neurons = []; // per neuron (global index): {layer, index, button, drawn}
  let firstOfLayer = []; // global index of each layer's first neuron
  let limits = { maxNeuronsPerLayer: 64 };
  let geometry = null; // link end points and bias squares, in canvas pixels
  let linkBucket = null;
  let linkOrder = null;
  const bucketCounts = new Int32Array(BUCKETS + 1);
  let lastWeights = null;
  let layers = null; // per weight layer: {fanIn, out, weights, biases}
  let selected = null;
  let hover = null; // {kind: 'neuron', g} | {kind: 'link', link}
  let insight = null; // per layer 1 … L: {layer, dead: boolean[], deadCount, distinct, exactCopies}
  let focusIndex = 0; // roving tab stop
  const table = new Uint32Array(256);

  // ---------------------------------------------------------------- structure

  function build(structure) {
    // a rebuild replaces the elements: the focus goes back to the element with the same id (or the
    // nearest one), so that pressing + or − with the keyboard keeps the user's place
    const active = document.activeElement;
    const focusedId = active && root.contains(active) ? active.id : null;
    layerSizes = structure.layerSizes.slice();
    activations = (structure.activations || []).slice();
    featureIds = (structure.featureIds || []).slice();
    if (structure.limits) limits = structure.limits;
    const noiseCount = featureIds.filter(isNoise).length;
    const compactNoise = noiseCount > COMPACT_NOISE;
    // a compact noise column is about as tall as a fifth as many neurons
    const inputRows = layerSizes[0] - (compactNoise ? noiseCount - Math.ceil(noiseCount / 5) : 0);
    const maxLayer = Math.max(inputRows, ...layerSizes.slice(1));
    const node = Math.max(16, Math.min(40, Math.floor(330 / maxLayer) - 6));
    root.style.setProperty('--node', node + 'px');
    neurons = [];
    firstOfLayer = [];
    const last = layerSizes.length - 1;
    const fragment = document.createDocumentFragment();
    for (let l = 0; l <= last; l++) {
      firstOfLayer.push(neurons.length);
      const column = document.createElement('div');
      column.className = 'diagram-layer' + (l === 0 ? ' inputs' : l === last ? ' outputs' : ' hidden');
      column.dataset.layer = String(l);
      column.setAttribute('role', 'group');
      column.setAttribute('aria-label', layerName(l));
      column.appendChild(layerHead(l, last));
      const list = document.createElement('div');
      list.className = 'diagram-neurons';
      let noiseGroup = null;
      for (let n = 0; n < layerSizes[l]; n++) {
        const g = neurons.length;
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'neuron';
        button.id = `neuron-${l}-${n}`;
        button.dataset.layer = String(l);
        button.dataset.neuron = String(n);
        button.dataset.index = String(g);
        button.tabIndex = -1;
        button.setAttribute('aria-pressed', 'false');
        button.setAttribute('aria-label', neuronName(l, n));
        button.setAttribute('aria-describedby', 'neuron-tooltip');
        const noise = l === 0 && isNoise(featureIds[n]);
        if (noise) button.classList.add('noise');
        if (l === 0 && !(noise && compactNoise)) {
          const label = document.createElement('span');
          label.className = 'neuron-label';
          label.textContent = inputLabel(featureIds[n], n);
          label.setAttribute('aria-hidden', 'true');
          button.appendChild(label);
        }
        if (noise && compactNoise) {
          if (!noiseGroup) {
            noiseGroup = document.createElement('div');
            noiseGroup.className = 'noise-group';
            const label = document.createElement('span');
            label.className = 'noise-group-label';
            label.textContent = `${noiseCount} noise`;
            label.setAttribute('aria-hidden', 'true');
            noiseGroup.appendChild(label);
            list.appendChild(noiseGroup);
          }
          button.classList.add('compact');
          noiseGroup.appendChild(button);
        } else {
          list.appendChild(button);
        }
        neurons.push({ layer: l, index: n, button, drawn: false });
      }
      column.appendChild(list);
      fragment.appendChild(column);
    }
    columns.replaceChildren(fragment);
    layers = null; // weights and maps of the old architecture no longer fit
    lastThumbnails = null;
    drawnBuckets = null;
    focusIndex = Math.min(focusIndex, neurons.length - 1);
    if (neurons.length) neurons[Math.max(0, focusIndex)].button.tabIndex = 0;
    lastWeights = null;
    markSelected();
    markDead();
    measure();
    if (focusedId) restoreFocus(focusedId);
  }

  function restoreFocus(id) {
    let element = document.getElementById(id);
    const neuron = /^neuron-(\d+)-(\d+)$/.exec(id);
    if (!element && neuron) {
      const l = Math.min(Number(neuron[1]), layerSizes.length - 1);
      element = document.getElementById(`neuron-${l}-${Math.min(Number(neuron[2]), layerSizes[l] - 1)}`);
    }
    if (element && element.disabled) {
      const other = id.startsWith('add-') ? id.replace('add-', 'remove-') : id.replace('remove-', 'add-');
      element = document.getElementById(other) || element;
    }
    if (!element && /^(add|remove)-neuron-/.test(id)) element = document.getElementById('remove-layer');
    if (element && !element.disabled) {
      if (element.classList.contains('neuron')) setFocus(Number(element.dataset.index), false);
      element.focus();
    }
  }

  function layerName(l) {
    const last = layerSizes.length - 1;
    if (l === 0) return 'Inputs';
    if (l === last) return 'Output layer';
    return `Hidden layer ${l}`;
  }

  function neuronName(l, n) {
    const last = layerSizes.length - 1;
    if (l === 0) return inputTitle(featureIds[n], n);
    if (l === last) return layerSizes[l] > 1 ? `Output neuron ${n + 1} (class ${n + 1})` : 'Output neuron';
    return `Hidden layer ${l}, neuron ${n + 1}`;
  }

  function layerHead(l, last) {
    const head = document.createElement('div');
    head.className = 'diagram-head';
    const title = document.createElement('span');
    title.className = 'diagram-title';
    if (l === 0 || l === last) {
      title.textContent = l === 0 ? 'Inputs' : 'Output';
      head.appendChild(title);
      if (l === last) {
        const act = document.createElement('span');
        act.className = 'diagram-act';
        act.textContent = ACTIVATION_LABELS[activations[l]] || activations[l] || '';
        head.appendChild(act);
      }
      return head;
    }
    const buttons = document.createElement('div');
    buttons.className = 'diagram-plusminus';
    const add = smallButton(`add-neuron-${l}`, '+', `Add a neuron to hidden layer ${l}`,
      layerSizes[l] >= limits.maxNeuronsPerLayer, () => onAddNeuron && onAddNeuron(l));
    const remove = smallButton(`remove-neuron-${l}`, '−', `Remove a neuron from hidden layer ${l}`,
      layerSizes[l] <= 1, () => onRemoveNeuron && onRemoveNeuron(l));
    buttons.append(add, remove);
    title.id = `layer-size-${l}`;
    title.textContent = `${layerSizes[l]} neuron${layerSizes[l] === 1 ? '' : 's'}`;
    const select = document.createElement('select');
    select.id = `layer-activation-${l}`;
    select.className = 'diagram-act-select';
    select.setAttribute('aria-label', `Activation of hidden layer ${l}`);
    for (const id of HIDDEN_ACTIVATIONS) select.add(new Option(SHORT_LABELS[id] || ACTIVATION_LABELS[id], id));
    select.value = activations[l] || 'tanh';
    select.addEventListener('change', () => onLayerActivation && onLayerActivation(l, select.value));
    const stats = document.createElement('span');
    stats.className = 'diagram-stats';
    stats.id = `layer-stats-${l}`;
    const dead = document.createElement('span');
    dead.className = 'stat-dead';
    const distinct = document.createElement('span');
    distinct.className = 'stat-distinct';
    stats.append(dead, distinct);
    head.append(buttons, title, select, stats);
    return head;
  }

  function smallButton(id, text, label, disabled, action) {
    const b = document.createElement('button');
    b.type = 'button';
    b.id = id;
    b.className = 'small-button';
    b.textContent = text;
    b.setAttribute('aria-label', label);
    b.title = label;
    b.disabled = disabled;
    b.addEventListener('click', action);
    return b;
  }

  // Where every neuron sits, in canvas pixels; the link geometry follows. Only on layout changes.
  function measure() {
    const ratio = window.devicePixelRatio || 1;
    for (const c of [linkCanvas, nodeCanvas]) { // so that the canvases do not keep the scroll size up
      c.style.width = '0px';
      c.style.height = '0px';
    }
    const w = body.scrollWidth;
    const h = body.scrollHeight;
    for (const c of [linkCanvas, nodeCanvas]) {
      c.style.width = w + 'px';
      c.style.height = h + 'px';
      c.width = Math.max(1, Math.round(w * ratio));
      c.height = Math.max(1, Math.round(h * ratio));
    }
    const origin = body.getBoundingClientRect();
    const boxes = neurons.map(({ button }) => {
      const r = button.getBoundingClientRect();
      r.x += 1; // inside the one-pixel border
      r.y += 1;
      r.width -= 2;
      r.height -= 2;
      return { left: (r.left - origin.left) * ratio, right: (r.right - origin.left) * ratio,
        top: (r.top - origin.top) * ratio, bottom: (r.bottom - origin.top) * ratio };
    });
    let links = 0;
    for (let l = 1; l < layerSizes.length; l++) links += layerSizes[l] * layerSizes[l - 1];
    const ends = new Float32Array(links * 4);
    const from = new Int32Array(links);
    const to = new Int32Array(links);
    let k = 0;
    for (let l = 1; l < layerSizes.length; l++) {
      for (let j = 0; j < layerSizes[l]; j++) {
        const target = boxes[firstOfLayer[l] + j];
        for (let i = 0; i < layerSizes[l - 1]; i++) {
          const source = boxes[firstOfLayer[l - 1] + i];
          ends[4 * k] = source.right;
          ends[4 * k + 1] = (source.top + source.bottom) / 2;
          ends[4 * k + 2] = target.left;
          ends[4 * k + 3] = (target.top + target.bottom) / 2;
          from[k] = firstOfLayer[l - 1] + i;
          to[k] = firstOfLayer[l] + j;
          k++;
        }
      }
    }
    geometry = { ratio, ends, from, to, boxes, links, node: boxes.length ? boxes[0].right - boxes[0].left : 20 };
    linkBucket = new Uint8Array(links);
    linkOrder = new Int32Array(links);
    lastWeights = null;
    paintLinks(true);
    if (lastThumbnails) paintThumbnails(lastThumbnails);
  }

  const resizeObserver = new ResizeObserver(() => measure());
  resizeObserver.observe(body);

  // ---------------------------------------------------------------- painting

  function bucketOf(w) {
    const a = Math.abs(w);
    let level = 0;
    while (level < LEVELS.length && a >= LEVELS[level]) level++;
    return w < 0 ? LEVELS.length - level : LEVELS.length + 1 + level; // 0 … BUCKETS-1
  }

  function bucketValue(bucket) {
    const half = LEVELS.length + 1;
    const negative = bucket < half;
    const level = negative ? LEVELS.length - bucket : bucket - half;
    const magnitude = level === 0 ? 0.01 : LEVELS[level - 1];
    return negative ? -magnitude : magnitude;
  }

  // Links and biases are drawn in colour buckets; a frame whose buckets are all unchanged is not redrawn,
  // and redraws come at most every LINK_INTERVAL_MS (thumbnails still follow every frame).
  let linkTimer = 0;
  let lastLinkPaint = -Infinity;
  let drawnBuckets = null;
  let biasBucket = null;
  let drawnBias = null;

  function requestLinks(force) {
    if (force) {
      paintLinks(true);
      return;
    }
    const wait = LINK_INTERVAL_MS - (performance.now() - lastLinkPaint);
    if (wait <= 0) {
      paintLinks(false);
    } else if (!linkTimer) {
      linkTimer = setTimeout(() => {
        linkTimer = 0;
        requestAnimationFrame(() => paintLinks(false));
      }, wait);
    }
  }

  function paintLinks(force) {
    if (!geometry) return;
    if (!layers) {
      linkContext.clearRect(0, 0, linkCanvas.width, linkCanvas.height);
      return;
    }
    const { ends, links, ratio, node } = geometry;
    // bucket of every link and every bias
    let k = 0;
    for (let l = 0; l < layers.length; l++) {
      const w = layers[l].weights;
      for (let m = 0; m < w.length && k < links; m++, k++) linkBucket[k] = bucketOf(w[m]);
    }
    let biasCount = 0;
    for (let l = 0; l < layers.length; l++) biasCount += layers[l].biases.length;
    if (!biasBucket || biasBucket.length !== biasCount) biasBucket = new Uint8Array(biasCount);
    let q = 0;
    for (let l = 0; l < layers.length; l++) {
      const biases = layers[l].biases;
      for (let j = 0; j < biases.length; j++) biasBucket[q++] = divergingIndex(biases[j], -1, 1);
    }
    if (!force && sameBytes(drawnBuckets, linkBucket) && sameBytes(drawnBias, biasBucket)) return;
    drawnBuckets = copyBytes(drawnBuckets, linkBucket);
    drawnBias = copyBytes(drawnBias, biasBucket);
    lastLinkPaint = performance.now();

    const ctx = linkContext;
    ctx.clearRect(0, 0, linkCanvas.width, linkCanvas.height);
    // counting sort of the links by bucket
    bucketCounts.fill(0);
    for (let m = 0; m < links; m++) bucketCounts[linkBucket[m] + 1]++;
    for (let b = 0; b < BUCKETS; b++) bucketCounts[b + 1] += bucketCounts[b];
    const cursor = bucketCounts.slice(0, BUCKETS);
    for (let m = 0; m < links; m++) linkOrder[cursor[linkBucket[m]]++] = m;
    const maxWidth = Math.max(2, node / 4);
    const curved = links <= MAX_CURVED_LINKS;
    for (const b of strengthOrder()) { // weakest first, so that strong links are drawn on top
      const start = bucketCounts[b];
      const stop = bucketCounts[b + 1];
      if (start === stop) continue;
      const value = bucketValue(b);
      ctx.strokeStyle = DIVERGING_CSS[divergingIndex(value, -1, 1)];
      ctx.lineWidth = Math.min(maxWidth, ratio * (1 + Math.min(5, Math.abs(value)) * 1.2));
      for (let s = start; s < stop; s++) { // one path per link: cheaper to rasterise than one big path
        const m = linkOrder[s];
        const x1 = ends[4 * m], y1 = ends[4 * m + 1], x2 = ends[4 * m + 2], y2 = ends[4 * m + 3];
        ctx.beginPath();
        ctx.moveTo(x1, y1);
        if (curved) {
          const mx = (x1 + x2) / 2;
          ctx.bezierCurveTo(mx, y1, mx, y2, x2, y2);
        } else {
          ctx.lineTo(x2, y2);
        }
        ctx.stroke();
      }
    }
    // biases: a small square at each neuron's lower left
    const size = Math.max(4, Math.round(node / 5));
    ctx.lineWidth = ratio;
    ctx.strokeStyle = 'rgba(0,0,0,0.35)';
    q = 0;
    for (let l = 0; l < layers.length; l++) {
      const first = firstOfLayer[l + 1];
      for (let j = 0; j < layers[l].biases.length; j++) {
        const box = geometry.boxes[first + j];
        if (!box) continue;
        ctx.fillStyle = DIVERGING_CSS[biasBucket[q++]];
        ctx.fillRect(box.left - size - ratio, box.bottom - size, size, size);
        ctx.strokeRect(box.left - size - ratio, box.bottom - size, size, size);
      }
    }
  }

  let cachedOrder = null;
  function strengthOrder() {
    if (cachedOrder) return cachedOrder;
    const half = LEVELS.length + 1;
    cachedOrder = [];
    for (let level = 0; level < half; level++) {
      cachedOrder.push(LEVELS.length - level, half + level); // negative and positive of each level
    }
    return cachedOrder;
  }

  function paintThumbnails(thumbnails) {
    if (!thumbnails || thumbnails.count !== neurons.length || !geometry) return; // another architecture
    lastThumbnails = thumbnails;
    const r = thumbnails.resolution;
    const tile = r + 2;
    const count = neurons.length;
    if (!atlasImage || atlas.width !== tile || atlas.height !== tile * count) {
      atlas.width = tile;
      atlas.height = tile * count;
      atlasImage = atlasContext.createImageData(tile, tile * count);
      atlasPixels = new Uint32Array(atlasImage.data.buffer);
    }
    const layerCount = layerSizes.length;
    const pixels = atlasPixels;
    for (let g = 0; g < count; g++) {
      const n = neurons[g];
      const lo = thumbnails.lo[g];
      const hi = thumbnails.hi[g];
      const scale = neuronScale(n.layer, layerCount, activations[n.layer], lo, hi, n.index);
      if (scale.kind === 'class') fillClassTable(table, scale.k, lo, hi, scale.min, scale.max);
      else fillByteTable(table, lo, hi, scale.min, scale.max);
      const bytes = thumbnails.maps[g];
      const base = g * tile * tile;
      for (let y = 0; y < tile; y++) {
        const sy = y === 0 ? 0 : y > r ? r - 1 : y - 1;
        const row = base + y * tile;
        const source = sy * r;
        pixels[row] = table[bytes[source]];
        for (let x = 0; x < r; x++) pixels[row + 1 + x] = table[bytes[source + x]];
        pixels[row + r + 1] = table[bytes[source + r - 1]];
      }
    }
    atlasContext.putImageData(atlasImage, 0, 0);
    const ctx = nodeContext;
    ctx.clearRect(0, 0, nodeCanvas.width, nodeCanvas.height);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'low'; // bilinear: enough for 10 → 40 px, and cheapest without a GPU
    const boxes = geometry.boxes;
    for (let g = 0; g < count; g++) {
      const box = boxes[g];
      ctx.drawImage(atlas, 1, g * tile + 1, r, r, box.left, box.top, box.right - box.left, box.bottom - box.top);
      const n = neurons[g];
      if (!n.drawn) {
        n.drawn = true;
        n.button.dataset.drawn = 'true';
      }
    }
  }

  function sameWeights(weights) {
    if (!lastWeights || lastWeights.length !== weights.length) return false;
    for (let i = 0; i < weights.length; i++) if (lastWeights[i] !== weights[i] && weights[i] === weights[i]) return false;
    return true;
  }

  function rememberWeights(weights) {
    if (!lastWeights || lastWeights.length !== weights.length) lastWeights = new Float32Array(weights.length);
    lastWeights.set(weights);
  }

  function markSelected() {
    for (const n of neurons) {
      const on = !!selected && selected.layer === n.layer && selected.neuron === n.index;
      if ((n.button.getAttribute('aria-pressed') === 'true') !== on) n.button.setAttribute('aria-pressed', String(on));
    }
  }

  // Dead neurons: a red cross over the thumbnail and "dead" in the name; per hidden layer, how many
  // are dead and how many compute distinct functions.
  function markDead() {
    const last = layerSizes.length - 1;
    let moved = false; // a changed text can widen a column: the link geometry must follow
    for (const n of neurons) {
      if (n.layer === 0) continue;
      const report = insight && insight.find((r) => r.layer === n.layer);
      const dead = !!(report && report.dead.length === layerSizes[n.layer] && report.dead[n.index]);
      if (n.button.classList.contains('dead') !== dead) {
        n.button.classList.toggle('dead', dead);
        n.button.setAttribute('aria-label', neuronName(n.layer, n.index) + (dead ? ', dead' : ''));
      }
    }
    for (let l = 1; l < last; l++) {
      const stats = columns.querySelector(`#layer-stats-${l}`);
      if (!stats) continue;
      const report = insight && insight.find((r) => r.layer === l);
      const fits = report && report.neurons === layerSizes[l];
      const [dead, distinct] = stats.children;
      const deadText = fits ? `${report.deadCount} dead` : '';
      const distinctText = fits ? `${report.distinct} distinct${report.exactCopies ? ' (exact copies)' : ''}` : '';
      if (dead.textContent !== deadText) { dead.textContent = deadText; moved = true; }
      if (distinct.textContent !== distinctText) { distinct.textContent = distinctText; moved = true; }
      stats.dataset.dead = String(!!fits && report.deadCount > 0);
      stats.dataset.copies = String(!!fits && (report.exactCopies || report.distinct < report.neurons));
    }
    return moved;
  }

  // ---------------------------------------------------------------- hover, focus, keyboard

  function describeNeuron(g) {
    const n = neurons[g];
    const lines = [neuronName(n.layer, n.index)];
    if (n.layer > 0) {
      const act = activations[n.layer];
      if (act) lines[0] += ` · ${ACTIVATION_LABELS[act] || act}`;
      const layer = layers && layers[n.layer - 1];
      if (layer) {
        lines.push(`bias ${fmt(layer.biases[n.index])}`);
        const parts = [];
        const shown = Math.min(layer.fanIn, 8);
        for (let i = 0; i < shown; i++) {
          parts.push(`${sourceName(n.layer - 1, i)} ${fmt(layer.weights[n.index * layer.fanIn + i])}`);
        }
        lines.push(`weights in: ${parts.join(', ')}${layer.fanIn > shown ? ', …' : ''}`);
      }
    }
    if (n.button.classList.contains('dead')) lines.push('dead: the same output for every training point');
    lines.push(selected && selected.layer === n.layer && selected.neuron === n.index
      ? 'shown large; press again for the output' : 'press to show its map large');
    return lines;
  }

  function sourceName(l, i) {
    if (l === 0) return inputLabel(featureIds[i], i);
    return `h${l}.${i + 1}`;
  }

  function describeLink(m) {
    const { from, to } = geometry;
    const a = neurons[from[m]];
    const b = neurons[to[m]];
    const layer = layers && layers[b.layer - 1];
    const w = layer ? layer.weights[b.index * layer.fanIn + a.index] : NaN;
    const target = b.layer === layerSizes.length - 1 ? 'output' + (layerSizes[b.layer] > 1 ? ' ' + (b.index + 1) : '')
      : `h${b.layer}.${b.index + 1}`;
    return [`weight ${sourceName(a.layer, a.index)} → ${target}`, fmt(w)];
  }

  function showTooltip() {
    if (!hover) { tooltip.hidden = true; return; }
    const lines = hover.kind === 'neuron' ? describeNeuron(hover.g) : describeLink(hover.link);
    const text = lines.join('\n');
    if (tooltip.textContent !== text) tooltip.textContent = text;
    tooltip.hidden = false;
    let x, y;
    if (hover.kind === 'neuron') {
      const box = geometry.boxes[hover.g];
      x = box.right / geometry.ratio + 8;
      y = box.top / geometry.ratio;
    } else {
      x = hover.x + 12;
      y = hover.y + 12;
    }
    const maxX = body.clientWidth - tooltip.offsetWidth - 4;
    tooltip.style.transform = `translate(${Math.max(0, Math.min(x - body.scrollLeft, maxX))}px, ${y - body.scrollTop}px)`;
  }

  function neuronFrom(target) {
    const button = target && target.closest && target.closest('button.neuron');
    return button ? Number(button.dataset.index) : -1;
  }

  function onClick(event) {
    const g = neuronFrom(event.target);
    if (g < 0) return;
    setFocus(g, false);
    const n = neurons[g];
    const same = selected && selected.layer === n.layer && selected.neuron === n.index;
    if (onSelect) onSelect(same ? null : { layer: n.layer, neuron: n.index });
  }

  function setFocus(g, move) {
    if (g < 0 || g >= neurons.length) return;
    if (neurons[focusIndex]) neurons[focusIndex].button.tabIndex = -1;
    focusIndex = g;
    neurons[g].button.tabIndex = 0;
    if (move) neurons[g].button.focus();
  }

  function onKeyDown(event) {
    const g = neuronFrom(event.target);
    if (g < 0) return;
    const n = neurons[g];
    let next = -1;
    switch (event.key) {
      case 'ArrowUp': next = n.index > 0 ? g - 1 : -1; break;
      case 'ArrowDown': next = n.index < layerSizes[n.layer] - 1 ? g + 1 : -1; break;
      case 'ArrowLeft':
      case 'ArrowRight': {
        const l = n.layer + (event.key === 'ArrowLeft' ? -1 : 1);
        if (l >= 0 && l < layerSizes.length) next = firstOfLayer[l] + Math.min(n.index, layerSizes[l] - 1);
        break;
      }
      case 'Home': next = 0; break;
      case 'End': next = neurons.length - 1; break;
      case 'Escape':
        if (selected && onSelect) { onSelect(null); event.preventDefault(); }
        return;
      default: return;
    }
    event.preventDefault();
    if (next >= 0) setFocus(next, true);
  }

  function onFocusIn(event) {
    const g = neuronFrom(event.target);
    if (g < 0) return;
    setFocus(g, false);
    if (!event.target.matches(':focus-visible')) return; // a click: the hover shows the numbers
    hover = { kind: 'neuron', g, focus: true };
    showTooltip();
  }

  function onFocusOut() {
    if (hover && hover.kind === 'neuron') { hover = null; showTooltip(); }
  }

  let pointer = null;
  let pointerFrame = 0;
  function onPointerMove(event) {
    pointer = event;
    if (!pointerFrame) pointerFrame = requestAnimationFrame(hitTest);
  }

  function hitTest() {
    pointerFrame = 0;
    if (!pointer || !geometry) return;
    const g = neuronFrom(pointer.target);
    if (g >= 0) { hover = { kind: 'neuron', g }; showTooltip(); return; }
    const rect = body.getBoundingClientRect();
    const x = pointer.clientX - rect.left;
    const y = pointer.clientY - rect.top;
    const link = nearestLink(x * geometry.ratio, y * geometry.ratio, 5 * geometry.ratio);
    hover = link >= 0 ? { kind: 'link', link, x, y } : null;
    showTooltip();
  }

  function onPointerLeave() {
    pointer = null;
    const active = document.activeElement;
    const keyboard = active && root.contains(active) && active.matches(':focus-visible');
    if (hover && !keyboard) { hover = null; showTooltip(); }
  }

  // The link nearest to (px, py) within `limit` canvas pixels: each curve sampled at 12 points.
  function nearestLink(px, py, limit) {
    const { ends, links } = geometry;
    const curved = links <= MAX_CURVED_LINKS;
    let best = -1;
    let bestDistance = limit * limit;
    for (let m = 0; m < links; m++) {
      const x1 = ends[4 * m], y1 = ends[4 * m + 1], x2 = ends[4 * m + 2], y2 = ends[4 * m + 3];
      if (px < x1 - limit || px > x2 + limit) continue;
      if (py < Math.min(y1, y2) - limit || py > Math.max(y1, y2) + limit) continue;
      if (!curved) {
        const d = segmentDistance2(px, py, x1, y1, x2, y2);
        if (d < bestDistance) { bestDistance = d; best = m; }
        continue;
      }
      let ax = x1, ay = y1;
      for (let s = 1; s <= 12; s++) {
        const t = s / 12, u = 1 - t;
        const mx = (x1 + x2) / 2;
        const bx = u * u * u * x1 + 3 * u * u * t * mx + 3 * u * t * t * mx + t * t * t * x2;
        const by = u * u * u * y1 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y2;
        const d = segmentDistance2(px, py, ax, ay, bx, by);
        if (d < bestDistance) { bestDistance = d; best = m; }
        ax = bx; ay = by;
      }
    }
    return best;
  }

  // A click on a link (not on a neuron) reports the weight it stands for: layer l, into j, from i.
  function onLinkPointerClick(event) {
    if (!onLinkClick || !geometry || neuronFrom(event.target) >= 0) return;
    const rect = body.getBoundingClientRect();
    const m = nearestLink((event.clientX - rect.left) * geometry.ratio, (event.clientY - rect.top) * geometry.ratio,
      5 * geometry.ratio);
    if (m < 0) return;
    const a = neurons[geometry.from[m]];
    const b = neurons[geometry.to[m]];
    onLinkClick(b.layer, b.index, a.index);
  }

  columns.addEventListener('click', onClick);
  body.addEventListener('click', onLinkPointerClick);
  columns.addEventListener('keydown', onKeyDown);
  columns.addEventListener('focusin', onFocusIn);
  columns.addEventListener('focusout', onFocusOut);
  body.addEventListener('pointermove', onPointerMove);
  body.addEventListener('pointerleave', onPointerLeave);

  /**
   * Writes short numbers on the neurons (step-through mode): notes[layer][neuron] is a string or
   * ''; null removes them all. Decorative for screen readers: the step panel's tables say the same.
   */
  function annotate(notes) {
    for (const n of neurons) {
      const text = notes && notes[n.layer] ? notes[n.layer][n.index] || '' : '';
      let note = n.button.querySelector('.neuron-note');
      if (!text) {
        if (note) note.remove();
        continue;
      }
      if (!note) {
        note = document.createElement('span');
        note.className = 'neuron-note';
        note.setAttribute('aria-hidden', 'true');
        n.button.appendChild(note);
      }
      if (note.textContent !== text) note.textContent = text;
    }
  }

  return {
    annotate,
    /**
     * data: { structure: {layerSizes, activations, featureIds, limits}, thumbnails, layers, selected, insight }
     * — any subset. `layers` is the split WEIGHTS section (wire.splitWeights); `selected` {layer, neuron} | null;
     * `insight` the insight event's layers (1 … L: dead, deadCount, distinct, exactCopies).
     */
    update(data) {
      if (data.structure) {
        const key = JSON.stringify([data.structure.layerSizes, data.structure.activations, data.structure.featureIds,
          data.structure.limits]);
        if (key !== structureKey) {
          structureKey = key;
          build(data.structure);
        }
      }
      if (data.selected !== undefined) {
        selected = data.selected;
        markSelected();
      }
      if (data.insight) {
        insight = data.insight;
        if (markDead() && geometry) measure();
      }
      if (data.thumbnails) paintThumbnails(data.thumbnails);
      if (data.layers !== undefined && data.weights) {
        if (!data.layers) return; // a frame from another architecture
        const first = !layers;
        layers = data.layers;
        if (first || !sameWeights(data.weights)) {
          rememberWeights(data.weights);
          requestLinks(first);
        }
      }
      if (hover) showTooltip();
    },
    /** The number of neurons drawn so far (for tests and status). */
    drawnCount() {
      return neurons.filter((n) => n.drawn).length;
    },
    destroy() {
      resizeObserver.disconnect();
      clearTimeout(linkTimer);
      if (pointerFrame) cancelAnimationFrame(pointerFrame);
      columns.removeEventListener('click', onClick);
      body.removeEventListener('click', onLinkPointerClick);
      columns.removeEventListener('keydown', onKeyDown);
      columns.removeEventListener('focusin', onFocusIn);
      columns.removeEventListener('focusout', onFocusOut);
      body.removeEventListener('pointermove', onPointerMove);
      body.removeEventListener('pointerleave', onPointerLeave);
      root.replaceChildren();
    },
  };
}

function sameBytes(a, b) {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function copyBytes(target, source) {
  const out = target && target.length === source.length ? target : new Uint8Array(source.length);
  out.set(source);
  return out;
}

function segmentDistance2(px, py, ax, ay, bx, by) {
  const dx = bx - ax, dy = by - ay;
  const length2 = dx * dx + dy * dy;
  let t = length2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / length2 : 0;
  t = t < 0 ? 0 : t > 1 ? 1 : t;
  const ex = ax + t * dx - px, ey = ay + t * dy - py;
  return ex * ex + ey * ey;
}
