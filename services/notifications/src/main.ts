import { bootstrapService } from '@portico/platform';
import { notificationsDefinition } from './notifications.definition';

void bootstrapService(notificationsDefinition);
