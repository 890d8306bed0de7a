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
const SECRET_NAME = /(SECRET|PASSWORD|PRIVATE_KEY|TOKEN|API_KEY|ACCESS_KEY)/;
const PLACEHOLDER_VALUES = new Set(['changeme', 'change-me', 'secret', 'password', 'admin', 'minioadmin', 'test', 'dev', 'development', 'local', 'example', 'placeholder', 'portico']);
/** Local tooling marks generated secrets with this, so production can recognise them. */
export const LOCAL_SECRET_MARKER = 'local-dev-only';
const PLACEHOLDER_FRAGMENTS = ['changeme', 'change-me', 'placeholder', 'insecure', LOCAL_SECRET_MARKER];

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

/**
 * Validates `env` against `schema` and returns the typed, frozen result. Empty strings count
 * as unset (`FOO=` in a .env file). Throws ConfigError naming every bad variable at once.
 */
export function loadConfig<S extends z.ZodObject>(schema: S, env: EnvSource = process.env): Readonly<z.output<S>> {
  const input: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }

  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue): ConfigIssue => {
      const variable = issue.path.map(String).join('.') || '(config)';
      const missing = issue.path.length === 1 && input[String(issue.path[0])] === undefined && issue.code === 'invalid_type';
      return { variable, rule: missing ? 'is required' : issue.message };
    });
    throw new ConfigError(issues);
  }

  const nodeEnv = (parsed.data as Record<string, unknown>)['NODE_ENV'] ?? env['NODE_ENV'];
  if (nodeEnv === 'production') {
    const placeholders = Object.entries(parsed.data as Record<string, unknown>)
      .filter(([key, value]) => SECRET_NAME.test(key) && typeof value === 'string' && isPlaceholder(value))
      .map(([variable]): ConfigIssue => ({ variable, rule: 'must not be a local placeholder secret in production' }));
    if (placeholders.length > 0) throw new ConfigError(placeholders);
  }

  return deepFreeze(parsed.data);
}
