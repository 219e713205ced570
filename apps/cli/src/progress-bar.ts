import cliProgress from 'cli-progress';
import type { SeedProgress } from '@app/seed';

/** A progress bar on a terminal; a line every 20% when the output is a file or CI log. */
export function createProgress(title: string): SeedProgress {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {percentage}% | {value}/{total} rows | {label}`, stream: process.stderr, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    return {
      start: (total) => bar.start(total, 0, { label: '' }),
      advance: (n, label) => bar.increment(n, { label }),
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let done = 0;
  let nextMark = 0.2;
  return {
    start: (t) => { total = t; process.stderr.write(`${title}: ${t} rows\n`); },
    advance: (n, label) => {
      done += n;
      if (done / total >= nextMark) {
        process.stderr.write(`${title}: ${Math.round((100 * done) / total)}% (${label})\n`);
        nextMark += 0.2;
      }
    },
    stop: () => {},
  };
}
