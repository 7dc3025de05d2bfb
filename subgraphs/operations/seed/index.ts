import { recordChanges, seedActor } from '../../../lib/audit';
import type { EntityManager } from '../../../lib/orm';
import { runSeedOnce } from '../../../lib/seed';
import { SeedChanges, upgradeSeededRow } from '../../../lib/seed-upgrade';
import { Deployment, Project, SlaPolicy, TicketPriority } from '../entities';
import {
  DEFAULT_SLA_POLICIES,
  deploymentProvenance,
  DEPLOYMENTS_2018,
  PROJECTS_2018,
  projectProvenance,
  SLA_POLICY_PROVENANCE,
  TEAMS,
} from './report-2018';

const SCHEMA = 'operations';

/**
 * What the seed of the first version wrote where this one serves the report's own words: headings
 * as printed instead of shortened or reworded titles, the printed PCA and EXPLOITATION labels
 * instead of summaries, descriptions as printed.
 */
export const PROJECT_CORRECTIONS_SINCE_FIRST_SEED: Record<string, Partial<Record<'title' | 'description' | 'area', string>>> = {
  'demat-pieces-justificatives': { title: 'Finalisation de la dématérialisation des pièces justificatives' },
  'e-achat': {
    description:
      'Gestion des commandes en mode web2 permettant la mise en œuvre d’une décentralisation des demandes incluant un circuit de validations et de signatures. ' +
      'Cette solution offre également des possibilités d’interopérabilité pour les logiciels externes au processus de commande (voir par exemple la réalisation de ASTECH pour Blanc Mesnil).',
  },
  'prelevement-a-la-source': { title: 'Mise en œuvre de la chaîne de traitement du prélèvement à la source (PASRAU)' },
  comedec: {
    description:
      'Le dispositif permet l’échange dématérialisé de données d’état civil. Le SII a installé une nouvelle version du logiciel Mélodie qui communique avec des « web services » fournis par l’ANTS. ' +
      'Les agents de l’état civil détenteurs d’un agrément accèdent aux services de l’ANTS via un mécanisme de carte RGS 3*, et peuvent ainsi faire leurs demandes de pièces d’état civil ' +
      'à d’autres mairies ou bien répondre à des demandes d’autres mairies, de notaires etc.',
  },
  'pca-interconnexion': { title: 'PCA : interconnexion à haut débit entre les deux salles' },
  'pca-hyper-convergence': { title: 'PCA : plate-forme hyper convergente' },
  'pca-salle-cible': { title: 'PCA : architecture cible de la nouvelle salle' },
  'pca-liens-de-secours': { title: 'PCA : liens de secours' },
  'exploitation-ordonnanceur': { title: 'Exploitation : remplacement de l’ordonnanceur' },
  'exploitation-impression': { title: 'Exploitation : système d’impression' },
  'messagerie-mdaemon': { area: 'Messagerie' },
  rgpd: {
    title: 'Règlement Général pour la Protection des Données - RGPD',
    description:
      'En association avec le DPO du SII (Maître Cécile VERNUDACHI du Cabinet JCCV) : audit et cartographie du système d’information du SII en vue de sa mise en conformité ' +
      'avec la réglementation européenne ; réalisation d’un avenant RGPD à destination des différents éditeurs (sous-traitants) du SII ; ' +
      'vérification de la conformité des différentes applications avec le RGPD.',
  },
};

const slaPolicies = () =>
  DEFAULT_SLA_POLICIES.map((policy) => ({ ...policy, priority: TicketPriority[policy.priority], storedProvenance: SLA_POLICY_PROVENANCE }));

/** The 2018 deployments table, one row per deployment it counts; stable ids 2018-cms-01 … 2018-cms-10. */
const deployments2018 = () =>
  DEPLOYMENTS_2018.flatMap((row) =>
    Array.from({ length: row.count }, (_, index) => ({
      id: `2018-${row.applicationId}-${String(index + 1).padStart(2, '0')}`,
      applicationId: row.applicationId,
      year: 2018,
      deployedOn: null,
      version: null,
      summary: null,
      memberCodes: [] as string[],
      source: 'report-2018',
      recordedBy: null,
      storedProvenance: deploymentProvenance(row),
    })),
  );

const projects2018 = () =>
  PROJECTS_2018.map((project, position) => ({
    id: project.id,
    title: project.title,
    description: project.description,
    area: project.area,
    teamCode: project.teamCode,
    team: TEAMS[project.teamCode],
    year: 2018,
    memberCodes: project.memberCodes,
    position,
    storedProvenance: projectProvenance(project),
  }));

async function seedSlaPolicies(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(seedActor('sla-policy-defaults'));
  for (const policy of slaPolicies()) {
    tx.create(SlaPolicy, policy);
    changes.created('SlaPolicy', policy.priority, policy);
  }
  await tx.flush();
  await recordChanges(tx, SCHEMA, changes.records);
}

async function seedReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(seedActor('report-2018'));
  for (const deployment of deployments2018()) {
    tx.create(Deployment, deployment);
    changes.created('Deployment', deployment.id, deployment);
  }
  for (const project of projects2018()) {
    tx.create(Project, project);
    changes.created('Project', project.id, project);
  }
  await tx.flush();
  await recordChanges(tx, SCHEMA, changes.records);
}

/**
 * Brings a database seeded before issue 14 to the same facts: the corrections above (only where the
 * old value is still there) and provenance on the rows still as seeded. A no-op right after the seeds.
 */
async function upgradeReport2018(tx: EntityManager): Promise<void> {
  const changes = new SeedChanges(seedActor('report-2018'));
  const policies = new Map(slaPolicies().map((policy) => [policy.priority, policy]));
  for (const policy of await tx.find(SlaPolicy, {})) {
    const seed = policies.get(policy.priority);
    if (!seed) continue;
    const { storedProvenance, ...expected } = seed;
    changes.updated('SlaPolicy', policy.priority, upgradeSeededRow(policy, { expected, provenance: storedProvenance }));
  }
  const deployments = new Map(deployments2018().map((deployment) => [deployment.id, deployment]));
  for (const deployment of await tx.find(Deployment, { source: 'report-2018' })) {
    const seed = deployments.get(deployment.id);
    if (!seed) continue;
    const { storedProvenance, ...expected } = seed;
    changes.updated('Deployment', deployment.id, upgradeSeededRow(deployment, { expected, provenance: storedProvenance }));
  }
  const projects = new Map(projects2018().map((project) => [project.id, project]));
  for (const project of await tx.find(Project, {})) {
    const seed = projects.get(project.id);
    if (!seed) continue;
    const { storedProvenance, ...expected } = seed;
    const corrections = PROJECT_CORRECTIONS_SINCE_FIRST_SEED[project.id];
    changes.updated('Project', project.id, upgradeSeededRow(project, { expected, corrections, provenance: storedProvenance }));
  }
  await tx.flush();
  await recordChanges(tx, SCHEMA, changes.records);
}

export async function seedOperations(em: EntityManager): Promise<void> {
  await runSeedOnce(em, SCHEMA, 'sla-policy-defaults', seedSlaPolicies);
  await runSeedOnce(em, SCHEMA, 'report-2018', seedReport2018);
  await runSeedOnce(em, SCHEMA, 'report-2018-fidelity', upgradeReport2018);
}
