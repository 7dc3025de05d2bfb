import type { EntityManager } from '../../../lib/orm';
import { deploymentsByApplication } from '../data/operations-records';
import { applicationStub } from '../entities';
import type { MetricsLoaders } from '../loaders';
import { ApplicationCount } from '../types';
import { checkYear } from './validation';

/** Deployments of the year per application, most deployed first, then by id. */
export async function deploymentsOfYear(em: EntityManager, year: number, includeSynthetic: boolean): Promise<ApplicationCount[]> {
  const rows = await deploymentsByApplication(em, checkYear(year), includeSynthetic);
  return rows.map((row) => Object.assign(new ApplicationCount(), { application: applicationStub(row.applicationId), count: row.count }));
}

/** Application.deploymentCount: deployments of the application recorded in the year (batched). */
export async function applicationDeploymentCount(loaders: MetricsLoaders, applicationId: string, year: number, includeSynthetic: boolean): Promise<number> {
  checkYear(year);
  return loaders.deploymentCountByApplicationYear.load({ year, key: applicationId, includeSynthetic });
}
