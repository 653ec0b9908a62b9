// Colour lookup tables, built once. Pixels are written as packed RGBA words (little-endian: 0xAABBGGRR)
// into an ImageData's Uint32Array view: one table read per pixel, no object per pixel.

// TensorFlow Playground's diverging scale, orange (negative) → light grey (zero) → blue (positive).
// Orange and blue stay distinct under the common forms of colour blindness.
const NEGATIVE = [245, 147, 34];
const ZERO = [232, 234, 235];
const POSITIVE = [8, 119, 189];

// Classes beyond two (softmax outputs): orange, blue, then Okabe–Ito's colour-blind-safe hues.
export const CLASS_RGB = [
  [245, 147, 34], [8, 119, 189], [0, 158, 115], [204, 121, 167], [213, 94, 0], [86, 180, 233],
  [230, 159, 0], [0, 114, 178], [120, 94, 240], [100, 100, 100], [170, 68, 153], [68, 170, 119],
  [153, 153, 51], [136, 34, 85], [51, 34, 136], [17, 119, 51],
];

const pack = (r, g, b) => ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
const mix = (a, b, t) => Math.round(a + (b - a) * t);

/** 256 packed colours across the diverging scale: index 0 = most negative, 255 = most positive. */
export const DIVERGING = new Uint32Array(256);
/** The same 256 colours as CSS strings, for canvas strokes and fills. */
export const DIVERGING_CSS = new Array(256);
for (let i = 0; i < 256; i++) {
  const t = i / 255;
  const [from, to, u] = t < 0.5 ? [NEGATIVE, ZERO, t * 2] : [ZERO, POSITIVE, (t - 0.5) * 2];
  const r = mix(from[0], to[0], u);
  const g = mix(from[1], to[1], u);
  const b = mix(from[2], to[2], u);
  DIVERGING[i] = pack(r, g, b);
  DIVERGING_CSS[i] = `rgb(${r},${g},${b})`;
}

/** Per class: 256 packed colours from the neutral grey (confidence 0) to the class colour (1). */
export const CLASS_RAMPS = CLASS_RGB.map(([r, g, b]) => {
  const ramp = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const t = i / 255;
    ramp[i] = pack(mix(ZERO[0], r, t), mix(ZERO[1], g, t), mix(ZERO[2], b, t));
  }
  return ramp;
});

export const classCss = (k) => {
  const [r, g, b] = CLASS_RGB[k % CLASS_RGB.length];
  return `rgb(${r},${g},${b})`;
};

/** Index into DIVERGING for a value, with the scale's domain [min, max] (clamped). */
export function divergingIndex(value, min, max) {
  if (!(value === value)) return 128; // NaN: neutral
  const t = (value - min) / (max - min);
  return t <= 0 ? 0 : t >= 1 ? 255 : Math.round(t * 255);
}

/**
 * Fills table[b] (b = 0…255, a quantised byte of a map whose bytes stand for lo + b/255·(hi − lo))
 * with the colour of that value on the diverging scale over [min, max]. With `discrete`, values
 * above `threshold` get the full positive colour and the others the full negative one.
 * 256 steps per map, then one lookup per pixel.
 */
export function fillByteTable(table, lo, hi, min, max, discrete = false, threshold = 0) {
  const step = (hi - lo) / 255;
  const scale = 255 / (max - min);
  for (let b = 0; b < 256; b++) {
    const v = lo + b * step;
    if (discrete) {
      table[b] = v > threshold ? DIVERGING[255] : DIVERGING[0];
    } else {
      const t = (v - min) * scale;
      table[b] = DIVERGING[t <= 0 ? 0 : t >= 255 ? 255 : (t + 0.5) | 0];
    }
  }
  return table;
}

/** As fillByteTable, on a class ramp from neutral (value ≤ min) to the class colour (≥ max). */
export function fillClassTable(table, k, lo, hi, min = 0, max = 1) {
  const ramp = CLASS_RAMPS[k % CLASS_RAMPS.length];
  const step = (hi - lo) / 255;
  const scale = 255 / (max - min);
  for (let b = 0; b < 256; b++) {
    const t = (lo + b * step - min) * scale;
    table[b] = ramp[t <= 0 ? 0 : t >= 255 ? 255 : (t + 0.5) | 0];
  }
  return table;
}

/** CSS gradient for a legend of the diverging scale. */
export const DIVERGING_GRADIENT = `linear-gradient(to right, ${DIVERGING_CSS[0]}, ${DIVERGING_CSS[128]}, ${DIVERGING_CSS[255]})`;
