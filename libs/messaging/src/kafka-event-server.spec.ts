import { describe, expect, it } from '@jest/globals';
import { Controller, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor, UseInterceptors } from '@nestjs/common';
import { Ctx } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { causedBy, ClientCreated, createEvent, FirmRegistered, type EnvelopeOf, type EventEnvelope } from '@portico/contracts';
import { tap, type Observable } from 'rxjs';
import { KafkaEventContext, KafkaEventServer } from './kafka-event-server';
import { currentMessageContext, type MessageContext } from './message-context';
import { OnEvent } from './on-event';
import { InMemoryProcessedEventStore } from './processed-event-store';

const seen: { event: EventEnvelope; context: MessageContext | undefined; kafka: KafkaEventContext; followUpOrigin?: unknown }[] = [];
const intercepted: string[] = [];

@Injectable()
class FollowUps {
  async origin(): Promise<unknown> {
    await new Promise((resolve) => setImmediate(resolve));
    const context = currentMessageContext();
    return context && causedBy(context.event);
  }
}

@Injectable()
class RecordingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(tap(() => intercepted.push(context.getHandler().name)));
  }
}

@Controller()
class ClientHandlers {
  constructor(private readonly followUps: FollowUps) {}

  @UseInterceptors(RecordingInterceptor)
  @OnEvent(ClientCreated)
  async onClientCreated(event: EnvelopeOf<typeof ClientCreated>, @Ctx() kafka: KafkaEventContext): Promise<void> {
    if (event.payload.displayName === 'Explode') throw new Error(`cannot handle ${event.payload.clientId}`);
    seen.push({ event, context: currentMessageContext(), kafka, followUpOrigin: await this.followUps.origin() });
  }
}

class WronglyTyped {
  // @ts-expect-error the handler's parameter must be the contract's envelope
  @OnEvent(FirmRegistered)
  async handle(_event: EnvelopeOf<typeof ClientCreated>): Promise<void> {}
}

async function startServer() {
  const server = new KafkaEventServer({
    brokers: ['127.0.0.1:1'],
    clientId: 'unit',
    groupId: 'unit',
    service: 'unit',
    processedEvents: new InMemoryProcessedEventStore(),
  });
  const moduleRef = await Test.createTestingModule({ controllers: [ClientHandlers], providers: [FollowUps] }).compile();
  const app = moduleRef.createNestMicroservice({ strategy: server });
  await app.init(); // registers the handlers; listen() would connect to Kafka
  return { app, server };
}

function contextFor(event: EventEnvelope): MessageContext {
  return {
    event,
    eventId: event.id,
    correlationId: event.correlationId,
    causationId: event.causationId,
    topic: ClientCreated.topic,
    partition: 1,
    offset: '5',
    attempt: 1,
  };
}

describe('KafkaEventServer routing (no broker)', () => {
  it('routes by topic, type and version to the @OnEvent handler, inside the message context', async () => {
    const { app, server } = await startServer();
    const event = createEvent(
      ClientCreated,
      { clientId: 'c-1', firmId: 'f-1', kind: 'individual', displayName: 'Ada', emails: [], contacts: [] },
      { firmId: 'f-1', correlationId: 'corr-1' },
    );
    const route = server.route(ClientCreated.topic, 'ClientCreated', 1);

    expect(route?.contract).toBe(ClientCreated);
    await route?.invoke(contextFor(event));

    const [call] = seen.splice(0);
    expect(call.event).toBe(event);
    expect(call.kafka.message).toMatchObject({ partition: 1, offset: '5' });
    expect(call.context).toMatchObject({ eventId: event.id, correlationId: 'corr-1' });
    // Code called by the handler, after an await, still knows the message: follow-up events chain.
    expect(call.followUpOrigin).toEqual({ firmId: 'f-1', correlationId: 'corr-1', causationId: event.id });
    expect(intercepted).toContain('onClientCreated');
    await app.close();
  });

  it("passes the handler's own error on, not the exception filter's generic one", async () => {
    const { app, server } = await startServer();
    const event = createEvent(
      ClientCreated,
      { clientId: 'c-2', firmId: 'f-1', kind: 'individual', displayName: 'Explode', emails: [], contacts: [] },
      { firmId: 'f-1', correlationId: 'corr-2' },
    );
    await expect(server.route(ClientCreated.topic, 'ClientCreated', 1)?.invoke(contextFor(event))).rejects.toThrow('cannot handle c-2');
    await app.close();
  });

  it('has no route for other types, versions or topics', async () => {
    const { app, server } = await startServer();
    expect(server.route(ClientCreated.topic, 'ClientUpdated', 1)).toBeUndefined();
    expect(server.route(ClientCreated.topic, 'ClientCreated', 2)).toBeUndefined();
    expect(server.route('portico.other.thing.v1', 'ClientCreated', 1)).toBeUndefined();
    expect(new WronglyTyped()).toBeDefined();
    await app.close();
  });
});
