import { Controller, Get, Injectable, Module } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { httpServiceEnv, kafkaEnv } from '@portico/config';
import request from 'supertest';
import { z } from 'zod';
import { bootstrapService, createServiceApp } from './bootstrap';
import { CorrelationId } from './correlation';
import { ReadinessIndicator } from './health/readiness';

@Controller('echo')
class EchoController {
  @Get()
  echo(@CorrelationId() correlationId: string) {
    return { correlationId };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

let dependencyUp = true;

@Injectable()
class FakeDependency implements ReadinessIndicator {
  constructor(private readonly health: HealthIndicatorService) {}
  async check(): Promise<HealthIndicatorResult> {
    const indicator = this.health.check('fake-db');
    return dependencyUp ? indicator.up() : indicator.down({ message: 'connection refused' });
  }
}

const definition = {
  name: 'demo',
  env: httpServiceEnv.extend({ GREETING: z.string() }),
  module: EchoModule,
  readiness: [FakeDependency],
};

describe('createServiceApp', () => {
  const env = { PORT: '3999', GREETING: 'hi', LOG_LEVEL: 'silent' };

  it('serves routes under api/<service> and health outside it', async () => {
    const { app, config } = await createServiceApp(definition, env);
    await app.init();
    try {
      expect(config.GREETING).toBe('hi');
      const server = app.getHttpServer();
      await request(server).get('/api/demo/echo').expect(200);
      await request(server).get('/echo').expect(404);
      await request(server).get('/health/live').expect(200, { status: 'ok', info: {}, error: {}, details: {} });
      await request(server).get('/api/demo/health/live').expect(404);
    } finally {
      await app.close();
    }
  });

  it('answers readiness with 503 naming the dependency that is down', async () => {
    const { app } = await createServiceApp(definition, env);
    await app.init();
    try {
      dependencyUp = true;
      await request(app.getHttpServer()).get('/health/ready').expect(200);
      dependencyUp = false;
      const res = await request(app.getHttpServer()).get('/health/ready').expect(503);
      expect(res.body).toMatchObject({ status: 'error', error: { 'fake-db': { status: 'down', message: 'connection refused' } } });
    } finally {
      dependencyUp = true;
      await app.close();
    }
  });

  it('echoes a sane x-correlation-id, replaces a hostile one, and makes one up when absent', async () => {
    const { app } = await createServiceApp(definition, env);
    await app.init();
    try {
      const server = app.getHttpServer();
      const given = await request(server).get('/api/demo/echo').set('x-correlation-id', 'abc-123').expect(200);
      expect(given.headers['x-correlation-id']).toBe('abc-123');
      expect(given.body).toEqual({ correlationId: 'abc-123' });

      const injected = 'x", "level": "fatal';
      const hostile = await request(server).get('/api/demo/echo').set('x-correlation-id', injected).expect(200);
      expect(hostile.headers['x-correlation-id']).not.toBe(injected);
      const tooLong = await request(server).get('/api/demo/echo').set('x-correlation-id', 'a'.repeat(129)).expect(200);
      expect(tooLong.headers['x-correlation-id']).toHaveLength(36);

      const made = await request(server).get('/api/demo/echo').expect(200);
      expect(made.headers['x-correlation-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
      expect(made.body.correlationId).toBe(made.headers['x-correlation-id']);
    } finally {
      await app.close();
    }
  });

  it('serves the OpenAPI document with bearer auth declared, health routes left out', async () => {
    const { app } = await createServiceApp(definition, env);
    await app.init();
    try {
      const res = await request(app.getHttpServer()).get('/api/demo/docs-json').expect(200);
      expect(Object.keys(res.body.paths)).toEqual(['/api/demo/echo']);
      expect(res.body.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
      expect(res.body.security).toEqual([{ bearer: [] }]);
    } finally {
      await app.close();
    }
  });

  it('throws a ConfigError naming the missing variable', async () => {
    await expect(createServiceApp(definition, { PORT: '3999' })).rejects.toThrow('Invalid configuration: GREETING is required');
  });

  it('throws a ConfigError for a Kafka CA file it cannot read, like any bad variable', async () => {
    const withKafka = { ...definition, env: httpServiceEnv.extend(kafkaEnv.shape).extend({ GREETING: z.string() }) };
    const kafka = { KAFKA_BROKERS: 'kafka:9093', KAFKA_SSL: 'true', KAFKA_SSL_CA_FILE: '/nonexistent/kafka-ca.pem' };
    await expect(createServiceApp(withKafka, { ...env, ...kafka })).rejects.toThrow(
      'Invalid configuration: KAFKA_SSL_CA_FILE names a file that cannot be read (/nonexistent/kafka-ca.pem: ENOENT)',
    );
  });
});

describe('bootstrapService', () => {
  it('writes one line naming the bad variables to stderr and exits with 1 on invalid config', async () => {
    const previous = { ...process.env };
    delete process.env.PORT;
    process.env.GREETING = 'hi';
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const exit = jest.spyOn(process, 'exit').mockImplementation(() => undefined as never);
    try {
      await bootstrapService(definition);
      expect(exit).toHaveBeenCalledWith(1);
      expect(stderr).toHaveBeenCalledTimes(1);
      expect(stderr).toHaveBeenCalledWith('demo: Invalid configuration: PORT is required\n');
    } finally {
      process.env = previous;
      stderr.mockRestore();
      exit.mockRestore();
    }
  });
});
