import { spawnSync } from 'node:child_process';

/**
 * The Redis the shared rate-limit tests use: HUB_TEST_REDIS_URL, or the machine's at 127.0.0.1:6379.
 * The project never needs one: when none answers, those tests are skipped and say so.
 */
export const TEST_REDIS_URL = process.env.HUB_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Asked once, synchronously, so that a test file can choose `describe` or `describe.skip` as it loads. */
function redisAnswers(url: string): boolean {
  const script = `
    const net = require('node:net');
    const { hostname, port } = new URL(process.argv[1]);
    const socket = net.connect(Number(port || 6379), hostname, () => socket.write('PING\\r\\n'));
    socket.setTimeout(1500, () => process.exit(1));
    socket.on('data', (data) => process.exit(String(data).startsWith('+PONG') ? 0 : 1));
    socket.on('error', () => process.exit(1));`;
  return spawnSync(process.execPath, ['-e', script, url], { timeout: 3000 }).status === 0;
}

export const REDIS_ANSWERS = redisAnswers(TEST_REDIS_URL);

/** `describe` when Redis answers, else `describe.skip` (with a line saying why). */
export function describeWithRedis(name: string, body: () => void): void {
  if (!REDIS_ANSWERS) {
    // eslint-disable-next-line no-console
    console.warn(`No Redis answers at ${TEST_REDIS_URL}: "${name}" is skipped (set HUB_TEST_REDIS_URL to run it)`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}
