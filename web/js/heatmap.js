// The big map: the network's output over the plane [−6, 6]² (or the selected neuron's map), with the
// training points (and, on request, the test points) drawn on top. Clicking the plane reports the
// point's coordinates (→ addPoint). Renderer: create(root) → update(data) → destroy().
//
// The map is drawn at its own resolution (50×50 or 100×100) into a canvas that CSS scales up smoothly;
// the points live on a second canvas at the screen's resolution and are redrawn only when they change.

import { fillByteTable, fillClassTable, CLASS_RAMPS, DIVERGING_CSS, divergingIndex, classCss } from './colors.js';

const EXTENT = 6; // the plane is [−6, 6]²

export function create(root, { onPick } = {}) {
  const mapCanvas = root.querySelector('canvas.map') || append(root, 'map');
  const pointsCanvas = root.querySelector('canvas.points') || append(root, 'points');
  const mapContext = mapCanvas.getContext('2d', { alpha: false });
  const pointsContext = pointsCanvas.getContext('2d');
  const table = new Uint32Array(256);
  let image = null; // ImageData at the map's resolution, reused
  let pixels = null; // its Uint32Array view
  let points = null;
  let showTest = false;
  let pointsDirty = false;

  function ensureImage(resolution) {
    if (image && image.width === resolution) return;
    mapCanvas.width = resolution;
    mapCanvas.height = resolution;
    image = mapContext.createImageData(resolution, resolution);
    pixels = new Uint32Array(image.data.buffer);
  }

  function paintMap(map, scale, discretize) {
    const { resolution, channels } = map;
    ensureImage(resolution);
    const n = resolution * resolution;
    if (channels.length === 1) {
      const { lo, hi, map: bytes } = channels[0];
      if (scale.kind === 'class') fillClassTable(table, scale.k || 0, lo, hi, scale.min, scale.max);
      else fillByteTable(table, lo, hi, scale.min, scale.max, discretize, scale.threshold);
      for (let i = 0; i < n; i++) pixels[i] = table[bytes[i]];
    } else {
      paintClasses(channels, n, discretize);
    }
    mapContext.putImageData(image, 0, 0);
    root.dataset.drawn = 'true';
  }

  // Several channels (softmax): each pixel takes the colour of its most probable class, as strong as
  // that class is above chance (1/C).
  function paintClasses(channels, n, discretize) {
    const c = channels.length;
    const chance = 1 / c;
    const spread = 255 / (1 - chance);
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestValue = -Infinity;
      for (let k = 0; k < c; k++) {
        const ch = channels[k];
        const v = ch.lo + (ch.map[i] / 255) * (ch.hi - ch.lo);
        if (v > bestValue) { bestValue = v; best = k; }
      }
      const ramp = CLASS_RAMPS[best % CLASS_RAMPS.length];
      if (discretize) { pixels[i] = ramp[255]; continue; }
      const t = (bestValue - chance) * spread;
      pixels[i] = ramp[t <= 0 ? 0 : t >= 255 ? 255 : t | 0];
    }
  }

  function resizePoints() {
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(pointsCanvas.clientWidth * ratio));
    const h = Math.max(1, Math.round(pointsCanvas.clientHeight * ratio));
    if (pointsCanvas.width !== w || pointsCanvas.height !== h) {
      pointsCanvas.width = w;
      pointsCanvas.height = h;
      pointsDirty = true;
    }
  }

  function paintPoints() {
    pointsDirty = false;
    const ctx = pointsContext;
    const w = pointsCanvas.width;
    const h = pointsCanvas.height;
    ctx.clearRect(0, 0, w, h);
    if (!points) return;
    const ratio = window.devicePixelRatio || 1;
    const radius = Math.max(2, Math.min(4, w / ratio / 90)) * ratio;
    drawSet(ctx, points.train, points, w, h, radius, 'rgba(255,255,255,0.95)', ratio);
    if (showTest) drawSet(ctx, points.test, points, w, h, radius, 'rgba(0,0,0,0.9)', ratio);
  }

  const resizeObserver = new ResizeObserver(() => {
    resizePoints();
    if (pointsDirty) paintPoints();
  });
  resizeObserver.observe(pointsCanvas);

  function onClick(event) {
    if (!onPick) return;
    const rect = pointsCanvas.getBoundingClientRect();
    const x = -EXTENT + (2 * EXTENT * (event.clientX - rect.left)) / rect.width;
    const y = EXTENT - (2 * EXTENT * (event.clientY - rect.top)) / rect.height;
    onPick(round2(clamp(x)), round2(clamp(y)));
  }
  pointsCanvas.addEventListener('click', onClick);

  return {
    /**
     * data: { map: {resolution, channels: [{lo, hi, map}]}, scale, discretize,
     *         points: {train, test, task}, showTest } — any subset.
     */
    update(data) {
      if (data.points !== undefined) { points = data.points; pointsDirty = true; }
      if (data.showTest !== undefined && data.showTest !== showTest) { showTest = data.showTest; pointsDirty = true; }
      if (data.map) paintMap(data.map, data.scale, !!data.discretize);
      if (pointsDirty) { resizePoints(); paintPoints(); }
    },
    destroy() {
      resizeObserver.disconnect();
      pointsCanvas.removeEventListener('click', onClick);
    },
  };
}

function append(root, className) {
  const canvas = document.createElement('canvas');
  canvas.className = className;
  root.appendChild(canvas);
  return canvas;
}

// Points grouped by colour: one path per colour, filled once and outlined once.
function drawSet(ctx, set, points, w, h, radius, outline, ratio) {
  if (!set || set.length === 0) return;
  const groups = new Map();
  for (let i = 0; i < set.length; i++) {
    const colour = pointColour(set[i][2], points.task);
    let group = groups.get(colour);
    if (!group) groups.set(colour, (group = []));
    group.push(i);
  }
  ctx.lineWidth = ratio;
  ctx.strokeStyle = outline;
  for (const [colour, indices] of groups) {
    ctx.beginPath();
    for (const i of indices) {
      const p = set[i];
      const px = ((p[0] + EXTENT) / (2 * EXTENT)) * w;
      const py = ((EXTENT - p[1]) / (2 * EXTENT)) * h;
      ctx.moveTo(px + radius, py);
      ctx.arc(px, py, radius, 0, 2 * Math.PI);
    }
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.stroke();
  }
}

/** The colour of a point's label: two classes by sign (±1 or 0/1), classes by index, values on the scale. */
export function pointColour(label, task) {
  if (task === 'multiclass') return classCss(Math.max(0, Math.round(label)));
  if (task === 'regression') return DIVERGING_CSS[divergingIndex(label, -1, 1)];
  return label > 0 ? DIVERGING_CSS[255] : DIVERGING_CSS[0];
}

const clamp = (v) => Math.max(-EXTENT, Math.min(EXTENT, v));
const round2 = (v) => Math.round(v * 100) / 100;
