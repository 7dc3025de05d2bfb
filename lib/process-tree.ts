import fs from 'node:fs';

/**
 * The processes under a process, read from Linux's /proc (the tests that check that `npm start`
 * leaves no child behind, and the bench's footprint, run where the hub runs: Linux).
 */
function parentOf(pid: number): { ppid: number; state: string } | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (command) state ppid …": the command may hold spaces and parentheses.
    const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

/** Every process below `pid` (children, grandchildren…), zombies left out. */
export function descendantsOf(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const info = parentOf(Number(entry));
    if (!info || info.state === 'Z') continue;
    children.set(info.ppid, [...(children.get(info.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Running (not gone, not a zombie waiting for its parent). */
export function isRunning(pid: number): boolean {
  const info = parentOf(pid);
  return info !== undefined && info.state !== 'Z';
}
