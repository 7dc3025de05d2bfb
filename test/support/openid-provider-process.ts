import { type OpenIdProviderOptions, startOpenIdProvider } from '../../lib/identity/openid-provider';

/**
 * A real OpenID provider (oidc-provider) for the tests, in its own process: oidc-provider is an ES
 * module that jest's CommonJS sandbox cannot load. Options come as JSON in OPENID_PROVIDER_OPTIONS;
 * the first stdout line is {"issuer","port"}; SIGTERM stops it.
 */
async function main(): Promise<void> {
  const options = JSON.parse(process.env.OPENID_PROVIDER_OPTIONS ?? '{}') as OpenIdProviderOptions;
  const provider = await startOpenIdProvider({ ...options, onNotice: () => undefined });
  process.stdout.write(`${JSON.stringify({ issuer: provider.issuer, port: provider.port })}\n`);
  process.on('SIGTERM', () => {
    void provider.stop().then(() => process.exit(0));
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
