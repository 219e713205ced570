import 'reflect-metadata';
import { ConfigError, loadConfig } from '@app/config';
import { startApi } from './bootstrap.js';

try {
  await startApi(loadConfig());
} catch (err) {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78);
  }
  throw err;
}
