import { EventPattern, Payload } from '@nestjs/microservices';
import type { EnvelopeOf, EventContract } from '@portico/contracts';
import { recordHandlerError } from './message-context';

/** `<topic>#<type>@v<version>`: what a Kafka message is routed by (never a class name). */
export function eventPattern(topic: string, type: string, version: number): string {
  return `${topic}#${type}@v${version}`;
}

export function patternOf(contract: EventContract): string {
  return eventPattern(contract.topic, contract.type, contract.version);
}

/** Splits a pattern made by `eventPattern`; undefined for patterns of other transports. */
export function parseEventPattern(pattern: string): { topic: string; type: string; version: number } | undefined {
  const match = /^(.+)#([^#@]+)@v(\d+)$/.exec(pattern);
  return match ? { topic: match[1], type: match[2], version: Number(match[3]) } : undefined;
}

// Filled as classes are decorated; the server looks contracts up here to validate payloads.
const contractsByPattern = new Map<string, EventContract>();

export function contractForPattern(pattern: string): EventContract | undefined {
  return contractsByPattern.get(pattern);
}

/**
 * Marks a method as the handler of one event type and version. Its first parameter receives
 * the envelope already validated against `contract` (the compiler checks its type); `@Ctx()`
 * on another parameter gives the `KafkaEventContext`. It stays a plain Nest event handler, so
 * guards, interceptors and pipes apply.
 */
export function OnEvent<C extends EventContract>(contract: C) {
  const pattern = patternOf(contract);
  contractsByPattern.set(pattern, contract);
  return <M extends (event: EnvelopeOf<C>, ...rest: never[]) => unknown>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<M>,
  ): void => {
    const original = descriptor.value;
    if (typeof original !== 'function') throw new Error(`@OnEvent(${contract.type}) must decorate a method`);
    const handler = async function (this: unknown, ...args: Parameters<M>): Promise<unknown> {
      try {
        return await original.apply(this, args);
      } catch (error) {
        recordHandlerError(error);
        throw error;
      }
    };
    // Decorators below this one stored their metadata on the original function.
    for (const metadataKey of Reflect.getMetadataKeys(original)) {
      Reflect.defineMetadata(metadataKey, Reflect.getMetadata(metadataKey, original), handler);
    }
    Object.defineProperty(handler, 'name', { value: original.name });
    descriptor.value = handler as unknown as M;
    // Explicit, so that adding @Ctx() elsewhere does not leave the event parameter undefined.
    Payload()(target, key, 0);
    EventPattern(pattern)(target, key, descriptor);
  };
}
