export const RECIPIENT_KINDS = ['client', 'contact', 'extra'] as const;
export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

/**
 * What is stored. `expired` is not among them: it is computed from `expiresAt` when read.
 * `scheduled`: requested with a future `sendAt`; no link exists until it is sent.
 */
export const STORED_STATUSES = ['scheduled', 'pending', 'sent', 'delivery_failed', 'accepted', 'revoked'] as const;
export type StoredStatus = (typeof STORED_STATUSES)[number];

export const INVITATION_STATUSES = [...STORED_STATUSES, 'expired'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

/** Statuses whose link still works (until it expires). */
const OPEN_STATUSES: ReadonlySet<StoredStatus> = new Set(['pending', 'sent', 'delivery_failed']);
export const OPEN_STATUS_LIST = [...OPEN_STATUSES];

export const DAY_MS = 24 * 60 * 60 * 1000;

/** The first email of an invitation; a resend is `:2`, `:3`..., so notifications sends each exactly once. */
export function firstDeliveryKey(invitationId: string): string {
  return linkDeliveryKey(invitationId, 1);
}

function linkDeliveryKey(invitationId: string, link: number): string {
  return `invitation:${invitationId}:${link}`;
}

/** The n-th automatic reminder's email (the key InvitationEmailRequested.reminder documents). */
export function reminderDeliveryKey(invitationId: string, reminder: number): string {
  return `${invitationId}:reminder:${reminder}`;
}

/** How long links live and when reminders go out; `dayMs` is a day (shortened in tests). */
export interface LinkPolicy {
  expiryDays: number;
  dayMs: number;
}

/** Why a new link was made: staff pressed resend, or the recipient asked from an expired link. */
export type ReissueTrigger = 'resend' | 'self-serve';

/** A limit per invitation and rolling day was reached; the next is possible in `retryAfterMs`. */
export interface LimitReached {
  kind: 'limited';
  limit: number;
  retryAfterMs: number;
}

export interface InvitationProps {
  id: string;
  firmId: string;
  clientId: string;
  /** Set when the recipient is a linked contact of the client. */
  contactId: string | null;
  recipientKind: RecipientKind;
  /** Lower-cased. */
  email: string;
  recipientName: string | null;
  message: string | null;
  templateId: string | null;
  /** Staff user id. */
  requestedBy: string;
  /** SHA-256 (hex) of the current link's token (the last issue, resend or re-issue). The token itself is never kept. */
  tokenHash: string;
  /** Hashes of the reminder links sent since the current link: they work as long as it does. */
  reminderTokenHashes: string[];
  expiresAt: Date;
  /** The delivery whose outcome (EmailSent / EmailFailed) this invitation is waiting for: the latest email. */
  deliveryKey: string;
  /** Links issued so far (first issue, resends, self-serve re-issues): numbers the delivery keys. */
  linksIssued: number;
  status: StoredStatus;
  requestedAt: Date;
  /** When the first email was requested (the reminder schedule counts from it); for a scheduled one, `sendAt` until sent. */
  issuedAt: Date;
  /** Set when the invitation was requested for later: nothing is emailed before it. */
  sendAt: Date | null;
  sentAt: Date | null;
  deliveryFailedAt: Date | null;
  deliveryFailureReason: string | null;
  acceptedAt: Date | null;
  acceptedBy: string | null;
  revokedAt: Date | null;
  revokedBy: string | null;
  /** The bulk job that requested it; null for a single-client request. */
  jobId: string | null;
  /** The firm's reminder schedule when the invitation was issued: days after the first send. */
  reminderDays: number[];
  remindersSent: number;
  /** When the scheduler looks at it next for a reminder; null: no reminder left. */
  nextReminderAt: Date | null;
  /** Recent staff resends and self-serve re-issues (the last day's count against their limits). */
  resentAt: Date[];
  selfServedAt: Date[];
  /** When InvitationExpired was published for the current `expiresAt`; null until then. */
  expiryAnnouncedAt: Date | null;
  /** Counts stored changes: every change is a compare-and-set on it. */
  revision: number;
}

export type NewInvitation = Pick<
  InvitationProps,
  | 'id'
  | 'firmId'
  | 'clientId'
  | 'contactId'
  | 'recipientKind'
  | 'email'
  | 'recipientName'
  | 'message'
  | 'templateId'
  | 'requestedBy'
  | 'tokenHash'
  | 'requestedAt'
> & { expiryDays: number; jobId?: string | null; reminderDays?: readonly number[]; dayMs?: number };

export type ScheduledInvitation = Omit<NewInvitation, 'tokenHash' | 'expiryDays' | 'reminderDays' | 'dayMs'> & { sendAt: Date };

/** A change: the repository applies `set` only if nothing else was stored since the invitation was read (`revision`). */
export interface InvitationChange {
  from: StoredStatus;
  set: Partial<InvitationProps> & { status: StoredStatus };
}

/** The reminder that is due now: the latest one of the schedule whose time has come (missed ones are skipped, never sent in a burst). */
export function dueReminder(reminderDays: readonly number[], issuedAt: Date, now: Date, dayMs: number): { due: number; nextAt: Date | null } {
  const times = reminderDays.map((days) => issuedAt.getTime() + days * dayMs);
  const due = times.filter((time) => time <= now.getTime()).length;
  const next = times[due];
  return { due, nextAt: next === undefined ? null : new Date(next) };
}

/** Of `times` (oldest first), those within the day before `now`, and whether one more fits under `limit`. */
export function rollingDayLimit(times: readonly Date[], limit: number, now: Date, dayMs: number): { recent: Date[]; reached?: LimitReached } {
  const recent = times.filter((time) => time.getTime() > now.getTime() - dayMs);
  if (recent.length < limit) return { recent };
  const oldest = recent[recent.length - limit]!;
  return { recent, reached: { kind: 'limited', limit, retryAfterMs: oldest.getTime() + dayMs - now.getTime() } };
}

const blankLifecycle = {
  reminderTokenHashes: [],
  linksIssued: 1,
  sendAt: null,
  sentAt: null,
  deliveryFailedAt: null,
  deliveryFailureReason: null,
  acceptedAt: null,
  acceptedBy: null,
  revokedAt: null,
  revokedBy: null,
  remindersSent: 0,
  resentAt: [],
  selfServedAt: [],
  expiryAnnouncedAt: null,
  revision: 0,
};

/**
 * One recipient's invitation to a firm's portal. Status only moves forward:
 * (scheduled ->) pending -> sent | delivery_failed -> accepted | revoked, with delivery_failed ->
 * sent for a later successful delivery, and back to pending when a new email (resend, re-issue,
 * reminder) is requested: the status follows the latest email. accepted and revoked are final.
 * `expired` is read, never written: an open invitation whose `expiresAt` has passed reads expired.
 */
export class Invitation {
  private constructor(readonly props: Readonly<InvitationProps>) {}

  static issue(input: NewInvitation, now = new Date()): Invitation {
    const { expiryDays, jobId, reminderDays = [], dayMs = DAY_MS, ...rest } = input;
    return new Invitation({
      ...rest,
      ...blankLifecycle,
      jobId: jobId ?? null,
      email: rest.email.toLowerCase(),
      expiresAt: new Date(now.getTime() + expiryDays * dayMs),
      deliveryKey: firstDeliveryKey(rest.id),
      status: 'pending',
      issuedAt: now,
      reminderDays: [...reminderDays],
      nextReminderAt: dueReminder(reminderDays, now, now, dayMs).nextAt,
    });
  }

  /** Requested now, emailed at `sendAt`: no token, expiry or reminders until then (see `send`). */
  static schedule(input: ScheduledInvitation): Invitation {
    const { jobId, sendAt, ...rest } = input;
    return new Invitation({
      ...rest,
      ...blankLifecycle,
      jobId: jobId ?? null,
      email: rest.email.toLowerCase(),
      tokenHash: '',
      expiresAt: sendAt,
      deliveryKey: firstDeliveryKey(rest.id),
      status: 'scheduled',
      issuedAt: sendAt,
      sendAt,
      reminderDays: [],
      nextReminderAt: null,
    });
  }

  static restore(props: InvitationProps): Invitation {
    return new Invitation(props);
  }

  get id(): string {
    return this.props.id;
  }

  /** Who the invitation is for, as every invitation event after the request repeats it. */
  get recipient(): { invitationId: string; clientId: string; contactId: string | null; email: string } {
    const { id, clientId, contactId, email } = this.props;
    return { invitationId: id, clientId, contactId, email };
  }

  /** The status staff see at `now`. */
  statusAt(now = new Date()): InvitationStatus {
    return Invitation.statusOf(this.props, now);
  }

  /** The status as listed at `now` from the two stored fields it depends on (an open invitation past its expiry reads expired). */
  static statusOf({ status, expiresAt }: { status: StoredStatus; expiresAt: Date }, now = new Date()): InvitationStatus {
    return OPEN_STATUSES.has(status) && expiresAt.getTime() <= now.getTime() ? 'expired' : status;
  }

  /** True while the link can still be used. */
  isOpenAt(now = new Date()): boolean {
    return OPEN_STATUSES.has(this.props.status) && this.props.expiresAt.getTime() > now.getTime();
  }

  /** Whether it holds its (firm, email) slot: while its link works, or while it waits for its send time. */
  holdsSlotAt(now = new Date()): boolean {
    return this.props.status === 'scheduled' || this.isOpenAt(now);
  }

  /** The SMTP server took the email. Ignored once accepted or revoked, and after a later state. */
  markSent(sentAt: Date): InvitationChange | undefined {
    if (this.props.status !== 'pending' && this.props.status !== 'delivery_failed') return undefined;
    return this.change({ status: 'sent', sentAt });
  }

  /** Delivery gave up. Never overrides sent (a delivery that succeeded stays the fact) nor a final state. */
  markDeliveryFailed(reason: string, failedAt: Date): InvitationChange | undefined {
    if (this.props.status !== 'pending') return undefined;
    return this.change({ status: 'delivery_failed', deliveryFailedAt: failedAt, deliveryFailureReason: reason });
  }

  /**
   * Identity granted portal access through this invitation. Recorded even past `expiresAt`:
   * identity checked the expiry when it accepted, and the access exists either way.
   */
  accept(userId: string, acceptedAt: Date): InvitationChange | undefined {
    if (!OPEN_STATUSES.has(this.props.status)) return undefined;
    return this.change({ status: 'accepted', acceptedAt, acceptedBy: userId, nextReminderAt: null });
  }

  /** Staff withdraw the invitation: an open one, or a scheduled one (which then never sends). */
  revoke(staffUserId: string, now = new Date()): InvitationChange | undefined {
    if (!this.holdsSlotAt(now)) return undefined;
    return this.change({ status: 'revoked', revokedAt: now, revokedBy: staffUserId, nextReminderAt: null });
  }

  /** A scheduled invitation's send time came: it gets its first link, expiry and reminder schedule now. */
  send(tokenHash: string, policy: LinkPolicy & { reminderDays: readonly number[] }, now: Date): InvitationChange | undefined {
    if (this.props.status !== 'scheduled') return undefined;
    return this.change({
      status: 'pending',
      tokenHash,
      issuedAt: now,
      expiresAt: new Date(now.getTime() + policy.expiryDays * policy.dayMs),
      reminderDays: [...policy.reminderDays],
      nextReminderAt: dueReminder(policy.reminderDays, now, now, policy.dayMs).nextAt,
    });
  }

  /**
   * A new link replacing every earlier one (they stop working), with a fresh expiry, for an
   * invitation neither accepted nor revoked, expired or not. `limitPerDay` caps how many of this
   * trigger the invitation takes per rolling day. The status goes back to pending: it follows
   * the new email. The reminder schedule is not restarted (reminders due meanwhile are skipped).
   */
  reissue(tokenHash: string, trigger: ReissueTrigger, policy: LinkPolicy & { limitPerDay: number }, now: Date): InvitationChange | LimitReached | undefined {
    if (!OPEN_STATUSES.has(this.props.status)) return undefined;
    const field = trigger === 'resend' ? 'resentAt' : 'selfServedAt';
    const { recent, reached } = rollingDayLimit(this.props[field], policy.limitPerDay, now, policy.dayMs);
    if (reached) return reached;
    const linksIssued = this.props.linksIssued + 1;
    // A reminder that fell due meanwhile is not sent right after the fresh link: skipped.
    const { due, nextAt } = dueReminder(this.props.reminderDays, this.props.issuedAt, now, policy.dayMs);
    return this.change({
      status: 'pending',
      tokenHash,
      reminderTokenHashes: [],
      expiresAt: new Date(now.getTime() + policy.expiryDays * policy.dayMs),
      linksIssued,
      deliveryKey: linkDeliveryKey(this.id, linksIssued),
      sentAt: null,
      deliveryFailedAt: null,
      deliveryFailureReason: null,
      expiryAnnouncedAt: null,
      remindersSent: Math.max(this.props.remindersSent, due),
      nextReminderAt: nextAt,
      [field]: [...recent, now],
    });
  }

  /**
   * What the reminder scheduler does at `now`: the due reminder (a link of its own added to the
   * working ones, the status following its email), or just the next look-up time when the due
   * one was sent already. Undefined once the invitation is closed (accepted, revoked, expired).
   */
  remind(tokenHash: string, dayMs: number, now: Date): (InvitationChange & { reminder?: number }) | undefined {
    if (!this.isOpenAt(now)) return undefined;
    const { due, nextAt } = dueReminder(this.props.reminderDays, this.props.issuedAt, now, dayMs);
    if (due <= this.props.remindersSent) return this.change({ status: this.props.status, nextReminderAt: nextAt });
    return {
      ...this.change({
        status: 'pending',
        reminderTokenHashes: [...this.props.reminderTokenHashes, tokenHash],
        remindersSent: due,
        nextReminderAt: nextAt,
        deliveryKey: reminderDeliveryKey(this.id, due),
        sentAt: null,
        deliveryFailedAt: null,
        deliveryFailureReason: null,
      }),
      reminder: due,
    };
  }

  /** An open invitation past its expiry whose expiry was not announced yet: InvitationExpired is due. */
  announceExpiry(now: Date): InvitationChange | undefined {
    if (!OPEN_STATUSES.has(this.props.status) || this.isOpenAt(now) || this.props.expiryAnnouncedAt) return undefined;
    return this.change({ status: this.props.status, expiryAnnouncedAt: now, nextReminderAt: null });
  }

  /** The invitation after `change`. */
  apply(change: InvitationChange): Invitation {
    return new Invitation({ ...this.props, ...change.set, revision: this.props.revision + 1 });
  }

  private change(set: InvitationChange['set']): InvitationChange {
    return { from: this.props.status, set };
  }
}
