// What a process has cost so far, read from /proc (Linux). Shared by the benchmarks.
import { readFileSync } from 'node:fs';

/** CPU seconds (user + system) a process has used so far; NaN where /proc cannot tell. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ 100)
  } catch {
    return NaN;
  }
}
