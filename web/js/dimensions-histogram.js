// A histogram of pairwise distances as a fraction of the cube's diagonal √d, on one canvas: the chosen d's
// bars and, as an outline, a reference d's (the smallest measured) so the concentration shows at a glance.
// Renderer: create(canvas) → update({bins, reference, label, referenceLabel, mean}) → destroy(); one paint per
// animation frame.

const ACCENT = '#0b62a4';
const MUTED = '#57606a';
const GRID = '#e6e8eb';
const INK = '#1f2328';

export function create(canvas) {
  const context = canvas.getContext('2d');
  let data = null;
  let frame = 0;

  function schedule() {
    if (!frame) frame = requestAnimationFrame(paint);
  }

  function shares(bins) {
    const total = bins.reduce((a, b) => a + b, 0) || 1;
    return bins.map((b) => b / total);
  }

  function paint() {
    frame = 0;
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(200, canvas.clientWidth || 320);
    const height = Math.max(140, canvas.clientHeight || 200);
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const ctx = context;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, width, height);
    if (!data) return;
    const left = 40, right = 10, top = 12, bottom = 30;
    const plotW = width - left - right;
    const plotH = height - top - bottom;
    const main = shares(data.bins);
    const reference = data.reference ? shares(data.reference) : null;
    const max = Math.max(...main, ...(reference || [0]), 1e-9);
    const yMax = niceCeiling(max);
    const x = (f) => left + f * plotW;
    const y = (v) => top + plotH - (v / yMax) * plotH;

    ctx.font = '11px system-ui, sans-serif';
    ctx.lineWidth = 1;
    ctx.strokeStyle = GRID;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (let k = 0; k <= 4; k++) {
      const v = (yMax * k) / 4;
      ctx.beginPath();
      ctx.moveTo(left, Math.round(y(v)) + 0.5);
      ctx.lineTo(left + plotW, Math.round(y(v)) + 0.5);
      ctx.stroke();
      ctx.fillText(`${Math.round(v * 1000) / 10}%`, left - 4, y(v));
    }
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (let k = 0; k <= 4; k++) ctx.fillText(String(k / 4), x(k / 4), top + plotH + 4);
    ctx.fillText('distance ÷ √d', left + plotW / 2, top + plotH + 16);

    const n = main.length;
    const barW = plotW / n;
    ctx.fillStyle = ACCENT;
    for (let i = 0; i < n; i++) {
      if (main[i] <= 0) continue;
      const top0 = y(main[i]);
      ctx.fillRect(x(i / n) + 0.5, top0, Math.max(1, barW - 1), top + plotH - top0);
    }
    if (reference) {
      ctx.strokeStyle = INK;
      ctx.lineWidth = 1.5;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(x(0), y(0));
      for (let i = 0; i < n; i++) {
        ctx.lineTo(x(i / n), y(reference[i]));
        ctx.lineTo(x((i + 1) / n), y(reference[i]));
      }
      ctx.lineTo(x(1), y(0));
      ctx.stroke();
      ctx.setLineDash([]);
    }
    // legend
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillStyle = ACCENT;
    ctx.fillRect(left + plotW - 120, top + 2, 10, 10);
    ctx.fillStyle = INK;
    ctx.fillText(data.label || '', left + plotW - 106, top + 7);
    if (reference) {
      ctx.strokeStyle = INK;
      ctx.setLineDash([4, 3]);
      ctx.beginPath();
      ctx.moveTo(left + plotW - 120, top + 22);
      ctx.lineTo(left + plotW - 110, top + 22);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillText(data.referenceLabel || '', left + plotW - 106, top + 22);
    }
  }

  const resize = new ResizeObserver(schedule);
  resize.observe(canvas);

  return {
    update(next) {
      data = next;
      schedule();
    },
    destroy() {
      resize.disconnect();
      if (frame) cancelAnimationFrame(frame);
    },
  };
}

// 0.37 → 0.4, 0.12 → 0.15: a round top for the share axis
function niceCeiling(v) {
  const step = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * step >= v) return m * step;
  return 10 * step;
}
