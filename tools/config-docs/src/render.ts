import { envReference, type EnvVariableReference } from '@portico/config';
import type { ServiceSchema, VariableGroup } from './schemas';

export const REGENERATE_COMMAND = './portico nx run config-docs:generate';
export const BEGIN_MARKER = `<!-- BEGIN GENERATED from the env schemas by \`${REGENERATE_COMMAND}\`: edit the schemas, not this block -->`;
export const END_MARKER = '<!-- END GENERATED -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

function meaning(variable: EnvVariableReference, note?: string): string {
  const parts = [variable.description ?? '(not described in the schema)'];
  if (variable.values) parts.push(`One of ${variable.values.map((value) => `\`${value}\``).join(', ')}.`);
  if (note) parts.push(note);
  return cell(parts.join(' '));
}

function row(variable: EnvVariableReference, note?: string): string {
  const secret = variable.secret ? `yes: give it as \`${variable.name}_FILE\`${variable.refusesPlaceholders ? '; production refuses placeholders' : ''}` : '';
  const defaultValue = variable.default === undefined ? '' : `\`${cell(variable.default)}\``;
  return `| \`${variable.name}\` | ${defaultValue} | ${variable.required ? 'yes' : ''} | ${secret} | ${meaning(variable, note)} |`;
}

const HEADER = ['| variable | default | required | secret | meaning |', '|---|---|---|---|---|'];

function table(rows: string[]): string[] {
  return [...HEADER, ...rows];
}

/** Equal as the reference would show them (a service that changes a default shows the variable again). */
const sameRow = (a: EnvVariableReference, b: EnvVariableReference) => row(a) === row(b);

/** The generated block: the common groups, then each service's own variables and the defaults it changes. */
export function renderReference(groups: VariableGroup[], services: ServiceSchema[]): string {
  const common = new Map<string, EnvVariableReference>();
  const lines: string[] = ['## Variables every service shares', ''];
  for (const group of groups) {
    lines.push(`### ${group.title}`, '', `Read by ${group.readBy}.`, '');
    const variables = envReference(group.schema);
    for (const variable of variables) common.set(variable.name, variable);
    lines.push(...table(variables.map((variable) => row(variable))), '');
  }

  for (const { service, file, schema } of services) {
    const variables = envReference(schema);
    const names = new Set(variables.map((variable) => variable.name));
    const reads = groups.filter((group) => Object.keys(group.schema.shape).every((name) => names.has(name))).map((group) => group.title);
    const own = variables.filter((variable) => {
      const shared = common.get(variable.name);
      return shared === undefined || !sameRow(shared, variable);
    });
    lines.push(`## ${service}`, '', `Schema: \`${file}\`. Reads the common ${reads.join(', ')} variables${own.length > 0 ? ', and:' : ', nothing more.'}`, '');
    if (own.length > 0) {
      const rows = own.map((variable) => row(variable, common.has(variable.name) ? `(Differs from the common ${variable.name}.)` : undefined));
      lines.push(...table(rows), '');
    }
  }
  return lines.join('\n');
}

/** `document` with its generated block replaced; throws when the markers are missing. */
export function withReference(document: string, reference: string): string {
  const begin = document.indexOf(BEGIN_MARKER);
  const end = document.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`the generated block's markers are missing:\n${BEGIN_MARKER}\n${END_MARKER}`);
  return `${document.slice(0, begin + BEGIN_MARKER.length)}\n\n${reference}\n${document.slice(end)}`;
}
