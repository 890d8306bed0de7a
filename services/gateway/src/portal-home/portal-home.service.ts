import { ForbiddenException, HttpException, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import type { HomeSection, PortalHomeDto } from './portal-home.response.dto';
import { CallerContext, PortalSource, PortalSources, SourceAnswer } from './portal-sources';

const SECTIONS: Record<HomeSection, { source: PortalSource; path: string }> = {
  user: { source: 'identity', path: '/api/identity/me' },
  todos: { source: 'tasks', path: '/api/tasks/portal/todos?status=open' },
  recentFiles: { source: 'files', path: '/api/files/portal/files?limit=5' },
  billing: { source: 'billing', path: '/api/billing/portal/summary' },
};

// What the gateway reads of each answer; anything else in it is not passed on.
const meAnswer = z.object({
  name: z.string().nullable(),
  initials: z.string(),
  email: z.string(),
  portal: z.object({ firmId: z.string(), clientId: z.string(), contactId: z.string().nullable() }).nullable(),
});
const listAnswer = z.object({ items: z.array(z.unknown()) });
const billingAnswer = z.object({ currency: z.string(), balanceMinor: z.number(), openInvoiceCount: z.number(), nextDueDate: z.string().nullable() });

type Answers = Record<HomeSection, SourceAnswer>;

const isOk = (answer: SourceAnswer): answer is { status: number; body: unknown } => 'status' in answer && answer.status >= 200 && answer.status < 300;
const hasStatus = (answer: SourceAnswer, status: number) => 'status' in answer && answer.status === status;
const billingNotEnabled = (answer: SourceAnswer) =>
  'status' in answer && answer.status === 403 && (answer.body as { code?: unknown } | null)?.code === 'billing_not_enabled';

/**
 * The client's home in one portal, composed at the edge from the owning services, each called
 * with the caller's own token: the portal is the one that token is scoped to, so every section
 * belongs to it. A section whose service fails is null and named in `unavailable`.
 */
@Injectable()
export class PortalHomeService {
  private readonly logger = new Logger('PortalHome');

  constructor(private readonly sources: PortalSources) {}

  /** Throws the services' own 401 or 403 (any section), or 403 when the token names no portal. */
  async compose(caller: CallerContext): Promise<PortalHomeDto> {
    const names = Object.keys(SECTIONS) as HomeSection[];
    const answered = await Promise.all(names.map((section) => this.sources.get(SECTIONS[section].source, SECTIONS[section].path, caller)));
    const answers = Object.fromEntries(names.map((section, index) => [section, answered[index]])) as Answers;
    refuseAsTheServicesDid(answers);

    const unavailable: HomeSection[] = [];
    const read = <T>(section: HomeSection, schema: z.ZodType<T>): T | null => {
      const answer = answers[section];
      const parsed = isOk(answer) ? schema.safeParse(answer.body) : undefined;
      if (parsed?.success) return parsed.data;
      this.logger.warn(
        { section, source: SECTIONS[section].source, answer: 'failure' in answer ? answer.failure : answer.status },
        `Portal home: ${section} unavailable`,
      );
      unavailable.push(section);
      return null;
    };

    const me = read('user', meAnswer);
    // Identity verified the token: without a portal scope, so would every other service refuse.
    if (me && !me.portal) throw new ForbiddenException('Enter a portal first');
    const todos = read('todos', listAnswer)?.items ?? null;
    const recentFiles = read('recentFiles', listAnswer)?.items ?? null;
    const billing = billingNotEnabled(answers.billing) ? null : read('billing', billingAnswer);
    return {
      portal: me?.portal ?? null,
      user: me && { name: me.name, initials: me.initials, email: me.email },
      todos,
      recentFiles,
      billing,
      unavailable,
    };
  }
}

/** A 401 from any service, else a 403 (billing's "not enabled" aside), is the answer to the caller. */
function refuseAsTheServicesDid(answers: Answers): void {
  for (const status of [401, 403]) {
    const refusal = Object.values(answers).find((answer) => hasStatus(answer, status) && !billingNotEnabled(answer));
    if (refusal && 'status' in refusal) {
      const body = typeof refusal.body === 'object' && refusal.body !== null ? refusal.body : { statusCode: status, message: String(refusal.body) };
      throw new HttpException(body, status);
    }
  }
}
