import type { OpenAPIObject } from '@nestjs/swagger';
import { mergeOpenApi } from './merge-openapi';

const doc = (service: string, extra: Partial<OpenAPIObject> = {}): OpenAPIObject => ({
  openapi: '3.0.0',
  info: { title: `Portico ${service}`, version: '1' },
  security: [{ bearer: [] }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      // Same name in both services, different shapes: must not collide.
      ErrorDto: { type: 'object', properties: { [`${service}Field`]: { type: 'string' } } },
      PageDto: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/ErrorDto' } } } },
    },
  },
  paths: {
    [`/api/${service}/things`]: {
      get: {
        operationId: 'ThingsController_list',
        tags: ['things'],
        responses: { '200': { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/PageDto' } } } } },
      },
      post: { operationId: 'ThingsController_create', security: [{}], responses: { '201': { description: '' } } },
    },
  },
  ...extra,
});

describe('mergeOpenApi', () => {
  const merged = mergeOpenApi([
    { service: 'clients', document: doc('clients') },
    { service: 'identity', document: doc('identity') },
    { service: 'files', error: 'ECONNREFUSED' },
  ]);

  it("lists every service's paths", () => {
    expect(Object.keys(merged.paths).sort()).toEqual(['/api/clients/things', '/api/identity/things']);
  });

  it('prefixes component names with the service and rewrites every $ref', () => {
    const schemas = merged.components?.schemas ?? {};
    expect(Object.keys(schemas).sort()).toEqual(['clients.ErrorDto', 'clients.PageDto', 'identity.ErrorDto', 'identity.PageDto']);
    expect(schemas['identity.ErrorDto']).toEqual({ type: 'object', properties: { identityField: { type: 'string' } } });
    expect(schemas['clients.PageDto']).toMatchObject({ properties: { items: { items: { $ref: '#/components/schemas/clients.ErrorDto' } } } });
    const list = merged.paths['/api/identity/things'].get;
    expect(list?.responses['200']).toMatchObject({ content: { 'application/json': { schema: { $ref: '#/components/schemas/identity.PageDto' } } } });
  });

  it('tags operations per service and keeps operation ids unique', () => {
    expect(merged.tags).toEqual([
      { name: 'clients', description: 'Portico clients' },
      { name: 'identity', description: 'Portico identity' },
    ]);
    expect(merged.paths['/api/clients/things'].get?.tags).toEqual(['clients']);
    expect(merged.paths['/api/clients/things'].get?.operationId).toBe('clients.ThingsController_list');
    expect(merged.paths['/api/identity/things'].get?.operationId).toBe('identity.ThingsController_list');
  });

  it("keeps each operation's security: the service default where it had none, its own override otherwise", () => {
    expect(merged.paths['/api/clients/things'].get?.security).toEqual([{ bearer: [] }]);
    expect(merged.paths['/api/clients/things'].post?.security).toEqual([{}]);
    expect(merged.components?.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer' } });
  });

  it('names unavailable services in the description instead of failing', () => {
    expect(merged.info.description).toContain('Included: clients, identity.');
    expect(merged.info.description).toContain('Unavailable right now: files (ECONNREFUSED).');
  });
});
