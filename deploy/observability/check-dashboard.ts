/**
 * Checks deploy/observability against the metrics the services expose (the list below, the one
 * place it is kept): run by deploy:test (deploy/check/run.sh), from the workspace root with
 * Node 24 (type stripping, no build):
 *   node deploy/observability/check-dashboard.ts [--promtool PATH] [--out DIR]
 *
 * The Grafana dashboard (grafana/invitation-pipeline.json):
 *   - valid JSON, schemaVersion 39 or later, a uid and a title;
 *   - a `datasource` variable of type datasource for prometheus, a `service` variable; every
 *     panel, target and query variable on `${datasource}`;
 *   - panel ids unique (rows and the panels of collapsed rows included), every panel placed
 *     inside the 24 columns, every target with an expression and a refId unique in its panel;
 *   - every metric an expression names is one of METRICS;
 *   - every expression (and every query variable's selector) parses: the template variables are
 *     replaced by sample values, the expressions written as recording rules to
 *     OUT/dashboard-queries.rules.yaml and checked with `promtool check rules` (with --promtool).
 * The alert rules (prometheus/portico-alerts.yaml; promtool checks their syntax itself):
 *   - every metric an expression names is one of METRICS or recorded in the file;
 *   - every alert has `for`, labels.severity warning or critical, a summary, a description and a
 *     runbook_url pointing to a section (heading) of README.md;
 *   - prometheus/portico-alerts.test.yaml has, for every alert, a test group where it fires and
 *     one where it stays silent.
 * Exits 1 listing every problem found.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

export const DASHBOARD_PATH = 'deploy/observability/grafana/invitation-pipeline.json';
export const RULES_PATH = 'deploy/observability/prometheus/portico-alerts.yaml';
export const RULE_TESTS_PATH = 'deploy/observability/prometheus/portico-alerts.test.yaml';
export const README_PATH = 'deploy/observability/README.md';
/** Where the runbook_url of every alert points: README_PATH on the default branch, plus an anchor. */
export const RUNBOOK_BASE = 'https://github.com/portico/portico/blob/main/deploy/observability/README.md#';

type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * Every metric the services expose (each series also labelled `service`): Portico's own
 * (libs/platform metrics.ts, libs/messaging, libs/outbox, notifications, invitations) and
 * prom-client's default process metrics (collectDefaultMetrics, prom-client 15).
 * A histogram stands for its _bucket, _sum and _count series.
 */
export const METRICS: Readonly<Record<string, MetricType>> = {
  portico_http_requests_total: 'counter', // method, route, status_code
  portico_http_request_duration_seconds: 'histogram', // method, route, status_code
  portico_kafka_messages_consumed_total: 'counter', // topic, group
  portico_kafka_messages_handled_total: 'counter', // topic, group
  portico_kafka_handler_retries_total: 'counter', // topic, group
  portico_kafka_messages_dead_lettered_total: 'counter', // topic, group
  portico_kafka_consumer_lag: 'gauge', // topic, group, partition
  portico_kafka_consumer_up: 'gauge', // group
  portico_outbox_pending_events: 'gauge',
  portico_outbox_oldest_pending_age_seconds: 'gauge',
  portico_email_queue_depth: 'gauge', // notifications
  portico_emails_sent_total: 'counter', // notifications
  portico_emails_failed_total: 'counter', // notifications
  portico_bulk_recipients_pending: 'gauge', // invitations
  process_cpu_user_seconds_total: 'counter',
  process_cpu_system_seconds_total: 'counter',
  process_cpu_seconds_total: 'counter',
  process_start_time_seconds: 'gauge',
  process_resident_memory_bytes: 'gauge',
  process_virtual_memory_bytes: 'gauge',
  process_heap_bytes: 'gauge',
  process_open_fds: 'gauge',
  process_max_fds: 'gauge',
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_eventloop_lag_min_seconds: 'gauge',
  nodejs_eventloop_lag_max_seconds: 'gauge',
  nodejs_eventloop_lag_mean_seconds: 'gauge',
  nodejs_eventloop_lag_stddev_seconds: 'gauge',
  nodejs_eventloop_lag_p50_seconds: 'gauge',
  nodejs_eventloop_lag_p90_seconds: 'gauge',
  nodejs_eventloop_lag_p99_seconds: 'gauge',
  nodejs_active_resources: 'gauge',
  nodejs_active_resources_total: 'gauge',
  nodejs_active_handles: 'gauge',
  nodejs_active_handles_total: 'gauge',
  nodejs_active_requests: 'gauge',
  nodejs_active_requests_total: 'gauge',
  nodejs_heap_size_total_bytes: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
  nodejs_external_memory_bytes: 'gauge',
  nodejs_heap_space_size_total_bytes: 'gauge',
  nodejs_heap_space_size_used_bytes: 'gauge',
  nodejs_heap_space_size_available_bytes: 'gauge',
  nodejs_version_info: 'gauge',
  nodejs_gc_duration_seconds: 'histogram',
};

/** The series names a query may select. */
export function seriesNames(metrics: Readonly<Record<string, MetricType>> = METRICS): Set<string> {
  const names = new Set<string>();
  for (const [name, type] of Object.entries(metrics)) {
    if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(name + suffix);
    else names.add(name);
  }
  return names;
}

/** Sample values for Grafana's variables, so that an expression can be parsed. */
const GRAFANA_VARIABLES: Readonly<Record<string, string>> = {
  __rate_interval: '2m',
  __interval: '1m',
  __range: '6h',
  __interval_ms: '60000',
  __range_s: '21600',
};

/** The dashboard's variables with sample values (`namespace` and `service` are regex matchers). */
function substitute(expr: string, variables: ReadonlyMap<string, string>, problems: string[], where: string): string {
  return expr.replace(/\$\{([A-Za-z0-9_]+)(?::[a-z]+)?\}|\$([A-Za-z0-9_]+)|\[\[([A-Za-z0-9_]+)\]\]/g, (match, a?: string, b?: string, c?: string) => {
    const name = (a ?? b ?? c) as string;
    const value = GRAFANA_VARIABLES[name] ?? variables.get(name);
    if (value === undefined) {
      problems.push(`${where}: unknown variable ${match}`);
      return match;
    }
    return value;
  });
}

const PROMQL_WORDS = new Set([
  'and',
  'or',
  'unless',
  'bool',
  'offset',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'inf',
  'nan',
  'start',
  'end',
]);

/**
 * The metric names a PromQL expression selects: identifiers left once strings, label matchers,
 * ranges, grouping clauses, offsets and numbers are removed, that are neither a function or
 * aggregation (followed by `(`) nor a keyword.
 */
export function metricNames(expr: string): string[] {
  let s = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  s = s.replace(/\{[^}]*\}/g, ' ');
  s = s.replace(/\[[^\]]*\]/g, ' ');
  s = s.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  s = s.replace(/\boffset\s+-?[0-9][0-9a-z]*/gi, ' ');
  s = s.replace(/(?<![A-Za-z0-9_:])(?:0x[0-9a-f]+|[0-9]*\.?[0-9]+(?:e[+-]?[0-9]+)?)(?![A-Za-z0-9_:])/gi, ' ');
  const names: string[] = [];
  for (const match of s.matchAll(/([A-Za-z_:][A-Za-z0-9_:]*)\s*(\()?/g)) {
    const [, word, call] = match;
    if (call || PROMQL_WORDS.has(word.toLowerCase())) continue;
    names.push(word);
  }
  return [...new Set(names)];
}

/** GitHub's anchors for the headings of a Markdown file. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    const heading = fenced ? null : /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!heading) continue;
    const base = heading[1]
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

interface Target {
  expr?: unknown;
  refId?: unknown;
  datasource?: { type?: unknown; uid?: unknown };
}

interface Panel {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  gridPos?: { x?: unknown; y?: unknown; w?: unknown; h?: unknown };
  datasource?: { type?: unknown; uid?: unknown };
  targets?: Target[];
  panels?: Panel[];
}

interface Variable {
  type?: unknown;
  name?: unknown;
  query?: unknown;
  datasource?: { type?: unknown; uid?: unknown };
}

interface Query {
  where: string;
  expr: string;
}

const DATASOURCE_UIDS = new Set(['${datasource}', '$datasource']);

function isPrometheusDatasource(ds: { type?: unknown; uid?: unknown } | undefined): boolean {
  return ds?.type === 'prometheus' && DATASOURCE_UIDS.has(String(ds.uid));
}

/** The dashboard's problems, its queries (variables substituted) and counts. */
export function checkDashboard(text: string, known: ReadonlySet<string>) {
  const problems: string[] = [];
  const queries: Query[] = [];
  let dashboard: { schemaVersion?: unknown; uid?: unknown; title?: unknown; panels?: Panel[]; templating?: { list?: Variable[] } };
  try {
    dashboard = JSON.parse(text) as typeof dashboard;
  } catch (error) {
    problems.push(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
    return { problems, queries, panels: 0, rows: 0 };
  }
  if (typeof dashboard.schemaVersion !== 'number' || dashboard.schemaVersion < 39)
    problems.push(`schemaVersion ${String(dashboard.schemaVersion)}: 39 or later expected`);
  if (typeof dashboard.uid !== 'string' || dashboard.uid === '') problems.push('no uid');
  if (typeof dashboard.title !== 'string' || dashboard.title === '') problems.push('no title');

  const variables = dashboard.templating?.list ?? [];
  const samples = new Map<string, string>();
  for (const variable of variables) {
    if (typeof variable.name !== 'string') {
      problems.push('a template variable without a name');
      continue;
    }
    // Sample values: regex matchers accept any string, and "portico" is a valid label value.
    samples.set(variable.name, variable.type === 'datasource' ? 'prometheus' : 'portico');
  }
  const datasource = variables.find((v) => v.name === 'datasource');
  if (!datasource || datasource.type !== 'datasource' || datasource.query !== 'prometheus')
    problems.push('no `datasource` variable of type datasource with query prometheus');
  if (!variables.some((v) => v.name === 'service' && v.type === 'query')) problems.push('no `service` query variable');
  for (const variable of variables) {
    if (variable.type !== 'query') continue;
    const where = `variable $${String(variable.name)}`;
    if (!isPrometheusDatasource(variable.datasource)) problems.push(`${where}: datasource is not the prometheus \${datasource}`);
    const raw = typeof variable.query === 'string' ? variable.query : (variable.query as { query?: unknown } | undefined)?.query;
    const call = typeof raw === 'string' ? /^\s*label_values\(\s*(.*?)\s*,\s*[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$/s.exec(raw) : null;
    if (!call) {
      problems.push(`${where}: query is not label_values(<selector>, <label>)`);
      continue;
    }
    queries.push({ where, expr: substitute(call[1], samples, problems, where) });
  }

  const all: Panel[] = [];
  const walk = (list: Panel[] | undefined) => {
    for (const panel of list ?? []) {
      all.push(panel);
      walk(panel.panels);
    }
  };
  walk(dashboard.panels);
  const ids = new Map<number, string>();
  let rows = 0;
  for (const panel of all) {
    const where = `panel ${String(panel.id)} "${String(panel.title)}"`;
    if (typeof panel.id !== 'number' || !Number.isInteger(panel.id)) problems.push(`${where}: id is not an integer`);
    else if (ids.has(panel.id)) problems.push(`${where}: duplicate panel id (also "${ids.get(panel.id)}")`);
    else ids.set(panel.id, String(panel.title));
    const pos = panel.gridPos;
    const [x, y, w, h] = [pos?.x, pos?.y, pos?.w, pos?.h];
    if (typeof x !== 'number' || typeof y !== 'number' || typeof w !== 'number' || typeof h !== 'number' || x < 0 || y < 0 || w < 1 || h < 1 || x + w > 24) {
      problems.push(`${where}: gridPos ${JSON.stringify(pos)} is not inside the 24 columns`);
    }
    if (panel.type === 'row') {
      rows += 1;
      continue;
    }
    if (!isPrometheusDatasource(panel.datasource)) problems.push(`${where}: datasource is not the prometheus \${datasource}`);
    if (!Array.isArray(panel.targets) || panel.targets.length === 0) {
      problems.push(`${where}: no targets`);
      continue;
    }
    const refIds = new Set<string>();
    for (const target of panel.targets) {
      const at = `${where} target ${String(target.refId)}`;
      if (typeof target.refId !== 'string' || refIds.has(target.refId)) problems.push(`${at}: refId missing or repeated`);
      refIds.add(String(target.refId));
      if (target.datasource && !isPrometheusDatasource(target.datasource)) problems.push(`${at}: datasource is not the prometheus \${datasource}`);
      if (typeof target.expr !== 'string' || target.expr.trim() === '') {
        problems.push(`${at}: no expr`);
        continue;
      }
      queries.push({ where: at, expr: substitute(target.expr, samples, problems, at) });
    }
  }
  for (const query of queries) {
    for (const name of metricNames(query.expr)) {
      if (!known.has(name)) problems.push(`${query.where}: metric ${name} is not one the services expose (METRICS in check-dashboard.ts)`);
    }
  }
  return { problems, queries, panels: all.length - rows, rows };
}

interface Rule {
  record?: unknown;
  alert?: unknown;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

interface RuleTestFile {
  tests?: { name?: unknown; alert_rule_test?: { alertname?: unknown; exp_alerts?: unknown[] | null }[] }[];
}

/** The rule file's problems and counts (syntax is promtool's job). */
export function checkRules(rulesText: string, testsText: string, readme: string, known: ReadonlySet<string>) {
  const problems: string[] = [];
  const file = parse(rulesText) as { groups?: { name?: unknown; rules?: Rule[] }[] };
  const rules = (file.groups ?? []).flatMap((group) => group.rules ?? []);
  const recorded = new Set(rules.filter((r) => typeof r.record === 'string').map((r) => r.record as string));
  const anchors = headingAnchors(readme);
  const alerts = new Set<string>();
  let alertRules = 0;
  for (const rule of rules) {
    const where =
      typeof rule.alert === 'string'
        ? `alert ${rule.alert}${rule.labels?.severity ? ` (${String(rule.labels.severity)})` : ''}`
        : `record ${String(rule.record)}`;
    for (const name of metricNames(String(rule.expr ?? ''))) {
      if (!known.has(name) && !recorded.has(name)) problems.push(`${where}: metric ${name} is neither exposed by the services nor recorded in this file`);
    }
    if (typeof rule.alert !== 'string') continue;
    alertRules += 1;
    alerts.add(rule.alert);
    if (typeof rule.for !== 'string') problems.push(`${where}: no \`for\``);
    if (!['warning', 'critical'].includes(String(rule.labels?.severity))) problems.push(`${where}: labels.severity is not warning or critical`);
    for (const key of ['summary', 'description', 'runbook_url']) {
      if (typeof rule.annotations?.[key] !== 'string' || (rule.annotations[key] as string).trim() === '') problems.push(`${where}: no annotations.${key}`);
    }
    const url = rule.annotations?.runbook_url;
    if (typeof url === 'string') {
      if (!url.startsWith(RUNBOOK_BASE)) problems.push(`${where}: runbook_url ${url} is not ${RUNBOOK_BASE}<section>`);
      else if (!anchors.has(url.slice(RUNBOOK_BASE.length)))
        problems.push(`${where}: runbook_url anchor #${url.slice(RUNBOOK_BASE.length)} is no heading of ${README_PATH}`);
    }
  }
  const tests = (parse(testsText) as RuleTestFile).tests ?? [];
  for (const alert of alerts) {
    const cases = tests.map((test) => (test.alert_rule_test ?? []).filter((t) => t.alertname === alert));
    if (!cases.some((list) => list.some((t) => (t.exp_alerts ?? []).length > 0))) problems.push(`alert ${alert}: no test in ${RULE_TESTS_PATH} where it fires`);
    if (!cases.some((list) => list.length > 0 && list.every((t) => (t.exp_alerts ?? []).length === 0)))
      problems.push(`alert ${alert}: no test group in ${RULE_TESTS_PATH} where it stays silent`);
  }
  return { problems, recordingRules: recorded.size, alertRules, alerts: alerts.size, tests: tests.length };
}

function option(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function main(args: readonly string[]): Promise<number> {
  const root = process.cwd();
  const known = seriesNames();
  const out = resolve(root, option(args, '--out') ?? 'tmp/deploy-check');
  const promtool = option(args, '--promtool');
  let failed = false;
  const report = (path: string, problems: string[], summary: string) => {
    if (problems.length === 0) {
      process.stdout.write(`${path}: ${summary}\n`);
      return;
    }
    failed = true;
    process.stdout.write(`${path}: ${problems.length} problem(s):\n${problems.map((p) => `  ${p}\n`).join('')}`);
  };

  const dashboard = checkDashboard(readFileSync(resolve(root, DASHBOARD_PATH), 'utf8'), known);
  report(
    DASHBOARD_PATH,
    dashboard.problems,
    `${dashboard.panels} panels in ${dashboard.rows} rows, ${dashboard.queries.length} queries; ids unique, every metric one the services expose`,
  );

  const rules = checkRules(
    readFileSync(resolve(root, RULES_PATH), 'utf8'),
    readFileSync(resolve(root, RULE_TESTS_PATH), 'utf8'),
    readFileSync(resolve(root, README_PATH), 'utf8'),
    known,
  );
  report(
    RULES_PATH,
    rules.problems,
    `${rules.recordingRules} recording rules, ${rules.alertRules} alerting rules (${rules.alerts} alerts); metrics known, runbook links are ${README_PATH} sections, each alert tested firing and silent (${rules.tests} test groups)`,
  );

  // The dashboard's queries as recording rules, for promtool to parse. JSON is YAML.
  if (dashboard.queries.length > 0) {
    mkdirSync(out, { recursive: true });
    const file = join(out, 'dashboard-queries.rules.yaml');
    const group = {
      name: 'dashboard-queries',
      rules: dashboard.queries.map((q, i) => ({ record: `dashboard:query_${i + 1}`, expr: q.expr, labels: { where: q.where } })),
    };
    writeFileSync(file, `${JSON.stringify({ groups: [group] }, null, 2)}\n`);
    if (promtool) {
      const run = spawnSync(promtool, ['check', 'rules', '--lint=none', file], { encoding: 'utf8' });
      const output = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
      process.stdout.write(`promtool check rules ${relative(root, file)} (the dashboard's queries):\n${output.replace(/^/gm, '  ')}\n`);
      if (run.status !== 0) failed = true;
    } else {
      process.stdout.write(`${relative(root, file)} written; not parsed (no --promtool given)\n`);
    }
  }
  return failed ? 1 : 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) process.exitCode = await main(process.argv.slice(2));
