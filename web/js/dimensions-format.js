// How the dimensions page writes its numbers: ratios to four significant digits, very large and very small
// numbers as m × 10ⁿ from their log10 (the ball's share of the cube at d = 1000 is about 10⁻¹¹⁸⁷, far below
// the smallest double, so the server sends log10 and the page never forms the number itself).

const SUPERSCRIPT = { '-': '⁻', 0: '⁰', 1: '¹', 2: '²', 3: '³', 4: '⁴', 5: '⁵', 6: '⁶', 7: '⁷', 8: '⁸', 9: '⁹' };

/** An integer written in superscript digits: -12 → ⁻¹². */
export function superscript(n) {
  return String(n).split('').map((c) => SUPERSCRIPT[c] ?? c).join('');
}

const MINUS = '−';
const withMinus = (text) => text.replace(/^-/, MINUS);

/** A ratio (or any number ≥ 1 or so) to four significant digits; thousands separated. */
export function formatRatio(v) {
  if (!Number.isFinite(v)) return '—';
  if (Math.abs(v) >= 1000) return withMinus(Math.round(v).toLocaleString('en-US'));
  return withMinus(v.toPrecision(4));
}

/** A plain number to three significant digits (distances, shares of the diagonal). */
export function formatNumber(v, digits = 3) {
  if (!Number.isFinite(v)) return '—';
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 1e6)) return formatPower(Math.log10(Math.abs(v)), digits);
  return withMinus(Number(v.toPrecision(digits)).toString());
}

/**
 * A positive number given by its log10: plain between 10⁻³ and 10⁶ (three significant digits, thousands
 * separated), otherwise "m × 10ⁿ" with m in [1, 10) to three significant digits.
 */
export function formatPower(log10, digits = 3) {
  if (!Number.isFinite(log10)) return '—';
  if (log10 >= -3 && log10 < 6) {
    const v = Math.pow(10, log10);
    const rounded = Number(v.toPrecision(digits));
    return rounded >= 1000 ? rounded.toLocaleString('en-US') : String(rounded);
  }
  let exponent = Math.floor(log10);
  let mantissa = Number(Math.pow(10, log10 - exponent).toPrecision(digits));
  if (mantissa >= 10) { // 9.999 rounds up to 10.0
    mantissa /= 10;
    exponent += 1;
  }
  return `${mantissa.toFixed(digits - 1)} × 10${superscript(exponent)}`;
}

/** A share (0…1) as a percentage when it is large enough to read that way, else as a power of ten. */
export function formatShare(log10) {
  if (!Number.isFinite(log10)) return '—';
  if (log10 >= -2) return `${Number((Math.pow(10, log10) * 100).toPrecision(3))}%`;
  return formatPower(log10);
}

/** A tick label for an axis in log10 units: 10ⁿ. */
export const powerTick = (t) => (Number.isInteger(t) ? `10${superscript(t)}` : '');
