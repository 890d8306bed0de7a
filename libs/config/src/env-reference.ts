import { z } from 'zod';
import { isSecretVariable } from './load-config';

/** What the configuration reference says about one variable, read from its zod schema. */
export interface EnvVariableReference {
  name: string;
  /** `.describe()` / `.meta({ description })` of the field (outermost wins). */
  description?: string;
  /** The default as it would be written in the environment; undefined when there is none. */
  default?: string;
  /** Must be set: no default and not optional. */
  required: boolean;
  /** Holds a secret: by name (see below), or `.meta({ secret: true })`. */
  secret: boolean;
  /** Named like a secret, so production refuses a local placeholder value (loadConfig). */
  refusesPlaceholders: boolean;
  /** The accepted values of an enumeration (flags: true, false). */
  values?: string[];
}

interface FieldDef {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  defaultValue?: unknown;
  entries?: Record<string, string>;
}

const FLAG_VALUES = ['true', 'false', '1', '0'];

function formatDefault(value: unknown): string {
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}

/** Walks a field's wrappers (default, optional, pipe...) to what the reference needs. */
export function envVariableReference(name: string, field: z.ZodType): EnvVariableReference {
  let node: z.ZodType | undefined = field;
  let description: string | undefined;
  let secret = isSecretVariable(name);
  let optional = false;
  let defaultValue: string | undefined;
  let values: string[] | undefined;
  while (node) {
    const meta = z.globalRegistry.get(node) as { description?: string; secret?: boolean } | undefined;
    description ??= meta?.description;
    if (meta?.secret) secret = true;
    const def = node.def as unknown as FieldDef;
    if (def.type === 'optional') optional = true;
    if (def.type === 'default' && defaultValue === undefined) defaultValue = formatDefault(def.defaultValue);
    if (def.type === 'enum' && def.entries) {
      const entries = Object.values(def.entries);
      // flag(): "1" and "0" are accepted too, but true and false are what one writes.
      values = entries.length === FLAG_VALUES.length && FLAG_VALUES.every((value) => entries.includes(value)) ? ['true', 'false'] : entries;
    }
    node = def.innerType ?? def.in;
  }
  const refusesPlaceholders = isSecretVariable(name);
  return { name, description, default: defaultValue, required: defaultValue === undefined && !optional, secret, refusesPlaceholders, values };
}

/** Every variable of an env schema, in declaration order. */
export function envReference(schema: z.ZodObject): EnvVariableReference[] {
  return Object.entries(schema.shape).map(([name, field]) => envVariableReference(name, field as z.ZodType));
}
