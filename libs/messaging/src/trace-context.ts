import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';

// Trace context across Kafka. An event is usually written in one process (with the request or
// the handler that caused it) and published later by the outbox relay, so the W3C `traceparent`
// of the moment it was written is stored with it (`traceparent` on the outbox entry) and the
// publish span is made a child of that, not of the relay's loop. The consumer continues the
// trace from the `traceparent` header. With no OpenTelemetry SDK started (tracing off, the
// default locally) every call here is a cheap no-op.

const tracer = () => trace.getTracer('@portico/messaging');

/** The `traceparent` of the active span, if there is one being recorded. */
export function activeTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

function parentFrom(traceparent: string | undefined): Context {
  return traceparent ? propagation.extract(ROOT_CONTEXT, { traceparent }) : context.active();
}

/** A producer span per message, child of the trace the event was written in; `headers` get its `traceparent`. */
export function startPublishSpan(topic: string, event: { type: string; id: string; traceparent?: string }, headers: Record<string, string>): Span {
  const span = tracer().startSpan(
    `${topic} publish`,
    {
      kind: SpanKind.PRODUCER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'send',
        'messaging.destination.name': topic,
        'messaging.message.id': event.id,
        'portico.event.type': event.type,
      },
    },
    parentFrom(event.traceparent),
  );
  propagation.inject(trace.setSpan(context.active(), span), headers);
  return span;
}

export function endSpans(spans: readonly Span[], error?: unknown): void {
  for (const span of spans) {
    if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    span.end();
  }
}

/** Runs a handler in a consumer span continuing the trace of the message's `traceparent` header. */
export async function inConsumerSpan<T>(
  message: { topic: string; partition: number; offset: string; traceparent?: string },
  event: { type: string; id: string },
  run: () => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(
    `${message.topic} process`,
    {
      kind: SpanKind.CONSUMER,
      attributes: {
        'messaging.system': 'kafka',
        'messaging.operation.type': 'process',
        'messaging.destination.name': message.topic,
        'messaging.destination.partition.id': String(message.partition),
        'messaging.kafka.offset': Number(message.offset),
        'messaging.message.id': event.id,
        'portico.event.type': event.type,
      },
    },
    parentFrom(message.traceparent),
    (span) => endingSpan(span, run),
  );
}

/** Runs `work` and ends `span` after it, marked as an error if `work` throws. */
async function endingSpan<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
    throw error;
  } finally {
    span.end();
  }
}

/** Runs `work` in a span of its own, child of a stored `traceparent` (e.g. an email delivery sent later by a dispatcher). */
export async function inSpanOf<T>(
  name: string,
  traceparent: string | undefined,
  attributes: Record<string, string | number>,
  work: () => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, parentFrom(traceparent), (span) => endingSpan(span, work));
}

/** Trace and span ids of the active span, for log lines. */
export function activeTraceIds(): { traceId: string; spanId: string } | undefined {
  const span = trace.getActiveSpan();
  const ids = span?.spanContext();
  return ids && trace.isSpanContextValid(ids) ? { traceId: ids.traceId, spanId: ids.spanId } : undefined;
}

/**
 * `fn` bound to no trace. For the callbacks of background loops (relay, dispatcher, pollers):
 * a timer set while handling a request or an event would otherwise run, and every timer it sets
 * after it, inside that request's trace for ever.
 */
export function detached<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  return context.bind(ROOT_CONTEXT, fn);
}
