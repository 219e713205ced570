import type { AppConfig } from '@app/config';
import { migrate } from '@app/database';

export async function migrateCommand(config: AppConfig): Promise<void> {
  const ran = await migrate(config.database);
  process.stdout.write(ran.length ? `migrated ${config.database.database}: ${ran.join(', ')}\n` : `${config.database.database} is up to date\n`);
}
