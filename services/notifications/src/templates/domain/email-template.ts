import Handlebars from 'handlebars';
import { InvalidTemplateError, type TemplateIssue } from './invalid-template.error';
import { sampleInvitationData, TEMPLATE_BLOCK_HELPERS, TEMPLATE_VARIABLE_NAMES, type InvitationEmailData } from './template-variables';

/** The three Handlebars sources an email is made of. */
export interface TemplateSource {
  subject: string;
  html: string;
  text: string;
}

export type TemplateField = keyof TemplateSource;

export type RenderedEmail = TemplateSource;

const FIELDS: readonly TemplateField[] = ['subject', 'html', 'text'];

// An environment of our own: nothing registered elsewhere (helpers, partials) can reach templates.
const handlebars = Handlebars.create();

const allowedVariables = new Set<string>(TEMPLATE_VARIABLE_NAMES);
const allowedBlocks = new Set<string>(TEMPLATE_BLOCK_HELPERS);
const knownHelpers = Object.fromEntries(TEMPLATE_BLOCK_HELPERS.map((helper) => [helper, true]));

/**
 * A compiled email template. Only the html part is HTML-escaped: subject and text are not
 * HTML, and escaping them would show `&amp;` to the reader.
 */
export class EmailTemplate {
  private constructor(private readonly parts: Record<TemplateField, HandlebarsTemplateDelegate>) {}

  /**
   * Checks and compiles `source`. Throws InvalidTemplateError naming the field of every syntax
   * error, unknown variable or unsupported expression.
   */
  static compile(source: TemplateSource): EmailTemplate {
    const issues = FIELDS.flatMap((field) => checkSource(field, source[field]));
    if (issues.length > 0) throw new InvalidTemplateError(issues);
    const parts = Object.fromEntries(
      FIELDS.map((field) => [
        field,
        handlebars.compile(source[field], {
          noEscape: field !== 'html',
          knownHelpers,
          knownHelpersOnly: true,
        }),
      ]),
    ) as Record<TemplateField, HandlebarsTemplateDelegate>;
    const template = new EmailTemplate(parts);
    // Handlebars compiles lazily, on the first render: render once now so that nothing can
    // fail later, when a client's email depends on it.
    template.render(sampleInvitationData());
    return template;
  }

  render(data: InvitationEmailData): RenderedEmail {
    const plain = {
      firmName: data.firmName,
      recipientName: data.recipientName ?? '',
      recipientEmail: data.recipientEmail,
      // Blank is none: `{{#if message}}` must not frame an empty quote.
      message: normaliseNewlines(data.message ?? '').trim(),
      acceptUrl: data.acceptUrl,
      expiresAt: formatExpiry(data.expiresAt),
      // A number would print as is; empty keeps `{{#if reminder}}` false for the invitation itself.
      reminder: data.reminder ? String(data.reminder) : '',
    };
    // In HTML the message is escaped here, so its line breaks can be kept as <br>. An empty one
    // stays an empty string: a SafeString object would be truthy in `{{#if message}}`.
    const html = { ...plain, message: plain.message && new handlebars.SafeString(handlebars.escapeExpression(plain.message).replace(/\n/g, '<br>\n')) };
    return {
      // A header is one line: whatever the template or the data hold, no line break gets into it.
      subject: this.parts.subject(plain).replace(/\s+/g, ' ').trim(),
      html: this.parts.html(html),
      text: this.parts.text(plain),
    };
  }
}

function normaliseNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const expiryFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

function formatExpiry(date: Date): string {
  return expiryFormat.format(date);
}

function checkSource(field: TemplateField, source: string): TemplateIssue[] {
  let program: hbs.AST.Program;
  try {
    program = handlebars.parse(source);
  } catch (error) {
    return [{ field, rule: 'handlebarsSyntax', message: error instanceof Error ? error.message : String(error) }];
  }
  const issues: TemplateIssue[] = [];
  checkProgram(program, field, issues);
  return issues;
}

/** Walks the template: plain text, comments, `{{variable}}` and `{{#if variable}}`/`{{#unless variable}}` blocks only. */
function checkProgram(program: hbs.AST.Program, field: TemplateField, issues: TemplateIssue[]): void {
  const report = (node: hbs.AST.Node, rule: TemplateIssue['rule'], message: string) =>
    issues.push({ field, rule, message: `line ${node.loc.start.line}: ${message}` });

  const checkVariable = (expression: hbs.AST.Node) => {
    const path = expression as hbs.AST.PathExpression;
    // `original` equal to the one part rules out `this.x`, `../x`, `@root.x`, `x.y`.
    if (
      path.type === 'PathExpression' &&
      !path.data &&
      path.depth === 0 &&
      path.parts.length === 1 &&
      path.original === path.parts[0] &&
      allowedVariables.has(path.original)
    )
      return;
    report(expression, 'templateVariable', `unknown variable "${describe(expression)}"; available: ${TEMPLATE_VARIABLE_NAMES.join(', ')}`);
  };

  for (const node of program.body) {
    switch (node.type) {
      case 'ContentStatement':
      case 'CommentStatement':
        break;
      case 'MustacheStatement': {
        const mustache = node as hbs.AST.MustacheStatement;
        const name = describe(mustache.path);
        if (mustache.params.length > 0 || mustache.hash) {
          report(node, 'templateExpression', `"${name}" is not a helper; use {{variable}}, {{#if variable}} or {{#unless variable}}`);
          break;
        }
        // Triple braces would put a firm's or a recipient's text into the page as markup.
        if (field === 'html' && !mustache.escaped) report(node, 'unescapedOutput', `{{{${name}}}} inserts "${name}" without HTML escaping; use {{${name}}}`);
        checkVariable(mustache.path);
        break;
      }
      case 'BlockStatement': {
        const block = node as hbs.AST.BlockStatement;
        const name = block.path.original;
        if (!allowedBlocks.has(name)) report(node, 'templateExpression', `{{#${name}}} is not supported; use {{#if variable}} or {{#unless variable}}`);
        else if (block.params.length !== 1 || block.hash) report(node, 'templateExpression', `{{#${name}}} takes exactly one variable`);
        else checkVariable(block.params[0]);
        if (block.program) checkProgram(block.program, field, issues);
        if (block.inverse) checkProgram(block.inverse, field, issues);
        break;
      }
      default:
        // Partials ({{> x}}), partial blocks and decorators: nothing a template needs.
        report(node, 'templateExpression', `${node.type.replace(/Statement$/, '').toLowerCase()} is not supported`);
    }
  }
}

/** How an expression reads in the template: `firmName`, `../x`, `"text"`; a sub-expression by its type. */
function describe(expression: hbs.AST.Node): string {
  return 'original' in expression ? String(expression.original) : expression.type;
}
