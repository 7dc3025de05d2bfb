import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { ApiKey, Member } from '../entities';
import type { GovernanceContext } from '../loaders';
import { createApiKey, listApiKeys, revokeApiKey } from '../services/api-keys';
import { CreateApiKeyInput, CreatedApiKey } from '../types';

/** Service accounts' API keys; the rules are in services/api-keys.ts. */
@Resolver(() => ApiKey)
export class ApiKeyResolver {
  @Query(() => [ApiKey], { description: 'Every API key, the newest first, revoked and expired ones included; SII_STAFF only' })
  async apiKeys(@Ctx() { em, viewer }: GovernanceContext): Promise<ApiKey[]> {
    return listApiKeys(em, viewer);
  }

  @Mutation(() => CreatedApiKey, { description: 'Creates an API key for a service account (a BI tool); its secret is in this answer only. SII_STAFF only' })
  async createApiKey(@Arg('input', () => CreateApiKeyInput) input: CreateApiKeyInput, @Ctx() { em, viewer, requestId }: GovernanceContext): Promise<CreatedApiKey> {
    return createApiKey(em, viewer, input, requestId);
  }

  @Mutation(() => ApiKey, { description: 'Revokes an API key: refused from the next request on; revoking twice changes nothing. SII_STAFF only' })
  async revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() { em, viewer, requestId }: GovernanceContext): Promise<ApiKey> {
    return revokeApiKey(em, viewer, id, requestId);
  }

  @FieldResolver(() => String, { description: 'The start of the key (siihub_ and 8 characters): not secret, tells keys apart' })
  prefix(@Root() apiKey: ApiKey): string {
    return `siihub_${apiKey.prefix}`;
  }

  @FieldResolver(() => Member, { nullable: true, description: 'The member a MEMBER_AGENT key acts for' })
  async member(@Root() apiKey: ApiKey, @Ctx() { loaders }: GovernanceContext): Promise<Member | null> {
    return apiKey.memberId ? loaders.memberById.load(apiKey.memberId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'Neither revoked nor expired' })
  active(@Root() apiKey: ApiKey): boolean {
    return !apiKey.revokedAt && apiKey.expiresAt.getTime() > Date.now();
  }
}
