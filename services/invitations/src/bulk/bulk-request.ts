import type { FieldError } from '@portico/platform';
import { z } from 'zod';
import { parseSendAt } from '../invitations/send-at';
import { BulkSelection, MAX_BULK_SELECTION, PORTAL_STATUSES } from './domain/bulk-selection';

const bodySchema = z
  .object({
    filters: z
      .object({ portalStatus: z.enum(PORTAL_STATUSES).optional(), hasEmail: z.boolean().optional(), q: z.string().max(200).optional() })
      .strict()
      .optional(),
    clientIds: z.array(z.string().trim().min(1).max(100)).min(1).optional(),
    csv: z.string().max(5_000_000).optional(),
    message: z.string().max(5000).optional(),
    templateId: z.string().trim().min(1).max(100).optional(),
    sendAt: z.unknown().optional(),
  })
  .strict();

export interface BulkRequest {
  selection: BulkSelection;
  message: string | null;
  templateId: string | null;
  /** Send later (future, within 90 days); null = now. */
  sendAt: Date | null;
}

export type ParsedBulkRequest = { kind: 'ok'; request: BulkRequest } | { kind: 'invalid'; errors: FieldError[] } | { kind: 'tooMany'; selected: number };

/**
 * Reads a bulk request: a JSON body naming exactly one of `filters`, `clientIds` or `csv`
 * (with `message`, `templateId`, `sendAt`), or a `text/csv` body (those three in the query).
 */
export function parseBulkRequest(contentType: string | undefined, body: unknown, query: Record<string, unknown>): ParsedBulkRequest {
  if (contentType?.toLowerCase().startsWith('text/csv')) {
    const fromQuery = bodySchema
      .pick({ message: true, templateId: true, sendAt: true })
      .safeParse({ message: query['message'], templateId: query['templateId'], sendAt: query['sendAt'] });
    if (!fromQuery.success) return { kind: 'invalid', errors: toFieldErrors(fromQuery.error) };
    const sendAt = parseSendAt(fromQuery.data.sendAt);
    if ('error' in sendAt) return { kind: 'invalid', errors: [sendAt.error] };
    return {
      kind: 'ok',
      request: { selection: { kind: 'csv', text: typeof body === 'string' ? body : '' }, ...common(fromQuery.data), sendAt: sendAt.sendAt },
    };
  }
  // An array longer than the selection limit is refused with 413 before any other check (it could be huge).
  const ids = (body as { clientIds?: unknown } | null)?.clientIds;
  if (Array.isArray(ids) && ids.length > MAX_BULK_SELECTION) return { kind: 'tooMany', selected: ids.length };
  const parsed = bodySchema.safeParse(body ?? {});
  if (!parsed.success) return { kind: 'invalid', errors: toFieldErrors(parsed.error) };
  const { filters, clientIds, csv } = parsed.data;
  const named = [filters, clientIds, csv].filter((value) => value !== undefined).length;
  if (named !== 1)
    return { kind: 'invalid', errors: [{ field: 'selection', rule: 'exactlyOneSelection', message: 'Give exactly one of filters, clientIds or csv' }] };
  const selection: BulkSelection = filters ? { kind: 'filters', filters } : clientIds ? { kind: 'clientIds', clientIds } : { kind: 'csv', text: csv! };
  const sendAt = parseSendAt(parsed.data.sendAt);
  if ('error' in sendAt) return { kind: 'invalid', errors: [sendAt.error] };
  return { kind: 'ok', request: { selection, ...common(parsed.data), sendAt: sendAt.sendAt } };
}

function common(data: { message?: string | undefined; templateId?: string | undefined }) {
  // A blank message is no message.
  return { message: data.message?.trim() ? data.message : null, templateId: data.templateId ?? null };
}

function toFieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'body';
    return { field, rule: issue.code, message: `${field}: ${issue.message}` };
  });
}
