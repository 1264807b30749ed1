/**
 * Writing one response, with the mid-body faults decided for it.
 *
 * Bodies go out as one Buffer or as a stream of chunks with backpressure
 * (multi-GiB GETs). A mid-body fault cuts at half of what this answer
 * carries (a ranged 206 included): `reset` resets the connection after
 * that half is flushed, `stall` pauses there (for `ms`, or until the client
 * or `close()` ends it) and then sends the rest, and `truncate` ends the
 * response there and closes the connection cleanly, so the client reads a
 * body shorter than its Content-Length with no reset.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { S3Response } from './context';
import type { FaultDecision } from './faults';

/** Sends responses and owns the stalls in progress. */
export interface Responder {
  /** Sends the response with the decided faults; returns the status sent, 0 when none was. */
  send(req: IncomingMessage, res: ServerResponse, resp: S3Response, base: Record<string, string>, decision?: FaultDecision, forceClose?: boolean): number;
  /** Ends every stall now (server shutdown). */
  wakeAll(): void;
}

type MidBody = NonNullable<FaultDecision['midBody']>;

/** Creates a responder. */
export function createResponder(): Responder {
  const sleepers = new Set<() => void>();

  /** Resolves after `ms` (never, when undefined), when the response closes, or on `wakeAll`. */
  function pause(res: ServerResponse, ms: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        sleepers.delete(wake);
        res.off('close', wake);
        resolve();
      };
      if (ms !== undefined) timer = setTimeout(wake, ms);
      sleepers.add(wake);
      res.once('close', wake);
    });
  }

  async function pump(req: IncomingMessage, res: ServerResponse, chunks: AsyncIterator<Buffer>, length: number, mid: MidBody | undefined): Promise<void> {
    const cut = mid ? Math.floor(length / 2) : length;
    let sent = 0;
    let pending = mid;
    try {
      for (;;) {
        if (res.destroyed) return;
        const next = await chunks.next();
        if (next.done) break;
        let chunk = next.value;
        if (pending && sent + chunk.length >= cut) {
          const fault = pending;
          pending = undefined;
          const at = cut - sent;
          await flushed(res, chunk.subarray(0, at));
          sent = cut;
          if (fault.kind === 'reset') {
            resetAfterFlush(req);
            return;
          }
          if (fault.kind === 'truncate') {
            endCleanly(req, res);
            return;
          }
          await pause(res, fault.stallMs);
          if (res.destroyed) return;
          chunk = chunk.subarray(at);
        }
        if (chunk.length > 0) await written(res, chunk);
        sent += chunk.length;
      }
      if (!res.destroyed) res.end();
    } finally {
      await chunks.return?.();
    }
  }

  function send(req: IncomingMessage, res: ServerResponse, resp: S3Response, base: Record<string, string>, decision?: FaultDecision, forceClose = false): number {
    const abandon = () => void resp.stream?.chunks.return?.();
    if (res.headersSent || res.destroyed) {
      abandon();
      return 0;
    }
    if (decision?.resetBeforeResponse) {
      abandon();
      req.socket.resetAndDestroy();
      return 0;
    }
    const body = resp.body === undefined ? undefined : typeof resp.body === 'string' ? Buffer.from(resp.body, 'utf8') : resp.body;
    const length = resp.stream ? resp.stream.length : (body?.length ?? 0);
    const headers: Record<string, string | number> = { ...base, ...resp.headers };
    const bodyless = resp.status === 204 || resp.status === 304;
    if (!bodyless && (req.method !== 'HEAD' || headers['Content-Length'] === undefined)) headers['Content-Length'] = length;
    if (forceClose) {
      // The rest of the body will not be read: Node closes after the response, and a
      // client that keeps sending is cut off shortly after so it cannot pin the socket.
      headers.Connection = 'close';
      res.once('finish', () => setTimeout(() => req.socket.destroy(), 2_000).unref());
    }
    const sendBody = req.method !== 'HEAD' && !bodyless && length > 0;
    const mid = decision?.midBody;
    if (!sendBody) abandon();
    if (mid?.kind === 'reset' && !sendBody) {
      // Nothing to break half way: the whole answer is lost. The handler has
      // already run, so this is the "state changed, answer lost" case.
      req.socket.resetAndDestroy();
      return 0;
    }
    res.writeHead(resp.status, headers);
    if (!sendBody) {
      if (mid?.kind === 'stall') void pause(res, mid.stallMs).then(() => res.destroyed || res.end());
      else res.end();
      return resp.status;
    }
    if (!mid && body) {
      res.end(body);
      return resp.status;
    }
    const chunks = resp.stream ? resp.stream.chunks : oneChunk(body as Buffer);
    pump(req, res, chunks, length, mid).catch(() => res.destroy());
    return resp.status;
  }

  return {
    send,
    wakeAll() {
      for (const wake of [...sleepers]) wake();
    },
  };
}

async function* oneChunk(body: Buffer): AsyncGenerator<Buffer> {
  yield body;
}

/** Writes a chunk, waiting for drain (or close) when the socket buffer is full. */
function written(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (res.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** Writes a chunk and waits until it has been handed to the socket. */
function flushed(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  // An empty first write still has to put the status line and headers on the wire.
  if (chunk.length === 0) res.flushHeaders();
  return new Promise((resolve) => res.write(chunk, () => resolve()));
}

/**
 * Resets the connection once the bytes written so far are on the wire.
 *
 * Reset from inside a write callback, libuv may still hold the write and
 * the kernel then closes with a FIN instead of an RST (seen on Linux); a few
 * milliseconds later the reset is a reset.
 */
function resetAfterFlush(req: IncomingMessage): void {
  const socket = req.socket;
  setTimeout(() => {
    if (!socket.destroyed) socket.resetAndDestroy();
  }, 10).unref();
}

/**
 * Ends a response short of its Content-Length and closes the connection with
 * a FIN once the bytes are flushed, so the client cannot wait for the rest
 * on a kept-alive socket.
 */
function endCleanly(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  res.end(() => {
    socket.end();
    // A client that never closes its side does not pin the socket.
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
}
