import type { Sampler } from '../load/types.ts';
import { summarizeReadings, type ResourceReading, type ResourceSummary } from './readings.ts';

/** A sampler of target resources that also keeps its own readings (leak checks, capacity observations). */
export interface ResourceSampler extends Sampler {
  /** Every scrape since `start()` (gaps included), oldest first. */
  readings(): readonly ResourceReading[];
  /** Scrapes right away, outside the poll loop, and records the reading. Never throws. */
  scrapeNow(): Promise<ResourceReading>;
  /** Notes so far (gaps, missing metrics). */
  notes(): string[];
  /** Summary of the readings so far (what `stop()` returns). */
  summary(): ResourceSummary;
  /**
   * A view for one run of a longer measurement (a capacity step, the load of a leak check): its
   * `start()` starts the poll loop if needed and marks the window, its `stop()` returns the
   * window's summary and leaves this sampler running.
   */
  borrow(): Sampler;
}

export type ScrapeFn = () => Promise<{ values: Record<string, number> } | { error: string }>;

export interface PollerOptions {
  name: string;
  source: string;
  scrape: ScrapeFn;
  /** @default 1000 */
  intervalMs?: number;
  /** Consecutive failed scrapes after which a note is added. @default 3 */
  maxConsecutiveFailures?: number;
  /** Releases connections when stopped. */
  close?: () => Promise<void>;
  /** Extra notes the scrape function produced (missing metrics). */
  extraNotes?: () => string[];
}

/**
 * Background poll loop shared by the samplers: one scrape at a time (a slow scrape skips ticks
 * rather than piling up), a failed scrape is a gap, `sample()` hands the engine the latest fresh values.
 */
export function createPolledSampler(opts: PollerOptions): ResourceSampler {
  const intervalMs = opts.intervalMs ?? 1000;
  const maxFailures = opts.maxConsecutiveFailures ?? 3;
  const readings: ResourceReading[] = [];
  const notes: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<ResourceReading> | undefined;
  let consecutiveFailures = 0;
  let failureNoted = false;
  let lastValues: { atMs: number; values: Record<string, number> } | undefined;

  const scrapeNow = (): Promise<ResourceReading> => {
    if (inFlight) return inFlight;
    inFlight = (async (): Promise<ResourceReading> => {
      let reading: ResourceReading;
      try {
        const r = await opts.scrape();
        reading = 'values' in r ? { atMs: Date.now(), values: r.values } : { atMs: Date.now(), error: r.error };
      } catch (err) {
        reading = { atMs: Date.now(), error: (err as Error).message ?? String(err) };
      }
      readings.push(reading);
      if (reading.values) {
        consecutiveFailures = 0;
        lastValues = { atMs: reading.atMs, values: reading.values };
      } else {
        consecutiveFailures++;
        if (consecutiveFailures >= maxFailures && !failureNoted) {
          failureNoted = true;
          notes.push(
            `${opts.name}: ${consecutiveFailures} scrapes of ${opts.source} failed in a row (${reading.error}); resource values have gaps`,
          );
        }
      }
      return reading;
    })().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  const allNotes = (): string[] => [...notes, ...(opts.extraNotes?.() ?? [])];

  const summary = (): ResourceSummary => ({
    source: opts.source,
    scrapes: readings.length,
    gaps: readings.filter((r) => !r.values).length,
    stats: summarizeReadings(readings),
    notes: allNotes(),
  });

  const sampler: ResourceSampler = {
    name: opts.name,
    async start() {
      if (timer) return;
      await scrapeNow();
      timer = setInterval(() => void scrapeNow(), intervalMs);
      timer.unref();
    },
    sample() {
      if (!lastValues || Date.now() - lastValues.atMs > 2 * intervalMs + 500) return undefined;
      return { ...lastValues.values };
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      if (inFlight) await inFlight;
      await opts.close?.();
      return summary() as unknown as Record<string, unknown>;
    },
    readings: () => readings,
    borrow() {
      let fromMs = Date.now();
      return {
        name: opts.name,
        start: async () => {
          fromMs = Date.now();
          await sampler.start();
        },
        sample: () => sampler.sample(),
        stop: () => {
          const inWindow = readings.filter((r) => r.atMs >= fromMs);
          const window: ResourceSummary = {
            source: opts.source,
            scrapes: inWindow.length,
            gaps: inWindow.filter((r) => !r.values).length,
            stats: summarizeReadings(readings, fromMs),
            notes: allNotes(),
          };
          return window as unknown as Record<string, unknown>;
        },
      };
    },
    scrapeNow,
    notes: allNotes,
    summary,
  };
  return sampler;
}
