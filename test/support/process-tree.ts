import fs from 'node:fs';
import net from 'node:net';
import { isRunning } from '../../lib/process-tree';

export { descendantsOf, isRunning } from '../../lib/process-tree';

/** The command line of `pid` ('' when gone). */
function commandLineOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

/**
 * Kills whatever of `pids` still runs (a test's cleanup when what it checks did not happen), and
 * only processes whose command line names one of `markers` (a pid may have been reused by then).
 */
export function killLeftovers(pids: number[], markers: string[]): void {
  for (const pid of pids) {
    if (!isRunning(pid)) continue;
    const commandLine = commandLineOf(pid);
    if (!markers.some((marker) => commandLine.includes(marker))) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
}

/** Whether nothing listens on `port` on loopback. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
