import type { Pool } from 'pg';

/**
 * Ends a pg pool and waits until its connections are really closed. `pool.end()` resolves once it
 * has asked them to close; stopping the embedded cluster or dropping the database right after could
 * then cut one mid-close, an error the ended pool no longer handles (an unhandled error).
 */
export async function endPool(pool: Pool): Promise<void> {
  const open = pool.totalCount;
  let closed = 0;
  const allClosed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      closed += 1;
      if (closed >= open) resolve();
    });
  });
  await pool.end();
  await allClosed;
}
