import request from 'supertest';
import { v7 as uuidv7 } from 'uuid';
import { NotificationsHarness } from './support/notifications-harness';

// Firm email templates over HTTP: staff of one firm create, edit, preview and delete their own,
// and never see another firm's.
describe('firm email templates', () => {
  const harness = new NotificationsHarness('notif_templates');
  const firmA = uuidv7();
  const firmB = uuidv7();
  let staffA: string;
  let staffB: string;

  const valid = {
    name: 'Welcome',
    subject: 'Welcome to {{firmName}}',
    html: '<h1>{{firmName}}</h1>{{#if recipientName}}<p>Hi {{recipientName}}</p>{{/if}}<p>{{message}}</p><a href="{{acceptUrl}}">Create Account</a><p>{{expiresAt}}</p>',
    text: 'Hi {{recipientName}}\n{{message}}\n{{acceptUrl}}',
  };

  beforeAll(async () => {
    await harness.setUp();
    staffA = harness.staffToken(firmA);
    staffB = harness.staffToken(firmB);
  });
  afterAll(() => harness.tearDown());

  const api = (token?: string) => {
    const agent = request(harness.service.baseUrl);
    const auth = <T extends request.Test>(test: T): T => (token ? (test.set('authorization', `Bearer ${token}`) as T) : test);
    return {
      post: (path: string, body?: object) => auth(agent.post(`/api/notifications/templates${path}`)).send(body),
      put: (path: string, body: object) => auth(agent.put(`/api/notifications/templates${path}`)).send(body),
      get: (path: string) => auth(agent.get(`/api/notifications/templates${path}`)),
      delete: (path: string) => auth(agent.delete(`/api/notifications/templates${path}`)),
    };
  };

  it('creates, reads, lists, replaces and deletes a template', async () => {
    const created = await api(staffA).post('', { ...valid, name: '  Welcome  ' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ firmId: firmA, ...valid });
    const id: string = created.body.id;

    expect((await api(staffA).get(`/${id}`)).body).toEqual(created.body);
    expect((await api(staffA).get('')).body.items.map((template: { id: string }) => template.id)).toContain(id);

    const replaced = await api(staffA).put(`/${id}`, { ...valid, name: 'Welcome v2', subject: '{{firmName}}: your portal' });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({ id, name: 'Welcome v2', subject: '{{firmName}}: your portal', createdAt: created.body.createdAt });
    expect(new Date(replaced.body.updatedAt).getTime()).toBeGreaterThanOrEqual(new Date(created.body.updatedAt).getTime());
    expect((await api(staffA).get(`/${id}`)).body.name).toBe('Welcome v2');

    expect((await api(staffA).delete(`/${id}`)).status).toBe(204);
    expect((await api(staffA).get(`/${id}`)).status).toBe(404);
    expect((await api(staffA).delete(`/${id}`)).status).toBe(404);
  });

  it('refuses a template that does not compile with 400 naming the field, and saves nothing', async () => {
    const before = (await api(staffA).get('')).body.items.length;

    const broken = await api(staffA).post('', { ...valid, html: '<p>{{#if message}}{{message}}</p>' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ statusCode: 400, message: 'Invalid template', errors: [{ field: 'html', rule: 'handlebarsSyntax' }] });

    const unknown = await api(staffA).post('', { ...valid, subject: 'Hi {{clientName}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ field: 'subject', rule: 'templateVariable', message: expect.stringContaining('unknown variable "clientName"') }]);

    const unescaped = await api(staffA).post('', { ...valid, html: '<p>{{{message}}}</p>' });
    expect(unescaped.body.errors).toEqual([{ field: 'html', rule: 'unescapedOutput', message: expect.any(String) }]);

    expect((await api(staffA).get('')).body.items).toHaveLength(before);
  });

  it('refuses a replacement that does not compile, keeping the saved template', async () => {
    const { id } = (await api(staffA).post('', valid)).body;
    const response = await api(staffA).put(`/${id}`, { ...valid, text: '{{/if}}' });
    expect(response.status).toBe(400);
    expect(response.body.errors[0]).toMatchObject({ field: 'text', rule: 'handlebarsSyntax' });
    expect((await api(staffA).get(`/${id}`)).body.text).toBe(valid.text);
  });

  it('validates the body: missing, empty and unknown fields', async () => {
    const response = await api(staffA).post('', { name: '', subject: 'x', html: 'y', extra: 1 });
    expect(response.status).toBe(400);
    const fields = (response.body.errors as Array<{ field: string }>).map((error) => error.field);
    expect(fields).toEqual(expect.arrayContaining(['name', 'text', 'extra']));
  });

  it("answers 404 for another firm's template, whatever the route", async () => {
    const { id } = (await api(staffA).post('', valid)).body;

    expect((await api(staffB).get(`/${id}`)).status).toBe(404);
    expect((await api(staffB).put(`/${id}`, valid)).status).toBe(404);
    expect((await api(staffB).post(`/${id}/preview`)).status).toBe(404);
    expect((await api(staffB).delete(`/${id}`)).status).toBe(404);
    expect((await api(staffB).get('')).body.items).toEqual([]);
    expect((await api(staffA).get(`/${id}`)).status).toBe(200);
  });

  it('previews a saved template with sample data, or with the values given', async () => {
    const { id } = (await api(staffA).post('', valid)).body;

    const sample = await api(staffA).post(`/${id}/preview`);
    expect(sample.status).toBe(200);
    expect(sample.body.subject).toBe('Welcome to Harbor & Finch Accounting');
    expect(sample.body.html).toContain('<h1>Harbor &amp; Finch Accounting</h1><p>Hi Alex Morgan</p>');
    expect(sample.body.html).toContain('<a href="https://portal.example.com/invitations/sample-token">Create Account</a>');
    expect(sample.body.text).toContain('Hi Alex Morgan\nHi Alex,\nYour documents');

    const given = await api(staffA).post(`/${id}/preview`, { sample: { firmName: 'Acme <LLP>', recipientName: '', message: 'one\ntwo' } });
    expect(given.body.subject).toBe('Welcome to Acme <LLP>');
    expect(given.body.html).toContain('<h1>Acme &lt;LLP&gt;</h1><p>one<br>\ntwo</p>');
  });

  it('previews a template being edited without saving it, and names the field of an error', async () => {
    const before = (await api(staffA).get('')).body.items.length;
    const { name: _name, ...source } = valid;

    const preview = await api(staffA).post('/preview', source);
    expect(preview.status).toBe(200);
    expect(Object.keys(preview.body).sort()).toEqual(['html', 'subject', 'text']);
    expect(preview.body.subject).toBe('Welcome to Harbor & Finch Accounting');

    const broken = await api(staffA).post('/preview', { ...source, subject: '{{firmName' });
    expect(broken.status).toBe(400);
    expect(broken.body.errors[0]).toMatchObject({ field: 'subject', rule: 'handlebarsSyntax' });
    expect((await api(staffA).get('')).body.items).toHaveLength(before);
  });

  it('is for firm staff only', async () => {
    expect((await api().get('')).status).toBe(401);
    const client = harness.tokens.mint({ userId: uuidv7(), role: 'client', firmId: firmA, clientId: uuidv7(), contactId: null, email: 'client@example.test' });
    expect((await api(client).get('')).status).toBe(403);
    expect((await api(client).post('/preview', valid)).status).toBe(403);
  });
});
