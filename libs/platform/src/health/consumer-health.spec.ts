import { HealthIndicatorService } from '@nestjs/terminus';
import { setConsumerState } from '@portico/messaging';
import { consumerHealth } from './kafka.readiness';

describe('consumer health', () => {
  const health = new HealthIndicatorService();

  it('is ready while the consumer joins and runs', () => {
    setConsumerState('svc-a', { state: 'starting' });
    expect(consumerHealth(health, 'ready')['consumer:svc-a']).toEqual({ status: 'up', state: 'starting' });
    setConsumerState('svc-a', { state: 'running' });
    expect(consumerHealth(health, 'ready')['consumer:svc-a']).toEqual({ status: 'up', state: 'running' });
  });

  it('is not ready once the consumer crashed, until it rejoins; still live while kafkajs restarts it', () => {
    setConsumerState('svc-a', { state: 'crashed', reason: 'The coordinator is not aware of this member', restarting: true });
    expect(consumerHealth(health, 'ready')['consumer:svc-a']).toEqual({
      status: 'down',
      state: 'crashed',
      message: 'The coordinator is not aware of this member',
      restarting: true,
    });
    expect(consumerHealth(health, 'live')['consumer:svc-a']).toMatchObject({ status: 'up' });
    setConsumerState('svc-a', { state: 'running' });
    expect(consumerHealth(health, 'ready')['consumer:svc-a']).toMatchObject({ status: 'up' });
  });

  it('is not live when kafkajs gave up restarting it, so the orchestrator restarts the process', () => {
    setConsumerState('svc-a', { state: 'crashed', reason: 'SASL authentication failed', restarting: false });
    expect(consumerHealth(health, 'live')['consumer:svc-a']).toMatchObject({ status: 'down', message: 'SASL authentication failed' });
    expect(consumerHealth(health, 'ready')['consumer:svc-a']).toMatchObject({ status: 'down' });
  });

  it('is not ready once stopped (shutting down)', () => {
    setConsumerState('svc-a', { state: 'stopped' });
    expect(consumerHealth(health, 'ready')['consumer:svc-a']).toMatchObject({ status: 'down', state: 'stopped' });
    expect(consumerHealth(health, 'live')['consumer:svc-a']).toMatchObject({ status: 'up' });
  });
});
