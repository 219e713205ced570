// Writes grafana/dashboards/*.json from the definitions beside this file:
//   node grafana/generator/main.mjs
// test/ops checks the committed JSON equals what this prints, so edit here, then run it.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import api from './api.mjs';
import registrationDay from './registration-day.mjs';
import workers from './workers.mjs';

export const DASHBOARDS = { 'registration-day.json': registrationDay, 'workers.json': workers, 'api.json': api };

export const render = (dashboard) => `${JSON.stringify(dashboard, null, 2)}\n`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [file, dashboard] of Object.entries(DASHBOARDS)) {
    writeFileSync(new URL(`../dashboards/${file}`, import.meta.url), render(dashboard));
  }
}
