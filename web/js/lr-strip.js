// The minima's strip plot: one dot per seed on a log axis of final loss, one row for the test loss
// and one for the training loss, the median marked, diverged seeds counted in a column of their own.
// Renderer: create(canvas, {onPick}) → update({runs, selected}) → destroy(); paints once per
// animation frame. The seed table below the plot is the keyboard's and screen reader's way in.

import { formatRate } from './lr-format.js';

const TEST = '#0b62a4';
const TRAIN = '#8c959f';
const INK = '#1f2328';
const DIVERGED = '#b3261e';
const ROWS = [{ key: 'test', label: 'Test loss', colour: TEST }, { key: 'train', label: 'Training loss', colour: TRAIN }];
const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** "10⁻³" for a decade. */
export function decadeLabel(exponent) {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return '10' + String(exponent).split('').map((c) => SUPERSCRIPT[c]).join('');
}

/** A small deterministic vertical offset per seed, so that equal losses do not hide each other. */
const jitter = (seed) => (((seed * 2654435761) >>> 0) % 1000) / 1000 - 0.5;

function median(values) {
  const v = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const h = (v.length - 1) / 2;
  return v[Math.floor(h)] + (h - Math.floor(h)) * (v[Math.ceil(h)] - v[Math.floor(h)]);
}

export function create(canvas, { onPick = () => {} } = {}) {
  const ctx = canvas.getContext('2d');
  let runs = [];
  let selected = null;
  let raf = 0;
  let dots = []; // {seed, x, y} of the last paint, for picking
  const margin = { left: 92, right: 86, top: 14, bottom: 30 };

  function size() {
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(280, Math.floor(canvas.clientWidth || 600));
    const height = 176;
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
      canvas.style.height = `${height}px`;
    }
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    return { width, height };
  }

  function paint() {
    raf = 0;
    const { width, height } = size();
    ctx.clearRect(0, 0, width, height);
    dots = [];
    ctx.font = '12px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    const plotRight = width - margin.right;
    const rowY = (r) => margin.top + 34 + r * 62;
    ROWS.forEach((row, r) => {
      ctx.fillStyle = INK;
      ctx.textAlign = 'left';
      ctx.fillText(row.label, 6, rowY(r));
      ctx.strokeStyle = '#e6e8eb';
      ctx.beginPath();
      ctx.moveTo(margin.left, rowY(r) + 0.5);
      ctx.lineTo(plotRight, rowY(r) + 0.5);
      ctx.stroke();
    });
    const finite = [];
    for (const run of runs) {
      for (const row of ROWS) if (Number.isFinite(run[row.key]) && run[row.key] > 0) finite.push(run[row.key]);
    }
    if (!finite.length && !runs.some((run) => run.diverged)) {
      ctx.fillStyle = '#57606a';
      ctx.textAlign = 'center';
      ctx.fillText('Train the seeds to see where each one lands.', (margin.left + plotRight) / 2, height / 2);
      return;
    }
    const least = finite.length ? Math.min(...finite) : 1e-3;
    const most = finite.length ? Math.max(...finite) : 1;
    let lo = Math.log10(least) - 0.12;
    let hi = Math.log10(most) + 0.12;
    if (hi - lo < 1) {
      const middle = (hi + lo) / 2;
      lo = middle - 0.5;
      hi = middle + 0.5;
    }
    const x = (v) => margin.left + ((Math.log10(v) - lo) / (hi - lo)) * (plotRight - margin.left);
    // ticks at 1, 2 and 5 per decade when the range is narrow, at the decades when it is wide
    const axisY = height - margin.bottom + 6;
    const multiples = hi - lo > 3.5 ? [1] : [1, 2, 5];
    ctx.strokeStyle = '#d0d7de';
    ctx.fillStyle = '#3d444d';
    ctx.textAlign = 'center';
    for (let e = Math.floor(lo); e <= Math.ceil(hi); e++) {
      for (const m of multiples) {
        const v = m * 10 ** e;
        const l = Math.log10(v);
        if (l < lo || l > hi) continue;
        const tx = Math.round(x(v)) + 0.5;
        ctx.beginPath();
        ctx.moveTo(tx, margin.top);
        ctx.lineTo(tx, axisY - 8);
        ctx.stroke();
        ctx.fillText(m === 1 && (e < -4 || e > 4) ? decadeLabel(e) : formatRate(v), tx, axisY + 4);
      }
    }
    ctx.fillStyle = '#57606a';
    ctx.textAlign = 'left';
    ctx.fillText('final loss →', 6, axisY + 4);
    // the diverged column
    const divergedX = plotRight + margin.right / 2;
    ctx.textAlign = 'center';
    ctx.fillStyle = DIVERGED;
    ctx.fillText('diverged', divergedX, axisY + 4);
    ROWS.forEach((row, r) => {
      const y0 = rowY(r);
      let diverged = 0;
      for (const run of runs) {
        const y = y0 + jitter(run.seed) * 22;
        if (run.diverged) {
          diverged++;
          cross(divergedX + jitter(run.seed + 7) * 30, y);
          dots.push({ seed: run.seed, x: divergedX + jitter(run.seed + 7) * 30, y });
          continue;
        }
        const v = run[row.key];
        if (!(Number.isFinite(v) && v > 0)) continue;
        const px = x(v);
        ctx.globalAlpha = 0.75;
        ctx.fillStyle = row.colour;
        ctx.beginPath();
        ctx.arc(px, y, 4.5, 0, 2 * Math.PI);
        ctx.fill();
        ctx.globalAlpha = 1;
        dots.push({ seed: run.seed, x: px, y });
      }
      const m = median(runs.filter((run) => !run.diverged).map((run) => run[row.key]));
      if (Number.isFinite(m) && m > 0) {
        const mx = Math.round(x(m)) + 0.5;
        ctx.strokeStyle = INK;
        ctx.lineWidth = 2;
        ctx.beginPath();
        ctx.moveTo(mx, y0 - 16);
        ctx.lineTo(mx, y0 + 16);
        ctx.stroke();
        ctx.lineWidth = 1;
        ctx.fillStyle = INK;
        ctx.textAlign = 'center';
        ctx.fillText('median', mx, y0 - 22);
      }
      if (diverged) {
        ctx.fillStyle = DIVERGED;
        ctx.textAlign = 'center';
        ctx.fillText(`${diverged}×`, divergedX + 30, y0 - 18);
      }
    });
    // the selected seed: ringed in both rows and joined
    const mine = dots.filter((d) => d.seed === selected);
    if (mine.length) {
      ctx.strokeStyle = INK;
      ctx.lineWidth = 2;
      for (const d of mine) {
        ctx.beginPath();
        ctx.arc(d.x, d.y, 7.5, 0, 2 * Math.PI);
        ctx.stroke();
      }
      if (mine.length === 2) {
        ctx.setLineDash([3, 3]);
        ctx.lineWidth = 1;
        ctx.beginPath();
        ctx.moveTo(mine[0].x, mine[0].y);
        ctx.lineTo(mine[1].x, mine[1].y);
        ctx.stroke();
        ctx.setLineDash([]);
      }
      ctx.lineWidth = 1;
    }
  }

  function cross(cx, cy) {
    ctx.strokeStyle = DIVERGED;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(cx - 4, cy - 4);
    ctx.lineTo(cx + 4, cy + 4);
    ctx.moveTo(cx + 4, cy - 4);
    ctx.lineTo(cx - 4, cy + 4);
    ctx.stroke();
    ctx.lineWidth = 1;
  }

  function schedule() {
    if (!raf) raf = requestAnimationFrame(paint);
  }

  function seedAt(event) {
    const rect = canvas.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const py = event.clientY - rect.top;
    let best = null;
    let bestDistance = 81;
    for (const d of dots) {
      const distance = (d.x - px) ** 2 + (d.y - py) ** 2;
      if (distance < bestDistance) {
        best = d.seed;
        bestDistance = distance;
      }
    }
    return best;
  }

  const onClick = (event) => {
    const seed = seedAt(event);
    if (seed !== null) onPick(seed);
  };
  const onMove = (event) => {
    canvas.style.cursor = seedAt(event) !== null ? 'pointer' : 'default';
  };
  canvas.addEventListener('click', onClick);
  canvas.addEventListener('mousemove', onMove);
  const resizeObserver = new ResizeObserver(schedule);
  resizeObserver.observe(canvas);
  schedule();

  return {
    /** data: { runs: [{seed, train, test, diverged}] } and/or { selected: seed | null } */
    update(data) {
      if (data.runs) runs = data.runs;
      if (data.selected !== undefined) selected = data.selected;
      schedule();
    },
    destroy() {
      cancelAnimationFrame(raf);
      resizeObserver.disconnect();
      canvas.removeEventListener('click', onClick);
      canvas.removeEventListener('mousemove', onMove);
    },
  };
}
