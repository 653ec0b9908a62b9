// The repeat over seeds as a picture: per contestant, one dot per seed at its epochs to target (log
// scale), a box from Q1 to Q3, a line at the median, and the runs that never reached the target in a
// separate "never" row on top. SVG, so it stays sharp and each dot can carry its seed; clicking a dot
// loads that seed into the live race (the seed table below the plot does the same by keyboard).
// Renderer: create(root, {onPick}) → update(data) → destroy().

const SVG = 'http://www.w3.org/2000/svg';
const W = 720;
const H = 330;
const LEFT = 58;
const RIGHT = 14;
const TOP = 10;
const NEVER_HEIGHT = 34;
const GAP = 16;
const BOTTOM = 44;

function el(name, attributes = {}, parent = null) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (parent) parent.appendChild(node);
  return node;
}

/** 1, 2, 5 × 10^k within [lo, hi]. */
function ticks(lo, hi) {
  const out = [];
  for (let k = Math.floor(Math.log10(lo)); k <= Math.ceil(Math.log10(hi)); k++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** k;
      if (v >= lo && v <= hi) out.push(v);
    }
  }
  return out;
}

export function create(root, { onPick } = {}) {
  const svg = el('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'distribution-svg',
    preserveAspectRatio: 'xMidYMid meet' });
  root.replaceChildren(svg);

  function onClick(event) {
    const dot = event.target.closest && event.target.closest('circle.dot');
    if (dot && onPick) onPick(Number(dot.dataset.seed));
  }
  svg.addEventListener('click', onClick);

  return {
    /**
     * data: { contestants: [{name, color, median, q1, q3, notReached, runs: [{seed, epochsToTarget|null}]}],
     *         maxEpochs, label } — null for median/q1/q3/epochsToTarget means never (+∞).
     */
    update(data) {
      svg.replaceChildren();
      svg.setAttribute('aria-label', data.label || 'Epochs to target per seed');
      const contestants = data.contestants;
      const finite = contestants.flatMap((c) => c.runs.map((r) => r.epochsToTarget).filter((v) => v != null));
      const hi = Math.max(data.maxEpochs || 1, ...finite, 2);
      const lo = Math.max(1, Math.min(hi / 10, ...finite) / 1.3);
      const plotTop = TOP + NEVER_HEIGHT + GAP;
      const plotBottom = H - BOTTOM;
      const y = (v) => plotBottom - ((Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (plotBottom - plotTop);
      const neverY = TOP + NEVER_HEIGHT / 2;
      const band = (W - LEFT - RIGHT) / Math.max(1, contestants.length);

      // axes: the log grid, the "never" row, the contestants' names
      const grid = el('g', { class: 'grid' }, svg);
      for (const t of ticks(lo, hi)) {
        el('line', { x1: LEFT, x2: W - RIGHT, y1: y(t), y2: y(t) }, grid);
        el('text', { x: LEFT - 6, y: y(t) + 4, 'text-anchor': 'end', class: 'tick' }, grid).textContent = t.toLocaleString('en-US');
      }
      el('rect', { x: LEFT, y: TOP, width: W - LEFT - RIGHT, height: NEVER_HEIGHT, class: 'never-band' }, svg);
      el('text', { x: LEFT - 6, y: neverY + 4, 'text-anchor': 'end', class: 'tick never-label' }, svg).textContent = 'never';
      const axisLabel = el('text', { x: 14, y: (plotTop + plotBottom) / 2, class: 'axis-label',
        transform: `rotate(-90 14 ${(plotTop + plotBottom) / 2})`, 'text-anchor': 'middle' }, svg);
      axisLabel.textContent = 'epochs to target (log scale)';

      contestants.forEach((c, i) => {
        const cx = LEFT + band * (i + 0.5);
        const half = Math.min(46, band * 0.26);
        const group = el('g', { class: 'contestant', 'data-index': i }, svg);
        // box Q1–Q3 (open at the top when Q3 is "never")
        if (c.q1 != null) {
          const top = c.q3 != null ? y(c.q3) : plotTop;
          el('rect', { x: cx - half, y: top, width: 2 * half, height: Math.max(1, y(c.q1) - top), class: 'box',
            fill: c.color, stroke: c.color, 'stroke-dasharray': c.q3 != null ? 'none' : '5 3' }, group);
        }
        // median
        const my = c.median != null ? y(c.median) : neverY;
        el('line', { x1: cx - half - 6, x2: cx + half + 6, y1: my, y2: my, class: 'median' }, group);
        // one dot per seed, spread sideways by a fixed pattern so that equal values stay visible
        c.runs.forEach((run, j) => {
          const spread = (((j * 0.6180339887) % 1) - 0.5) * Math.min(band * 0.5, 70);
          const never = run.epochsToTarget == null;
          const dy = never ? (((j * 0.38196601) % 1) - 0.5) * (NEVER_HEIGHT - 12) : 0;
          const dot = el('circle', { cx: cx + spread, cy: never ? neverY + dy : y(run.epochsToTarget), r: 4.5,
            class: 'dot', fill: c.color, 'data-seed': run.seed, 'data-contestant': i }, group);
          el('title', {}, dot).textContent = `${c.name}, seed ${run.seed}: ${never ? 'never reached the target'
            : `${run.epochsToTarget} epochs`} — click to watch this seed`;
        });
        const name = el('text', { x: cx, y: H - BOTTOM + 18, 'text-anchor': 'middle', class: 'name' }, svg);
        name.textContent = c.name;
        const note = el('text', { x: cx, y: H - BOTTOM + 34, 'text-anchor': 'middle', class: 'note' }, svg);
        note.textContent = `median ${c.median != null ? formatEpochs(c.median) : 'never'}`
          + (c.notReached ? ` · ${c.notReached} never` : '');
      });
      root.dataset.dots = String(svg.querySelectorAll('circle.dot').length);
    },
    destroy() {
      svg.removeEventListener('click', onClick);
      root.replaceChildren();
    },
  };
}

/** As the experiment command prints epochs: whole numbers as they are, else one decimal. */
export function formatEpochs(v) {
  if (v == null || !Number.isFinite(v)) return 'never';
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
