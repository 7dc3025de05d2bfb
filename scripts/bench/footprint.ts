import fs from 'node:fs';
import path from 'node:path';
import { descendantsOf } from '../../lib/process-tree';

/**
 * What the whole hub holds in memory: `npm start`'s process and everything below it (the
 * subgraphs, the gateway, the embedded PostgreSQL and its backends), read from Linux's /proc.
 * RSS counts pages shared between processes (PostgreSQL's shared buffers, Node's binary) once per
 * process, so its sum overstates; PSS shares them out and is what the machine really gives the hub.
 */
export interface ProcessFootprint {
  pid: number;
  command: string;
  rssMb: number;
  pssMb: number;
}

export interface HubFootprint {
  processes: ProcessFootprint[];
  rssMb: number;
  pssMb: number;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined; // gone meanwhile
  }
}

const kilobytes = (text: string | undefined, field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text ?? '')?.[1] ?? 0);
const megabytes = (kb: number) => Math.round((kb / 1024) * 10) / 10;

export function hubFootprint(rootPid: number): HubFootprint {
  const processes: ProcessFootprint[] = [];
  for (const pid of [rootPid, ...descendantsOf(rootPid)]) {
    const rollup = readProc(pid, 'smaps_rollup');
    const status = readProc(pid, 'status');
    if (!status) continue;
    // "node bin/serve.js gateway", "postgres -D …": the executable's name, the project's paths shortened.
    const command = (readProc(pid, 'cmdline') ?? '')
      .split('\0')
      .filter(Boolean)
      .map((part, index) => (index === 0 ? path.basename(part) : part.replace(/^.*\/dist\//, '')))
      .join(' ');
    processes.push({ pid, command, rssMb: megabytes(kilobytes(status, 'VmRSS')), pssMb: megabytes(kilobytes(rollup, 'Pss')) });
  }
  const total = (key: 'rssMb' | 'pssMb') => Math.round(processes.reduce((sum, process) => sum + process[key], 0));
  return { processes: processes.sort((a, b) => b.rssMb - a.rssMb), rssMb: total('rssMb'), pssMb: total('pssMb') };
}
