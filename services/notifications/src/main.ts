// First: tracing (when configured) must instrument http, express, Nest and MongoDB before they load.
import '@portico/telemetry';
import { bootstrapService } from '@portico/platform';
import { notificationsDefinition } from './notifications.definition';

void bootstrapService(notificationsDefinition);
