/** CPU seconds (user + system) a process has used so far; NaN where /proc cannot tell. */
export function cpuSeconds(pid: number | undefined): number;
