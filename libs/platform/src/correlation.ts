import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { v7 as uuidv7 } from 'uuid';

export const CORRELATION_HEADER = 'x-correlation-id';

// Anything else (too long, control characters...) is replaced, so a caller cannot inject
// text into our logs or make us echo it back.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id when it is sane, a fresh UUIDv7 otherwise; echoed in the response. */
export function correlationIdFor(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers[CORRELATION_HEADER];
  const id = typeof incoming === 'string' && ACCEPTABLE_ID.test(incoming) ? incoming : uuidv7();
  res.setHeader(CORRELATION_HEADER, id);
  return id;
}

/** The correlation id of the current HTTP request (pino-http stores it as `req.id`). */
export const CorrelationId = createParamDecorator((_data: unknown, context: ExecutionContext): string => {
  return String(context.switchToHttp().getRequest<{ id: unknown }>().id);
});
