import { parseCommandLine, usageError } from '../lib/cli';
import { ConfigError, loadConfig } from '../lib/config';

/**
 * `npm run report -- --year 2018` regenerates section III of the activity report ("Données
 * techniques") as Markdown from the hub's data, through the gateway (so the running hub and its
 * rules are what is reported): the synthesis table of technical data up to the year, the
 * availability rates recorded for the year, and the year's deployments per application.
 *
 * Options: USAGE below.
 */
const USAGE = `Usage: npm run report -- --year <yyyy> [--url <gateway /graphql URL>] [--token <jwt>] [--include-synthetic]

Prints section III of the activity report ("Données techniques") for the year as Markdown, from the
running hub (npm start) through its gateway: the synthesis table up to the year, the availability
rates recorded for the year, the year's deployments per application with their total, and the
figures that disagree with operations' records (reconciliation).

Options:
  --year <yyyy>          the report's year (required)
  --url <url>            the gateway's /graphql (default HUB_GATEWAY_URL, else http://127.0.0.1:$GATEWAY_PORT/graphql)
  --token <jwt>          sent as Authorization: Bearer (optional: everything reported is public)
  --include-synthetic    also count the demo records of npm run seed:synthetic (left out by default)
  -h, --help             this text

Example: npm run -s report -- --year 2018 > section-III-2018.md`;

const REPORT_QUERY = `query SectionIII($year: Int!, $includeSynthetic: Boolean) {
  indicators { code label series(to: $year) { year value } }
  availability(from: $year, to: $year) { platform points { year rate } }
  deploymentsByApplication(year: $year, includeSynthetic: $includeSynthetic) { count application { id name aliases } }
  reconciliation(year: $year, includeSynthetic: $includeSynthetic) { indicator label reported recorded difference }
}`;

export interface ReportData {
  indicators: { code: string; label: string; series: { year: number; value: number | null }[] }[];
  availability: { platform: string; points: { year: number; rate: number }[] }[];
  deploymentsByApplication: { count: number; application: { id: string; name: string | null; aliases: string[] | null } }[];
  reconciliation: { indicator: string; label: string; reported: number; recorded: number; difference: number }[];
}

/** Figures as the report prints them: thousands separated by a space from 10 000 up ("179 838 240", "4490"). */
export function formatCount(value: number | null): string {
  if (value === null) return '';
  if (!Number.isInteger(value)) return String(value).replace('.', ',');
  const digits = String(Math.abs(value));
  const grouped = Math.abs(value) >= 10_000 ? digits.replace(/\B(?=(\d{3})+(?!\d))/g, ' ') : digits;
  return value < 0 ? `-${grouped}` : grouped;
}

/** The name the report's deployments table prints: the application's upper-case alias (FAST PARAPHEUR, MESSAGERIE), else its name in capitals. */
export function printedName(application: { id: string; name: string | null; aliases: string[] | null }): string {
  const alias = (application.aliases ?? []).find((candidate) => /[A-Z]/.test(candidate) && candidate === candidate.toUpperCase());
  return alias ?? (application.name ?? application.id).toUpperCase();
}

const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

export function renderSectionIII(data: ReportData, year: number): string {
  const out: string[] = ['### III. DONNEES TECHNIQUES', '', '#### A. TABLEAU DE SYNTHESE DES DONNEES TECHNIQUES', ''];
  const years = [...new Set(data.indicators.flatMap((indicator) => indicator.series.map((point) => point.year)))].sort((a, b) => a - b);
  out.push(row(['Années', ...data.indicators.map((indicator) => indicator.label)]));
  out.push(row(['---', ...data.indicators.map(() => '---:')]));
  for (const y of years) {
    out.push(row([String(y), ...data.indicators.map((indicator) => formatCount(indicator.series.find((point) => point.year === y)?.value ?? null))]));
  }

  out.push('', `#### B.1. Taux de disponibilité ${year}`, '');
  const rates = data.availability.map((series) => ({ platform: series.platform, rate: series.points.find((point) => point.year === year)?.rate ?? null }));
  if (rates.every((entry) => entry.rate === null)) {
    out.push(`Plates-formes suivies : ${rates.map((entry) => entry.platform).join(', ')}. Aucun taux n’est enregistré pour ${year}.`);
  } else {
    out.push(row(['Plate-forme', `Taux ${year} (%)`]), row(['---', '---:']));
    for (const entry of rates) out.push(row([entry.platform, entry.rate === null ? '' : formatCount(entry.rate)]));
  }

  out.push('', `#### B.7. Les Mises en Production en ${year}`, '');
  const deployments = data.deploymentsByApplication
    .map((entry) => ({ name: printedName(entry.application), count: entry.count }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (deployments.length === 0) {
    out.push(`Aucune mise en production n’est enregistrée pour ${year}.`);
  } else {
    out.push(row(['Applications', 'MEP']), row(['---', '---:']));
    for (const entry of deployments) out.push(row([entry.name, String(entry.count)]));
    out.push(row(['**TOTAL**', `**${deployments.reduce((sum, entry) => sum + entry.count, 0)}**`]));
  }

  if (data.reconciliation.length > 0) {
    out.push('', `#### Écarts entre le tableau de synthèse et les enregistrements (${year})`, '');
    out.push(row(['Indicateur', 'Publié', 'Enregistré', 'Écart']), row(['---', '---:', '---:', '---:']));
    for (const entry of data.reconciliation) {
      out.push(row([entry.label, formatCount(entry.reported), formatCount(entry.recorded), formatCount(entry.difference)]));
    }
  }
  return `${out.join('\n')}\n`;
}

/** Queries the gateway for everything section III prints. */
export async function fetchReportData(url: string, year: number, token?: string, includeSynthetic = false): Promise<ReportData> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: REPORT_QUERY, variables: { year, includeSynthetic } }),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    throw new ConfigError(`Cannot reach the gateway at ${url} (is the hub running? npm start): ${(error as Error).message}`);
  }
  const body = (await response.json()) as { data?: ReportData; errors?: { message: string; extensions?: { code?: string } }[] };
  if (body.errors?.length) throw new ConfigError(`The gateway answered ${body.errors[0].extensions?.code ?? 'an error'}: ${body.errors[0].message}`);
  if (!body.data) throw new ConfigError(`The gateway answered HTTP ${response.status} without data`);
  return body.data;
}

export async function generateReport(options: { url: string; year: number; token?: string; includeSynthetic?: boolean }): Promise<string> {
  return renderSectionIII(await fetchReportData(options.url, options.year, options.token, options.includeSynthetic), options.year);
}

async function main(): Promise<void> {
  const { values } = parseCommandLine(USAGE, {
    options: { year: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' }, 'include-synthetic': { type: 'boolean', default: false } },
  });
  if (!values.year || !/^\d{4}$/.test(values.year)) usageError(USAGE, values.year ? `--year must be a four-digit year, not ${values.year}` : '--year is required');
  const url = values.url ?? loadConfig().gatewayUrl;
  process.stdout.write(await generateReport({ url, year: Number(values.year), token: values.token, includeSynthetic: values['include-synthetic'] }));
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error instanceof ConfigError ? error.message : error);
    process.exit(1);
  });
}
