import type { EntityManager } from '../../../lib/orm';
import { runSeedOnce } from '../../../lib/seed';
import { Deployment, Project, SlaPolicy, TicketPriority } from '../entities';
import { DEFAULT_SLA_POLICIES, DEPLOYMENTS_2018, PROJECTS_2018, TEAMS } from './report-2018';

export async function seedOperations(em: EntityManager): Promise<void> {
  await runSeedOnce(em, 'operations', 'sla-policy-defaults', async (tx) => {
    for (const policy of DEFAULT_SLA_POLICIES) tx.create(SlaPolicy, { ...policy, priority: TicketPriority[policy.priority] });
  });
  await runSeedOnce(em, 'operations', 'report-2018', async (tx) => {
    for (const row of DEPLOYMENTS_2018) {
      for (let number = 1; number <= row.count; number += 1) {
        // Stable ids: 2018-cms-01 … 2018-cms-10.
        tx.create(Deployment, {
          id: `2018-${row.applicationId}-${String(number).padStart(2, '0')}`,
          applicationId: row.applicationId,
          year: 2018,
          deployedOn: null,
          version: null,
          summary: null,
          memberCodes: [],
          source: 'report-2018',
          recordedBy: null,
        });
      }
    }
    PROJECTS_2018.forEach((project, position) =>
      tx.create(Project, { ...project, team: TEAMS[project.teamCode], year: 2018, position }),
    );
  });
}
