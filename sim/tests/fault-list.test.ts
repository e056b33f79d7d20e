import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { faultsSchema, type SimConfig } from '../config.ts';
import { mergeFaultConfigs, SEED_REPORT_FAULTS } from '../faults.ts';
import { buildConfig } from '../profiles.ts';

/** Dotted paths of the leaves of a config fragment: `{ faults: { a: 1 } }` → `faults.a`. */
function leaves(o: object, prefix = ''): string[] {
  return Object.entries(o).flatMap(([k, v]) =>
    v !== null && typeof v === 'object' && !('medianMs' in v) ? leaves(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}
const at = (config: SimConfig, path: string): unknown => path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], config);

describe('sim/faults.ts: every seed-report fault, as data', () => {
  const seed = buildConfig('seed-report');
  const defaults = buildConfig('reference');

  it('turns each fault off with its `off` overrides, back to the default values', () => {
    for (const fault of SEED_REPORT_FAULTS) {
      const off = buildConfig('seed-report', fault.off);
      for (const path of leaves(fault.on)) {
        expect(at(seed, path), `${fault.id}: ${path} on`).toEqual(at(buildConfig('reference', fault.on), path));
        expect(at(off, path), `${fault.id}: ${path} off`).toEqual(at(defaults, path));
      }
    }
  });

  it('lists every fault seed-report turns on: all off leaves no fault', () => {
    const allOff = buildConfig('seed-report', mergeFaultConfigs(SEED_REPORT_FAULTS.map((f) => f.off)));
    expect(allOff.faults).toEqual(faultsSchema.parse({}));
    for (const path of ['originTimeoutMs', 'workers.speech', 'seedUsers', 'sessionBytes']) expect(at(allOff, path), path).toEqual(at(defaults, path));
  });

  it('is documented in docs/SIMULATOR.md with its id and its `off`', () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/SIMULATOR.md'), 'utf8');
    for (const fault of SEED_REPORT_FAULTS) {
      expect(doc, fault.id).toContain(`| \`${fault.id}\` |`);
      expect(doc, fault.id).toContain(`\`${JSON.stringify(fault.off)}\``);
    }
  });
});
