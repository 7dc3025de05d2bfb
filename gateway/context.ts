/**
 * What the gateway keeps per request. The gateway verifies the caller's token (a bad one is
 * refused before any subgraph is called) but decides nothing from it: each subgraph verifies
 * the same token again and applies its own rules.
 */
export interface GatewayContext {
  /** The caller's own header, passed on so that each subgraph verifies the token itself. */
  authorization: string | undefined;
  requestId: string;
}
