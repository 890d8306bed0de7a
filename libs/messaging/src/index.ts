export {
  asKafkaConnection,
  createKafka,
  consumerRetry,
  producerRetry,
  isTransientKafkaError,
  kafkaConnectionConfig,
  kafkaConnectionFromConfig,
  nestLogCreator,
  type KafkaConnection,
  type KafkaConnectionConfig,
  type KafkaConnectionOptions,
  type KafkaSaslMechanism,
} from './kafka-client';
export { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
export { ReliableProducer, DEFAULT_SEND_DEADLINE_MS, type SendOptions, type ProducerPort } from './reliable-producer';
export {
  EventPublisher,
  EVENT_PUBLISHER_OPTIONS,
  EventHeaders,
  UnknownEventError,
  toKafkaMessage,
  type EventPublisherOptions,
  type TracedEnvelope,
} from './event-publisher';
export { KafkaModule, type KafkaModuleAsyncOptions } from './kafka.module';
export { ensureTopics, MissingTopicsError, type EnsureTopicsOptions } from './ensure-topics';
export { checkKafka, type KafkaHealth } from './kafka-health';
export { OnEvent, eventPattern, patternOf, parseEventPattern } from './on-event';
export { currentMessageContext, runInMessageContext, type MessageContext } from './message-context';
export { KafkaEventServer, KafkaEventContext, type KafkaEventServerOptions } from './kafka-event-server';
export { MessageProcessor, type DeadLetter, type Outcome, type IncomingMessage, type EventRoute } from './message-processor';
export { DeadLetterHeaders, DEAD_LETTER_HEADER_PREFIX, ReplayHeaders, deadLetterHeaders } from './dead-letter-headers';
export { MongoProcessedEventStore, InMemoryProcessedEventStore, type ProcessedEventStore, type ProcessedEventRecord } from './processed-event-store';
export { consumerMetrics, consumerStates, registeredMetric, setConsumerState, type ConsumerState } from './consumer-metrics';
export { activeTraceIds, activeTraceparent, detached, inSpanOf } from './trace-context';
export { WorkLoop, type TickResult, type WorkLoopOptions } from './work-loop';
