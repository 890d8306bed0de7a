import { EmailTemplate, type TemplateSource } from './email-template';

// Email HTML is written for mail clients, not browsers: tables for layout, inline styles, a
// "bulletproof" button (a link inside a coloured cell, so it works where CSS is stripped), and
// the link also printed in full for clients that show no button at all.
const font = 'font-family:Helvetica,Arial,sans-serif;';

const html = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light">
<title>{{#if reminder}}Reminder: {{/if}}{{firmName}} invited you to their client portal</title>
</head>
<body style="margin:0;padding:0;background-color:#f4f5f7;">
<div style="display:none;max-height:0;overflow:hidden;">Create your account to use {{firmName}}'s secure client portal.</div>
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f4f5f7;">
<tr><td align="center" style="padding:32px 16px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border-radius:8px;">
<tr><td style="padding:32px 40px 0 40px;${font}font-size:20px;line-height:28px;font-weight:bold;color:#111827;">{{firmName}}</td></tr>
<tr><td style="padding:16px 40px 0 40px;${font}font-size:16px;line-height:24px;color:#374151;">
<p style="margin:0 0 16px 0;">{{#if recipientName}}Hello {{recipientName}},{{else}}Hello,{{/if}}</p>
<p style="margin:0 0 16px 0;">{{#if reminder}}A reminder: {{firmName}} invited you to their secure client portal, where you can exchange documents and messages with them, and your invitation is still waiting for you.{{else}}{{firmName}} has invited you to their secure client portal, where you can exchange documents and messages with them.{{/if}}</p>
</td></tr>
{{#if message}}
<tr><td style="padding:0 40px 8px 40px;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>
<td style="border-left:4px solid #2563eb;background-color:#f3f6fd;padding:12px 16px;${font}font-size:15px;line-height:22px;color:#374151;">
<p style="margin:0 0 8px 0;font-weight:bold;">A message from {{firmName}}</p>
<p style="margin:0;">{{message}}</p>
</td></tr></table>
</td></tr>
{{/if}}
<tr><td align="center" style="padding:24px 40px;">
<table role="presentation" cellpadding="0" cellspacing="0" border="0"><tr>
<td align="center" bgcolor="#2563eb" style="border-radius:6px;">
<a href="{{acceptUrl}}" target="_blank" style="display:inline-block;padding:14px 36px;${font}font-size:16px;font-weight:bold;line-height:20px;color:#ffffff;text-decoration:none;border-radius:6px;">Create Account</a>
</td></tr></table>
</td></tr>
<tr><td style="padding:0 40px 24px 40px;${font}font-size:14px;line-height:20px;color:#4b5563;">
<p style="margin:0 0 12px 0;">This invitation expires on <strong>{{expiresAt}}</strong>.</p>
<p style="margin:0 0 4px 0;">If the button does not work, copy this link into your browser:</p>
<p style="margin:0;word-break:break-all;"><a href="{{acceptUrl}}" target="_blank" style="color:#2563eb;">{{acceptUrl}}</a></p>
</td></tr>
<tr><td style="padding:16px 40px 32px 40px;border-top:1px solid #e5e7eb;${font}font-size:12px;line-height:18px;color:#9ca3af;">
This invitation was sent to {{recipientEmail}} on behalf of {{firmName}}. If you were not expecting it, you can ignore this email: no account is created unless you use the link.
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`;

const text = `{{#if recipientName}}Hello {{recipientName}},{{else}}Hello,{{/if}}

{{#if reminder}}A reminder: {{firmName}} invited you to their secure client portal, where you can exchange documents and messages with them, and your invitation is still waiting for you.{{else}}{{firmName}} has invited you to their secure client portal, where you can exchange documents and messages with them.{{/if}}
{{#if message}}

A message from {{firmName}}:

{{message}}
{{/if}}

Create your account here:
{{acceptUrl}}

This invitation expires on {{expiresAt}}.

--
This invitation was sent to {{recipientEmail}} on behalf of {{firmName}}. If you were not expecting it, you can ignore this email: no account is created unless you use the link.
`;

/** The invitation email of firms without a template of their own (and the starting point for one). */
export const DEFAULT_INVITATION_SOURCE: TemplateSource = {
  subject: '{{#if reminder}}Reminder: {{/if}}{{firmName}} invited you to their client portal',
  html,
  text,
};

/** Compiled once at start-up: the same checks as a firm's template, so it too uses only documented variables. */
export const DEFAULT_INVITATION_TEMPLATE = EmailTemplate.compile(DEFAULT_INVITATION_SOURCE);
