import { readdirSync, readFileSync } from "node:fs";

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU time (user + system) a process has used so far, in milliseconds, from /proc. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  // Fields after the command name (which may hold spaces) start at state; utime and stime are 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

/**
 * CPU time of every PostgreSQL process (the server and its backends) by process id, in milliseconds; given
 * database names, only the backends connected to those (other jobs may share the server).
 */
export function postgresCpuByPid(databases?: readonly string[]): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, "utf8").trim() !== "postgres") continue;
      // A backend's title: "postgres: 15/main: <user> <database> <client> <state>".
      if (databases && !readFileSync(`/proc/${entry}/cmdline`, "utf8").split(/[\s\0]+/).some((word) => databases.includes(word))) continue;
      byPid.set(Number(entry), processCpuMs(Number(entry)));
    } catch {
      // the process exited while we looked
    }
  }
  return byPid;
}

/** The whole machine's busy and total CPU time since boot, in milliseconds summed over cores. */
export function machineCpuMs(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal ...: idle and iowait are not busy.
  const total = ticks.reduce((sum, value) => sum + value, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: ((total - idle) * 1000) / CLOCK_TICKS_PER_SECOND, total: (total * 1000) / CLOCK_TICKS_PER_SECOND };
}

/** CPU time of named processes and of the whole machine, at one instant. */
export interface CpuSnapshot {
  /** Milliseconds of CPU each process (or group of processes) has used so far, by name. */
  byProcess: Record<string, number>;
  /** The same by process id, for groups whose processes come and go (PostgreSQL backends). */
  byPid: Record<string, Map<number, number>>;
  machine: { busy: number; total: number };
}

/** What to read for one name: a process id, or PostgreSQL (all of its processes, or the backends of some databases). */
export type CpuSource = number | { postgres: "all" | readonly string[] };

/** By name, in the order given. */
export function cpuSnapshot(processes: Record<string, CpuSource>): CpuSnapshot {
  const byProcess: Record<string, number> = {};
  const byPid: Record<string, Map<number, number>> = {};
  for (const [name, source] of Object.entries(processes)) {
    byPid[name] = typeof source === "number" ? new Map([[source, processCpuMs(source)]]) : postgresCpuByPid(source.postgres === "all" ? undefined : source.postgres);
    byProcess[name] = [...byPid[name].values()].reduce((sum, ms) => sum + ms, 0);
  }
  return { byProcess, byPid, machine: machineCpuMs() };
}

/**
 * CPU milliseconds used between two snapshots, by process, and by the machine (busy and total). A process
 * that started in between counts whole; one that exited in between is left out (its last moments are lost,
 * rather than its whole life subtracted).
 */
export function cpuUsedBetween(before: CpuSnapshot, after: CpuSnapshot): { byProcess: Record<string, number>; machineBusy: number; machineTotal: number } {
  const byProcess: Record<string, number> = {};
  for (const [name, pids] of Object.entries(after.byPid)) {
    byProcess[name] = [...pids].reduce((sum, [pid, ms]) => sum + ms - (before.byPid[name]?.get(pid) ?? 0), 0);
  }
  return { byProcess, machineBusy: after.machine.busy - before.machine.busy, machineTotal: after.machine.total - before.machine.total };
}

/** Resident memory of a process (VmRSS in /proc/<pid>/status), in bytes; 0 once it has exited. */
export function processRssBytes(pid: number): number {
  let status: string;
  try {
    status = readFileSync(`/proc/${pid}/status`, "utf8");
  } catch (error) {
    // A sampler may look once more after the process stopped; whether it stopped too early is for the caller to see.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : 0;
}

/** Samples a process's resident memory every `intervalMs` until stopped; returns the largest seen. */
export function sampleMaxRss(pid: number, intervalMs = 100): { stop(): number } {
  let max = processRssBytes(pid);
  const timer = setInterval(() => {
    max = Math.max(max, processRssBytes(pid));
  }, intervalMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(max, processRssBytes(pid));
    },
  };
}
