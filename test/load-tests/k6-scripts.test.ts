/* eslint-disable @typescript-eslint/no-explicit-any -- ASTs, k6 options and the OpenAPI document are walked as plain JSON */
// k6 cannot be installed here, so its scripts are checked without it:
// - each parses as an ES module (acorn);
// - every request they make (req()/call() in load-tests/k6/lib.js, literal method and path)
//   exists in the OpenAPI document of the real API, booted in process;
// - run with stub k6 modules, their options are built from load-tests/scenarios.json: change a
//   number there and the options change with it; no scenario script hard-codes one.
import { Parser } from 'acorn';
import { ancestor, simple } from 'acorn-walk';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootApi, type Api } from '../api/support/api-harness.js';

const root = path.resolve(import.meta.dirname, '../..');
const k6Dir = path.join(root, 'load-tests/k6');
const scripts = readdirSync(k6Dir).filter((f) => f.endsWith('.js'));
const scenarioScripts = scripts.filter((f) => f !== 'lib.js');
const definition = JSON.parse(readFileSync(path.join(root, 'load-tests/scenarios.json'), 'utf8'));
const parse = (file: string) => Parser.parse(readFileSync(path.join(k6Dir, file), 'utf8'), { ecmaVersion: 'latest', sourceType: 'module', locations: true });

interface Endpoint { method: string; path: string; where: string }

/** Requests made through req()/call(): method literal, path literal or template (`${x}` → {}). */
function endpointsOf(file: string): Endpoint[] {
  const out: Endpoint[] = [];
  simple(parse(file), {
    CallExpression(node: any) {
      if (node.callee.type !== 'Identifier' || !['req', 'call'].includes(node.callee.name)) return;
      const [m, p] = node.arguments;
      const where = `${file}:${node.loc.start.line}`;
      if (m?.type === 'Identifier' && p?.type === 'Identifier') return; // the helpers' own pass-through
      if (m?.type !== 'Literal' || typeof m.value !== 'string') throw new Error(`${where}: method must be a string literal`);
      let raw: string;
      if (p?.type === 'Literal' && typeof p.value === 'string') raw = p.value;
      else if (p?.type === 'TemplateLiteral') raw = p.quasis.map((q: any) => q.value.cooked).join('{}');
      else throw new Error(`${where}: path must be a string or template literal`);
      out.push({ method: m.value.toLowerCase(), path: raw.split('?')[0]!, where });
    },
  });
  return out;
}

function inDocument(doc: any, e: Endpoint): boolean {
  const segs = e.path.split('/');
  return Object.entries(doc.paths).some(([p, ops]: [string, any]) => {
    const docSegs = p.split('/');
    return docSegs.length === segs.length && ops[e.method] !== undefined &&
      docSegs.every((d, i) => d === segs[i] || (/^\{.+\}$/.test(d) && segs[i] !== ''));
  });
}

/** Copies the scripts next to stub k6 modules and a given definition, then imports one. */
async function loadWithStubs(dir: string, def: unknown, file: string): Promise<any> {
  mkdirSync(path.join(dir, 'k6/__k6'), { recursive: true });
  writeFileSync(path.join(dir, 'scenarios.json'), JSON.stringify(def));
  const stubs: Record<string, string> = {
    'http.mjs': 'export default { request: () => ({}), batch: () => [], expectedStatuses: (...s) => s };',
    'k6.mjs': 'export const check = () => true; export const fail = (m) => { throw new Error(m); }; export const sleep = () => {}; export const group = (_n, f) => f();',
    'metrics.mjs': 'class M { constructor(name) { this.name = name; } add() {} } export class Counter extends M {} export class Trend extends M {} export class Rate extends M {} export class Gauge extends M {}',
    'execution.mjs': 'export default { scenario: { iterationInTest: 0 } };',
  };
  for (const [name, src] of Object.entries(stubs)) writeFileSync(path.join(dir, 'k6/__k6', name), src);
  for (const f of scripts) {
    const src = readFileSync(path.join(k6Dir, f), 'utf8')
      .replace(/from 'k6\/(http|metrics|execution)'/g, "from './__k6/$1.mjs'")
      .replace(/from 'k6'/g, "from './__k6/k6.mjs'");
    writeFileSync(path.join(dir, 'k6', f), src);
  }
  const g = globalThis as any;
  g.__ENV = {};
  g.open = (p: string) => readFileSync(path.resolve(dir, 'k6', p), 'utf8');
  return import(`${pathToFileURL(path.join(dir, 'k6', file)).href}?v=${Math.random()}`);
}

/** Every number in a JSON value, bumped (integers +7, fractions ×1.5), to prove where options come from. */
function bumped(v: any): any {
  if (typeof v === 'number') return Number.isInteger(v) ? v + 7 : v * 1.5;
  if (Array.isArray(v)) return v.map(bumped);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, bumped(x)]));
  return v;
}

describe('k6 scripts', () => {
  it('parse as ES modules', () => {
    expect(scenarioScripts.sort()).toEqual(['browse.js', 'opening-spike.js', 'soak.js']);
    for (const f of scripts) expect(() => parse(f), f).not.toThrow();
  });

  it('make every request through req()/call() (so the check below sees them all)', () => {
    for (const f of scripts) {
      const direct: string[] = [];
      simple(parse(f), {
        MemberExpression(node: any) {
          if (node.object.type === 'Identifier' && node.object.name === 'http') direct.push(`${node.property.name}@${node.loc.start.line}`);
        },
      });
      // lib.js wraps http.request/http.batch; http.expectedStatuses only builds a callback.
      const allowed = f === 'lib.js' ? ['request', 'batch', 'expectedStatuses'] : [];
      expect(direct.map((d) => d.split('@')[0]).filter((m) => !allowed.includes(m!)), `${f}: ${direct.join(', ')}`).toEqual([]);
    }
  });

  it('hard-code no scenario numbers: rates, stages, VUs and thresholds come from scenarios.json', () => {
    for (const f of scenarioScripts) {
      const numbers: number[] = [];
      ancestor(parse(f), {
        Literal(node: any, _state: unknown, up: any[]) {
          if (typeof node.value !== 'number') return;
          const parent = up[up.length - 2];
          // HTTP statuses a check or an `expect: [...]` list compares with are not scenario numbers.
          const status = (parent?.type === 'BinaryExpression' && [parent.left, parent.right].some((x: any) => x.type === 'MemberExpression' && x.property.name === 'status'))
            || up.some((a: any) => a.type === 'Property' && a.key.name === 'expect');
          if (!status) numbers.push(node.value);
        },
      });
      // 0 and 1 (indices, page 1), 1000 (ms ↔ s), 2 (a skew exponent) and probabilities of a browsing mix.
      expect(numbers.filter((n) => !(n === 0 || n === 1 || n === 1000 || (n > 0 && n < 1) || n === 2)), f).toEqual([]);
    }
    expect(readFileSync(path.join(root, 'scripts/bench.mjs'), 'utf8')).toContain("'load-tests/scenarios.json'");
  });

  describe('with stub k6 modules', () => {
    const dirs: string[] = [];
    const tmp = () => { const d = mkdtempSync(path.join(os.tmpdir(), 'k6-')); dirs.push(d); return d; };
    afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); delete (globalThis as any).open; delete (globalThis as any).__ENV; });

    it('build their options from the shared definition', async () => {
      const d = definition;
      const spike = (await loadWithStubs(tmp(), d, 'opening-spike.js')).options;
      expect(spike.scenarios.spike).toMatchObject({
        executor: 'ramping-arrival-rate', startRate: d.openingSpike.arrivals.startRate, stages: d.openingSpike.arrivals.stages,
        preAllocatedVUs: d.openingSpike.arrivals.preAllocatedVUs, maxVUs: d.openingSpike.arrivals.maxVUs, startTime: `${d.openingSpike.windowLeadSeconds}s`,
      });
      expect(spike.thresholds).toMatchObject({
        http_req_failed: [`rate<${d.thresholds.httpReqFailedRate}`],
        'http_req_duration{name:enroll-from-cart}': [`p(99)<${d.thresholds.acceptP99Ms}`],
        dropped_iterations: [`count<=${d.thresholds.droppedIterations}`],
        oversold_sections: [`count<=${d.thresholds.oversoldSections}`],
      });
      const browse = (await loadWithStubs(tmp(), d, 'browse.js')).options;
      expect(browse.scenarios.browse).toMatchObject({ executor: 'constant-arrival-rate', rate: d.browse.rate, duration: d.browse.duration });
      const soak = (await loadWithStubs(tmp(), d, 'soak.js')).options;
      expect(soak.scenarios.enroll).toMatchObject({ executor: 'constant-arrival-rate', rate: d.soak.rates.enroll, duration: '10m' });
      expect(Object.keys(soak.scenarios).sort()).toEqual(Object.keys(d.soak.rates).sort());
      for (const s of [spike, browse, soak]) expect(s.thresholds.dropped_iterations).toBeDefined();
    });

    it('follow a changed definition', async () => {
      for (const f of scenarioScripts) {
        const before = (await loadWithStubs(tmp(), definition, f)).options;
        const after = (await loadWithStubs(tmp(), bumped(definition), f)).options;
        // Every number in the options moved: none of them was written in the script.
        const nums = (o: any): number[] => (typeof o === 'number' ? [o] : o && typeof o === 'object' ? Object.values(o).flatMap(nums) : []);
        const a = nums(before);
        const b = nums(after);
        expect(a.length, f).toBeGreaterThan(0);
        expect(b.length, f).toBe(a.length);
        expect(a.filter((x, i) => x === b[i]), f).toEqual([]);
        // Thresholds carry the definition's numbers too.
        const t = (o: any) => JSON.stringify(o.thresholds);
        expect(t(after), f).not.toEqual(t(before));
      }
    });
  });

  describe('against the OpenAPI document', () => {
    let api: Api;
    let doc: any;
    beforeAll(async () => {
      api = await bootApi();
      doc = (await api.call('GET', '/api/docs-json')).body;
    });
    afterAll(() => api?.close());

    it('reference only endpoints that exist', () => {
      const all = scripts.flatMap(endpointsOf);
      const missing = all.filter((e) => !inDocument(doc, e)).map((e) => `${e.method.toUpperCase()} ${e.path} (${e.where})`);
      expect(missing).toEqual([]);
      const used = new Set(all.map((e) => `${e.method} ${e.path}`));
      // The journeys the issue names are all there.
      for (const e of ['post /api/auth/student/login', 'post /api/me/cart', 'post /api/me/enrollments/from-cart', 'get /api/me/requests/{}', 'get /api/sections', 'get /api/admin/queue', 'get /api/admin/sections/{}/roster', 'post /api/admin/open-times']) {
        expect(used.has(e), e).toBe(true);
      }
    });

    it('would notice an endpoint that does not exist', () => {
      expect(inDocument(doc, { method: 'post', path: '/api/me/enrollments/{}', where: 'x' })).toBe(false);
      expect(inDocument(doc, { method: 'get', path: '/api/sections/{}', where: 'x' })).toBe(true);
    });
  });
});
