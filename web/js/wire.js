// The only module that knows LayerLab's wire format (docs/protocol.md, version 1).
// Text frames: JSON commands out, JSON events in. Binary frames: little-endian numbers, decoded here
// into plain objects whose maps are Uint8Array views on the received buffer (no copies).

export const PROTOCOL_VERSION = 1;

const MAGIC = 0x4c4c4652; // bytes 'R','F','L','L'
const HEADER_BYTES = 32;
const KIND_TRAINING = 1;

const SECTION_METRICS = 1;
const SECTION_THUMBNAILS = 2;
const SECTION_OUTPUT_MAP = 3;
const SECTION_SELECTED_MAP = 4;
const SECTION_WEIGHTS = 5;

// Typed-array views on the wire need a little-endian machine (every browser in practice); else copy.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

// ------------------------------------------------------------------ commands (client → server)

const text = (type, fields) => JSON.stringify(Object.assign({ type }, fields));

export const commands = {
  configure: (config) => text('configure', { config }),
  play: () => text('play'),
  pause: () => text('pause'),
  step: (unit) => text('step', { unit: unit === 'batch' ? 'batch' : 'epoch' }),
  reset: () => text('reset'),
  newSeed: () => text('newSeed'),
  speed: (epochsPerSecond) => text('speed', { epochsPerSecond }),
  frameRate: (fps) => text('frameRate', { fps }),
  ack: (seq) => text('ack', { seq }),
  select: (layer, neuron) => text('select', layer == null ? { layer: null, neuron: null } : { layer, neuron }),
  uploadPoints: (format, pointsText) => text('uploadPoints', { format, text: pointsText }),
  addPoint: (x, y, label) => text('addPoint', { x, y, label }),
  importModel: (model) => text('importModel', { model }),
  exportModel: () => text('exportModel'),
  exportHistory: () => text('exportHistory'),
  breakSymmetry: () => text('breakSymmetry'),
  shiftBiases: (shift) => text('biases', { shift }),
  setBiases: (value) => text('biases', { set: value }),
  hiddenSpace: (layer, a, b) => text('hiddenSpace', layer == null ? { layer: null } : { layer, a, b }),
  /** One training sample's forward and backward pass, traced: a sample {split, index} or a point {x, y, label}. */
  trace: (what) => text('trace', what && what.split ? { split: what.split, index: what.index }
    : { x: what.x, y: what.y, label: what.label }),
  applyTrace: (traceId) => text('applyTrace', { traceId }),
};

/** The largest text message the server accepts (bytes of UTF-8). */
export const MAX_MESSAGE_BYTES = 2 * 1024 * 1024;

// ------------------------------------------------------------------ events (server → client, text)

const EVENT_TYPES = new Set(['hello', 'state', 'data', 'history', 'model', 'error', 'insight', 'hiddenSpace', 'trace']);

/** Parses a text frame; returns the event object, or null if it is not a known event. */
export function decodeEvent(message) {
  let event;
  try {
    event = JSON.parse(message);
  } catch (e) {
    return null;
  }
  if (!event || typeof event !== 'object' || !EVENT_TYPES.has(event.type)) return null;
  if (event.type === 'insight') return readInsight(event);
  if (event.type === 'hiddenSpace') return readHiddenSpace(event);
  if (event.type === 'trace') return readTrace(event);
  return event;
}

const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const numbers = (a) => (Array.isArray(a) ? a.map((v) => (typeof v === 'number' ? v : NaN)) : []);

/**
 * An `insight` event, checked and with defaults:
 * { type, epoch, layers: [{ layer (1 … L, L the output), neurons, dead: boolean[], deadCount, distinct,
 *   exactCopies, maxSimilarity|null, gradientNorm|null, weightNorm|null, updateRatio|null,
 *   saturatedFraction|null, histogram: {lo, hi, counts: number[]} | null }] }
 */
function readInsight(event) {
  const layers = (Array.isArray(event.layers) ? event.layers : []).filter((l) => l && typeof l === 'object')
    .map((l, i) => {
      const dead = Array.isArray(l.dead) ? l.dead.map(Boolean) : [];
      const neurons = Number.isInteger(l.neurons) ? l.neurons : dead.length;
      const h = l.histogram;
      return {
        layer: Number.isInteger(l.layer) ? l.layer : i + 1,
        neurons,
        dead,
        deadCount: Number.isInteger(l.deadCount) ? l.deadCount : dead.filter(Boolean).length,
        distinct: Number.isInteger(l.distinct) ? l.distinct : neurons,
        exactCopies: !!l.exactCopies,
        maxSimilarity: num(l.maxSimilarity),
        gradientNorm: num(l.gradientNorm),
        weightNorm: num(l.weightNorm),
        updateRatio: num(l.updateRatio),
        saturatedFraction: num(l.saturatedFraction),
        histogram: h && typeof h === 'object' && Array.isArray(h.counts) && num(h.lo) !== null && num(h.hi) !== null
          ? { lo: h.lo, hi: h.hi, counts: numbers(h.counts) } : null,
      };
    });
  return { type: 'insight', epoch: num(event.epoch) ?? 0, layers };
}

/** A `hiddenSpace` event: { type, layer|null, a, b, x: number[], y: number[], labels: number[] }. */
function readHiddenSpace(event) {
  const x = numbers(event.x);
  const y = numbers(event.y);
  const n = Math.min(x.length, y.length);
  return { type: 'hiddenSpace', layer: Number.isInteger(event.layer) ? event.layer : null,
    a: Number.isInteger(event.a) ? event.a : 0, b: Number.isInteger(event.b) ? event.b : 0,
    x: x.slice(0, n), y: y.slice(0, n), labels: numbers(event.labels).slice(0, n) };
}

const matrix = (m) => (Array.isArray(m) ? m.map(numbers) : []);
const maybe = (a) => (Array.isArray(a) ? numbers(a) : null);

/**
 * A `trace` event: one sample through the network, the numbers of the chain rule.
 * { type, traceId, epoch, point: {x, y, label}, inputs, targets, learningRate, loss, lossAfter,
 *   layers: [{ layer (0 … L), netInput, output, errorByOutput (∂E/∂out), activationDerivative
 *   (∂out/∂net, null for softmax), delta, weights [j][i], biases, weightGradient [j][i], biasGradient,
 *   numericWeightGradient [j][i], numericBiasGradient, updatedWeights [j][i], updatedBiases }] }
 * Missing arrays are empty (or null: activationDerivative), missing numbers NaN.
 */
function readTrace(event) {
  const p = event.point && typeof event.point === 'object' ? event.point : {};
  const n = (v) => num(v) ?? NaN;
  const layers = (Array.isArray(event.layers) ? event.layers : []).filter((l) => l && typeof l === 'object')
    .map((l, i) => ({
      layer: Number.isInteger(l.layer) ? l.layer : i,
      netInput: numbers(l.netInput), output: numbers(l.output), errorByOutput: numbers(l.errorByOutput),
      activationDerivative: maybe(l.activationDerivative), delta: numbers(l.delta),
      weights: matrix(l.weights), biases: numbers(l.biases),
      weightGradient: matrix(l.weightGradient), biasGradient: numbers(l.biasGradient),
      numericWeightGradient: matrix(l.numericWeightGradient), numericBiasGradient: numbers(l.numericBiasGradient),
      updatedWeights: matrix(l.updatedWeights), updatedBiases: numbers(l.updatedBiases),
    }));
  return { type: 'trace', traceId: event.traceId, epoch: n(event.epoch),
    point: { x: n(p.x), y: n(p.y), label: n(p.label) }, inputs: numbers(event.inputs), targets: numbers(event.targets),
    learningRate: n(event.learningRate), loss: n(event.loss), lossAfter: n(event.lossAfter), layers };
}

// ------------------------------------------------------------------ binary frames (server → client)

/** The sequence number of a binary frame, or -1 if it is not a LayerLab frame. Cheap: reads 12 bytes. */
export function frameSeq(buffer) {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < HEADER_BYTES) return -1;
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) return -1;
  return view.getUint32(8, true);
}

function floats(buffer, view, offset, count) {
  if (LITTLE_ENDIAN && offset % 4 === 0) return new Float32Array(buffer, offset, count);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, true);
  return out;
}

/**
 * Decodes a binary frame into
 * { version, kind, seq, epoch, serverTimeMs,
 *   metrics: {trainLoss, testLoss, trainAccuracy, testAccuracy, epochsPerSecond} | null,
 *   thumbnails: {resolution, count, lo: Float32Array, hi: Float32Array, maps: Uint8Array[]} | null,
 *   output: {resolution, channels: [{lo, hi, map: Uint8Array}]} | null,
 *   selected: {layer, neuron, resolution, lo, hi, map: Uint8Array} | null,
 *   weights: Float32Array | null }
 * Unknown sections are skipped. Throws an Error naming the problem for a malformed frame.
 */
export function decodeFrame(buffer) {
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength < HEADER_BYTES) {
    throw new Error('binary frame shorter than its 32-byte header');
  }
  const view = new DataView(buffer);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('binary frame without the LayerLab magic number');
  const frame = {
    version: view.getUint16(4, true),
    kind: view.getUint16(6, true),
    seq: view.getUint32(8, true),
    epoch: view.getFloat64(16, true),
    serverTimeMs: view.getFloat64(24, true),
    metrics: null,
    thumbnails: null,
    output: null,
    selected: null,
    weights: null,
  };
  if (frame.version !== PROTOCOL_VERSION) {
    throw new Error(`binary frame version ${frame.version}; this page reads version ${PROTOCOL_VERSION}`);
  }
  if (frame.kind !== KIND_TRAINING) return frame; // a kind this page does not know: header only
  let offset = HEADER_BYTES;
  const end = buffer.byteLength;
  while (offset + 8 <= end) {
    const id = view.getUint16(offset, true);
    const length = view.getUint32(offset + 4, true);
    const start = offset + 8;
    if (start + length > end) throw new Error(`section ${id} runs past the end of the frame`);
    switch (id) {
      case SECTION_METRICS: frame.metrics = readMetrics(view, start, length); break;
      case SECTION_THUMBNAILS: frame.thumbnails = readThumbnails(buffer, view, start, length); break;
      case SECTION_OUTPUT_MAP: frame.output = readOutputMap(buffer, view, start, length); break;
      case SECTION_SELECTED_MAP: frame.selected = readSelectedMap(buffer, view, start, length); break;
      case SECTION_WEIGHTS: frame.weights = readWeights(buffer, view, start, length); break;
      default: break; // forward compatibility: skip sections this page does not know
    }
    offset = start + ((length + 3) & ~3);
  }
  return frame;
}

function readMetrics(view, start, length) {
  const f = (i) => (length >= 4 * (i + 1) ? view.getFloat32(start + 4 * i, true) : NaN);
  return { trainLoss: f(0), testLoss: f(1), trainAccuracy: f(2), testAccuracy: f(3), epochsPerSecond: f(4) };
}

function readThumbnails(buffer, view, start, length) {
  const resolution = view.getUint16(start, true);
  const count = view.getUint16(start + 2, true);
  const pixels = resolution * resolution;
  if (4 + count * (8 + pixels) > length) throw new Error('THUMBNAILS section shorter than its maps');
  const lo = new Float32Array(count);
  const hi = new Float32Array(count);
  const maps = new Array(count);
  let p = start + 4;
  for (let n = 0; n < count; n++) {
    lo[n] = view.getFloat32(p, true);
    hi[n] = view.getFloat32(p + 4, true);
    maps[n] = new Uint8Array(buffer, p + 8, pixels);
    p += 8 + pixels;
  }
  return { resolution, count, lo, hi, maps };
}

function readOutputMap(buffer, view, start, length) {
  const resolution = view.getUint16(start, true);
  const count = view.getUint16(start + 2, true);
  const pixels = resolution * resolution;
  if (4 + count * (8 + pixels) > length) throw new Error('OUTPUT_MAP section shorter than its maps');
  const channels = new Array(count);
  let p = start + 4;
  for (let c = 0; c < count; c++) {
    channels[c] = { lo: view.getFloat32(p, true), hi: view.getFloat32(p + 4, true),
      map: new Uint8Array(buffer, p + 8, pixels) };
    p += 8 + pixels;
  }
  return { resolution, channels };
}

function readSelectedMap(buffer, view, start, length) {
  const resolution = view.getUint16(start + 4, true);
  const pixels = resolution * resolution;
  if (16 + pixels > length) throw new Error('SELECTED_MAP section shorter than its map');
  return {
    layer: view.getUint16(start, true),
    neuron: view.getUint16(start + 2, true),
    resolution,
    lo: view.getFloat32(start + 8, true),
    hi: view.getFloat32(start + 12, true),
    map: new Uint8Array(buffer, start + 16, pixels),
  };
}

function readWeights(buffer, view, start, length) {
  const count = view.getUint32(start, true);
  if (4 + 4 * count > length) throw new Error('WEIGHTS section shorter than its count');
  return floats(buffer, view, start + 4, count);
}

/**
 * Splits the flat WEIGHTS array into per-layer views, in the engine's layout: for each weight layer
 * (first hidden … output), weights row-major w[j][i] (j: neuron of this layer, i: neuron before),
 * then the biases. Returns null when the count does not fit layerSizes (a frame from before a
 * configure). The views share the frame's buffer.
 */
export function splitWeights(weights, layerSizes) {
  if (!weights || !layerSizes) return null;
  let expected = 0;
  for (let l = 1; l < layerSizes.length; l++) expected += layerSizes[l] * (layerSizes[l - 1] + 1);
  if (weights.length !== expected) return null;
  const layers = [];
  let p = 0;
  for (let l = 1; l < layerSizes.length; l++) {
    const fanIn = layerSizes[l - 1];
    const out = layerSizes[l];
    layers.push({ fanIn, out, weights: weights.subarray(p, p + out * fanIn),
      biases: weights.subarray(p + out * fanIn, p + out * fanIn + out) });
    p += out * (fanIn + 1);
  }
  return layers;
}

/** The value a byte stands for: lo + b / 255 · (hi − lo). */
export const byteValue = (b, lo, hi) => lo + (b / 255) * (hi - lo);
