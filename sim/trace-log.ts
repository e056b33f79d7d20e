import { createWriteStream, type WriteStream } from 'node:fs';
import { parseTraceParent } from '@opentelemetry/core';
import { SimulatorError } from './errors.ts';

/** One request as the simulator saw it: its trace and where its time went, ms. */
export interface TraceLine {
  /** The W3C trace id of the request's `traceparent`; null when it carried none (or a malformed one). */
  traceId: string | null;
  /** The simulator's own span id (the `traceresponse` it answered); null without a trace id. */
  spanId: string | null;
  method: string;
  path: string;
  status: number;
  /** From the request's arrival to the end of its response (or the client going away). */
  serverMs: number;
  /** Waiting for a worker of the endpoint's backend (the latency model's queue). */
  queueMs: number;
  /** Worker service time. */
  serviceMs: number;
  /** Time the reply spent coming from the LLM (mocked or real), chat streams only. */
  llmMs: number;
  /** The client went away (or the gateway timed out) before the response ended. */
  aborted: boolean;
}

/** The parts of a valid `traceparent`, or undefined (absent or malformed: the request is answered as without one). */
export function readTraceparent(header: string | string[] | undefined): { traceId: string; traceFlags: number } | undefined {
  if (typeof header !== 'string') return undefined;
  const sc = parseTraceParent(header);
  return sc === null ? undefined : { traceId: sc.traceId, traceFlags: sc.traceFlags };
}

/**
 * The simulator's trace log (`SIM_TRACE_LOG=path`, `--trace-log path`): one JSON line per request,
 * appended through one buffered stream. Off unless asked, so the hot path pays nothing for it.
 */
export class TraceLog {
  private readonly out: WriteStream;
  private failed = false;

  constructor(readonly path: string) {
    try {
      this.out = createWriteStream(path, { flags: 'a' });
    } catch (cause) {
      throw new SimulatorError(`SIM_TRACE_LOG: cannot open "${path}" (${(cause as Error).message})`, { cause });
    }
    this.out.on('error', () => {
      this.failed = true;
    });
  }

  write(line: TraceLine): void {
    if (this.failed) return;
    this.out.write(`${JSON.stringify(line)}\n`);
  }

  /** Flushes and closes the file. */
  close(): Promise<void> {
    return new Promise((resolve) => this.out.end(() => resolve()));
  }
}
