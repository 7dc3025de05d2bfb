import { createHash } from 'node:crypto';
import { DEPLOYMENTS_2018 } from '../../subgraphs/operations/seed/report-2018';
import { MEMBER_WEIGHTS, MONTH_WEIGHTS, REPORTED_DEPLOYMENTS } from './proportions';
import { GOLDEN, pickDay, pickWeighted, prng } from './random';

/** Dated synthetic deployments (ids `syn-<seed>-<index+1, 7 digits>`), dealt over the report's yearly counts like the tickets. */
export interface SyntheticDeployment {
  id: string;
  applicationId: string;
  year: number;
  deployedOn: string;
  version: string;
  summary: string;
  memberCodes: string[];
}

const DEPLOYMENT_YEARS = REPORTED_DEPLOYMENTS.map((row) => [row.year, row.count] as const);
/** Which applications get deployed: as in the 2018 table (CMS and Finances often, Olfeo rarely). */
const DEPLOYED_APPLICATIONS = DEPLOYMENTS_2018.map((row) => [row.applicationId, row.count] as const);

/** Deployment `index` of dataset `seed`: dated, with a version and the members it was for. */
export function syntheticDeployment(seed: number, index: number): SyntheticDeployment {
  const digest = createHash('sha256').update(`sii-synthetic-deployment:${seed}:${index}`).digest();
  const random = prng(digest.readUInt32LE(0));
  const year = pickWeighted(DEPLOYMENT_YEARS, (index * GOLDEN) % 1);
  const { month, day } = pickDay(year, MONTH_WEIGHTS, random);
  const applicationId = pickWeighted(DEPLOYED_APPLICATIONS, random());
  const members = MEMBER_WEIGHTS.map(([code]) => code).filter(() => random() < 0.35);
  return {
    id: `syn-${seed}-${String(index + 1).padStart(7, '0')}`,
    applicationId,
    year,
    deployedOn: `${year}-${String(month + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    version: `${1 + Math.floor(random() * 9)}.${Math.floor(random() * 20)}.${Math.floor(random() * 10)}`,
    summary: random() < 0.5 ? 'Version corrective' : 'Version évolutive',
    memberCodes: members.length > 0 ? members : [pickWeighted(MEMBER_WEIGHTS, random())],
  };
}
