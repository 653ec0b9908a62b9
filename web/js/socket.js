// The connection to the server: one WebSocket at /ws, resumed after a drop with the token the server
// gave (kept per tab in sessionStorage), reconnected with a growing, jittered delay. Text events are
// handed on as they come; binary frames are not decoded here: only the latest is kept, and it is
// decoded and acknowledged when the page takes it to paint (so a hidden tab, which does not paint,
// stops the server from sending it frames).

import { commands, decodeEvent, decodeFrame, frameSeq, MAX_MESSAGE_BYTES } from './wire.js';

const TOKEN_KEY = 'layerlab.resumeToken';
const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 10000;

function storedToken() {
  try {
    return window.sessionStorage.getItem(TOKEN_KEY);
  } catch (e) {
    return null;
  }
}

function storeToken(token) {
  try {
    if (token) window.sessionStorage.setItem(TOKEN_KEY, token);
  } catch (e) {
    // storage disabled: the session simply cannot be resumed after a reload
  }
}

/**
 * handlers: { hello, state, data, history, model, error, insight, hiddenSpace, trace (event objects, see wire.js), frame() (a new frame is
 * waiting), status(text: 'connecting' | 'open' | 'reconnecting' | 'closed', detail), problem(message) }
 */
export function connect(handlers, { path = '/ws' } = {}) {
  let socket = null;
  let attempt = 0;
  let retryTimer = 0;
  let closedByUs = false;
  let latest = null; // the newest binary frame not yet taken
  const unacked = []; // sequence numbers received since the last take

  function url() {
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    const token = storedToken();
    return `${scheme}//${window.location.host}${path}${token ? `?resume=${encodeURIComponent(token)}` : ''}`;
  }

  function open() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    handlers.status && handlers.status(attempt === 0 ? 'connecting' : 'reconnecting');
    try {
      socket = new WebSocket(url());
    } catch (e) {
      scheduleRetry();
      return;
    }
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      handlers.status && handlers.status('open');
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') {
        const message = decodeEvent(event.data);
        if (!message) return;
        if (message.type === 'hello') {
          attempt = 0;
          storeToken(message.resumeToken);
        }
        const handler = handlers[message.type];
        if (handler) handler(message);
        return;
      }
      const seq = frameSeq(event.data);
      if (seq < 0) return;
      unacked.push(seq);
      latest = event.data;
      handlers.frame && handlers.frame();
    };
    socket.onclose = () => {
      socket = null;
      latest = null;
      unacked.length = 0;
      if (closedByUs) {
        handlers.status && handlers.status('closed');
        return;
      }
      scheduleRetry();
    };
    socket.onerror = () => {
      // onclose follows and schedules the retry
    };
  }

  function scheduleRetry() {
    if (retryTimer || closedByUs) return;
    const base = Math.min(MAX_DELAY_MS, MIN_DELAY_MS * 2 ** attempt);
    const delay = Math.round(base * (0.75 + Math.random() * 0.5));
    attempt++;
    handlers.status && handlers.status('reconnecting', delay);
    retryTimer = setTimeout(open, delay);
  }

  function onOnline() {
    if (!socket && !closedByUs) {
      attempt = 0;
      open();
    }
  }
  window.addEventListener('online', onOnline);

  function send(text) {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(text);
    return true;
  }

  open();

  return {
    /** Sends a command built by wire.commands; false if the socket is not open. */
    send(name, ...args) {
      const text = commands[name](...args);
      if (text.length > MAX_MESSAGE_BYTES / 3 && new Blob([text]).size > MAX_MESSAGE_BYTES) {
        handlers.problem && handlers.problem('That file is larger than the 2 MB the server accepts.');
        return false;
      }
      return send(text);
    },
    isOpen() {
      return !!socket && socket.readyState === WebSocket.OPEN;
    },
    /**
     * The newest frame, decoded, or null. Acknowledges every frame received since the last call
     * (one ack per frame, in order: correct whether the server counts acks or reads them as cumulative).
     */
    takeFrame() {
      if (!latest) return null;
      const buffer = latest;
      latest = null;
      for (const seq of unacked) send(commands.ack(seq));
      unacked.length = 0;
      try {
        return decodeFrame(buffer);
      } catch (e) {
        handlers.problem && handlers.problem(`A frame from the server could not be read: ${e.message}.`);
        return null;
      }
    },
    close() {
      closedByUs = true;
      clearTimeout(retryTimer);
      window.removeEventListener('online', onOnline);
      if (socket) socket.close();
    },
  };
}
