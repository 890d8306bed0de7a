import { provideInfra, ProvidedInfra } from './infra';

// Jest global setup/teardown for integration tests (wired in jest.preset.js).
let provided: ProvidedInfra | undefined;

export default async function globalSetup(): Promise<void> {
  provided = await provideInfra();
  process.env.PORTICO_TEST_ENDPOINTS = JSON.stringify(provided.endpoints);
  (globalThis as { __porticoInfra?: ProvidedInfra }).__porticoInfra = provided;
}
