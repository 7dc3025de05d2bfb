import { cachedProbe } from './service';

describe('the readiness cache', () => {
  it('asks once per second, whatever the number of probes, and shares the probe in flight', async () => {
    let now = 0;
    let calls = 0;
    let ready = true;
    const probe = cachedProbe(
      async () => {
        calls += 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { ready };
      },
      1000,
      () => now,
    );
    const answers = await Promise.all(Array.from({ length: 50 }, () => probe()));
    expect(calls).toBe(1);
    expect(answers.every((answer) => answer.ready)).toBe(true);
    ready = false;
    now = 999;
    expect((await probe()).ready).toBe(true); // still the cached answer
    expect(calls).toBe(1);
    now = 1005;
    expect((await probe()).ready).toBe(false); // a second later: asked again
    expect(calls).toBe(2);
  });

  it('answers not ready when the probe throws, and asks again after the second', async () => {
    let now = 0;
    let fail = true;
    const probe = cachedProbe(
      async () => {
        if (fail) throw new Error('boom');
        return { ready: true };
      },
      1000,
      () => now,
    );
    expect(await probe()).toEqual({ ready: false });
    fail = false;
    now = 1000;
    expect(await probe()).toEqual({ ready: true });
  });
});
