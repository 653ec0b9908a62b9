// The learning-rate page's jobs on the server (docs/protocol.md, "Learning-rate page"): POST the
// request, then ask for the job's status until it is done, reporting progress. The only module that
// knows these URLs.

const POLL_MS = 200;
const MAX_POLL_MS = 1000;

/** A job the server refused or that failed: the message is for the student, field names the request field. */
export class JobError extends Error {
  constructor(message, field, status) {
    super(message);
    this.field = field || null;
    this.status = status || 0;
  }
}

async function readJson(response) {
  try {
    return await response.json();
  } catch (e) {
    return null;
  }
}

/**
 * Starts a job: kind is 'minima', 'sweep' or 'landscape', request its JSON document.
 * Returns { done: Promise<result>, cancel() }; onStatus(status) sees every status (state, position,
 * progress). done rejects with a JobError (refused, failed) or with a JobError whose status is 0 and
 * field 'cancelled' when cancel() was called.
 */
export function startJob(kind, request, onStatus = () => {}) {
  let id = null;
  let cancelled = false;
  let wake = null;
  const forget = () => {
    if (id) fetch(`/api/lr/jobs/${encodeURIComponent(id)}`, { method: 'DELETE' }).catch(() => {});
  };
  const done = (async () => {
    const response = await fetch(`/api/lr/${kind}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
    const first = await readJson(response);
    if (!response.ok) {
      throw new JobError((first && first.error) || `The server refused the job (HTTP ${response.status}).`,
        first && first.field, response.status);
    }
    id = first.id;
    let status = first;
    let delay = POLL_MS;
    for (;;) {
      if (cancelled) { forget(); throw new JobError('Cancelled.', 'cancelled', 0); }
      onStatus(status);
      if (status.state === 'done') return status.result;
      if (status.state === 'failed') throw new JobError(status.error.message, status.error.field, 200);
      if (status.state === 'cancelled') throw new JobError('The job was cancelled on the server.', 'cancelled', 0);
      await new Promise((resolve) => { wake = resolve; setTimeout(resolve, delay); });
      if (cancelled) throw new JobError('Cancelled.', 'cancelled', 0);
      delay = Math.min(MAX_POLL_MS, delay * 1.25);
      const poll = await fetch(`/api/lr/jobs/${encodeURIComponent(id)}`);
      const body = await readJson(poll);
      if (!poll.ok) throw new JobError((body && body.error) || `Lost the job (HTTP ${poll.status}).`, null, poll.status);
      status = body;
    }
  })();
  return {
    done,
    cancel() {
      if (cancelled) return;
      cancelled = true;
      if (wake) wake();
      forget();
    },
  };
}
