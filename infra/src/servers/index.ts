import type { ServerName } from '../options.ts';
import { kafka } from './kafka.ts';
import { mongo } from './mongo.ts';
import { s3 } from './s3.ts';
import type { ServerDef } from './server.ts';
import { smtp } from './smtp.ts';

export const SERVERS: Record<ServerName, ServerDef> = { kafka, mongo, s3, smtp };
export type { ServerDef } from './server.ts';
