import { CACHE_MAX_AGE, privateHint, publicHint } from '../../../lib/cache-hints';
import { createKeyStubs } from '../../../lib/federated-types';

/** Governance's Member and catalogue's Application as this subgraph knows them: by their keys only. */
export const { Member, Application, memberStub, applicationStub } = createKeyStubs();
export type Member = InstanceType<typeof Member>;
export type Application = InstanceType<typeof Application>;

// What metrics adds to them (the gateway's `_entities` fetches take these hints): a member's ticket
// volume depends on who asks (its own member, or every member for SII staff); deployment counts do not.
privateHint(CACHE_MAX_AGE.figures)(Member);
publicHint(CACHE_MAX_AGE.figures)(Application);
