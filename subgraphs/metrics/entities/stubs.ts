import { createKeyStubs } from '../../../lib/federated-types';

/** Governance's Member and catalogue's Application as this subgraph knows them: by their keys only. */
export const { Member, Application, memberStub, applicationStub } = createKeyStubs();
export type Member = InstanceType<typeof Member>;
export type Application = InstanceType<typeof Application>;
