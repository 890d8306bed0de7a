/**
 * Everything a template can show. Templates are checked against this list when they are
 * saved, so a typo is a 400 for the author, not an empty gap in a client's email.
 */
export const TEMPLATE_VARIABLES = {
  firmName: 'Name of the inviting firm.',
  recipientName: 'Name of the person invited; empty when unknown (test it with {{#if recipientName}}).',
  recipientEmail: 'Address the invitation is sent to.',
  message: 'Personal message from the firm; empty when there is none. In HTML it is escaped and its line breaks become <br>.',
  acceptUrl: 'The one-time link that creates the account (the target of the Create Account button).',
  expiresAt: 'When the link stops working, as a date in UTC ("31 January 2027").',
  reminder: 'Which automatic reminder this email is (1, 2...); empty for the invitation itself (test it with {{#if reminder}}).',
} as const;

export type TemplateVariable = keyof typeof TEMPLATE_VARIABLES;

export const TEMPLATE_VARIABLE_NAMES = Object.keys(TEMPLATE_VARIABLES) as TemplateVariable[];

/** Block helpers a template may use; anything else (each, with, lookup, partials...) is refused. */
export const TEMPLATE_BLOCK_HELPERS = ['if', 'unless'] as const;

/** What an invitation email is rendered from. */
export interface InvitationEmailData {
  firmName: string;
  recipientName: string | null;
  recipientEmail: string;
  message: string | null;
  /** Contains the one-time token: never log it. */
  acceptUrl: string;
  expiresAt: Date;
  /** Set when the email is the n-th automatic reminder of a pending invitation. */
  reminder?: number | null;
}

export interface SampleOverrides {
  firmName?: string;
  recipientName?: string;
  message?: string;
  reminder?: number;
}

const SAMPLE_VALIDITY_DAYS = 30;

/** Data for previews: realistic, with characters that must be escaped and a multi-line message. */
export function sampleInvitationData(overrides: SampleOverrides = {}, now = new Date()): InvitationEmailData {
  return {
    firmName: overrides.firmName ?? 'Harbor & Finch Accounting',
    recipientName: overrides.recipientName ?? 'Alex Morgan',
    recipientEmail: 'alex.morgan@example.com',
    message: overrides.message ?? 'Hi Alex,\nYour documents for this year can now go through our secure portal.\nSee you soon, Sam',
    acceptUrl: 'https://portal.example.com/invitations/sample-token',
    expiresAt: new Date(now.getTime() + SAMPLE_VALIDITY_DAYS * 24 * 60 * 60 * 1000),
    reminder: overrides.reminder ?? null,
  };
}
