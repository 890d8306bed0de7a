import type { OpenAPIObject } from '@nestjs/swagger';

export type ServiceDocument = { service: string; document: OpenAPIObject } | { service: string; error: string };

type Json = unknown;
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

/** `#/components/schemas/Foo` -> `#/components/schemas/clients.Foo`, anywhere in the tree. */
function rewriteRefs(node: Json, service: string): Json {
  if (Array.isArray(node)) return node.map((item) => rewriteRefs(item, service));
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (key === '$ref' && typeof value === 'string') {
        const match = /^#\/components\/([^/]+)\/(.+)$/.exec(value);
        return [key, match && match[1] !== 'securitySchemes' ? `#/components/${match[1]}/${service}.${match[2]}` : value];
      }
      return [key, rewriteRefs(value, service)];
    }),
  );
}

/**
 * One OpenAPI document for the whole API: every service's paths (already distinct, they carry
 * `/api/<service>`), its components renamed `<service>.<Name>` so equal names cannot collide,
 * operations tagged with the service. Services whose document could not be fetched are
 * named in the description instead of failing the whole document.
 */
export function mergeOpenApi(services: ServiceDocument[]): OpenAPIObject {
  const merged: OpenAPIObject = {
    openapi: '3.0.0',
    info: { title: 'Portico API', version: '1', description: '' },
    tags: [],
    paths: {},
    components: { schemas: {}, securitySchemes: {} },
  };
  const components = merged.components as Record<string, Record<string, unknown>>;
  const unavailable: string[] = [];

  for (const entry of services) {
    if ('error' in entry) {
      unavailable.push(`${entry.service} (${entry.error})`);
      continue;
    }
    const { service, document } = entry;
    merged.tags?.push({ name: service, description: document.info?.title ?? service });

    for (const [section, entries] of Object.entries(document.components ?? {})) {
      const target = (components[section] ??= {});
      for (const [name, value] of Object.entries(entries as Record<string, unknown>)) {
        // Security schemes are shared (one bearer token for every service), not renamed.
        if (section === 'securitySchemes') target[name] = value;
        else target[`${service}.${name}`] = rewriteRefs(value, service);
      }
    }

    for (const [path, item] of Object.entries(document.paths ?? {})) {
      const operations: Record<string, unknown> = {};
      for (const [method, operation] of Object.entries(rewriteRefs(item, service) as Record<string, Record<string, unknown>>)) {
        if (!HTTP_METHODS.has(method)) {
          operations[method] = operation;
          continue;
        }
        operations[method] = {
          ...operation,
          tags: [service],
          ...(operation.operationId ? { operationId: `${service}.${operation.operationId}` } : {}),
          // The service's document-wide requirement becomes explicit per operation.
          ...(operation.security || !document.security ? {} : { security: document.security }),
        };
      }
      merged.paths[path] = operations;
    }
  }

  const included = services.filter((entry) => !('error' in entry)).map((entry) => entry.service);
  merged.info.description = [
    `Every service behind the gateway. Included: ${included.join(', ') || 'none'}.`,
    unavailable.length ? `Unavailable right now: ${unavailable.join(', ')}.` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return merged;
}
