import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventEnvelope } from '@portico/contracts';

/** What a handler (and anything it calls) can know about the message being handled. */
export interface MessageContext {
  readonly event: EventEnvelope;
  readonly eventId: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** 1 on the first delivery to the handler, 2 on the first retry... */
  readonly attempt: number;
}

const storage = new AsyncLocalStorage<MessageContext>();
// The error a handler really threw: Nest's exception filter replaces it with a generic
// "Internal server error" before it reaches the transport, and the dead letter needs the reason.
const handlerErrors = new WeakMap<MessageContext, unknown>();

/**
 * The message being handled, or undefined outside a handler. Follow-up events take their
 * origin from it: `createEvent(X, payload, causedBy(currentMessageContext()!.event))`.
 */
export function currentMessageContext(): MessageContext | undefined {
  return storage.getStore();
}

export function runInMessageContext<T>(context: MessageContext, run: () => Promise<T>): Promise<T> {
  return storage.run(context, run);
}

export function recordHandlerError(error: unknown): void {
  const context = storage.getStore();
  if (context) handlerErrors.set(context, error);
}

export function takeHandlerError(context: MessageContext): unknown {
  const error = handlerErrors.get(context);
  handlerErrors.delete(context);
  return error;
}
