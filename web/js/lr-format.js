// Numbers as the learning-rate page shows them. One place, so the page, its tables and its browser
// test agree on what "0.001962" means.

/** A loss: four significant digits, in exponent form below 0.001 or from 10,000; '—' for none. */
export function formatLoss(v) {
  if (typeof v !== 'number' || Number.isNaN(v)) return '—';
  if (!Number.isFinite(v)) return 'diverged';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a < 1e-3 || a >= 1e4 ? v.toExponential(3) : v.toPrecision(4);
}

/** A learning rate as typed: 0.0001, 0.000178, 0.0316, 3.16, 10. */
export function formatRate(r) {
  if (typeof r !== 'number' || !Number.isFinite(r)) return '—';
  const text = String(Number(r.toPrecision(6)));
  return text.includes('e') ? r.toFixed(Math.min(20, Math.max(0, -Math.floor(Math.log10(r)) + 2))).replace(/0+$/, '') : text;
}

export function formatPercent(v, digits = 1) {
  return typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(digits)}%` : '—';
}

/** A coordinate on the landscape's plane: three decimals. */
export function formatCoordinate(v) {
  return typeof v === 'number' && Number.isFinite(v) ? (Math.abs(v) < 5e-4 ? '0' : v.toFixed(3)).replace('-', '−') : '—';
}
