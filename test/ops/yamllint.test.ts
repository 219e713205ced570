import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { at, ROOT } from './support/ops-paths.js';

describe('yamllint', () => {
  it('passes over every ops YAML file, warnings included', () => {
    const r = spawnSync('yamllint', ['-s', '-f', 'parsable', '-c', at('test/ops/yamllint.yml'), 'docker-compose.yml', 'k8s', 'argocd', 'grafana', 'prometheus'], { cwd: ROOT, encoding: 'utf8' });
    if (r.error) throw new Error(`yamllint is missing (apt-get install yamllint): ${r.error.message}`);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('really fails on bad YAML (the check is not a no-op)', () => {
    const r = spawnSync('yamllint', ['-s', '-c', at('test/ops/yamllint.yml'), '-'], { input: 'a: 1\na: 2\nb:  [x,y]\n', encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stdout).toMatch(/duplication of key "a"/);
  });
});
