import { bootstrapService } from '@portico/platform';
import { billingDefinition } from './billing.definition';

void bootstrapService(billingDefinition);
