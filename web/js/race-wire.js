// The only module that knows the race socket's wire format (docs/protocol.md, "Races").
// Text frames: JSON commands out, JSON events in. Binary frames: the live race, little-endian,
// decoded into plain objects whose maps are Uint8Array views on the received buffer.

export const PROTOCOL_VERSION = 1;

const MAGIC = 0x4c4c4352; // bytes 'R','C','L','L'
const KIND_RACE = 2;
const HEADER_BYTES = 28;
const CONTESTANT_BYTES = 16;

export const STATUS_NAMES = ['racing', 'reached', 'not-reached', 'diverged'];

const text = (type, fields) => JSON.stringify(Object.assign({ type }, fields));

export const commands = {
  race: (race) => text('race', { race }),
  play: () => text('play'),
  pause: () => text('pause'),
  reset: () => text('reset'),
  seed: (seed) => text('seed', { seed }),
  speed: (epochsPerSecond) => text('speed', { epochsPerSecond }),
  repeat: () => text('repeat'),
  cancel: () => text('cancel'),
  ack: (seq) => text('ack', { seq }),
};

const EVENT_TYPES = new Set(['hello', 'raceState', 'points', 'progress', 'result', 'error']);

/** Parses a text frame; returns the event object, or null if it is not a race event. */
export function decodeEvent(message) {
  let event;
  try {
    event = JSON.parse(message);
  } catch (e) {
    return null;
  }
  if (!event || typeof event !== 'object' || !EVENT_TYPES.has(event.type)) return null;
  return event;
}

/**
 * A live race frame:
 * { seq, liveId, epoch, resolution, contestants: [{ status ('racing' | 'reached' | 'not-reached' |
 *   'diverged'), epochsTrained, reachedAt (null: not reached), testLoss (NaN: none), map: {resolution,
 *   channels: [{lo, hi, map: Uint8Array}]} | null }], curve: { epochs: number[], losses: number[][] (per
 *   contestant, NaN: no point) } }
 * Throws on a malformed frame.
 */
export function decodeFrame(buffer) {
  const view = new DataView(buffer);
  if (buffer.byteLength < HEADER_BYTES) throw new Error(`a race frame has at least ${HEADER_BYTES} bytes`);
  if (view.getUint32(0, true) !== MAGIC) throw new Error('not a race frame (bad magic)');
  const version = view.getUint16(4, true);
  const kind = view.getUint16(6, true);
  if (version !== PROTOCOL_VERSION || kind !== KIND_RACE) throw new Error(`race frame version ${version}, kind ${kind}`);
  const seq = view.getUint32(8, true);
  const liveId = view.getUint32(12, true);
  const epoch = view.getUint32(16, true);
  const count = view.getUint16(20, true);
  const points = view.getUint16(22, true);
  const resolution = view.getUint16(24, true);
  const g2 = resolution * resolution;
  let at = HEADER_BYTES;
  const contestants = [];
  for (let c = 0; c < count; c++) {
    need(buffer, at, CONTESTANT_BYTES);
    const status = STATUS_NAMES[view.getUint8(at)] || 'racing';
    const channels = view.getUint16(at + 2, true);
    const epochsTrained = view.getInt32(at + 4, true);
    const reachedAt = view.getInt32(at + 8, true);
    const testLoss = view.getFloat32(at + 12, true);
    at += CONTESTANT_BYTES;
    let map = null;
    if (channels > 0) {
      const length = (channels * (8 + g2) + 3) & ~3;
      need(buffer, at, length);
      const list = [];
      let p = at;
      for (let k = 0; k < channels; k++) {
        list.push({ lo: view.getFloat32(p, true), hi: view.getFloat32(p + 4, true), map: new Uint8Array(buffer, p + 8, g2) });
        p += 8 + g2;
      }
      map = { resolution, channels: list };
      at += length;
    }
    contestants.push({ status, epochsTrained, reachedAt: reachedAt >= 0 ? reachedAt : null, testLoss, map });
  }
  need(buffer, at, points * (4 + 4 * count));
  const epochs = new Array(points);
  const losses = contestants.map(() => new Array(points));
  for (let i = 0; i < points; i++) {
    epochs[i] = view.getUint32(at, true);
    at += 4;
    for (let c = 0; c < count; c++) {
      losses[c][i] = view.getFloat32(at, true);
      at += 4;
    }
  }
  return { seq, liveId, epoch, resolution, contestants, curve: { epochs, losses } };
}

function need(buffer, at, bytes) {
  if (at + bytes > buffer.byteLength) throw new Error(`truncated race frame at byte ${at}`);
}
