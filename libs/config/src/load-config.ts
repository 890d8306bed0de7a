import { readFileSync } from 'node:fs';
import { z } from 'zod';

export type EnvSource = Record<string, string | undefined>;

export interface ConfigIssue {
  variable: string;
  rule: string;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(`Invalid configuration: ${issues.map((issue) => `${issue.variable} ${issue.rule}`).join('; ')}`);
    this.name = 'ConfigError';
  }
}

// Secret-looking variables are checked against values that only make sense on a laptop.
// TOKEN only at the end: ACCESS_TOKEN_TTL_SECONDS is a lifetime, not a token.
const SECRET_NAME = /(SECRET|PASSWORD|PRIVATE_KEY|API_KEY|ACCESS_KEY)|TOKEN$/;
const PLACEHOLDER_VALUES = new Set([
  'changeme',
  'change-me',
  'secret',
  'password',
  'admin',
  'minioadmin',
  'test',
  'dev',
  'development',
  'local',
  'example',
  'placeholder',
  'portico',
]);
/** Local tooling marks generated secrets with this, so production can recognise them. */
export const LOCAL_SECRET_MARKER = 'local-dev-only';
const PLACEHOLDER_FRAGMENTS = ['changeme', 'change-me', 'placeholder', 'insecure', LOCAL_SECRET_MARKER];

/** Whether a variable holds a secret: checked against placeholders in production, best given as `NAME_FILE`. */
export function isSecretVariable(name: string): boolean {
  return SECRET_NAME.test(name);
}

function isPlaceholder(value: string): boolean {
  const normalized = value.trim().toLowerCase();
  return PLACEHOLDER_VALUES.has(normalized) || PLACEHOLDER_FRAGMENTS.some((fragment) => normalized.includes(fragment));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/** Why a secret file could not be read, without its content (the path is a location, not a secret). */
function unreadable(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return `names a file that does not exist (${path})`;
  if (code === 'EACCES' || code === 'EPERM') return `names a file this process may not read (${path})`;
  if (code === 'EISDIR') return `names a directory, not a file (${path})`;
  return `names a file that cannot be read (${path}: ${code ?? 'unknown error'})`;
}

interface Input {
  values: Record<string, string>;
  /** Variables read from their `NAME_FILE`, by name: that file variable. */
  fromFile: Map<string, string>;
  /** Variables whose file could not be used; already reported, so not reported missing again. */
  failed: Set<string>;
  issues: ConfigIssue[];
}

/**
 * The schema's variables from `env`. Each may instead be read from the file its `NAME_FILE`
 * names (how Docker and Kubernetes mount secrets), minus one trailing newline.
 */
function readInput(names: string[], env: EnvSource): Input {
  const input: Input = { values: {}, fromFile: new Map(), failed: new Set(), issues: [] };
  const given = (name: string) => (env[name] === undefined || env[name] === '' ? undefined : env[name]);
  for (const name of names) {
    const fileVariable = `${name}_FILE`;
    // A schema that declares NAME_FILE itself gives it its own meaning.
    const path = names.includes(fileVariable) ? undefined : given(fileVariable);
    const value = given(name);
    if (path === undefined) {
      if (value !== undefined) input.values[name] = value;
      continue;
    }
    if (value !== undefined) {
      input.failed.add(name);
      input.issues.push({ variable: name, rule: `and ${fileVariable} are both set (set only one of them)` });
      continue;
    }
    let content: string;
    try {
      content = readFileSync(path, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      input.failed.add(name);
      input.issues.push({ variable: fileVariable, rule: unreadable(path, error) });
      continue;
    }
    if (content === '') {
      input.failed.add(name);
      input.issues.push({ variable: fileVariable, rule: `names an empty file (${path})` });
      continue;
    }
    input.values[name] = content;
    input.fromFile.set(name, fileVariable);
  }
  return input;
}

/**
 * Validates `env` against `schema` and returns the typed, frozen result. Empty strings count
 * as unset (`FOO=` in a .env file); `NAME_FILE` gives NAME from a file. Throws ConfigError
 * naming every bad variable at once (never a value).
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: EnvSource = process.env): Readonly<z.output<S>> {
  const { values: input, fromFile, failed, issues: fileIssues } = readInput(Object.keys(schema.shape), env);
  // Said of a value read from a file, so the reader knows where to look.
  const source = (variable: string) => (fromFile.has(variable) ? ` (read from ${fromFile.get(variable)})` : '');

  const parsed = schema.safeParse(input);
  if (!parsed.success || fileIssues.length > 0) {
    const schemaIssues = (parsed.error?.issues ?? [])
      .filter((issue) => !failed.has(String(issue.path[0])))
      .map((issue): ConfigIssue => {
        const variable = issue.path.map(String).join('.') || '(config)';
        const missing = issue.path.length === 1 && input[String(issue.path[0])] === undefined && issue.code === 'invalid_type';
        return { variable, rule: missing ? 'is required' : `${issue.message}${source(variable)}` };
      });
    throw new ConfigError([...fileIssues, ...schemaIssues]);
  }

  const nodeEnv = (parsed.data as Record<string, unknown>)['NODE_ENV'] ?? env['NODE_ENV'];
  if (nodeEnv === 'production') {
    const placeholders = Object.entries(parsed.data as Record<string, unknown>)
      .filter(([key, value]) => isSecretVariable(key) && typeof value === 'string' && isPlaceholder(value))
      .map(([variable]): ConfigIssue => ({ variable, rule: `must not be a local placeholder secret in production${source(variable)}` }));
    if (placeholders.length > 0) throw new ConfigError(placeholders);
  }

  return deepFreeze(parsed.data);
}
