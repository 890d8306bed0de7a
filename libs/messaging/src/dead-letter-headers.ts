import type { DeadLetter } from './message-processor';

/**
 * Headers the consumer adds to a dead letter, on top of the original message's headers (the
 * record's value, a `DeadLetter` as JSON, says the same and more). Tools that read dead-letter
 * topics (tools/dlq) use these names too.
 */
export const DeadLetterHeaders = {
  originalTopic: 'dlt-original-topic',
  originalPartition: 'dlt-original-partition',
  originalOffset: 'dlt-original-offset',
  reason: 'dlt-reason',
  attempts: 'dlt-attempts',
  failedAt: 'dlt-failed-at',
  service: 'dlt-service',
} as const;

/** Every header above starts with it: what a replay strips before republishing the original message. */
export const DEAD_LETTER_HEADER_PREFIX = 'dlt-';

/**
 * Headers of a dead letter republished to its original topic by tools/dlq: where it came from
 * (`<dead-letter topic>:<partition>:<offset>`) and when. The consumer handles such a message like
 * any other (deduplicated by event id); should it fail again, its new dead letter keeps them.
 */
export const ReplayHeaders = {
  replayedFrom: 'portico-replayed-from',
  replayedAt: 'portico-replayed-at',
} as const;

/** The `dlt-*` headers of a dead-letter record. */
export function deadLetterHeaders(record: DeadLetter): Record<string, string> {
  return {
    [DeadLetterHeaders.originalTopic]: record.topic,
    [DeadLetterHeaders.originalPartition]: String(record.partition),
    [DeadLetterHeaders.originalOffset]: record.offset,
    [DeadLetterHeaders.reason]: record.reason,
    [DeadLetterHeaders.attempts]: String(record.attempts),
    [DeadLetterHeaders.failedAt]: record.failedAt,
    [DeadLetterHeaders.service]: record.service,
  };
}
