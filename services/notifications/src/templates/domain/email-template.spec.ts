import { DEFAULT_INVITATION_TEMPLATE } from './default-invitation-template';
import { EmailTemplate, type TemplateSource } from './email-template';
import { InvalidTemplateError } from './invalid-template.error';
import { sampleInvitationData, type InvitationEmailData } from './template-variables';

const data: InvitationEmailData = {
  firmName: 'Smith & Co <Tax>',
  recipientName: 'Jane "JJ" Doe',
  recipientEmail: 'jane@example.com',
  message: 'Hi Jane,\r\nPlease join <b>our</b> portal.\nThanks & regards',
  acceptUrl: 'https://portal.example.test/invitations/tok_abc-123?x=1&y=2',
  expiresAt: new Date('2027-01-31T12:00:00Z'),
};

function issuesOf(source: Partial<TemplateSource>) {
  try {
    EmailTemplate.compile({ subject: 'Subject', html: '<p>html</p>', text: 'text', ...source });
  } catch (error) {
    if (error instanceof InvalidTemplateError) return error.issues;
    throw error;
  }
  return [];
}

describe('EmailTemplate rendering', () => {
  const template = EmailTemplate.compile({
    subject: 'From {{firmName}}',
    html: '<h1>{{firmName}}</h1><p>{{recipientName}}</p><div>{{message}}</div><a href="{{acceptUrl}}">go</a>',
    text: '{{firmName}} / {{recipientName}}\n{{message}}\n{{acceptUrl}} until {{expiresAt}}',
  });

  it('HTML-escapes every variable in the html part', () => {
    const { html } = template.render(data);
    expect(html).toContain('<h1>Smith &amp; Co &lt;Tax&gt;</h1>');
    expect(html).toContain('<p>Jane &quot;JJ&quot; Doe</p>');
    expect(html).toContain('Please join &lt;b&gt;our&lt;/b&gt; portal.');
    expect(html).not.toContain('<b>our</b>');
    // Entities in an attribute are decoded by the browser: the link still works.
    expect(html).toContain('href="https://portal.example.test/invitations/tok_abc-123?x&#x3D;1&amp;y&#x3D;2"');
  });

  it('keeps the message line breaks: <br> in HTML, newlines in text', () => {
    const { html, text } = template.render(data);
    expect(html).toContain('<div>Hi Jane,<br>\nPlease join &lt;b&gt;our&lt;/b&gt; portal.<br>\nThanks &amp; regards</div>');
    expect(text).toContain('Hi Jane,\nPlease join <b>our</b> portal.\nThanks & regards');
  });

  it('does not HTML-escape subject and text, which are not HTML', () => {
    const { subject, text } = template.render(data);
    expect(subject).toBe('From Smith & Co <Tax>');
    expect(text).toContain('Smith & Co <Tax> / Jane "JJ" Doe');
    expect(text).toContain('https://portal.example.test/invitations/tok_abc-123?x=1&y=2 until 31 January 2027');
  });

  it('keeps the subject on one line whatever the data holds', () => {
    expect(template.render({ ...data, firmName: 'Evil\r\nBcc: victim@example.com' }).subject).toBe('From Evil Bcc: victim@example.com');
  });
});

describe('EmailTemplate checks at save time', () => {
  it('names the field and line of a Handlebars syntax error', () => {
    const issues = issuesOf({ html: '<p>\n{{#if firmName}}unclosed' });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ field: 'html', rule: 'handlebarsSyntax' });
    expect(issues[0].message).toMatch(/line 2/i);
  });

  it('reports every broken field at once', () => {
    expect(issuesOf({ subject: '{{firmName', text: '{{/if}}' }).map((issue) => issue.field)).toEqual(['subject', 'text']);
  });

  it('refuses variables outside the documented set, listing the ones available', () => {
    const [issue] = issuesOf({ text: 'Hi {{firstName}}' });
    expect(issue).toMatchObject({ field: 'text', rule: 'templateVariable' });
    expect(issue.message).toContain(
      'unknown variable "firstName"; available: firmName, recipientName, recipientEmail, message, acceptUrl, expiresAt, reminder',
    );
  });

  it.each([
    ['a nested path', '{{firmName.length}}'],
    ['a parent path', '{{../firmName}}'],
    ['this', '{{this}}'],
    ['a data variable', '{{@root.firmName}}'],
  ])('refuses %s', (_label, text) => {
    expect(issuesOf({ text })[0]).toMatchObject({ field: 'text', rule: 'templateVariable' });
  });

  it.each([
    ['helpers', '{{lookup firmName 1}}'],
    ['each blocks', '{{#each firmName}}x{{/each}}'],
    ['with blocks', '{{#with firmName}}x{{/with}}'],
    ['partials', '{{> header}}'],
    ['an if without a variable', '{{#if}}x{{/if}}'],
  ])('refuses %s', (_label, text) => {
    const issues = issuesOf({ text });
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0].field).toBe('text');
  });

  it('checks variables inside blocks and their else branch', () => {
    expect(issuesOf({ text: '{{#if message}}{{message}}{{else}}{{nope}}{{/if}}' })[0].message).toContain('"nope"');
    expect(issuesOf({ text: '{{#unless message}}none{{else if recipientName}}{{recipientName}}{{/unless}}' })).toEqual([]);
  });

  it('refuses unescaped output in HTML only', () => {
    expect(issuesOf({ html: '<p>{{{message}}}</p>' })[0]).toMatchObject({ field: 'html', rule: 'unescapedOutput' });
    expect(issuesOf({ html: '<p>{{&message}}</p>' })[0]).toMatchObject({ field: 'html', rule: 'unescapedOutput' });
    expect(issuesOf({ text: '{{{message}}}' })).toEqual([]);
  });
});

describe('the default invitation email', () => {
  const rendered = DEFAULT_INVITATION_TEMPLATE.render(data);

  it('names the firm in the subject and greets the recipient by name', () => {
    expect(rendered.subject).toBe('Smith & Co <Tax> invited you to their client portal');
    expect(rendered.html).toContain('Hello Jane &quot;JJ&quot; Doe,');
    expect(rendered.text.startsWith('Hello Jane "JJ" Doe,\n\nSmith & Co <Tax> has invited you')).toBe(true);
  });

  it('has a Create Account button linking to the accept URL, and the link in full as a fallback', () => {
    const href = 'href="https://portal.example.test/invitations/tok_abc-123?x&#x3D;1&amp;y&#x3D;2"';
    expect(rendered.html).toMatch(new RegExp(`<a ${escapeRegExp(href)}[^>]*>Create Account</a>`));
    expect(rendered.html).toContain('>https://portal.example.test/invitations/tok_abc-123?x&#x3D;1&amp;y&#x3D;2</a>');
    expect(rendered.text).toContain('Create your account here:\nhttps://portal.example.test/invitations/tok_abc-123?x=1&y=2\n');
  });

  it('shows the personal message, escaped and with its line breaks, in both parts', () => {
    expect(rendered.html).toContain('A message from Smith &amp; Co &lt;Tax&gt;');
    expect(rendered.html).toContain('Hi Jane,<br>\nPlease join &lt;b&gt;our&lt;/b&gt; portal.<br>\nThanks &amp; regards');
    expect(rendered.text).toContain('A message from Smith & Co <Tax>:\n\nHi Jane,\nPlease join <b>our</b> portal.\nThanks & regards\n');
  });

  it('says when the link expires', () => {
    expect(rendered.html).toContain('expires on <strong>31 January 2027</strong>');
    expect(rendered.text).toContain('This invitation expires on 31 January 2027.');
  });

  it('leaves out the greeting name and the message block when there are none', () => {
    const bare = DEFAULT_INVITATION_TEMPLATE.render({ ...data, recipientName: null, message: null });
    expect(bare.html).toContain('Hello,</p>');
    expect(bare.html).not.toContain('A message from');
    expect(DEFAULT_INVITATION_TEMPLATE.render({ ...data, message: ' \r\n ' }).html).not.toContain('A message from');
    expect(bare.text).toBe(
      [
        'Hello,',
        '',
        'Smith & Co <Tax> has invited you to their secure client portal, where you can exchange documents and messages with them.',
        '',
        'Create your account here:',
        'https://portal.example.test/invitations/tok_abc-123?x=1&y=2',
        '',
        'This invitation expires on 31 January 2027.',
        '',
        '--',
        'This invitation was sent to jane@example.com on behalf of Smith & Co <Tax>. If you were not expecting it, you can ignore this email: no account is created unless you use the link.',
        '',
      ].join('\n'),
    );
  });

  it('reads as a reminder when the email is one: subject and opening say so, the rest is the invitation', () => {
    const reminder = DEFAULT_INVITATION_TEMPLATE.render({ ...data, reminder: 2 });
    expect(reminder.subject).toBe('Reminder: Smith & Co <Tax> invited you to their client portal');
    expect(reminder.html).toContain('A reminder: Smith &amp; Co &lt;Tax&gt; invited you to their secure client portal');
    expect(reminder.text).toContain('Hello Jane "JJ" Doe,\n\nA reminder: Smith & Co <Tax> invited you to their secure client portal');
    expect(reminder.text).toContain('Create your account here:\nhttps://portal.example.test/invitations/tok_abc-123?x=1&y=2\n');
    expect(rendered.html).not.toContain('A reminder');
  });

  it('lets a firm template tell reminders apart with {{#if reminder}}', () => {
    const template = EmailTemplate.compile({
      subject: '{{#if reminder}}Reminder {{reminder}}{{else}}Welcome{{/if}}',
      html: '<p>{{firmName}}</p>',
      text: '{{acceptUrl}}',
    });
    expect(template.render(data).subject).toBe('Welcome');
    expect(template.render({ ...data, reminder: 1 }).subject).toBe('Reminder 1');
  });

  it('renders the preview sample without leftovers', () => {
    const sample = DEFAULT_INVITATION_TEMPLATE.render(sampleInvitationData());
    expect(sample.html).not.toMatch(/{{|}}/);
    expect(sample.subject).toBe('Harbor & Finch Accounting invited you to their client portal');
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
