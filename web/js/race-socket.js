// The race page's connection: one WebSocket at /race/ws, reconnected with a growing, jittered delay
// (a race lives only as long as its socket, so after a reconnect the page sets its race again).
// Text events and decoded frames are handed on as they come; the page acknowledges a frame when it
// has painted it, so a hidden tab stops the server from sending more.

import { commands, decodeEvent, decodeFrame } from './race-wire.js';

const MIN_DELAY_MS = 500;
const MAX_DELAY_MS = 10000;

/** handlers: { hello, raceState, points, progress, result, error (events), frame(decoded), status(text), problem(message) } */
export function connect(handlers, { path = '/race/ws' } = {}) {
  let socket = null;
  let attempt = 0;
  let retryTimer = 0;
  let closedByUs = false;

  function open() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    handlers.status && handlers.status(attempt === 0 ? 'connecting' : 'reconnecting');
    const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
    try {
      socket = new WebSocket(`${scheme}//${window.location.host}${path}`);
    } catch (e) {
      scheduleRetry();
      return;
    }
    socket.binaryType = 'arraybuffer';
    socket.onopen = () => {
      attempt = 0;
      handlers.status && handlers.status('open');
    };
    socket.onmessage = (event) => {
      if (typeof event.data === 'string') {
        const message = decodeEvent(event.data);
        const handler = message && handlers[message.type];
        if (handler) handler(message);
        return;
      }
      let frame;
      try {
        frame = decodeFrame(event.data);
      } catch (e) {
        handlers.problem && handlers.problem(`A race frame from the server could not be read: ${e.message}.`);
        return;
      }
      handlers.frame && handlers.frame(frame);
    };
    socket.onclose = () => {
      socket = null;
      if (closedByUs) {
        handlers.status && handlers.status('closed');
        return;
      }
      scheduleRetry();
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

  open();

  return {
    /** Sends a command built by race-wire's commands; false if the socket is not open. */
    send(name, ...args) {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false;
      socket.send(commands[name](...args));
      return true;
    },
    isOpen() {
      return !!socket && socket.readyState === WebSocket.OPEN;
    },
    close() {
      closedByUs = true;
      clearTimeout(retryTimer);
      if (socket) socket.close();
    },
  };
}
