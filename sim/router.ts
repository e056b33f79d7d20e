import type { Ctx } from './ctx.ts';

export type Params = Record<string, string>;
export type Handler = (ctx: Ctx, params: Params) => unknown;
export interface Route { method: string; pattern: string; handler: Handler }

interface Dynamic { method: string; segments: string[]; handler: Handler }

export type Match = { kind: 'found'; handler: Handler; params: Params } | { kind: 'method' } | { kind: 'none' };

/** Static routes by `METHOD path` (case-insensitive path), dynamic ones (`:name` segments) by scan. */
export class Router {
  private readonly statics = new Map<string, Handler>();
  private readonly staticPaths = new Set<string>();
  private readonly dynamics: Dynamic[] = [];

  constructor(routes: Route[]) {
    for (const r of routes) {
      const path = r.pattern.toLowerCase();
      if (path.includes('/:')) this.dynamics.push({ method: r.method, segments: r.pattern.split('/'), handler: r.handler });
      else {
        this.statics.set(`${r.method} ${path}`, r.handler);
        this.staticPaths.add(path);
      }
    }
  }

  match(method: string, path: string): Match {
    const lower = path.length > 1 && path.endsWith('/') ? path.slice(0, -1).toLowerCase() : path.toLowerCase();
    const h = this.statics.get(`${method} ${lower}`);
    if (h) return { kind: 'found', handler: h, params: {} };
    let pathMatched = this.staticPaths.has(lower);
    const segs = path.split('/');
    for (const d of this.dynamics) {
      if (d.segments.length !== segs.length) continue;
      const params: Params = {};
      let ok = true;
      for (let i = 0; i < segs.length && ok; i++) {
        const p = d.segments[i]!;
        const s = segs[i]!;
        if (p.startsWith(':')) {
          if (s === '') ok = false;
          else params[p.slice(1)] = decodeURIComponent(s);
        } else if (p.toLowerCase() !== s.toLowerCase()) ok = false;
      }
      if (!ok) continue;
      if (d.method === method) return { kind: 'found', handler: d.handler, params };
      pathMatched = true;
    }
    return pathMatched ? { kind: 'method' } : { kind: 'none' };
  }
}
