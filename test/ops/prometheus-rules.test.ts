import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { at, RULES_FILE, RULES_TEST_FILE } from './support/ops-paths.js';
import { alertRules } from './support/queries.js';
import { promtool } from './support/promtool.js';
import { readYaml } from './support/render.js';

describe('Prometheus alert rules', () => {
  it('pass promtool check rules', () => {
    const r = promtool('check', 'rules', RULES_FILE);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
    expect(r.status).toBe(0);
  });

  it('pass their promtool unit tests', () => {
    const r = promtool('test', 'rules', RULES_TEST_FILE);
    expect(r.output).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  it('every alert is exercised by at least one unit test that expects it to fire', () => {
    const tests = parse(readFileSync(RULES_TEST_FILE, 'utf8')) as {
      tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
    };
    const fired = new Set(tests.tests.flatMap((t) => t.alert_rule_test.filter((a) => a.exp_alerts.length > 0).map((a) => a.alertname)));
    expect(alertRules().map((r) => r.alert).filter((a) => !fired.has(a))).toEqual([]);
  });

  it('every alert names a severity and says what to do', () => {
    for (const rule of alertRules()) {
      expect(['warning', 'critical'], rule.alert).toContain(rule.labels?.severity);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
      expect(rule.annotations?.description, rule.alert).toBeTruthy();
    }
  });

  it('cover the failures issue 7 names', () => {
    const names = alertRules().map((r) => r.alert);
    for (const needed of ['GoormQueueNotDraining', 'GoormCommitLagHigh', 'GoormEnrollErrorRateHigh', 'GoormRedisMemoryHigh', 'GoormJobsStalled', 'GoormReconcileDrift']) {
      expect(names).toContain(needed);
    }
  });

  it('the PrometheusRule for the operator holds exactly the same groups', () => {
    const [rule] = readYaml(at('k8s/base/monitoring/prometheus-rule.yaml'));
    const source = parse(readFileSync(RULES_FILE, 'utf8')) as { groups: unknown };
    expect((rule!.spec as { groups: unknown }).groups).toEqual(source.groups);
  });

  it('the compose Prometheus config is valid and loads the rules', () => {
    const r = promtool('check', 'config', at('prometheus/prometheus.yml'));
    expect(r.output).toMatch(/SUCCESS: 1 rule files found/);
    expect(r.status).toBe(0);
  });

  it('promtool really rejects a broken rule (the check is not a no-op)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'goorm-rules-'));
    const file = path.join(dir, 'bad.rules.yml');
    writeFileSync(file, stringify({ groups: [{ name: 'x', rules: [{ alert: 'Bad', expr: 'sum(rate(goorm_decisions_total[5m]) > ' }] }] }));
    expect(promtool('check', 'rules', file).status).not.toBe(0);
  });
});
