import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// Runs the built entry points (npm test builds before Vitest runs).
const entries = ['dist/apps/api/src/main.js', 'dist/apps/worker/src/main.js', 'dist/apps/cli/src/main.js'];

describe('boot with a bad configuration', () => {
  for (const entry of entries) {
    it(`${entry} stops and names the bad variable`, () => {
      expect(existsSync(entry), `${entry} missing: run npm run build:server`).toBe(true);
      const args = entry.includes('cli') ? [entry, 'migrate'] : [entry];
      const r = spawnSync(process.execPath, args, { env: { PATH: process.env.PATH, PORT: 'not-a-port', REDIS_URL: 'nope' }, encoding: 'utf8', timeout: 20_000 });
      expect(r.status).toBe(78);
      expect(r.stderr).toMatch(/PORT: /);
      expect(r.stderr).toMatch(/REDIS_URL: /);
      expect(r.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    });
  }

  it('the build ships the engine Lua scripts next to the compiled code', async () => {
    const { readdirSync } = await import('node:fs');
    const src = readdirSync('libs/engine/src/lua').filter((f) => f.endsWith('.lua')).sort();
    expect(src.length).toBeGreaterThan(0);
    expect(readdirSync('dist/libs/engine/src/lua').filter((f) => f.endsWith('.lua')).sort()).toEqual(src);
  });

  it('refuses the demo secret in production', () => {
    const r = spawnSync(process.execPath, ['dist/apps/api/src/main.js'], { env: { PATH: process.env.PATH, NODE_ENV: 'production' }, encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(78);
    expect(r.stderr).toMatch(/JWT_SECRET: production refuses the demo secret/);
  });
});
