// The last finished repeat over seeds, kept in this tab's sessionStorage so that a reload or a
// dropped connection does not lose it. One entry, keyed by the exact race it was run for (the race
// document the page sent, as JSON): the page shows it again only for that race. Stored compactly:
// what the statistics, the distribution and the seed table need — per contestant its name, median,
// quartiles, how many never reached the target and each seed's epochs to target — not the final
// losses per run (the page shows none of them). A 20-seed spiral result takes 1,775 bytes.

const KEY = 'layerlab.race.lastResult';
const VERSION = 1;

/** The stored entry's text for `race` (JSON text) and a `result` event; null if it is not one. */
export function serialize(race, result, reference = 0) {
  if (!result || !Array.isArray(result.contestants)) return null;
  return JSON.stringify({
    version: VERSION,
    race,
    savedAt: Date.now(),
    reference,
    result: {
      firstSeed: result.firstSeed, seeds: result.seeds, target: result.target, maxEpochs: result.maxEpochs,
      elapsedMs: result.elapsedMs,
      contestants: result.contestants.map((c) => ({
        name: c.name, median: c.median, q1: c.q1, q3: c.q3, notReached: c.notReached,
        epochs: c.runs.map((run) => run.epochsToTarget),
      })),
    },
  });
}

/** Keeps `result` as the tab's last finished repeat, for `race`; the bytes stored (0 if storage is off). */
export function save(race, result, reference = 0) {
  const text = serialize(race, result, reference);
  if (!text) return 0;
  try {
    window.sessionStorage.setItem(KEY, text);
    return text.length;
  } catch (e) {
    return 0; // storage disabled or full: the result just does not survive a reload
  }
}

/**
 * The stored repeat for exactly `race` (JSON text), as a `result` event (runs rebuilt with their
 * seeds) plus { savedAt, reference }; null when none is stored for that race.
 */
export function load(race) {
  let entry;
  try {
    entry = JSON.parse(window.sessionStorage.getItem(KEY) || 'null');
  } catch (e) {
    return null;
  }
  if (!entry || entry.version !== VERSION || entry.race !== race || !entry.result) return null;
  const stored = entry.result;
  if (!Array.isArray(stored.contestants)
    || !stored.contestants.every((c) => Array.isArray(c.epochs) && c.epochs.length === stored.seeds)) return null;
  const result = {
    ...stored,
    contestants: stored.contestants.map(({ epochs, ...c }) => ({
      ...c,
      runs: epochs.map((epochsToTarget, s) => ({ seed: stored.firstSeed + s, epochsToTarget })),
    })),
  };
  return { result, savedAt: entry.savedAt, reference: entry.reference || 0 };
}

/** Remembers which contestant the ratios are relative to, if the stored entry is `race`'s. */
export function saveReference(race, reference) {
  try {
    const entry = JSON.parse(window.sessionStorage.getItem(KEY) || 'null');
    if (entry && entry.race === race) {
      entry.reference = reference;
      window.sessionStorage.setItem(KEY, JSON.stringify(entry));
    }
  } catch (e) {
    // nothing kept: the ratio falls back to the first contestant after a reload
  }
}
