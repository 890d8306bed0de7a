/**
 * A topic as declared here: created explicitly (the broker never auto-creates), with this
 * partition count, and with `retentionMs` as its `retention.ms` when it must differ from the
 * broker's default (7 days). Replication and `min.insync.replicas` belong to the deployment
 * (deploy/k8s), not to the contract.
 */
export interface TopicSpec {
  readonly name: string;
  readonly partitions: number;
  readonly retentionMs?: number;
}

const DAY_MS = 86_400_000;

/**
 * One topic per aggregate stream; the suffix is the stream's major version (a breaking change
 * means a new topic, consumed in parallel while producers migrate). Partition counts bound how
 * many replicas of a consumer can share the work; they can grow later but never shrink, and
 * growing them moves keys to other partitions, so pick generously.
 */
export const Topics = {
  clientsClient: { name: 'portico.clients.client.v1', partitions: 6 },
  identityFirm: { name: 'portico.identity.firm.v1', partitions: 6 },
  identityAccount: { name: 'portico.identity.account.v1', partitions: 6 },
  invitationsInvitation: { name: 'portico.invitations.invitation.v1', partitions: 6 },
  /**
   * Emails invitations asks notifications to send. They carry the one-time accept link, so
   * this topic is readable by notifications only (ACL in production) and is kept one day:
   * notifications stores each request as a delivery the moment it consumes it (D10), so the
   * message is only needed until then.
   */
  invitationsEmail: { name: 'portico.invitations.email.v1', partitions: 6, retentionMs: DAY_MS },
  notificationsEmail: { name: 'portico.notifications.email.v1', partitions: 6 },
  tasksTodo: { name: 'portico.tasks.todo.v1', partitions: 6 },
  filesFile: { name: 'portico.files.file.v1', partitions: 6 },
  billingInvoice: { name: 'portico.billing.invoice.v1', partitions: 6 },
  /** Per-client billing settings (billing in portal on/off), keyed by client id. */
  billingAccount: { name: 'portico.billing.account.v1', partitions: 6 },
} as const satisfies Record<string, TopicSpec>;

export type TopicName = (typeof Topics)[keyof typeof Topics]['name'];

export const allTopics: readonly TopicSpec[] = Object.values(Topics);

/** Messages a consuming service gave up on, with the reason. One per service so each team owns its failures. */
export function deadLetterTopic(service: string): string {
  if (!/^[a-z][a-z0-9-]*$/.test(service)) throw new Error(`deadLetterTopic: invalid service name "${service}"`);
  return `portico.dlt.${service}.v1`;
}

/**
 * Dead letters are few and read by people and replay tools: one partition keeps them in failure
 * order, and 30 days leave time to look at them after a holiday.
 */
export function deadLetterTopicSpec(service: string): TopicSpec {
  return { name: deadLetterTopic(service), partitions: 1, retentionMs: 30 * DAY_MS };
}
