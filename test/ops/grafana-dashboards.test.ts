import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { z } from 'zod';
import { at } from './support/ops-paths.js';
import { withoutGrafanaMacros } from './support/promql-names.js';
import { promtool } from './support/promtool.js';
import { dashboardQueries, dashboards } from './support/queries.js';

const DATASOURCE_UID = 'prometheus';
const datasource = z.object({ type: z.literal('prometheus'), uid: z.literal(DATASOURCE_UID) });
const gridPos = z.object({ x: z.number().int().min(0), y: z.number().int().min(0), w: z.number().int().min(1), h: z.number().int().min(1) })
  .refine((g) => g.x + g.w <= 24, 'panel wider than the 24-column grid');
const rowPanel = z.object({ id: z.number().int(), type: z.literal('row'), title: z.string().min(1), gridPos, collapsed: z.boolean(), panels: z.array(z.unknown()) });
const queryPanel = z.object({
  id: z.number().int(),
  type: z.enum(['timeseries', 'stat', 'bargauge', 'gauge', 'table']),
  title: z.string().min(1),
  gridPos,
  datasource,
  targets: z.array(z.object({ refId: z.string().regex(/^[A-Z]$/), expr: z.string().min(1), legendFormat: z.string(), datasource })).min(1),
  fieldConfig: z.object({ defaults: z.object({ unit: z.string() }).passthrough(), overrides: z.array(z.unknown()) }),
  options: z.record(z.string(), z.unknown()),
});
/** The part of Grafana's dashboard model (schemaVersion 39) that provisioning and rendering rely on. */
const dashboardSchema = z.object({
  uid: z.string().regex(/^[a-z0-9-]{1,40}$/),
  title: z.string().min(1),
  tags: z.array(z.string()).refine((t) => t.includes('goorm')),
  schemaVersion: z.number().int().min(36),
  version: z.number().int(),
  refresh: z.string(),
  time: z.object({ from: z.string(), to: z.string() }),
  templating: z.object({ list: z.array(z.unknown()) }),
  annotations: z.object({ list: z.array(z.unknown()) }),
  panels: z.array(z.union([rowPanel, queryPanel])).min(1),
});

describe('Grafana dashboards', () => {
  const all = dashboards();

  it('there are the three of issue 7', () => {
    expect(all.map((d) => d.file).sort()).toEqual(['api.json', 'registration-day.json', 'workers.json']);
  });

  it.each(all.map((d) => [d.file, d.json] as const))('%s matches the dashboard schema', (_file, json) => {
    expect(dashboardSchema.safeParse(json).error?.issues ?? []).toEqual([]);
  });

  it.each(all.map((d) => [d.file, d.json] as const))('%s has unique panel ids and no overlapping panels', (_file, json) => {
    const ids = json.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of json.panels as unknown as { title: string; gridPos: { x: number; y: number; w: number; h: number } }[]) {
      for (let x = p.gridPos.x; x < p.gridPos.x + p.gridPos.w; x++) {
        for (let y = p.gridPos.y; y < p.gridPos.y + p.gridPos.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps at ${x},${y}`).toBe(false);
          cells.add(`${x},${y}`);
        }
      }
    }
  });

  it('dashboard uids are unique', () => {
    const uids = all.map((d) => d.json.uid);
    expect(new Set(uids).size).toBe(uids.length);
  });

  it('the committed JSON is what grafana/generator/main.mjs writes', async () => {
    const { DASHBOARDS, render } = (await import(at('grafana/generator/main.mjs'))) as {
      DASHBOARDS: Record<string, unknown>;
      render(d: unknown): string;
    };
    for (const [file, dashboard] of Object.entries(DASHBOARDS)) {
      expect(readFileSync(at('grafana/dashboards', file), 'utf8'), `${file} is stale: run node grafana/generator/main.mjs`).toBe(render(dashboard));
    }
  });

  it('every panel query is valid PromQL (parsed by promtool)', () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(40);
    const rules = queries.map((q, i) => ({ record: `dashboard:query_${i}:check`, expr: withoutGrafanaMacros(q.expr) }));
    const dir = mkdtempSync(path.join(tmpdir(), 'goorm-dash-'));
    const file = path.join(dir, 'queries.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'dashboard-queries', rules }] }));
    const r = promtool('check', 'rules', file);
    expect(r.output).toContain(`SUCCESS: ${queries.length} rules found`);
  });

  it('the provisioned datasource has the uid the panels name, and the provider reads where compose mounts', () => {
    const ds = parse(readFileSync(at('grafana/provisioning/datasources/prometheus.yml'), 'utf8')) as { datasources: { uid: string; url: string }[] };
    expect(ds.datasources.map((d) => d.uid)).toEqual([DATASOURCE_UID]);
    const provider = parse(readFileSync(at('grafana/provisioning/dashboards/goorm.yml'), 'utf8')) as { providers: { options: { path: string } }[] };
    const compose = parse(readFileSync(at('docker-compose.yml'), 'utf8')) as { services: Record<string, { volumes?: string[] }> };
    const mounts = compose.services.grafana!.volumes!;
    expect(mounts).toContain(`./grafana/dashboards:${provider.providers[0]!.options.path}:ro`);
    expect(mounts).toContain('./grafana/provisioning:/etc/grafana/provisioning:ro');
  });
});
