import { RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import pino from 'pino';
import { activeTraceIds, currentMessageContext } from '@portico/messaging';
import { correlationIdFor } from './correlation';

// Never written to logs. Request bodies are not logged at all; these paths cover headers
// and anything a developer passes to the logger by hand.
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["proxy-authorization"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  '*.*.password',
  'accessToken',
  '*.accessToken',
  'refreshToken',
  '*.refreshToken',
];

// One-time invitation tokens travel in the URL path (`/invitations/<token>`): a log line
// holding one would be a usable credential. (Tokens are 43 characters; ids, 36, stay readable.)
const TOKEN_IN_PATH = /(\/invitations\/)[A-Za-z0-9_-]{40,}/g;

export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(TOKEN_IN_PATH, '$1[redacted]');
}

export function loggerParams(service: string, level: string): Params {
  return {
    // Named wildcard (path-to-regexp v8); nestjs-pino's default '*' triggers a legacy-route warning.
    forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
    pinoHttp: {
      level,
      base: { service },
      formatters: { level: (label) => ({ level: label }) },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: {
        req: (req: { url?: string }) => Object.assign(req, { url: redactUrl(req.url) }),
      },
      // Every line also names the trace it was written in (when tracing is on), and a line
      // written while handling a Kafka event its correlation id and event id (HTTP requests get
      // theirs from the request logger below).
      mixin: () => {
        const message = currentMessageContext();
        return { ...(message ? { correlationId: message.correlationId, eventId: message.eventId } : {}), ...activeTraceIds() };
      },
      genReqId: correlationIdFor,
      // Every log line written while handling a request carries `correlationId` (and only that).
      customAttributeKeys: { reqId: 'correlationId' },
      quietReqLogger: true,
      // Probes hit these every few seconds; their failures show up in the terminus log.
      autoLogging: { ignore: (req) => (req.url ?? '').startsWith('/health/') },
    },
  };
}
