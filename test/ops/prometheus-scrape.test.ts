import 'reflect-metadata';
import { createTestEnv, type TestEnv } from '@app/testing';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createApiApp } from '../../apps/api/src/bootstrap.js';
import { smallUniversity } from '../engine/harness.js';
import { signToken } from '../faults/support/cluster.js';
import { startWorker } from '../../apps/worker/src/bootstrap.js';
import { RULES_FILE } from './support/ops-paths.js';
import { eventually, startPrometheus, type PrometheusServer } from './support/prometheus-server.js';
import { metricNames, withoutGrafanaMacros } from './support/promql-names.js';
import { alertQueries, alertRules, dashboardQueries } from './support/queries.js';

const JOBS = ['goorm-api', 'goorm-worker'] as const;

const address = (app: NestFastifyApplication) => {
  const a = app.getHttpServer().address() as AddressInfo;
  return `127.0.0.1:${a.port}`;
};

/**
 * A real Prometheus scrapes the real API and worker (each on its own database and Redis prefix),
 * with the alert rules loaded: what the dashboards and alerts query must arrive in Prometheus.
 */
describe('Prometheus scrapes the API and the worker', () => {
  let env: TestEnv;
  let api: NestFastifyApplication;
  let worker: NestFastifyApplication;
  let prometheus: PrometheusServer;

  beforeAll(async () => {
    env = await createTestEnv(inject('services'));
    await smallUniversity(env, 5); // before the worker starts: it primes Redis from MySQL
    api = await createApiApp(env.config);
    await api.listen(0, '127.0.0.1');
    worker = await startWorker(env.config);
    prometheus = await startPrometheus({ jobs: { 'goorm-api': address(api), 'goorm-worker': address(worker) }, ruleFiles: [RULES_FILE] });
    // Some traffic, so the HTTP metrics have samples to show.
    for (const path of ['/health/live', '/health/ready', '/api/no-such-route']) await fetch(`http://${address(api)}${path}`);
    // And a few enrollments through the whole engine: five students, a section with two seats.
    for (let s = 1; s <= 5; s++) {
      const res = await fetch(`http://${address(api)}/api/me/enrollments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${signToken(env.config.auth.jwtSecret, { sub: String(s), role: 'student' })}` },
        body: JSON.stringify({ sectionId: 1 }),
      });
      if (res.status !== 202) throw new Error(`enroll answered ${res.status}: ${await res.text()}`);
    }
    const invalid = await fetch(`http://${address(api)}/api/me/enrollments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${signToken(env.config.auth.jwtSecret, { sub: '1', role: 'student' })}` },
      body: JSON.stringify({ sectionId: 'one' }),
    });
    if (invalid.status !== 400) throw new Error(`a bad body answered ${invalid.status}`);
    await eventually(async () => {
      const [[row]] = (await env.sql.query('SELECT COUNT(*) AS n FROM decision_log')) as unknown as [[{ n: number }]];
      return Number(row.n) >= 5 ? true : undefined;
    });
  });

  afterAll(async () => {
    await prometheus?.stop();
    await worker?.close();
    await api?.close();
    await env?.cleanup();
  });

  it('serves /metrics in the Prometheus text format on both processes', async () => {
    for (const app of [api, worker]) {
      const res = await fetch(`http://${address(app)}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(await res.text()).toMatch(/^# HELP goorm_decisions_total /m);
    }
  });

  it('both targets are up', async () => {
    const up = await eventually(async () => {
      const r = await prometheus.api<{ result: { metric: { job: string }; value: [number, string] }[] }>('query?query=up');
      const ups = Object.fromEntries(r.result.map((s) => [s.metric.job, s.value[1]]));
      return JOBS.every((j) => ups[j] === '1') ? ups : undefined;
    });
    expect(up).toMatchObject({ 'goorm-api': '1', 'goorm-worker': '1' });
  });

  it('every metric a dashboard or alert queries is exported by each target', async () => {
    const referenced = new Set([...dashboardQueries(), ...alertQueries()].flatMap((q) => metricNames(withoutGrafanaMacros(q.expr))));
    referenced.delete('up');
    const family = (name: string) => name.replace(/_(bucket|sum|count)$/, '');
    for (const job of JOBS) {
      // Metadata comes from # HELP/# TYPE lines, so it lists a metric even before its first sample.
      const metadata = await eventually(async () => {
        const rows = await prometheus.api<{ metric: string; type: string }[]>(`targets/metadata?match_target=${encodeURIComponent(`{job="${job}"}`)}`);
        return rows.length > 20 ? rows : undefined;
      });
      const exported = new Map(metadata.map((m) => [m.metric, m.type]));
      const missing = [...referenced].filter((n) => !exported.has(n) && !(exported.get(family(n)) === 'histogram'));
      expect(missing, job).toEqual([]);
    }
  });

  it('stores real samples: the API counted the requests it answered', async () => {
    const query = encodeURIComponent('sum(goorm_http_requests_total{job="goorm-api",route="/health/live"})');
    const value = await eventually(async () => {
      const r = await prometheus.api<{ result: { value: [number, string] }[] }>(`query?query=${query}`);
      return r.result[0] && Number(r.result[0].value[1]) >= 1 ? Number(r.result[0].value[1]) : undefined;
    });
    expect(value).toBeGreaterThanOrEqual(1);
  });

  it('shows the enrollments the engine handled: intake outcomes, decisions by reason, commits, latencies', async () => {
    const value = async (q: string, want: (v: number) => boolean) => eventually(async () => {
      const r = await prometheus.api<{ result: { value: [number, string] }[] }>(`query?query=${encodeURIComponent(q)}`);
      const v = r.result[0] ? Number(r.result[0].value[1]) : NaN;
      return want(v) ? v : undefined;
    });
    expect(await value('sum(goorm_enroll_requests_total{job="goorm-api",outcome="accepted"})', (v) => v === 5)).toBe(5);
    expect(await value('sum(goorm_enroll_requests_total{job="goorm-api",outcome="invalid"})', (v) => v === 1)).toBe(1);
    expect(await value('sum(goorm_enroll_accept_duration_seconds_count{job="goorm-api"})', (v) => v === 5)).toBe(5);
    expect(await value('sum(goorm_decisions_total{job="goorm-worker",outcome="enrolled"})', (v) => v === 2)).toBe(2);
    expect(await value('sum(goorm_decisions_total{job="goorm-worker",outcome="rejected",reason="section_full"})', (v) => v === 3)).toBe(3);
    expect(await value('sum(goorm_enqueue_to_decision_seconds_count{job="goorm-worker"})', (v) => v === 5)).toBe(5);
    expect(await value('sum(goorm_commit_batch_rows_sum{job="goorm-worker"})', (v) => v >= 5)).toBeGreaterThanOrEqual(5);
    expect(await value('sum(goorm_commit_inserted_rows_total{job="goorm-worker"}) / sum(goorm_commit_insert_statements_total{job="goorm-worker"})', (v) => v >= 1)).toBeGreaterThanOrEqual(1);
  });

  it('loads every alert rule and evaluates it without errors', async () => {
    const rules = await eventually(async () => {
      const data = await prometheus.api<{ groups: { rules: { name: string; health: string; lastError?: string }[] }[] }>('rules?type=alert');
      const all = data.groups.flatMap((g) => g.rules);
      return all.length > 0 && all.every((r) => r.health === 'ok') ? all : undefined;
    });
    expect(rules.map((r) => r.name).sort()).toEqual(alertRules().map((r) => r.alert).sort());
  });

  it('fires no alert on a healthy, idle system', async () => {
    const alerts = await prometheus.api<{ alerts: { labels: { alertname: string }; state: string }[] }>('alerts');
    expect(alerts.alerts.filter((a) => a.state === 'firing').map((a) => a.labels.alertname)).toEqual([]);
  });
});
