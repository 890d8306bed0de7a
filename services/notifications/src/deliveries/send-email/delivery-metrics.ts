import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { registeredMetric } from '@portico/messaging';
import { sampledGauge } from '@portico/platform';
import { Counter } from 'prom-client';
import { DeliveryRepository } from '../domain/delivery.repository';

const counter = (name: string, help: string): Counter => registeredMetric(name, () => new Counter({ name, help }));

/** The email pipeline as Prometheus sees it: queue depth (read at scrape), emails sent and given up on. */
@Injectable()
export class DeliveryMetrics implements OnModuleInit, OnModuleDestroy {
  readonly sent = counter('portico_emails_sent_total', 'Emails the SMTP server accepted, counted when the outcome was recorded.');
  readonly failed = counter('portico_emails_failed_total', 'Emails given up on: refused by the server, or out of attempts.');
  private remove: (() => void) | undefined;

  constructor(private readonly deliveries: DeliveryRepository) {}

  onModuleInit(): void {
    this.remove = sampledGauge('portico_email_queue_depth', 'Emails queued, waiting to retry, or being sent.', () => this.deliveries.countWaiting());
  }

  onModuleDestroy(): void {
    this.remove?.();
  }
}
