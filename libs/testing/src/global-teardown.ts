import type { ProvidedInfra } from './infra';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __porticoInfra?: ProvidedInfra }).__porticoInfra?.stop();
}
