// Training and test loss (and, for classification, accuracy) over epochs, drawn with uPlot served by
// the server itself (WebJar). Renderer: create(root) → update(data) → destroy(). The chart redraws at
// most a few times a second: a loss curve needs no more, and the main thread stays idle.

const UPLOT_SRC = '/webjars/uplot/1.6.30/dist/uPlot.iife.min.js';
const MAX_POINTS = 2000; // beyond this the series are thinned by half, as the server's history is
const REDRAW_MS = 250;

let uPlotPromise = null;
/** uPlot, loaded once from the server (shared by every chart of the page). */
export function loadUPlot() {
  if (window.uPlot) return Promise.resolve(window.uPlot);
  if (!uPlotPromise) {
    uPlotPromise = new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = UPLOT_SRC;
      script.async = true;
      script.onload = () => (window.uPlot ? resolve(window.uPlot) : reject(new Error('uPlot did not load')));
      script.onerror = () => reject(new Error('uPlot could not be loaded from the server'));
      document.head.appendChild(script);
    });
  }
  return uPlotPromise;
}

const finite = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

export function create(root) {
  const holder = document.createElement('div');
  holder.className = 'chart-holder';
  root.replaceChildren(holder);
  let chart = null;
  let destroyed = false;
  let classification = true;
  let timer = 0;
  let lastDraw = 0;
  let dirty = false;
  const data = [[], [], [], [], []]; // epoch, train loss, test loss, train accuracy, test accuracy

  function options(width) {
    const axis = { stroke: '#3d444d', grid: { stroke: '#e6e8eb', width: 1 }, ticks: { stroke: '#d0d4d9', width: 1 },
      font: '11px system-ui, sans-serif' };
    return {
      width,
      height: Math.max(110, Math.min(150, Math.round(width * 0.4))),
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { size: 5 } },
      scales: {
        x: { time: false },
        loss: { range: (u, min, max) => [0, max > 0 ? max * 1.05 : 1] },
        acc: { range: [0, 1] },
      },
      axes: [
        { ...axis, size: 30 },
        { ...axis, scale: 'loss', size: 44, values: (u, ticks) => ticks.map((t) => +t.toPrecision(2)) },
        { ...axis, scale: 'acc', side: 1, size: 46, grid: { show: false }, show: classification,
          values: (u, ticks) => ticks.map((t) => Math.round(t * 100) + '%') },
      ],
      series: [
        { label: 'epoch' },
        { label: 'Training loss', scale: 'loss', stroke: '#6e7781', width: 1.5 },
        { label: 'Test loss', scale: 'loss', stroke: '#1f2328', width: 2 },
        { label: 'Training accuracy', scale: 'acc', stroke: '#7aa7cf', width: 1, dash: [4, 3], show: classification },
        { label: 'Test accuracy', scale: 'acc', stroke: '#0b62a4', width: 1.5, dash: [4, 3], show: classification },
      ],
    };
  }

  function width() {
    return Math.max(160, Math.floor(root.clientWidth || 300));
  }

  function rebuild() {
    if (!window.uPlot || destroyed) return;
    if (chart) chart.destroy();
    chart = new window.uPlot(options(width()), data, holder);
    lastDraw = performance.now();
    dirty = false;
  }

  loadUPlot().then(rebuild, () => {
    root.dataset.unavailable = 'true';
  });

  const resizeObserver = new ResizeObserver(() => {
    if (chart) {
      const w = width();
      if (chart.width !== w) chart.setSize({ width: w, height: Math.max(110, Math.min(150, Math.round(w * 0.4))) });
    }
  });
  resizeObserver.observe(root);

  function draw() {
    timer = 0;
    if (!chart || destroyed) return;
    chart.setData(data);
    lastDraw = performance.now();
    dirty = false;
    root.dataset.points = String(data[0].length);
  }

  function scheduleDraw() {
    dirty = true;
    if (timer) return;
    const wait = Math.max(0, REDRAW_MS - (performance.now() - lastDraw));
    timer = setTimeout(draw, wait);
  }

  function thin() {
    for (const series of data) {
      let k = 0;
      for (let i = 0; i < series.length; i += 2) series[k++] = series[i];
      series.length = k;
    }
  }

  function clear() {
    for (const series of data) series.length = 0;
  }

  function push(epoch, trainLoss, testLoss, trainAccuracy, testAccuracy) {
    const xs = data[0];
    if (xs.length && epoch <= xs[xs.length - 1]) {
      if (epoch === xs[xs.length - 1]) return false; // the same epoch again (paused)
      clear(); // epochs went back: a reset
    }
    if (xs.length >= 2 * MAX_POINTS) thin();
    xs.push(epoch);
    data[1].push(finite(trainLoss));
    data[2].push(finite(testLoss));
    data[3].push(finite(trainAccuracy));
    data[4].push(finite(testAccuracy));
    return true;
  }

  return {
    /**
     * data: { reset: true } | { task } | { point: {epoch, trainLoss, testLoss, trainAccuracy, testAccuracy} }
     *     | { history: {epoch: [], trainLoss: [], testLoss: [], trainAccuracy: [], testAccuracy: []} }
     */
    update(update) {
      if (update.reset) { clear(); scheduleDraw(); }
      if (update.task !== undefined) {
        const isClassification = update.task !== 'regression';
        if (isClassification !== classification) { classification = isClassification; rebuild(); }
      }
      if (update.history) {
        const h = update.history;
        clear();
        const n = (h.epoch || []).length;
        for (let i = 0; i < n; i++) {
          push(h.epoch[i], h.trainLoss && h.trainLoss[i], h.testLoss && h.testLoss[i],
            h.trainAccuracy && h.trainAccuracy[i], h.testAccuracy && h.testAccuracy[i]);
        }
        scheduleDraw();
      }
      if (update.point) {
        const p = update.point;
        if (push(p.epoch, p.trainLoss, p.testLoss, p.trainAccuracy, p.testAccuracy)) scheduleDraw();
      }
    },
    /** Number of points held (for tests). */
    size() {
      return data[0].length;
    },
    destroy() {
      destroyed = true;
      if (timer) clearTimeout(timer);
      resizeObserver.disconnect();
      if (chart) chart.destroy();
      root.replaceChildren();
    },
  };
}
