/**
 * The services that consume events, each with its dead-letter topic `portico.dlt.<service>.v1`
 * (services/<name>/src/<name>.definition.ts: `eventConsumer('<name>')`). libs/contracts has no
 * list of services and this tool may import no service, so the list lives here; its unit test
 * compares it with the services' definitions, so a new consumer fails the test until it is added.
 *
 * Other names are accepted when their dead-letter topic exists on the brokers (a test's own
 * service, a renamed consumer group): the list only decides what "unknown service" suggests.
 */
export const CONSUMING_SERVICES = ['billing', 'clients', 'files', 'identity', 'invitations', 'notifications', 'tasks'] as const;

/** What `deadLetterTopic` accepts (libs/contracts), checked before anything connects. */
export const SERVICE_NAME = /^[a-z][a-z0-9-]*$/;
