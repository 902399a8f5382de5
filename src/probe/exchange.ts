/**
 * One HTTP exchange through an undici dispatch handler: each body chunk goes straight, and
 * synchronously, to the target the caller chose when the head arrived, with no stream or async
 * iterator between (a first download in a fresh process pays for those). The target's
 * backpressure pauses the connection; the deadlines are the dispatcher's (connect, headers, body
 * idle) and the caller's signal.
 */
import type { Dispatcher } from 'undici';

export interface ResponseHead {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
}

/** What the body's target may ask of the exchange. */
export interface BodyControl {
  /** More chunks, after `write` said false. */
  resume(): void;
  /** No more of this body: the connection is closed. */
  stop(): void;
}

export interface BodyTarget {
  /**
   * One chunk, in order. It is a view of the socket's read buffer: hold it briefly (one batch of
   * writes), so the buffer dies young. False: no more chunks until `control.resume()`.
   */
  write(chunk: Buffer): boolean;
}

export interface ExchangeRequest {
  url: URL;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  signal: AbortSignal;
}

export interface ExchangeResult {
  /** The final (non-1xx) response head; absent when the request failed before it. */
  head?: ResponseHead;
  /** Body bytes as they came off the wire (before any decoding), also when it failed part way. */
  wireBytes: number;
  /** The whole body reached its target. */
  complete: boolean;
  /** Why it ended early, when it was not the target's own `stop()`. */
  error?: unknown;
}

/**
 * Sends a GET and hands the body to what `takeBody` returns for the head (nothing: the body is
 * not read and the connection is closed, as for a redirect). Always resolves.
 */
export function exchange(request: ExchangeRequest, takeBody: (head: ResponseHead, control: BodyControl) => BodyTarget | undefined): Promise<ExchangeResult> {
  const { url, headers, dispatcher, signal } = request;
  return new Promise((resolve) => {
    let controller: Dispatcher.DispatchController | undefined;
    let head: ResponseHead | undefined;
    let target: BodyTarget | undefined;
    let wireBytes = 0;
    /** Set once the exchange has resolved: why the connection is to be dropped, if it is not done. */
    let ended: Error | undefined;

    const settle = (complete: boolean, error?: unknown) => {
      if (ended) return;
      ended = error instanceof Error ? error : new Error('the body is not wanted');
      signal.removeEventListener('abort', onAbort);
      resolve({ ...(head ? { head } : {}), wireBytes, complete, ...(error !== undefined ? { error } : {}) });
    };
    // Aborted outside undici's callbacks: inside one, its parser is still reading the chunk.
    const dropConnection = () => {
      controller?.pause();
      queueMicrotask(() => controller?.abort(ended!));
    };
    const control: BodyControl = {
      resume: () => {
        if (!ended) controller?.resume();
      },
      stop: () => {
        settle(false);
        dropConnection();
      },
    };
    // A request still waiting for its connection is ended by the session's close(), which ends the connection attempt too.
    const onAbort = () => {
      settle(false, signal.reason);
      dropConnection();
    };

    const handler: Dispatcher.DispatchHandler = {
      onRequestStart(started) {
        controller = started;
        if (ended) started.abort(ended);
      },
      onResponseStart(_controller, statusCode, responseHeaders) {
        // Go's client skips interim responses (100 Continue, 103 Early Hints).
        if (statusCode < 200 || ended) return;
        head = { statusCode, headers: responseHeaders };
        target = takeBody(head, control);
        if (!target) control.stop();
      },
      onResponseData(current, chunk) {
        if (ended) return;
        wireBytes += chunk.length;
        if (!target!.write(chunk) && !ended) current.pause();
      },
      onResponseEnd() {
        settle(true);
      },
      onResponseError(_controller, error) {
        settle(false, error);
      },
    };

    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      dispatcher.dispatch({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', headers }, handler);
    } catch (error) {
      settle(false, error);
    }
  });
}
