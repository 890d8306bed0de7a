import { Counter, Gauge, register } from 'prom-client';

// The consumer's Prometheus metrics (on the process's default registry, which the platform
// serves at /metrics), and the state of each consumer of the process for readiness.

/** The metric of that name in the process's registry, created once (a second app in one process, a test, reuses it). */
export function registeredMetric<T>(name: string, create: () => T): T {
  return (register.getSingleMetric(name) as T | undefined) ?? create();
}

const byTopic = ['topic', 'group'];

/** Looked up once, on first use, not per message: the handling of every message counts. */
function once<T>(name: string, create: (name: string) => T): () => T {
  let metric: T | undefined;
  return () => (metric ??= registeredMetric(name, () => create(name)));
}

const consumed = once(
  'portico_kafka_messages_consumed_total',
  (name) => new Counter({ name, help: 'Messages fetched by the consumer, ours or not.', labelNames: byTopic }),
);
const handled = once(
  'portico_kafka_messages_handled_total',
  (name) => new Counter({ name, help: 'Events a handler of this service handled successfully.', labelNames: byTopic }),
);
const retries = once(
  'portico_kafka_handler_retries_total',
  (name) => new Counter({ name, help: 'Handler attempts after a failed one (retried with backoff).', labelNames: byTopic }),
);
const deadLettered = once(
  'portico_kafka_messages_dead_lettered_total',
  (name) =>
    new Counter({
      name,
      help: "Messages written to the service's dead-letter topic (undecodable, invalid, or a handler out of attempts).",
      labelNames: byTopic,
    }),
);
const lag = once(
  'portico_kafka_consumer_lag',
  (name) =>
    new Gauge({
      name,
      help: "Messages of a partition behind its high watermark, as of this replica's last fetch from it.",
      labelNames: [...byTopic, 'partition'],
    }),
);
const up = once(
  'portico_kafka_consumer_up',
  (name) => new Gauge({ name, help: 'Whether the consumer is in its group and fetching (1) or crashed or stopped (0).', labelNames: ['group'] }),
);

export const consumerMetrics = {
  get consumed() {
    return consumed();
  },
  get handled() {
    return handled();
  },
  get retries() {
    return retries();
  },
  get deadLettered() {
    return deadLettered();
  },
  get lag() {
    return lag();
  },
  get up() {
    return up();
  },
};

export type ConsumerState = { state: 'starting' | 'running' | 'stopped' } | { state: 'crashed'; reason: string; restarting: boolean };

const consumers = new Map<string, ConsumerState>();

/** Records a consumer's state (by group) for readiness and `portico_kafka_consumer_up`. */
export function setConsumerState(group: string, state: ConsumerState): void {
  consumers.set(group, state);
  consumerMetrics.up.set({ group }, state.state === 'running' ? 1 : 0);
}

/** The consumers of this process, by group. */
export function consumerStates(): ReadonlyMap<string, ConsumerState> {
  return consumers;
}
