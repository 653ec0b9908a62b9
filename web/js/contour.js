// The loss landscape as a contour map: the grid's log-loss in banded colours (bilinear between grid
// points), contour lines between the bands by marching squares, the trained weights at the centre,
// the training path's projection on top, and a keyboard cross-hair. Renderer: create(canvas, {onCursor})
// → update(data) → destroy(); paints once per animation frame.

export const BANDS = 14;
// viridis at BANDS + 1 stops: dark (low loss, the valleys) to yellow (high); readable in grey and by
// the common colour-vision deficiencies
const STOPS = [[68, 1, 84], [72, 40, 120], [62, 74, 137], [49, 104, 142], [38, 130, 142], [31, 158, 137],
  [53, 183, 121], [109, 205, 89], [180, 222, 44], [253, 231, 37]];

function stopColour(t) {
  const x = Math.min(1, Math.max(0, t)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(x));
  const u = x - i;
  return STOPS[i].map((c, k) => Math.round(c + (STOPS[i + 1][k] - c) * u));
}

/** The band colours, low to high, as [r, g, b] and as packed RGBA words. */
export const BAND_RGB = Array.from({ length: BANDS }, (_, b) => stopColour(b / (BANDS - 1)));
const BAND_WORDS = new Uint32Array(BAND_RGB.map(([r, g, b]) => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0));
const MISSING_WORD = ((255 << 24) | (200 << 16) | (200 << 8) | 200) >>> 0;

/**
 * Marching squares: the segments where the bilinear surface through an n × n grid (row-major,
 * values[j·n + i], NaN for missing) crosses `level`, in grid coordinates (i, j). Cells with a
 * missing corner are skipped; a saddle is resolved by the cell's mean.
 */
export function marchingSquares(values, n, level) {
  const segments = [];
  const at = (i, j) => values[j * n + i];
  const cross = (a, b, va, vb) => a + ((level - va) / (vb - va)) * (b - a);
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      const v0 = at(i, j);
      const v1 = at(i + 1, j);
      const v2 = at(i + 1, j + 1);
      const v3 = at(i, j + 1);
      if (Number.isNaN(v0) || Number.isNaN(v1) || Number.isNaN(v2) || Number.isNaN(v3)) continue;
      const index = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
      if (index === 0 || index === 15) continue;
      // the crossing on each edge: bottom (0–1), right (1–2), top (3–2), left (0–3)
      const bottom = () => [cross(i, i + 1, v0, v1), j];
      const right = () => [i + 1, cross(j, j + 1, v1, v2)];
      const top = () => [cross(i, i + 1, v3, v2), j + 1];
      const left = () => [i, cross(j, j + 1, v0, v3)];
      const add = (a, b) => segments.push([a(), b()]);
      switch (index) {
        case 1: case 14: add(left, bottom); break;
        case 2: case 13: add(bottom, right); break;
        case 3: case 12: add(left, right); break;
        case 4: case 11: add(right, top); break;
        case 6: case 9: add(bottom, top); break;
        case 7: case 8: add(left, top); break;
        case 5: case 10: {
          const centreHigh = (v0 + v1 + v2 + v3) / 4 > level;
          if ((index === 5) === centreHigh) { add(left, top); add(bottom, right); } else { add(left, bottom); add(right, top); }
          break;
        }
        default: break;
      }
    }
  }
  return segments;
}

export function create(canvas, { onCursor = () => {} } = {}) {
  const ctx = canvas.getContext('2d');
  let landscape = null; // { n, alphas, logs (Float64Array, NaN for missing), lo, hi, path }
  let cursor = null; // {i, j}
  let raf = 0;
  let geometry = null;
  const margin = { left: 46, right: 12, top: 12, bottom: 40 };

  function prepare(data) {
    const n = data.resolution;
    const logs = new Float64Array(n * n);
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = 0; k < n * n; k++) {
      const v = data.losses[k];
      const l = typeof v === 'number' && v > 0 && Number.isFinite(v) ? Math.log10(v) : NaN;
      logs[k] = l;
      if (!Number.isNaN(l)) {
        lo = Math.min(lo, l);
        hi = Math.max(hi, l);
      }
    }
    if (!(hi > lo)) hi = lo + 1e-9;
    return { n, alphas: data.alphas, radius: data.alphas[n - 1], logs, lo, hi, path: data.path };
  }

  const band = (l) => Math.min(BANDS - 1, Math.max(0, Math.floor(((l - landscape.lo) / (landscape.hi - landscape.lo)) * BANDS)));

  function size() {
    const ratio = window.devicePixelRatio || 1;
    const css = Math.max(240, Math.min(560, Math.floor(canvas.clientWidth || 480)));
    if (canvas.width !== Math.round(css * ratio)) {
      canvas.width = Math.round(css * ratio);
      canvas.height = Math.round(css * ratio);
      canvas.style.height = `${css}px`;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    const side = css - Math.max(margin.left + margin.right, margin.top + margin.bottom);
    return { css, ratio, side };
  }

  function paint() {
    raf = 0;
    const { css, ratio, side } = size();
    ctx.clearRect(0, 0, css, css);
    const x0 = margin.left;
    const y0 = margin.top;
    if (!landscape) {
      ctx.fillStyle = '#f4f6f8';
      ctx.fillRect(x0, y0, side, side);
      ctx.fillStyle = '#57606a';
      ctx.font = '13px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.fillText('Draw the landscape to see it.', x0 + side / 2, y0 + side / 2);
      geometry = null;
      return;
    }
    const { n, radius, logs } = landscape;
    // grid coordinates (0..n−1) ↔ pixels; β grows upwards
    const toX = (gi) => x0 + (gi / (n - 1)) * side;
    const toY = (gj) => y0 + side - (gj / (n - 1)) * side;
    geometry = { x0, y0, side, n };

    // banded colours, bilinear in log-loss between grid points
    const pixels = Math.round(side * ratio);
    const image = ctx.createImageData(pixels, pixels);
    const words = new Uint32Array(image.data.buffer);
    for (let py = 0; py < pixels; py++) {
      const gj = (1 - (py + 0.5) / pixels) * (n - 1);
      const j = Math.min(n - 2, Math.floor(gj));
      const v = gj - j;
      for (let px = 0; px < pixels; px++) {
        const gi = ((px + 0.5) / pixels) * (n - 1);
        const i = Math.min(n - 2, Math.floor(gi));
        const u = gi - i;
        const a = logs[j * n + i];
        const b = logs[j * n + i + 1];
        const c = logs[(j + 1) * n + i];
        const d = logs[(j + 1) * n + i + 1];
        const l = (a * (1 - u) + b * u) * (1 - v) + (c * (1 - u) + d * u) * v;
        words[py * pixels + px] = Number.isNaN(l) ? MISSING_WORD : BAND_WORDS[band(l)];
      }
    }
    ctx.putImageData(image, Math.round(x0 * ratio), Math.round(y0 * ratio));

    // contour lines at the band boundaries
    ctx.save();
    ctx.beginPath();
    ctx.rect(x0, y0, side, side);
    ctx.clip();
    ctx.strokeStyle = 'rgba(20, 20, 20, 0.35)';
    ctx.lineWidth = 0.8;
    ctx.beginPath();
    for (let b = 1; b < BANDS; b++) {
      const level = landscape.lo + (b / BANDS) * (landscape.hi - landscape.lo);
      for (const [[ai, aj], [bi, bj]] of marchingSquares(logs, n, level)) {
        ctx.moveTo(toX(ai), toY(aj));
        ctx.lineTo(toX(bi), toY(bj));
      }
    }
    ctx.stroke();

    // the training path's shadow on the plane, start to end
    const path = landscape.path;
    if (path && path.alpha.length) {
      const px = (a) => x0 + ((a + radius) / (2 * radius)) * side;
      const py = (b) => y0 + side - ((b + radius) / (2 * radius)) * side;
      for (const [colour, width] of [['rgba(0,0,0,0.75)', 4], ['#ffffff', 2]]) {
        ctx.strokeStyle = colour;
        ctx.lineWidth = width;
        ctx.beginPath();
        path.alpha.forEach((a, t) => (t ? ctx.lineTo(px(a), py(path.beta[t])) : ctx.moveTo(px(a), py(path.beta[t]))));
        ctx.stroke();
      }
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = '#1f2328';
      ctx.lineWidth = 1;
      path.alpha.forEach((a, t) => {
        ctx.beginPath();
        ctx.arc(px(a), py(path.beta[t]), t === 0 ? 5 : 2.2, 0, 2 * Math.PI);
        ctx.fill();
        ctx.stroke();
      });
    }
    ctx.restore();

    // the trained weights at the centre
    const cx = toX((n - 1) / 2);
    const cy = toY((n - 1) / 2);
    ctx.strokeStyle = '#ffffff';
    ctx.lineWidth = 4;
    plus(cx, cy, 8);
    ctx.strokeStyle = '#b3261e';
    ctx.lineWidth = 2;
    plus(cx, cy, 8);

    // the frame and the axes
    ctx.strokeStyle = '#8c959f';
    ctx.lineWidth = 1;
    ctx.strokeRect(x0 + 0.5, y0 + 0.5, side - 1, side - 1);
    ctx.fillStyle = '#3d444d';
    ctx.font = '11px system-ui, sans-serif';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    const ticks = [-radius, -radius / 2, 0, radius / 2, radius];
    for (const t of ticks) {
      const tx = x0 + ((t + radius) / (2 * radius)) * side;
      ctx.fillText(tickText(t), tx, y0 + side + 4);
    }
    ctx.fillText('α (direction δ)', x0 + side / 2, y0 + side + 20);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of ticks) {
      const ty = y0 + side - ((t + radius) / (2 * radius)) * side;
      ctx.fillText(tickText(t), x0 - 4, ty);
    }
    ctx.save();
    ctx.translate(12, y0 + side / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText('β (direction η)', 0, 0);
    ctx.restore();

    if (cursor) {
      const kx = toX(cursor.i);
      const ky = toY(cursor.j);
      ctx.strokeStyle = '#ffffff';
      ctx.lineWidth = 3;
      ring(kx, ky);
      ctx.strokeStyle = '#1f2328';
      ctx.lineWidth = 1.5;
      ring(kx, ky);
    }
  }

  const tickText = (t) => (Math.abs(t) < 1e-12 ? '0' : String(+t.toPrecision(3)).replace('-', '−'));

  function plus(x, y, s) {
    ctx.beginPath();
    ctx.moveTo(x - s, y);
    ctx.lineTo(x + s, y);
    ctx.moveTo(x, y - s);
    ctx.lineTo(x, y + s);
    ctx.stroke();
  }

  function ring(x, y) {
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.stroke();
  }

  function schedule() {
    if (!raf) raf = requestAnimationFrame(paint);
  }

  function setCursor(i, j) {
    if (!landscape) return;
    const n = landscape.n;
    cursor = { i: Math.max(0, Math.min(n - 1, i)), j: Math.max(0, Math.min(n - 1, j)) };
    onCursor(cursor);
    schedule();
  }

  const onMove = (event) => {
    if (!geometry) return;
    const rect = canvas.getBoundingClientRect();
    const gi = ((event.clientX - rect.left - geometry.x0) / geometry.side) * (geometry.n - 1);
    const gj = (1 - (event.clientY - rect.top - geometry.y0) / geometry.side) * (geometry.n - 1);
    if (gi < -0.5 || gj < -0.5 || gi > geometry.n - 0.5 || gj > geometry.n - 0.5) return;
    setCursor(Math.round(gi), Math.round(gj));
  };
  const onKey = (event) => {
    if (!landscape) return;
    const step = event.shiftKey ? 5 : 1;
    const here = cursor || { i: (landscape.n - 1) / 2, j: (landscape.n - 1) / 2 };
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (event.key === 'Home') {
      setCursor((landscape.n - 1) / 2, (landscape.n - 1) / 2);
    } else if (moves[event.key]) {
      setCursor(here.i + moves[event.key][0], here.j + moves[event.key][1]);
    } else {
      return;
    }
    event.preventDefault();
  };
  canvas.addEventListener('mousemove', onMove);
  canvas.addEventListener('keydown', onKey);
  const resizeObserver = new ResizeObserver(schedule);
  resizeObserver.observe(canvas);
  schedule();

  return {
    /** data: { landscape: the server's result (resolution, alphas, losses, path) } | { clear: true } */
    update(data) {
      if (data.clear) {
        landscape = null;
        cursor = null;
      }
      if (data.landscape) {
        landscape = prepare(data.landscape);
        cursor = null;
      }
      schedule();
    },
    /** The colour range in log10(loss): [lo, hi]. */
    range() {
      return landscape ? [landscape.lo, landscape.hi] : null;
    },
    destroy() {
      cancelAnimationFrame(raf);
      resizeObserver.disconnect();
      canvas.removeEventListener('mousemove', onMove);
      canvas.removeEventListener('keydown', onKey);
    },
  };
}
