import { searchKey } from '../lib/seed';
import { graphql, startTestHub, type TestHub } from './support/hub';

/**
 * Every structured fact of the SII's 2018 activity report, transcribed here section by section
 * from the report itself (independently of the seeds), and checked against the hub through the
 * gateway. A fact is met when the hub serves what the report prints, or when it serves a corrected
 * form and records the printed one (provenance.printedAs, with a note). What the report does not
 * state must be null or marked HUB_CHOICE with a reason.
 *
 * Comparison conventions (docs/data.md): apostrophes are set typographically (’ for '), runs of
 * spaces and line breaks count as one space, and a space before a full stop or comma is dropped.
 */

let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 60_000);
afterAll(() => hub?.stop());

const norm = (text: string | null | undefined) =>
  text === null || text === undefined ? text : text.replace(/[’‘]/g, "'").replace(/\s+/g, ' ').replace(/ ([.,])/g, '$1').trim();

/** Letters and digits only, lower case without accents: compares a title with the heading it was taken from. */
const letters = (text: string) => searchKey(text).replace(/[^a-z0-9]/g, '');

interface ProvenanceView {
  kind: string;
  section: string | null;
  printedAs: string | null;
  note: string | null;
}
interface FieldProvenanceView {
  field: string;
  provenance: ProvenanceView;
}
const PROVENANCE = 'provenance { kind section printedAs note }';
const FIELD_PROVENANCE = `fieldProvenance { field ${PROVENANCE} }`;

async function query<T = any>(text: string): Promise<T> {
  const { data, errors } = await graphql(hub.url, text);
  expect(errors).toBeUndefined();
  return data as T;
}

const fieldOf = (record: { fieldProvenance?: FieldProvenanceView[] }, field: string) =>
  record.fieldProvenance?.find((entry) => entry.field === field)?.provenance;

/**
 * The served value is what the report prints, or a correction that records the printed form:
 * `recorded` is the provenance that should carry it (the field's, else the record's).
 */
function expectPrinted(served: string | null, printed: string, recorded: ProvenanceView | undefined, what: string): void {
  if (norm(served) === norm(printed)) return;
  expect({ what, served, printedAs: norm(recorded?.printedAs) }).toEqual({ what, served, printedAs: norm(printed) });
  expect({ what, note: Boolean(recorded?.note) }).toEqual({ what, note: true });
}

const expectReport = (provenance: ProvenanceView, sectionStart: string) => {
  expect(provenance.kind).toBe('REPORT');
  expect(provenance.section?.startsWith(sectionStart)).toBe(true);
};
const expectHubChoice = (provenance: ProvenanceView | undefined, what: string) => {
  expect({ what, kind: provenance?.kind, hasReason: Boolean(provenance?.note) }).toEqual({ what, kind: 'HUB_CHOICE', hasReason: true });
};

// ------------------------------------------------------------------ Title page and I. Présentation générale

describe('Title page and I. Présentation générale du SII', () => {
  let organization: any;
  beforeAll(async () => {
    ({ organization } = await query(`{ organization {
      name acronym legalForm legalStatus yearFounded purpose phone fax website internetServices announcedApplicationCount announcedMemberCount
      address { street postalCode city lines } ${PROVENANCE} ${FIELD_PROVENANCE} } }`));
  });

  it('names the SII, its legal form and its year of creation', () => {
    // "Le Syndicat Mixte des Systèmes d'Information (SII) est un syndicat mixte fermé, établissement public créé en 1971"
    expect(norm(organization.name)).toBe("Syndicat Mixte des Systèmes d'Information");
    expect(organization.acronym).toBe('SII');
    expect(organization.legalForm).toBe('syndicat mixte fermé');
    expect(organization.legalStatus).toBe('établissement public');
    expect(organization.yearFounded).toBe(1971);
    expect(norm(organization.purpose)).toBe(
      norm(
        "permettre aux agents des membres adhérents de remplir plus efficacement leur mission de service public, en s'appuyant sur des ressources informatiques applicatives et techniques",
      ),
    );
    expectReport(organization.provenance, 'I. Présentation générale');
  });

  it('gives the address, phone, fax and website of the title page', () => {
    expect(norm(organization.address.street)).toBe("1, rue de l'Union");
    expect(organization.address.postalCode).toBe('93000');
    expect(organization.address.city).toBe('Bobigny Cedex');
    expect(organization.address.lines.map(norm)).toEqual(["1, rue de l'Union", '93000 Bobigny Cedex']);
    expect(organization.phone).toBe('01 41 60 85 00');
    expect(organization.fax).toBe('01 41 60 88 70');
    expect(organization.website).toBe('http://www.sib.fr');
    for (const field of ['address', 'phone', 'fax', 'website']) expectReport(fieldOf(organization, field)!, 'Page de titre');
  });

  it('lists the internet services of the presentation, and the size of the portfolio it announces', () => {
    // "l'accessibilité au système d'information, l'hébergement de sites WEB, les services de télé-procédures, la navigation sur le WEB,
    //  le service de messagerie, le service de nom de domaine, d'interconnexion de sites distants en mode VPN, etc."
    expect(organization.internetServices.map(norm)).toEqual([
      "accessibilité au système d'information",
      'hébergement de sites WEB',
      'services de télé-procédures',
      'navigation sur le WEB',
      'service de messagerie',
      'service de nom de domaine',
      'interconnexion de sites distants en mode VPN',
    ]);
    expect(fieldOf(organization, 'internetServices')?.note).toMatch(/etc\./);
    // "Un portefeuille de 50 applications informatiques"
    expect(organization.announcedApplicationCount).toBe(50);
    // "Le SII compte 6 adhérents, 4 villes et 2 établissements publics"
    expect(organization.announcedMemberCount).toBe(6);
  });
});

// ------------------------------------------------------------------ I.A Adhérents et composition du conseil

const MEMBERS: [code: string, name: string, kind: 'CITY' | 'PUBLIC_BODY'][] = [
  ['BOBIGNY', 'Bobigny', 'CITY'],
  ['LE_BLANC_MESNIL', 'Le Blanc-Mesnil', 'CITY'],
  ['LA_COURNEUVE', 'La Courneuve', 'CITY'],
  ['TREMBLAY_EN_FRANCE', 'Tremblay-en-France', 'CITY'],
  ['SIRESCO', 'SIRESCO', 'PUBLIC_BODY'],
  ['SYREC', 'SYREC', 'PUBLIC_BODY'],
];

/** The council table, row by row: member, délégué titulaire, délégué suppléant. */
const COUNCIL: [member: string, titular: string, substitute: string][] = [
  ['BOBIGNY', 'DRANE Marc', 'BARTHOLME Christian'],
  ['BOBIGNY', 'GABEREL Christine', 'KONATE Kumba'],
  ['LA_COURNEUVE', 'DAVAUX Mélanie', 'MORISSE Eric'],
  ['LA_COURNEUVE', 'ELICE Yohann', 'SAID-ANZUM Zaïnaba'],
  ['LE_BLANC_MESNIL', 'RANQUET Jean-Philippe', 'BOUMEDJANE Karim'],
  ['SIRESCO', 'DUBOE Nicole', 'CALSAT Patrice'],
  ['SYREC', 'MASSARD Isabelle', 'DELANNOY William'],
  ['SYREC', 'LE MOIL Corinne', 'DURO Julien'],
  ['TREMBLAY_EN_FRANCE', 'BRUSCOLINI Philippe', 'BERGH Alexandre'],
  ['TREMBLAY_EN_FRANCE', 'CHAUVIN Laurent', 'BLANCHARD Nijolé'],
];

describe('I.A Adhérents et composition du conseil', () => {
  let members: any[];
  let council: any;
  beforeAll(async () => {
    const DELEGATE = `firstName lastName fullName role seat isPresident ${PROVENANCE}`;
    ({ members, council } = await query(`{
      members { code name kind hasOptionalCompetences ${PROVENANCE} ${FIELD_PROVENANCE} delegates { ${DELEGATE} substitute { ${DELEGATE} } } }
      council { president { fullName member { code } ${PROVENANCE} ${FIELD_PROVENANCE} } }
    }`));
  });

  it('has the 4 cities and 2 public bodies, as listed', () => {
    expect(members.map((member) => [member.code, member.name, member.kind])).toEqual(MEMBERS);
    for (const member of members) {
      expectReport(member.provenance, 'I.A');
      expectHubChoice(fieldOf(member, 'code'), `${member.code}.code`);
    }
  });

  it('has each printed pair of delegates, titular with substitute, names as printed', () => {
    for (const [code] of MEMBERS) {
      const printedRows = COUNCIL.filter(([member]) => member === code);
      const member = members.find((candidate) => candidate.code === code);
      const titulars = member.delegates.filter((delegate: any) => delegate.role === 'TITULAR');
      expect({ code, pairs: titulars.length }).toEqual({ code, pairs: printedRows.length });
      printedRows.forEach(([, titular, substitute], index) => {
        const served = titulars[index];
        expectPrinted(served.fullName, titular, served.provenance, `${code} titular ${index + 1}`);
        expect(norm(served.provenance.printedAs)).toBe(titular);
        expect(letters(titular)).toBe(letters(`${served.lastName} ${served.firstName}`));
        expect(served.substitute.provenance.printedAs).toBe(substitute);
        expect(letters(substitute)).toBe(letters(`${served.substitute.lastName} ${served.substitute.firstName}`));
        expectReport(served.provenance, 'I.A.1');
      });
      // Article 5.1 of the statutes: two pairs for a member with an optional competence, one otherwise.
      expect({ code, optional: member.hasOptionalCompetences }).toEqual({ code, optional: printedRows.length === 2 });
      expect(fieldOf(member, 'hasOptionalCompetences')?.note).toMatch(/article 5\.1/);
    }
    expect(members.flatMap((member) => member.delegates)).toHaveLength(20);
  });

  it('has Laurent CHAUVIN as president', () => {
    // "Président : Laurent CHAUVIN"
    expect(council.president.fullName).toBe('Laurent Chauvin');
    expect(council.president.member.code).toBe('TREMBLAY_EN_FRANCE');
    expect(fieldOf(council.president, 'isPresident')?.printedAs).toBe('Président : Laurent CHAUVIN');
  });
});

// ------------------------------------------------------------------ I.B Organisation du SII and I.C Synthèse

/** Section I.B headings with their headcounts, and the staff table's rows (I.C): label, men, women, total. */
const UNITS: { code: string; heading: string; headTitle?: string; table: [label: string, men: number, women: number, total: number] }[] = [
  { code: 'DIRECTION_GENERALE', heading: 'Direction Générale (1 Directrice)', headTitle: 'Directrice', table: ['Direction Générale', 0, 1, 1] },
  { code: 'DIRECTION_SI', heading: "Direction des Systèmes d'Information (1 Directeur)", headTitle: 'Directeur', table: ['Direction SI', 1, 0, 1] },
  { code: 'AMO_NTIC', heading: "Service Assistance Maitrise d'Ouvrage et NTIC (1 agent)", table: ['AMO / NTIC', 1, 0, 1] },
  { code: 'GSQ_SAU', heading: 'Gestion des Services et Qualité / SAU (2 agents)', table: ['GSQ / SAU', 2, 0, 2] },
  { code: 'ADMINISTRATION', heading: 'Administration (2 agents)', table: ['Administration', 0, 2, 2] },
  { code: 'PRODUCTION', heading: 'Service Production (7 agents)', table: ['Production', 7, 0, 7] },
  { code: 'ETUDES', heading: 'Service Etudes Fonctionnelles (11 agents)', table: ['Etudes', 11, 0, 11] },
];

describe('I.B Organisation du SII and I.C Synthèse sur les services opérationnels', () => {
  let orgUnits: any[];
  let staff: any;
  beforeAll(async () => {
    ({ orgUnits, staff } = await query(`{
      staff { total women men }
      orgUnits { code name shortName headTitle headcount women men description ${PROVENANCE} ${FIELD_PROVENANCE}
        reportsTo { code } units { code }
        teams { name description ${PROVENANCE} }
        missions { name tasks ${PROVENANCE} } }
    }`));
  });

  it('has the staff table: 7 services, by sex, 22 men and 3 women, 25 agents', () => {
    expect(orgUnits.map((unit) => [unit.shortName, unit.men, unit.women, unit.headcount])).toEqual(UNITS.map((unit) => unit.table));
    expect(staff).toEqual({ total: 25, women: 3, men: 22 });
    for (const unit of orgUnits) expectReport(fieldOf(unit, 'headcount')!, 'I.C');
  });

  it('names each service as section I.B heads it, with the head’s title and the headcount the heading gives', () => {
    for (const printed of UNITS) {
      const unit = orgUnits.find((candidate) => candidate.code === printed.code);
      const [heading, count] = /^(.*) \((\d+) .*\)$/.exec(printed.heading)!.slice(1);
      // The hub drops the word "Service" of the headings: the name is the heading without it, or a correction recording the heading.
      if (norm(unit.name) !== norm(heading.replace(/^Service /, ''))) expectPrinted(unit.name, heading, fieldOf(unit, 'name'), `${printed.code}.name`);
      expect({ code: printed.code, headcount: unit.headcount }).toEqual({ code: printed.code, headcount: Number(count) });
      expect(unit.headTitle).toBe(printed.headTitle ?? null);
      expectReport(unit.provenance, 'I.B');
    }
  });

  it('says who reports to whom: Administration to the Direction Générale as printed, the rest marked as the hub’s reading', () => {
    const byCode = new Map(orgUnits.map((unit) => [unit.code, unit]));
    // "Le service administration est composé de deux agents directement rattachés à la Directrice Générale."
    expect(byCode.get('ADMINISTRATION').reportsTo).toEqual({ code: 'DIRECTION_GENERALE' });
    expectReport(fieldOf(byCode.get('ADMINISTRATION'), 'reportsTo')!, 'I.B.3');
    expect(byCode.get('DIRECTION_GENERALE').reportsTo).toBeNull();
    for (const code of ['DIRECTION_SI', 'AMO_NTIC', 'GSQ_SAU', 'PRODUCTION', 'ETUDES']) {
      expect(byCode.get(code).reportsTo).not.toBeNull();
      expectHubChoice(fieldOf(byCode.get(code), 'reportsTo'), `${code}.reportsTo`);
    }
    expect(byCode.get('DIRECTION_GENERALE').units.map((unit: { code: string }) => unit.code).sort()).toEqual(['ADMINISTRATION', 'DIRECTION_SI']);
  });

  it('has Production’s two teams and what each does', () => {
    const production = orgUnits.find((unit) => unit.code === 'PRODUCTION');
    expect(norm(production.description)).toBe(
      norm("Il est garant du maintien en condition opérationnelle des systèmes d'information. Il est organisé autour de 2 pôles essentiels :"),
    );
    expect(production.teams.map((team: any) => [team.name, norm(team.description)])).toEqual([
      [
        'Support technique',
        norm(
          "La cellule a en charge l'architecture du système d'information, la gestion du réseau interne et externe, l'administration de l'infrastructure technique et logicielle des serveurs (système d'exploitation, bases de données, outils de supervision etc.). Elle prend également part au support utilisateur de 2ème niveau en y apportant son expertise.",
        ),
      ],
      [
        'Exploitation',
        norm('La cellule est en charge du lancement et contrôle des traitements, des sauvegardes, de la surveillance des réseaux et serveurs ainsi que du service des impressions.'),
      ],
    ]);
    for (const team of production.teams) expectReport(team.provenance, 'I.B.5');
  });

  it('has Administration’s four missions with their tasks', () => {
    const administration = orgUnits.find((unit) => unit.code === 'ADMINISTRATION');
    const printed: [heading: string, tasks: string[]][] = [
      [
        "L'administration générale",
        [
          'Organisation et suivi des réunions des différentes instances (Comités Syndicaux, groupes de travail...)',
          "Suivi de l'archivage",
          'Réception des visiteurs',
          'Enregistrement du courrier',
          'Entretien des locaux.',
        ],
      ],
      ['La gestion financière :', ['Aide à l’élaboration du budget', 'Suivi de l’exécution du budget (dépenses et recettes)', 'Gestion des immobilisations.']],
      [
        'Les marchés publics',
        [
          'Elaboration des DCE en collaboration avec les services concernés',
          "Lancement et suivi de la procédure de mise en concurrence (Mise en ligne de l'annonce, suivi des questions/réponses, convocation de la CAO le cas échéant...)",
          'Exécution administrative et financière du marché.',
        ],
      ],
      [
        'Les Ressources Humaines',
        [
          'Gestion de la paie des agents',
          'Gestion des carrières des agents',
          'Gestion de la formation des agents',
          "Saisine des instances paritaires (élaboration des rapports, saisie des informations sur l'outil du CIG).",
        ],
      ],
    ];
    expect(administration.missions).toHaveLength(4);
    printed.forEach(([heading, tasks], index) => {
      const mission = administration.missions[index];
      expectPrinted(mission.name, heading, mission.provenance, `mission ${index + 1}`);
      expect(letters(heading).endsWith(letters(mission.name))).toBe(true);
      expect(mission.tasks.map(norm)).toEqual(tasks.map(norm));
    });
  });

  it('has the paragraphs of section I.B for each service', () => {
    const byCode = new Map(orgUnits.map((unit) => [unit.code, unit]));
    expect(norm(byCode.get('ADMINISTRATION').description)).toBe('Le service administration est composé de deux agents directement rattachés à la Directrice Générale.');
    expect(norm(byCode.get('ETUDES').description)).toMatch(/^L'équipe, composée de chefs de projets et d'analystes réalisateurs,.*maintenance évolutive et maintenance corrective\.$/);
    expect(norm(byCode.get('AMO_NTIC').description)).toMatch(/^Il se positionne en amont des nouveaux projets\..*notamment en matière de dématérialisation$/);
    expect(norm(byCode.get('GSQ_SAU').description)).toMatch(/Pour cette dernière activité le SII est certifié ISO 9001-2015 depuis juin 2017\.$/);
    expect(norm(byCode.get('DIRECTION_GENERALE').description)).toMatch(/^La directrice générale et le DSI contribuent à la définition des orientations/);
  });
});

// ------------------------------------------------------------------ Quality: I.B.7 and II.B.4

describe('Quality: I.B.7 and II.B.4 Management Service et Qualité', () => {
  let quality: any;
  beforeAll(async () => {
    ({
      organization: { quality },
    } = await query(`{ organization { quality {
      standard scope certifiedSince certifiedYear principles aim processEvaluation internalAudit internalAuditsPerYear certificationAudit
      certifiedUnit { code } processes { name description ${PROVENANCE} } ${PROVENANCE} ${FIELD_PROVENANCE} } } }`));
  });

  it('has the ISO 9001:2015 certification of the SAU since June 2017', () => {
    // "Pour cette dernière activité le SII est certifié ISO 9001-2015 depuis juin 2017."
    expectPrinted(quality.standard, 'ISO 9001-2015', fieldOf(quality, 'standard'), 'standard');
    expect(quality.standard).toBe('ISO 9001:2015');
    expect(quality.certifiedSince).toBe('2017-06');
    expect(quality.certifiedYear).toBe(2017);
    expect(quality.certifiedUnit).toEqual({ code: 'GSQ_SAU' });
    // "S'agissant du domaine support aux utilisateurs, pour lequel le SII est certifié"
    expect(quality.scope).toBe('support aux utilisateurs');
  });

  it('has the six processes of the quality system, as printed', () => {
    const printed = [
      ['Processus Gouvernance', 'garantit les bonnes pratiques concernant les arbitrages et leur mise en application.'],
      ['Processus qualité', "contribue à la mise en œuvre de l'amélioration continue."],
      ['Processus Support Utilisateurs', "assure la mise en application des règles et procédures relative à l'assistance utilisateurs."],
      ['Processus RH', 'permet le maintien des compétences liées aux activités support.'],
      ['Processus Achats', "vérifie l'adéquation des fournisseurs aux objectifs de qualité du SII."],
      ['Processus Production', "régit les bonnes pratiques concernant le maintien en condition opérationnelle des systèmes d'information."],
    ];
    expect(quality.processes.map((process: any) => [process.name, norm(process.description)])).toEqual(printed.map(([name, text]) => [name, norm(text)]));
    for (const process of quality.processes) expectReport(process.provenance, 'II.B.4');
  });

  it('has the yearly internal audit, the certification audit and the principles', () => {
    expect(quality.internalAuditsPerYear).toBe(1);
    expect(norm(quality.internalAudit)).toBe('Un audit interne complet du système de management de la qualité est organisé chaque année.');
    expect(norm(quality.certificationAudit)).toBe(
      norm("La certification est planifiée par le responsable qualité, et réalisée par un auditeur externe. Il donne lieu à un rapport d'audit, diffusé à la direction et aux pilotes de processus."),
    );
    expect(quality.principles).toEqual(['engagement de la direction', 'implication des agents', 'approche processus', 'amélioration continue']);
    expect(norm(quality.processEvaluation)).toBe(
      norm("Tous les processus font l'objet d'évaluation via des indicateurs qui sont régulièrement analysés lors de réunions de suivi ou d'audit."),
    );
    expectReport(quality.provenance, 'II.B.4');
  });
});

// ------------------------------------------------------------------ II.A.1–3 Les prestations

describe('II.A.1–3 Les prestations', () => {
  it('has the 13 services, numbered within their category as printed', async () => {
    const { serviceOfferings } = await query(`{ serviceOfferings { category number name ${PROVENANCE} } }`);
    const printed: [string, string[]][] = [
      ['ACCOMPANIMENT', ["Assistance à Maîtrise d'Ouvrage", "Assistance à Maîtrise d'Œuvre", 'Pilotage de projets', 'Conseil']],
      ['TECHNICAL', ['Hébergement technique', 'Fourniture de services internet (FAI)', 'Service de production informatique', 'Sécurité informatique', "Service d'exploitation"]],
      ['QUALITY', ['Préparation, suivi et contrôle des projets', 'Assistance des utilisateurs', 'Gestion des changements', "Analyse et rapports d'activité"]],
    ];
    expect(serviceOfferings.map((offering: any) => [offering.category, offering.number, norm(offering.name)])).toEqual(
      printed.flatMap(([category, names]) => names.map((name, index) => [category, index + 1, name])),
    );
    for (const offering of serviceOfferings) expectReport(offering.provenance, 'II.A');
  });
});

// ------------------------------------------------------------------ II.A.4 Liste des applications fournies par le SII

/** The portfolio table as printed: [DOMAINE, Code domaine] on a domain's first row, then Applications and Description courte. */
const PORTFOLIO: [domain: string | null, code: string, applications: string, description: string][] = [
  ['Achats', 'ACH', 'Achat public', "Gestion des appels d'offre"],
  ['Actes Administratifs', 'ACT', 'Airs Courriers', 'Gestion électronique du courrier'],
  [null, 'ACT', 'Delibs', 'Gestion des actes administratifs (délibérations, décisions, arrêtés)'],
  [null, 'ACT', 'E-parapheur', 'Parapheurs électroniques'],
  [null, 'ACT', 'Actes', 'Transmission des actes au contrôle de légalité'],
  ['Affaires culturelles', 'ACU', 'ADAC', 'Annuaire des affaires culturelles'],
  ['Affaires Militaires', 'AMI', 'Avenir', 'Gestion des affaires militaires'],
  ['Affaires Sociales', 'ASO', 'Ccas,asweb', "Gestion des centres d'action sociale"],
  ['Communication Interne', 'COM', 'Maison des parents', "Gestion d'annuaire organismes sociaux"],
  [null, 'COM', 'Bibliographie', 'Gestion des bibliographies'],
  [null, 'COM', 'Gepel', 'Gestion de la permanence des élus'],
  [null, 'COM', 'Phraseanet', 'Gestion des photothèques'],
  [null, 'COM', 'Intranet Ez', 'Intranet'],
  ['Cuisine Centrale', 'CUI', 'RestCollec / Restor', 'Gestion restauration collective Gestion production cuisine centrale'],
  ['Elections', 'ELE', 'Vox populi', 'Gestion des soirées électorales'],
  [null, 'ELE', 'Adagio', 'Gestion des listes électorales'],
  ['Enfance', 'ENF', 'Concerto', "Gestion de l'enfance et petite enfance"],
  ['État Civil', 'CIV', 'Requiem', 'Gestion des cimetières'],
  [null, 'CIV', 'Alto', "Gestion des demandes de pièces d'identité"],
  [null, 'CIV', 'Méloдие / ActesWeb', "Gestion des actes d'état civil"],
  ['Finances', 'FIN', 'Recette', 'Gestion des régies de recette'],
  [null, 'FIN', 'Opale', 'Gestion des immobilisations'],
  [null, 'FIN', 'Finances', "Système d'information de gestion financière"],
  ['Gestion locative', 'LOC', 'Prem', 'Gestion office HLM'],
  ['Hygiène & Santé', 'HSA', 'ESABORA', "Gestion d'hygiène et de sécurité"],
  [null, 'HSA', 'Cms /Maidis', 'Gestion des centres de santé municipaux Gestion du dossier médical'],
  ['Lecture Publique', 'LPU', 'Orphée', 'Gestion des bibliothèques'],
  ['Logement', 'LOG', 'Logement', 'Gestion demande de logement'],
  ['Population', 'POP', 'RRP', 'Gestion du recensement'],
  ['Ressources Humaines', 'GRH', 'E-Médecine Préventive', 'Gestion médecine préventive'],
  [null, 'GRH', 'Incovar', 'Gestion du temps (horaires et congés)'],
  [null, 'GRH', 'E-Formation', 'Gestion des formations'],
  [null, 'GRH', 'E-Congés', 'Gestion des congés'],
  [null, 'GRH', 'Bilan Social', 'bilan social'],
  [null, 'GRH', 'N4DS', 'Déclaration des données sociales'],
  [null, 'GRH', 'Grh', "Système d'information de gestion des ressources humaines"],
  ['Sports', 'SPD', 'Planitec', 'Gestion des équipement sportifs'],
  ['Technique', 'TEC', 'Energie territoria', 'Gestion des fluides et analyse des coûts'],
  [null, 'TEC', 'Gesdem', 'Gestion des demandes de voirie'],
  [null, 'TEC', 'Lagos', 'Gestion des ordres de travaux'],
  [null, 'TEC', 'Colbert', 'Gestion du patrimoine'],
  ['Transversal', 'TRA', 'Sectorisation', 'Gestion de découpage géographique'],
  [null, 'TRA', 'Annuaire', 'Gestion annuaire mairie'],
  [null, 'TRA', 'BO XI', 'Gestion décisionnel'],
  [null, 'TRA', 'mdaemon', 'Messagerie électronique'],
  ['Urbanisation', 'URB', 'Entrepôt', 'Entrepôt des données'],
  ['Urbanisme', 'LFO', 'Livre foncier', "Gestion de l'urbanisme"],
  ['Vie Quotidienne et Associations', 'VOA', 'Gestion Assoc', 'Gestion des associations'],
  [null, 'VOA', 'Gestion des salles', 'Gestion de réservation des salles'],
  [null, 'VOA', 'Municipol/Geo prév/Canis/Securville', 'Gestion CLSPD (Conseil Local de Sécurité et de Prévoyance de la Délinquance)'],
  [null, 'VOA', 'Personnalités', 'Gestion des personnalités'],
];

describe('II.A.4 Liste des applications fournies par le SII', () => {
  let portfolio: any;
  let domains: any[];
  let applications: any[];
  beforeAll(async () => {
    const APPLICATION = `id name description inPortfolio aliases domain { code } ${PROVENANCE} ${FIELD_PROVENANCE}`;
    ({ portfolio, domains, applications } = await query(`{
      portfolio { announcedCount printedRowCount applicationCount outsidePortfolioCount explanation ${PROVENANCE} ${FIELD_PROVENANCE}
        rows { position printedDomain printedDomainCode printedApplications printedDescription note domain { code } applications { ${APPLICATION} } } }
      domains { code name ${PROVENANCE} }
      applications { ${APPLICATION} }
    }`));
  });

  it('has the 23 domains with their printed names and codes', () => {
    const printed = PORTFOLIO.filter(([domain]) => domain !== null).map(([domain, code]) => [domain, code]);
    expect(printed).toHaveLength(23);
    expect(domains.map((domain) => [domain.name, domain.code])).toEqual(printed);
    for (const domain of domains) expectReport(domain.provenance, 'II.A.4');
  });

  it('answers the three figures — 50 announced, 51 printed rows, 57 applications served — and why they differ', () => {
    expect(portfolio).toMatchObject({ announcedCount: 50, printedRowCount: PORTFOLIO.length, applicationCount: 57, outsidePortfolioCount: 3 });
    expect(PORTFOLIO).toHaveLength(51);
    expect(portfolio.explanation).toMatch(/50/);
    expect(portfolio.explanation).toMatch(/51/);
    expect(portfolio.explanation).toMatch(/57/);
    expectReport(fieldOf(portfolio, 'announcedCount')!, 'I. Présentation générale');
  });

  it('keeps every printed row as printed, each with the application(s) the hub serves for it', () => {
    expect(portfolio.rows.map((row: any) => [row.printedDomain, row.domain.code, row.printedApplications, norm(row.printedDescription)])).toEqual(
      PORTFOLIO.map(([domain, code, applications, description]) => [domain, code, applications, norm(description)]),
    );
    for (const row of portfolio.rows) {
      expect(row.printedDomainCode).toBe(row.printedDomain === null ? null : row.domain.code);
      expect(row.applications.length).toBeGreaterThan(0);
      if (row.applications.length > 1) expect(row.note).toMatch(/Merged row/);
    }
    // Every portfolio application comes from exactly one printed row.
    const fromRows = portfolio.rows.flatMap((row: any) => row.applications.map((application: any) => application.id)).sort();
    expect(fromRows).toEqual(applications.filter((application) => application.inPortfolio).map((application) => application.id).sort());
    expect(fromRows).toHaveLength(57);
  });

  it('serves each application’s name and description as its row prints them, or records the printed form', () => {
    for (const row of portfolio.rows) {
      const parts = row.printedApplications.split(/\s*\/\s*/);
      for (const application of row.applications) {
        expect(application.domain.code).toBe(row.domain.code);
        expect(application.inPortfolio).toBe(true);
        expectReport(application.provenance, 'II.A.4');
        if (row.applications.length === 1) {
          expectPrinted(application.name, row.printedApplications, application.provenance, `${application.id}.name`);
          expectPrinted(application.description, row.printedDescription, fieldOf(application, 'description') ?? application.provenance, `${application.id}.description`);
        } else {
          // A merged row: each product keeps its part of the cell (a recorded correction otherwise) and the cell is in printedAs.
          expect(application.provenance.printedAs).toBe(row.printedApplications);
          const part = parts.find((candidate: string) => letters(candidate) === letters(application.name));
          if (!part) expect(application.provenance.note).toMatch(/Cyrillic/);
          const description = fieldOf(application, 'description');
          if (norm(application.description) !== norm(row.printedDescription)) {
            expect(norm(description?.printedAs)).toBe(norm(row.printedDescription));
            expect(norm(row.printedDescription)).toContain(norm(application.description));
          }
        }
      }
    }
  });

  it('serves the names the audit found corrected silently as printed: "Geo prév", "Gestion des équipement sportifs"', () => {
    const byId = new Map(applications.map((application) => [application.id, application]));
    expect(byId.get('geo-prev').name).toBe('Geo prév');
    expect(byId.get('planitec').description).toBe('Gestion des équipement sportifs');
    expect(byId.get('bilan-social').description).toBe('bilan social');
  });

  it('invents nothing for the three applications the portfolio does not list, and marks the domains it gives them', () => {
    const outside = applications.filter((application) => !application.inPortfolio);
    expect(outside.map((application) => [application.id, application.name, application.description, application.domain.code])).toEqual([
      ['cartads', 'Carte@DS', null, 'LFO'],
      ['mantis', 'Mantis', null, 'TRA'],
      ['olfeo', 'Olfeo', null, 'TRA'],
    ]);
    for (const application of outside) {
      expectHubChoice(fieldOf(application, 'domain'), `${application.id}.domain`);
      expect(application.provenance.kind).toBe('REPORT');
    }
    expect(outside.flatMap((application) => application.aliases)).toEqual(['CARTADS', 'MANTIS', 'OLFEO']);
    expect(outside.find((application) => application.id === 'olfeo').provenance.printedAs).toBe('OLFEO');
  });

  it('marks the aliases that are the hub’s identifications, not the report’s', () => {
    const byId = new Map(applications.map((application) => [application.id, application]));
    for (const [id, alias] of [['e-parapheur', 'FAST PARAPHEUR'], ['mdaemon', 'MESSAGERIE'], ['actes', 'Fast-Actes'], ['finances', 'SIGF'], ['grh', 'SIRH']]) {
      expect(byId.get(id).aliases).toContain(alias);
      expectHubChoice(fieldOf(byId.get(id), 'aliases'), `${id}.aliases`);
      expect(fieldOf(byId.get(id), 'aliases')!.note).toContain(alias);
    }
  });
});

// ------------------------------------------------------------------ II.B Activités et réalisations 2018

const ALL = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE', 'SIRESCO', 'SYREC'];
const CITIES = ['BOBIGNY', 'LE_BLANC_MESNIL', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE'];

/** Each bullet of II.B: section, area heading (null where none is printed), bold heading as printed, text as printed, members it names. */
const PROJECTS: [team: string, area: string | null, heading: string, text: string | null, members: string[]][] = [
  ['ETUDES', 'S.I. Finances', 'Finalisation de la dématérialisation des Pièces Justificatives pour Bobigny, le SIRESCO et le SYREC.', null, ['BOBIGNY', 'SIRESCO', 'SYREC']],
  ['ETUDES', 'S.I. Finances', "Réalisation d'un audit sur SIGF pour la ville de Bobigny.", null, ['BOBIGNY']],
  ['ETUDES', 'S.I. Finances', 'Migration sur e-Marchés (Pour le SIRESCO et le SYREC) :', 'Gestion des marchés en web2, ayant nécessité un gros travail de correction des données venant du client serveur. Cette opération vise à préparer les adhérents aux obligations liées à la dématérialisation des marchés via PES-MARCHE.', ['SIRESCO', 'SYREC']],
  ['ETUDES', 'S.I. Finances', 'E-Achat (pour Le Blanc-Mesnil et La Courneuve):', "Il s'agit de la gestion des commandes en mode web2 permettant la mise en œuvre d'une décentralisation des demandes incluant un circuit de validations et de signatures. Cette solution offre également des possibilités d'interopérabilité pour les logiciels externes au processus de commande (voir par exemple la réalisation de ASTECH pour Blanc Mesnil).", ['LE_BLANC_MESNIL', 'LA_COURNEUVE']],
  ['ETUDES', 'S.I. Finances', 'Nouveau cadre budgétaire (pour Le Blanc-Mesnil et La Courneuve) :', "Module améliorant la gestion des budgets et qui incorpore aussi un requêteur beaucoup plus interactif et plus puissant que ce qui existait précédemment. Les principales améliorations sont un découpage plus simple entre la gestion du réglementaire et de l'analytique et surtout l'incorporation d'un mécanisme de workflow dans l'élaboration budgétaire.", ['LE_BLANC_MESNIL', 'LA_COURNEUVE']],
  ['ETUDES', 'S.I. Finances', "Mise en place d'une interface ASTECH-e-Achat (pour le Blanc-Mesnil) :", 'Opération permettant de générer des commandes dans e-Achat à partir du logiciel ASTECH (gestion des services techniques).', ['LE_BLANC_MESNIL']],
  ['ETUDES', 'S.I. Ressources Humaines', "Mise en œuvre de l'ensemble de la chaîne de traitement fonctionnel et technique du prélèvement à la source (PASRAU) Pour Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SYREC, SIRESCO :", "Dans le cadre de la mise en place du prélèvement à la source à partir du 1 janvier 2019, le SII a déployé l'ensemble des outils nécessaires aux traitements et échanges des données (DGFIP, Net-entreprise, etc.) et a fourni l'assistance nécessaire aux services des ressources humaines.", ALL],
  ['ETUDES', 'S.I. Ressources Humaines', 'Indemnités Assistantes Maternelles (Le Blanc-Mesnil) :', 'Création rubriques, barèmes, formules de calculs pour le calcul des indemnités spécifiques Assistantes Maternelles.', ['LE_BLANC_MESNIL']],
  ['ETUDES', 'S.I. Ressources Humaines', 'Mise en place du RIFSEEP (Pour Tremblay en France) :', "Accompagnement pour la mise en œuvre du Régime indemnitaire tenant compte des fonctions, des sujétions, de l'expertise et de l'engagement professionnel.", ['TREMBLAY_EN_FRANCE']],
  ['ETUDES', 'S.I. Ressources Humaines', 'Référentiel Agent :', 'Mise en place d’une interface entre le SIRH et le logiciel DIGITECH.', []],
  ['ETUDES', 'S.I. Ressources Humaines', 'Audit SIRH (Bobigny) :', 'Réalisation d’un audit sur le système d’information des ressources humaines.', ['BOBIGNY']],
  ['ETUDES', 'S.I. Ressources Humaines', 'Paramétrage de la journée de carence (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SIRESCO, SYREC).', null, ALL],
  ['ETUDES', 'S.I. Ressources Humaines', "Gestion de l'indemnité compensatrice de CSG (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SIRESCO, SYREC).", null, ALL],
  ['ETUDES', 'S.I. Ressources Humaines', 'N4DS:déploiement de PrépaDecla & MultiDecla (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France, SIRESCO, SYREC).', 'N4DS Déclarations Dématérialisées Des Données Sociales.', ALL],
  ['ETUDES', 'Affaires Générales', 'Gestion courrier (pour la ville de TREMBLAY) :', "Application des préconisations de l'audit réalisé sur la solution AIRS Courrier visant à l'amélioration de l'outil via un paramétrage plus adapté.", ['TREMBLAY_EN_FRANCE']],
  ['ETUDES', 'Affaires Générales', 'Gestion dématérialisée des délibérations (La Courneuve) :', 'Dans le cadre de la dématérialisation des documents administratifs, le SII a procédé au déploiement de la gestion des arrêtés et les décisions.', ['LA_COURNEUVE']],
  ['ETUDES', 'Santé', 'CMS :', 'Intégration des nouvelles grilles tarifaires.', []],
  ['ETUDES', 'Santé', 'HPRIM (Bobigny) :', "Mise en place du dispositif de transmission des résultats d'analyses médicales dans l'application MAIDIS.", ['BOBIGNY']],
  ['ETUDES', 'Santé', 'Sécurité (Bobigny, La Courneuve, Tremblay en France) :', 'Etude de mise en conformité RGPD du logiciel santé (gestion de confidentialité, cryptage des documents, etc.).', ['BOBIGNY', 'LA_COURNEUVE', 'TREMBLAY_EN_FRANCE']],
  ['ETUDES', 'Elections', 'R.E.U (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France):', "Etude de mise en œuvre du Répertoire Electoral Unique. Le Répertoire Électoral Unique recense en temps réel l'ensemble des électeurs de manière nationale et permanente, afin de produire des listes électorales au plus proche de la réalité, extraites et fournies aux communes avant chaque scrutin.", CITIES],
  ['ETUDES', 'Etat civil', 'COMEDec (Le Blanc-Mesnil) :', "Le dispositif permet l'échange dématérialisé de données d'état civil. Le SII a installé une nouvelle version du logiciel Mélodie qui communique avec des « web services » fournis par l'ANTS. Les agents de l'état civil détenteurs d'un agrément accèdent aux services de l'ANTS via un mécanisme de carte RGS 3*, et peuvent ainsi faire leurs demandes de pièces d'état civil à d'autres mairies ou bien répondre à des demandes d'autres mairies, de notaires etc.", ['LE_BLANC_MESNIL']],
  ['ETUDES', 'Logement', 'Logement (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France):', 'Mise en place d’interfaces web service pour le logiciel de gestion du numéro unique.', CITIES],
  ['ETUDES', 'Restauration collective', 'Restor (SYREC) :', "Poursuite du développement de l'application GPAO restor pour la partie production et gestion de stock.", ['SYREC']],
  ['ETUDES', 'Enfance', 'Concerto (Bobigny, La Courneuve, Le Blanc-Mesnil, Tremblay en France):', "Début de l'étude de remplacement de la solution Concerto dont l'éditeur annonce l'arrêt des développements.", CITIES],
  ['ETUDES', 'Enfance', 'Centres de loisirs (Bobigny) :', 'Mise en œuvre du paramétrage des activités des centres de loisirs suite à une réorganisation des services.', ['BOBIGNY']],
  ['ETUDES', 'Enfance', 'OPUS mobilité (Le Blanc-Mesnil) :', "Mise en place d'un nouveau dispositif de pointage.", ['LE_BLANC_MESNIL']],
  ['ETUDES', 'Services techniques', 'Urbanisme (Bobigny, Le Blanc-Mesnil, Tremblay en France) :', 'Remplacement de la solution URBAPRO par Carte@DS. Les usagers, les notaires, les services extérieurs (pompiers, bâtiments de France) pourront accéder et faire leur demandes via des portails internet.', ['BOBIGNY', 'LE_BLANC_MESNIL', 'TREMBLAY_EN_FRANCE']],
  ['ETUDES', 'Services techniques', 'Colbert (Bobigny) :', 'Poursuite du déploiement de la solution Colbert pour la gestion et le suivi des travaux.', ['BOBIGNY']],
  ['ETUDES', 'Médiathèque', 'SI gestion bibliothèque (Bobigny, Tremblay en France):', "Mise en place de la nouvelle version de l'application ORPHEE NX.", ['BOBIGNY', 'TREMBLAY_EN_FRANCE']],
  ['PRODUCTION', 'PCA', 'PCA :', "Etude pour l'interconnexion à haut débit entre les deux salles (site principal et locaux annexes).", []],
  ['PRODUCTION', 'PCA', 'PCA :', 'Début de la mise en place de la future plate-forme PCA du SII basée sur une architecture « hyper convergente ». Choix du matériel, et réalisation de la première phase correspondant au déploiement de la solution sur le site principal.', []],
  ['PRODUCTION', 'PCA', 'PCA :', "Etude de l'architecture cible de la nouvelle salle PCA .", []],
  ['PRODUCTION', 'PCA', 'PCA :', "Etude d'optimisation et renforcement des liens de secours actuels.", []],
  ['PRODUCTION', 'SECURITE', 'SECURITE :', 'Poursuite de la mise en production de la sécurisation renforcée des données et passage en archivage des bases critiques.', []],
  ['PRODUCTION', 'EXPLOITATION', 'EXPLOITATION :', "Etude d'une solution de remplacement de l'ordonnanceur actuel.", []],
  ['PRODUCTION', 'EXPLOITATION', 'EXPLOITATION :', "Remplacement du système d'impression.", []],
  ['PRODUCTION', 'CITRIX', 'CITRIX :', 'Poursuite de la migration des applications dans une version plus récente de Citrix.', []],
  ['PRODUCTION', 'ANNUAIRE', 'ANNUAIRE :', "Poursuite de la migration de la structure d'annuaire d'authentification pour la ville de La Courneuve. Début de la migration de la ville de Tremblay en France.", ['LA_COURNEUVE', 'TREMBLAY_EN_FRANCE']],
  ['PRODUCTION', 'STOCKAGE', 'STOCKAGE :', 'Modification du système VPLEX et reconfiguration du stockage et de la réplication des données sous VMware.', []],
  ['PRODUCTION', 'MESSAGERIES', 'MESSAGERIES :', 'Migration vers la dernière version de Mdaemon 18.5.3 sur deux serveurs de messagerie pour validation fonctionnelle et technique.', []],
  ['AMO_NTIC', null, 'Convocation des Elus :', 'Mise en place de la plateforme Fast-Elus pour la dématérialisation des convocations pour le SIRESCO et préparation de mise à disposition de la plateforme pour Bobigny.', ['SIRESCO', 'BOBIGNY']],
  ['AMO_NTIC', null, 'CMS :', 'Mise en place du processus de recherche de subventions sur le plan national et européen afin de pouvoir acquérir une nouvelle solution dans le cadre d’un projet global visant l’amélioration de l’offre de soin médical.', []],
  ['AMO_NTIC', null, 'Marchés Publics :', 'Mise en place de la plateforme E-rédac pour l’aide à la rédaction des DCE.', []],
  ['AMO_NTIC', null, 'Règlement Général Pour la Protection des Données - RGPD :', 'En association avec le DPO du SII (Maître Cécile VERNUDACHI du Cabinet JCCV) : - Audit et cartographie du système d’information du SII en vue de sa mise en conformité avec la réglementation européenne. - Réalisation d’un avenant RGPD à destination des différents éditeurs (Sous-traitants) du SII. - Vérification de la conformité des différentes applications avec le RGPD.', []],
  ['AMO_NTIC', null, 'GPAO – Cuisine Centrale :', 'Suivi du projet de réalisation de la GPAO.', []],
  ['AMO_NTIC', null, 'E-Parapheur :', 'Déploiement du parapheur électronique sur la ville de Tremblay-en-France.', ['TREMBLAY_EN_FRANCE']],
  ['AMO_NTIC', null, 'Contrôle de légalité :', 'Déploiement de la plateforme Fast-Actes auprès du CCAS de Bobigny,', ['BOBIGNY']],
  ['AMO_NTIC', null, 'Refonte du Site Internet du SIRESCO :', 'Réalisation du cahier des charges fonctionnel et support à la préparation du DCE.', ['SIRESCO']],
  ['GSQ_SAU', null, 'Mantis :', 'Travail sur l’amélioration de MANTIS et tests de la dernière version pour la prise en charge de fonctions permettant la mise en application des règles liées à la certification ISO 9001.', []],
  ['GSQ_SAU', null, 'ISO 9001 :', 'Dans le cadre du service qualité et de l’amélioration continue, le SII a entrepris une démarche de maintien de la certification ISO 9001 obtenue en 2017 pour le support aux utilisateurs.', []],
];

const SECTION_OF_TEAM: Record<string, string> = { ETUDES: 'II.B.1', PRODUCTION: 'II.B.2', AMO_NTIC: 'II.B.3', GSQ_SAU: 'II.B.4' };

describe('II.B Activités et réalisations 2018', () => {
  let projects: any[];
  beforeAll(async () => {
    ({ projects } = await query(`{ projects(year: 2018) { id title description area teamCode team year members { code } ${PROVENANCE} ${FIELD_PROVENANCE} } }`));
  });

  it('has one project per printed bullet, in the report’s order, with its team and the members it names', () => {
    expect(projects).toHaveLength(PROJECTS.length);
    PROJECTS.forEach(([team, , heading, , members], index) => {
      const project = projects[index];
      expect({ heading, team: project.teamCode, members: project.members.map((member: { code: string }) => member.code).sort(), year: project.year }).toEqual({
        heading,
        team,
        members: [...members].sort(),
        year: 2018,
      });
      expectReport(project.provenance, SECTION_OF_TEAM[team]);
    });
  });

  it('titles each project with its printed heading, or records the heading where the title is shorter (members moved out, capitals)', () => {
    PROJECTS.forEach(([, , heading], index) => {
      const project = projects[index];
      expectPrinted(project.title, heading, project.provenance, `${project.id}.title`);
      // The title is the heading's beginning: no summary the report does not print.
      expect({ heading, startsWithTitle: letters(heading).startsWith(letters(project.title)) }).toEqual({ heading, startsWithTitle: true });
    });
    const byId = new Map(projects.map((project) => [project.id, project]));
    expect(byId.get('prelevement-a-la-source').title).toBe(
      'Mise en œuvre de l’ensemble de la chaîne de traitement fonctionnel et technique du prélèvement à la source (PASRAU)',
    );
    for (const id of ['pca-interconnexion', 'pca-hyper-convergence', 'pca-salle-cible', 'pca-liens-de-secours']) expect(byId.get(id).title).toBe('PCA');
    for (const id of ['exploitation-ordonnanceur', 'exploitation-impression']) expect(byId.get(id).title).toBe('Exploitation');
  });

  it('gives each project its text as printed (one recorded correction)', () => {
    PROJECTS.forEach(([, , heading, text], index) => {
      const project = projects[index];
      if (text === null) expect({ heading, description: project.description }).toEqual({ heading, description: null });
      else expectPrinted(project.description, text, fieldOf(project, 'description'), `${project.id}.description`);
    });
  });

  it('gives the area the report prints, and marks the areas of bullets printed under none as the hub’s', () => {
    PROJECTS.forEach(([, area, heading], index) => {
      const project = projects[index];
      if (area === null) expectHubChoice(fieldOf(project, 'area'), `${project.id}.area`);
      else expectPrinted(project.area, area, fieldOf(project, 'area') ?? project.provenance, `${project.id}.area`);
      void heading;
    });
    expect(PROJECTS.filter(([, area]) => area === null)).toHaveLength(10);
  });
});

// ------------------------------------------------------------------ III.A Tableau de synthèse des données techniques

const INDICATOR_TABLE: { code: string; label: string; values: (number | null)[] }[] = [
  // Years 2006, 2011, 2016, 2017, 2018; a blank cell is null.
  { code: 'DEPLOYMENTS', label: 'Mises en Production', values: [null, 38, 62, 88, 77] },
  { code: 'PAGE_VIEWS', label: 'Pages consultées', values: [179838240, 741235200, 1071189804, 1327647294, 860979432] },
  { code: 'MAILBOXES', label: 'Boites mail', values: [1872, 3250, 4807, 3509, 3974] },
  { code: 'CITRIX_USERS', label: 'Utilisateurs Citrix', values: [1693, 2479, 3729, 3757, 3364] },
  { code: 'SUPPORT_TICKETS', label: 'Tickets Support', values: [null, 1497, 4326, 4183, 4490] },
  { code: 'TECHNICAL_TICKETS', label: 'Tickets techniques', values: [null, 1214, 2599, 3109, 3190] },
  { code: 'MONITORED_HOSTS', label: 'Hôtes supervisés', values: [102, 215, 302, 288, 256] },
  { code: 'VIRTUAL_SERVERS', label: 'Serveurs virtuels', values: [0, 190, 257, 291, 270] },
];

describe('III.A Tableau de synthèse des données techniques', () => {
  it('has the eight columns with their printed headers, and every cell of the five years, blank cells null', async () => {
    const { indicators } = await query(`{ indicators { code label unit description ${PROVENANCE} ${FIELD_PROVENANCE} series { year value source } } }`);
    expect(indicators.map((indicator: any) => [indicator.code, indicator.label])).toEqual(INDICATOR_TABLE.map((column) => [column.code, column.label]));
    for (const column of INDICATOR_TABLE) {
      const indicator = indicators.find((candidate: any) => candidate.code === column.code);
      expect(indicator.series.map((point: any) => [point.year, point.value])).toEqual(
        [2006, 2011, 2016, 2017, 2018].map((year, index) => [year, column.values[index]]),
      );
      for (const point of indicator.series) expect(point.source).toMatch(/2018/);
      expectReport(indicator.provenance, 'III.A');
      expectHubChoice(fieldOf(indicator, 'unit'), `${column.code}.unit`);
      expectHubChoice(fieldOf(indicator, 'description'), `${column.code}.description`);
    }
  });
});

// ------------------------------------------------------------------ III.B.7 Les Mises en Production en 2018

const DEPLOYMENTS_TABLE: [printed: string, count: number][] = [
  ['ADAGIO', 1], ['ALTO', 1], ['CARTADS', 2], ['CCAS/ASWEB', 3], ['CMS', 10], ['COLBERT', 1], ['CONCERTO', 4], ['ESABORA', 1],
  ['FAST PARAPHEUR', 1], ['FINANCES', 10], ['GRH', 8], ['LOGEMENT', 3], ['MAIDIS', 3], ['MANTIS', 4], ['MELODIE', 3], ['MESSAGERIE', 4],
  ['MUNICIPOL', 2], ['OLFEO', 1], ['PREM', 9], ['REQUIEM', 2],
];

describe('III.B.7 Les Mises en Production en 2018', () => {
  it('has the table’s 20 rows and its total of 73, each deployment recording the printed name', async () => {
    const { deployments } = await query(`{ deployments(year: 2018, first: 100) { totalCount edges { node { id application { id name aliases } ${PROVENANCE} } } } }`);
    expect(deployments.totalCount).toBe(73);
    expect(DEPLOYMENTS_TABLE.reduce((sum, [, count]) => sum + count, 0)).toBe(73);
    const counts = new Map<string, number>();
    for (const { node } of deployments.edges) {
      expectReport(node.provenance, 'III.B.7');
      const printed = node.provenance.printedAs as string;
      // The printed name is the served application's name or one of its aliases.
      expect([node.application.name, ...node.application.aliases].map((name: string) => searchKey(name))).toContain(searchKey(printed));
      counts.set(printed, (counts.get(printed) ?? 0) + 1);
    }
    expect([...counts.entries()].sort()).toEqual([...DEPLOYMENTS_TABLE].sort());
  });
});

// ------------------------------------------------------------------ What the report does not state

describe('what the report does not state', () => {
  it('marks the four service-level policies as the hub’s choice', async () => {
    const { data, errors } = await graphql(hub.url, `{ slaPolicies { priority ${PROVENANCE} } }`);
    expect(errors).toBeUndefined();
    expect(data.slaPolicies).toHaveLength(4);
    for (const policy of data.slaPolicies) expectHubChoice(policy.provenance, `slaPolicy ${policy.priority}`);
  });

  it('lets a BI user keep only what the report states', async () => {
    const { applications, projects } = await query(`{ applications { id ${PROVENANCE} ${FIELD_PROVENANCE} } projects(year: 2018) { id ${FIELD_PROVENANCE} } }`);
    const reportOnly = applications.filter(
      (application: any) => application.provenance.kind === 'REPORT' && application.fieldProvenance.every((field: FieldProvenanceView) => field.provenance.kind === 'REPORT'),
    );
    // The three outside the portfolio (hub-chosen domain) and the five with inferred aliases are left out.
    expect(applications.length - reportOnly.length).toBe(8);
    const projectsWithHubArea = projects.filter((project: any) => fieldOf(project, 'area')?.kind === 'HUB_CHOICE');
    expect(projectsWithHubArea).toHaveLength(10);
  });
});
