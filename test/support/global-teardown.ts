export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __HUB_TEST_PG__?: { stop(): Promise<void> } }).__HUB_TEST_PG__?.stop();
}
