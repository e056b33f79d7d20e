import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SRC = join(ROOT, 'src');
const INDEX = join(SRC, 'index.ts');
/** The folders that use the engine from outside: they import it through `src/index.ts` only. */
const OUTSIDE = ['helpers', 'perf', 'sim', 'bench'];

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name === 'node_modules') return [];
    const path = join(dir, e.name);
    return e.isDirectory() ? tsFiles(path) : e.name.endsWith('.ts') ? [path] : [];
  });
}

/** Every module specifier of a file: static and type imports, re-exports, `import()` and `vi.mock()`. */
function importSpecifiers(text: string): string[] {
  const out: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'";]*?\sfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\b(?:import|vi\.mock|vi\.doMock|vi\.importActual)\s*\(\s*['"]([^'"]+)['"]/g];
  for (const re of patterns) for (const m of text.matchAll(re)) out.push(m[1]!);
  return out;
}

/** `file:specifier` for each import of the engine that is not `src/index.ts`. */
function deepImports(files: readonly string[]): string[] {
  const found: string[] = [];
  for (const file of files) {
    for (const spec of importSpecifiers(readFileSync(file, 'utf8'))) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (target.startsWith(SRC + sep) && target !== INDEX) found.push(`${relative(ROOT, file)}: ${spec}`);
    }
  }
  return found;
}

describe('the engine behind one door', () => {
  it('finds every kind of import specifier', () => {
    const text = [
      "import { a } from '../src/load/run.ts';",
      "import type {\n  B,\n} from '../src/result/types.ts';",
      "export { c } from '../src/x.ts';",
      "import '../src/side-effect.ts';",
      "const m = await import('../src/lazy.ts');",
      "vi.mock('../src/mocked.ts');",
    ].join('\n');
    expect(importSpecifiers(text)).toEqual(
      expect.arrayContaining(['../src/load/run.ts', '../src/result/types.ts', '../src/x.ts', '../src/side-effect.ts', '../src/lazy.ts', '../src/mocked.ts']),
    );
  });

  it('helpers/, perf/, sim/ and bench/ import the engine only through src/index.ts', () => {
    const files = OUTSIDE.flatMap((d) => tsFiles(join(ROOT, d)));
    expect(files.length).toBeGreaterThan(20);
    expect(deepImports(files)).toEqual([]);
  });
});
